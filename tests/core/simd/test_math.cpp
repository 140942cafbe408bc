// Vector math against double-precision libm: the maximum error in ulp over each documented range
// (core/include/losslab/simd/math.hpp). Points: ~2^19 evenly spaced float bit patterns (every
// binade of the range) plus ~2^19 evenly spaced values, plus both ends of the range.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

#include "losslab/simd/math.hpp"

namespace simd = losslab::simd;

namespace {

std::uint32_t bits_of(float v) {
    std::uint32_t b;
    std::memcpy(&b, &v, 4);
    return b;
}
float from_bits(std::uint32_t b) {
    float v;
    std::memcpy(&v, &b, 4);
    return v;
}

/// Error of `got` in units of the float spacing at the exact result.
double ulp_error(float got, double exact) {
    if (double(got) == exact) return 0;
    int e = 0;
    std::frexp(std::fabs(exact), &e);
    const double ulp = std::ldexp(1.0, std::max(e - 24, -149));
    return std::fabs(double(got) - exact) / ulp;
}

/// Points covering [lo, hi]: evenly spaced bit patterns on each side of zero and evenly spaced values.
std::vector<float> sample(float lo, float hi, std::size_t count) {
    std::vector<float> xs = {lo, hi, std::nextafter(lo, hi), std::nextafter(hi, lo)};
    auto bit_sweep = [&](float a, float b, std::size_t k) {  // 0 <= a < b
        const std::uint32_t ba = bits_of(a), bb = bits_of(b);
        for (std::size_t i = 0; i < k; ++i) xs.push_back(from_bits(ba + std::uint32_t((bb - ba) * (double(i) / k))));
    };
    if (lo < 0 && hi > 0) {
        bit_sweep(FLT_MIN, -lo, count / 4);
        for (std::size_t i = xs.size() - count / 4; i < xs.size(); ++i) xs[i] = -xs[i];
        bit_sweep(FLT_MIN, hi, count / 4);
        xs.push_back(0.0f);
    } else if (lo >= 0) {
        bit_sweep(lo, hi, count / 2);
    } else {
        bit_sweep(-hi, -lo, count / 2);
        for (std::size_t i = xs.size() - count / 2; i < xs.size(); ++i) xs[i] = -xs[i];
    }
    for (std::size_t i = 0; i < count / 2; ++i) xs.push_back(float(lo + (double(hi) - lo) * (double(i) / (count / 2))));
    return xs;
}

/// Max ulp error of a vector function over the points (run four lanes at a time).
double max_ulp(simd::f32x4 (*fn)(simd::f32x4), double (*ref)(double), const std::vector<float>& xs,
               float& worst_x) {
    double worst = 0;
    for (std::size_t i = 0; i < xs.size(); i += simd::lanes) {
        const std::size_t count = std::min(simd::lanes, xs.size() - i);
        const simd::f32x4 y = fn(simd::load_partial(xs.data() + i, count, xs[i]));
        for (std::size_t j = 0; j < count; ++j) {
            const double err = ulp_error(y[j], ref(double(xs[i + j])));
            if (!(err <= worst)) {  // also catches NaN
                worst = std::isnan(err) ? HUGE_VAL : err;
                worst_x = xs[i + j];
            }
        }
    }
    return worst;
}

constexpr std::size_t points = std::size_t(1) << 20;

void report(const char* name, double ulp, float at) {
    std::printf("simd::%-10s max error %.3f ulp (at x = %.9g)\n", name, ulp, double(at));
}

double ref_sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double ref_softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::fabs(x))); }
double ref_exp(double x) { return std::exp(x); }
double ref_expm1(double x) { return std::expm1(x); }
double ref_log(double x) { return std::log(x); }
double ref_log1p(double x) { return std::log1p(x); }
double ref_tanh(double x) { return std::tanh(x); }

simd::f32x4 v_exp(simd::f32x4 x) { return simd::exp(x); }
simd::f32x4 v_expm1(simd::f32x4 x) { return simd::expm1(x); }
simd::f32x4 v_log(simd::f32x4 x) { return simd::log(x); }
simd::f32x4 v_log1p(simd::f32x4 x) { return simd::log1p(x); }
simd::f32x4 v_tanh(simd::f32x4 x) { return simd::tanh(x); }
simd::f32x4 v_log1p_unit(simd::f32x4 x) { return simd::log1p_unit(x); }
simd::f32x4 v_sigmoid(simd::f32x4 x) { return simd::sigmoid(x); }
simd::f32x4 v_exp_nonpositive(simd::f32x4 x) { return simd::exp_nonpositive(x); }
simd::f32x4 v_expm1_nonpositive(simd::f32x4 x) { return simd::expm1_nonpositive(x); }

/// How many of ~10^6 points in [-depth, 0] get different bits from the two functions.
std::size_t differing_on_nonpositive(simd::f32x4 (*a)(simd::f32x4), simd::f32x4 (*b)(simd::f32x4), float depth = FLT_MAX) {
    std::vector<float> xs = sample(0.0f, depth, points);
    for (float& x : xs) x = -x;
    std::size_t differing = 0;
    for (std::size_t i = 0; i + 4 <= xs.size(); i += 4) {
        const simd::f32x4 x = simd::load(&xs[i]);
        const simd::f32x4 ya = a(x), yb = b(x);
        for (int j = 0; j < 4; ++j) differing += bits_of(ya[j]) != bits_of(yb[j]);
    }
    return differing;
}
simd::f32x4 v_softplus(simd::f32x4 x) { return simd::softplus(x); }

}  // namespace

TEST_CASE("simd exp is within 1.5 ulp on [-87, 88.7] and flushes below to zero", "[simd][math]") {
    float at = 0;
    const double ulp = max_ulp(v_exp, ref_exp, sample(-87.0f, 88.72f, points), at);
    report("exp", ulp, at);
    CHECK(ulp <= 1.5);
    const simd::f32x4 tiny = simd::exp(simd::f32x4{-87.5f, -100.0f, -1e30f, -FLT_MAX});
    for (int i = 0; i < 4; ++i) CHECK(tiny[i] == 0.0f);
    const simd::f32x4 big = simd::exp(simd::f32x4{88.8f, 100.0f, 1e30f, FLT_MAX});
    for (int i = 0; i < 4; ++i) CHECK(std::isinf(big[i]));
    CHECK(simd::exp(simd::splat(0.0f))[0] == 1.0f);
}

TEST_CASE("simd exp_nonpositive gives exp's bits on [-87, 0] and e^-87 below", "[simd][math]") {
    CHECK(differing_on_nonpositive(v_exp, v_exp_nonpositive, 87.0f) == 0);
    const float floor = simd::exp(simd::splat(-87.0f))[0];
    CHECK(floor > 0.0f);
    CHECK(floor < 1.7e-38f);
    const simd::f32x4 below = simd::exp_nonpositive(simd::f32x4{-87.00001f, -100.0f, -1e30f, -FLT_MAX});
    for (int i = 0; i < 4; ++i) CHECK(below[i] == floor);
    const simd::f32x4 edge = simd::exp_nonpositive(simd::f32x4{-0.0f, -1e-30f, -FLT_MIN, 0.0f});
    for (int i = 0; i < 4; ++i) CHECK(edge[i] == 1.0f);
}

TEST_CASE("simd expm1 is within 2 ulp on [-87, 88.7], including near zero", "[simd][math]") {
    float at = 0;
    const double ulp = max_ulp(v_expm1, ref_expm1, sample(-87.0f, 88.72f, points), at);
    report("expm1", ulp, at);
    CHECK(ulp <= 2.0);
    CHECK(simd::expm1(simd::splat(1e-30f))[0] == 1e-30f);
}

TEST_CASE("simd log is within 1.5 ulp over all positive normal floats", "[simd][math]") {
    float at = 0;
    const double ulp = max_ulp(v_log, ref_log, sample(FLT_MIN, FLT_MAX, points), at);
    report("log", ulp, at);
    CHECK(ulp <= 1.5);
    CHECK(simd::log(simd::splat(1.0f))[0] == 0.0f);
}

TEST_CASE("simd log1p is within 2 ulp from just above -1 to FLT_MAX", "[simd][math]") {
    float at = 0;
    const double ulp = max_ulp(v_log1p, ref_log1p, sample(-1.0f + 0x1p-24f, FLT_MAX, points), at);
    report("log1p", ulp, at);
    CHECK(ulp <= 2.0);
    CHECK(simd::log1p(simd::splat(1e-30f))[0] == 1e-30f);
}

TEST_CASE("simd log1p_unit_ratio is within 2.5 ulp of log1p(num/den) for num/den in [0, 1]", "[simd][math]") {
    // denominators over [0.7, 2] (log-cosh passes 2 e^{-a} for a < 1, and 1), numerators below them
    const std::vector<float> xs = sample(0.0f, 1.0f, points);
    double worst = 0;
    float at = 0;
    for (std::size_t i = 0; i + 4 <= xs.size(); i += 4) {
        simd::f32x4 num, den;
        for (int j = 0; j < 4; ++j) {
            den[j] = j == 0 ? 1.0f : float(0.7 + 1.3 * std::fmod(double(i + j) * 0.6180339887, 1.0));
            num[j] = std::min(float(double(xs[i + j]) * den[j]), den[j]);
        }
        const simd::f32x4 y = simd::log1p_unit_ratio(num, den);
        for (int j = 0; j < 4; ++j) {
            const double err = ulp_error(y[j], std::log1p(double(num[j]) / double(den[j])));
            if (err > worst) worst = err, at = num[j] / den[j];
        }
    }
    report("log1p_ratio", worst, at);
    CHECK(worst <= 2.5);
    CHECK(simd::log1p_unit_ratio(simd::splat(0.0f), simd::splat(1.0f))[0] == 0.0f);
}

TEST_CASE("simd expm1_nonpositive gives expm1's bits for every x <= 0", "[simd][math]") {
    CHECK(differing_on_nonpositive(v_expm1, v_expm1_nonpositive) == 0);
}

TEST_CASE("simd log1p_unit is within 1.5 ulp on [0, 1]", "[simd][math]") {
    float at = 0;
    const double ulp = max_ulp(v_log1p_unit, ref_log1p, sample(0.0f, 1.0f, points), at);
    report("log1p_unit", ulp, at);
    CHECK(ulp <= 1.5);
    CHECK(simd::log1p_unit(simd::splat(0.0f))[0] == 0.0f);
    CHECK(simd::log1p_unit(simd::splat(1e-30f))[0] == 1e-30f);
}

TEST_CASE("simd tanh is within 3 ulp over all finite floats", "[simd][math]") {
    float at = 0;
    const double ulp = max_ulp(v_tanh, ref_tanh, sample(-FLT_MAX, FLT_MAX, points), at);
    report("tanh", ulp, at);
    CHECK(ulp <= 3.0);
}

TEST_CASE("simd sigmoid is within 3 ulp above -87 and within 1.7e-38 below", "[simd][math]") {
    float at = 0;
    const double ulp = max_ulp(v_sigmoid, ref_sigmoid, sample(-87.0f, FLT_MAX, points), at);
    report("sigmoid", ulp, at);
    CHECK(ulp <= 3.0);
    const simd::f32x4 low = simd::sigmoid(simd::f32x4{-87.01f, -90.0f, -1e10f, -FLT_MAX});
    const float xs[4] = {-87.01f, -90.0f, -1e10f, -FLT_MAX};
    for (int i = 0; i < 4; ++i) CHECK(std::fabs(double(low[i]) - ref_sigmoid(double(xs[i]))) <= 1.7e-38);
}

TEST_CASE("simd softplus is within 2.5 ulp above -87", "[simd][math]") {
    float at = 0;
    const double ulp = max_ulp(v_softplus, ref_softplus, sample(-87.0f, FLT_MAX, points), at);
    report("softplus", ulp, at);
    CHECK(ulp <= 2.5);
}

TEST_CASE("simd lane sum adds lanes in a fixed order in double", "[simd][reduce]") {
    simd::lane_sum sum;
    sum.add(simd::f32x4{1e8f, 1.0f, -1e8f, 1.0f});
    sum.add(simd::f32x4{0.5f, 0.25f, 0.125f, 0.0625f});
    // float addition would lose the 1s next to 1e8; double keeps them.
    CHECK(sum.total() == (1e8 + 0.5 + (1.0 + 0.25)) + (-1e8 + 0.125 + (1.0 + 0.0625)));
    CHECK(sum.total() == 2.9375);
}
