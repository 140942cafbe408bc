// The float fast path (losslab/simd/losses/*) against the double reference path, both through
// losses::evaluate: 10^6 seeded random elements per loss, drawn so that they include the extremes
// (logits of ±88, ±1000, residuals of 1e-30 and 1e3, hard and soft labels).
//
// Tolerance: |float − double| <= 1e-5 · |double| + floor. The floors are absolute, in units of one
// element's unscaled loss or derivative: 1e-30 for values that underflow float (e.g. e^-100 in
// bce_logits is 3.7e-44, which float flushes to 0), and, for a derivative that is a difference of
// two O(1) terms (σ(x) − y with a soft label y), 2^-22 ≈ 2.4e-7: float can resolve σ(x) − y
// only to the spacing of floats near 1, whatever the kernel does.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "losslab/losses/fast_path.hpp"
#include "losslab/losses/registry.hpp"
#include "losslab/losses/tweedie.hpp"
#include "losslab/losses/tweedie_log.hpp"

using namespace losslab::losses;

namespace {

/// splitmix64: the same stream natively and under wasm (std distributions differ by library).
struct rng {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * 0x1p-53; }
    double range(double lo, double hi) { return lo + (hi - lo) * uniform(); }
};

/// A value drawn to hit every regime of the fast path: moderate, large, huge, tiny, and the
/// exact edges of the exp range.
float draw_real(rng& r, double scale) {
    const double pick = r.uniform();
    if (pick < 0.60) return float(r.range(-scale, scale));
    if (pick < 0.75) return float(r.range(-10 * scale, 10 * scale));
    if (pick < 0.85) return float(r.range(-1e-3, 1e-3));
    if (pick < 0.90) return float(r.range(-100.0, 100.0) * scale / 10);
    static const float edges[] = {0.0f, 1e-30f, -1e-30f, 87.0f, -87.0f, 88.7f, -88.7f, 1000.0f, -1000.0f,
                                  20.0f, -20.0f, 1.0f, -1.0f, FLT_MIN, -FLT_MIN, 44.0f, -44.0f};
    return edges[r.next() % (sizeof(edges) / sizeof(edges[0]))];
}

enum class target_kind { real, probability, binary, classes };
enum class input_kind { real, probability };

/// A probability with its extremes: 0, 1, the float next to each, subnormals, and tiny values.
float draw_probability(rng& r) {
    const double pick = r.uniform();
    if (pick < 0.70) return float(r.uniform());
    if (pick < 0.80) return float(r.uniform() * 1e-6);
    if (pick < 0.85) return float(1 - r.uniform() * 1e-6);
    static const float edges[] = {0.0f, 1.0f, 0x1p-24f, 1.0f - 0x1p-24f, FLT_MIN, 1e-40f, 1e-45f, 0.5f, 1e-30f};
    return edges[r.next() % (sizeof(edges) / sizeof(edges[0]))];
}

struct case_spec {
    const char* name;
    std::vector<double> params;
    target_kind targets;
    double scale;          ///< spread of the inputs
    double grad_floor;     ///< absolute, per unscaled element derivative
    std::size_t classes = 0;
    input_kind inputs = input_kind::real;
};

struct data {
    std::vector<float> input, target, weights;
};

data make_data(const case_spec& spec, std::size_t n, std::uint64_t seed, bool weights) {
    rng r{seed};
    data d;
    d.input.resize(n);
    for (float& v : d.input) {
        switch (spec.inputs) {
            case input_kind::real: v = draw_real(r, spec.scale); break;
            case input_kind::probability: v = draw_probability(r); break;
        }
    }
    const std::size_t samples = spec.classes ? n / spec.classes : n;
    d.target.resize(samples);
    for (std::size_t i = 0; i < samples; ++i) {
        switch (spec.targets) {
            case target_kind::real:
                // half of the targets sit right next to the prediction: tiny residuals
                d.target[i] = r.uniform() < 0.5 ? draw_real(r, spec.scale)
                                                 : float(double(d.input[i]) + r.range(-1e-2, 1e-2) * r.uniform());
                break;
            case target_kind::probability: {
                const double p = r.uniform();
                d.target[i] = p < 0.4 ? 0.0f : p < 0.8 ? 1.0f : float(r.uniform());
                break;
            }
            case target_kind::binary: d.target[i] = r.uniform() < 0.5 ? 0.0f : 1.0f; break;
            case target_kind::classes: d.target[i] = float(r.next() % spec.classes); break;
        }
    }
    if (weights) {
        d.weights.resize(samples);
        for (float& w : d.weights) w = r.uniform() < 0.1 ? 0.0f : float(r.range(0.0, 3.0));
    }
    return d;
}

template <class T>
struct result {
    losslab::status status;
    double value = 0;
    std::vector<T> grad, per_sample;
};

template <class T>
result<T> run(const case_spec& spec, const data& d, reduction reduce, std::size_t n) {
    const std::size_t samples = spec.classes ? n / spec.classes : n;
    const std::vector<T> input(d.input.begin(), d.input.begin() + n);
    const std::vector<T> target(d.target.begin(), d.target.begin() + samples);
    const std::vector<T> weights(d.weights.begin(), d.weights.begin() + (d.weights.empty() ? 0 : samples));
    result<T> r;
    r.grad.assign(n, T(-7));
    r.per_sample.assign(samples, T(-7));
    batch<T> b;
    b.input = input.data();
    b.input_size = n;
    b.target = target.data();
    b.target_size = samples;
    if (!weights.empty()) {
        b.weights = weights.data();
        b.weights_size = samples;
    }
    b.classes = spec.classes;
    b.reduce = reduce;
    output<T> out{r.grad.data(), r.per_sample.data()};
    r.status = evaluate(spec.name, spec.params, b, out);
    r.value = out.value;
    return r;
}

/// Largest |f − d| / (1e-5 |d| + floor) over the elements: <= 1 passes.
double worst_ratio(const std::vector<float>& f, const std::vector<double>& d, double floor, std::size_t& at) {
    double worst = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
        const double ratio = std::fabs(double(f[i]) - d[i]) / (1e-5 * std::fabs(d[i]) + floor);
        if (!(ratio <= worst)) {
            worst = std::isnan(ratio) ? HUGE_VAL : ratio;
            at = i;
        }
    }
    return worst;
}

const std::vector<case_spec>& specs() {
    static const std::vector<case_spec> all = {
        {"mse", {}, target_kind::real, 100.0, 1e-30},
        {"huber", {1.0}, target_kind::real, 10.0, 1e-30},
        {"quantile", {0.9}, target_kind::real, 100.0, 1e-30},
        {"log_cosh", {}, target_kind::real, 10.0, 1e-30},
        {"bce_logits", {}, target_kind::probability, 10.0, 0x1p-22},
        {"focal", {2.0, 0.25}, target_kind::binary, 10.0, 1e-30},
        {"focal", {0.5, -1.0}, target_kind::binary, 10.0, 1e-30},
        {"cross_entropy", {}, target_kind::classes, 10.0, 1e-30, 10},
        {"cross_entropy", {}, target_kind::classes, 10.0, 1e-30, 3},
        {"cross_entropy", {}, target_kind::classes, 10.0, 1e-30, 100},  // many classes
        {"mae", {}, target_kind::real, 100.0, 1e-30},
        {"smooth_l1", {1.0}, target_kind::real, 10.0, 1e-30},
        {"smooth_l1", {0.0}, target_kind::real, 10.0, 1e-30},  // beta = 0: L1
        {"hinge", {}, target_kind::binary, 10.0, 1e-30},
        {"squared_hinge", {}, target_kind::binary, 10.0, 1e-30},
        {"asymmetric", {10.0, 1.0}, target_kind::binary, 1.0, 1e-30, 0, input_kind::probability},
        {"bce", {}, target_kind::probability, 1.0, 1e-30, 0, input_kind::probability},
    };
    return all;
}

std::string label(const case_spec& spec) {
    std::string s = spec.name;
    for (double p : spec.params) s += " " + std::to_string(p);
    if (spec.classes) s += " K=" + std::to_string(spec.classes);
    return s;
}

}  // namespace

TEST_CASE("float fast path agrees with the double path on a million elements", "[simd][fast_path]") {
    const std::size_t n = 1000000;
    for (const case_spec& spec : specs()) {
        for (const reduction reduce : {reduction::mean, reduction::none}) {
            const bool weighted = reduce == reduction::none;
            const data d = make_data(spec, n - (spec.classes ? n % spec.classes : 0) + (spec.classes ? 0 : 3), 42,
                                     weighted);
            const std::size_t size = d.input.size();
            const auto f = run<float>(spec, d, reduce, size);
            const auto ref = run<double>(spec, d, reduce, size);
            CAPTURE(label(spec), int(reduce));
            REQUIRE(f.status.ok());
            REQUIRE(ref.status.ok());
            const std::size_t samples = ref.per_sample.size();
            // the element derivatives are scaled by 1/N (mean) or by the weight: compare in those units
            const double unit = reduce == reduction::mean ? 1.0 / double(samples) : 3.0;
            std::size_t at = 0;
            const double grad_ratio = worst_ratio(f.grad, ref.grad, spec.grad_floor * unit, at);
            std::printf("fast path %-22s %-4s grad worst %.3f of tolerance (at %zu: %.9g vs %.9g)\n", label(spec).c_str(),
                        reduce == reduction::mean ? "mean" : "none", grad_ratio, at, double(f.grad[at]), ref.grad[at]);
            CAPTURE(at, f.grad[at], ref.grad[at], d.input[at]);
            CHECK(grad_ratio <= 1.0);
            if (reduce == reduction::none) {
                const double value_ratio = worst_ratio(f.per_sample, ref.per_sample, 1e-30 * 3.0, at);
                CAPTURE(at, f.per_sample[at], ref.per_sample[at], d.input[at], d.target[at], d.weights[at]);
                CHECK(value_ratio <= 1.0);
            } else {
                CHECK(std::fabs(f.value - ref.value) <= 1e-5 * std::fabs(ref.value));
            }
        }
    }
}

TEST_CASE("float fast path gives identical bits on every run and for every tail length", "[simd][fast_path]") {
    for (const case_spec& spec : specs()) {
        const std::size_t width = spec.classes ? spec.classes : 1;
        const data d = make_data(spec, 64 * width, 7, true);
        CAPTURE(label(spec));
        const auto a = run<float>(spec, d, reduction::sum, d.input.size());
        const auto again = run<float>(spec, d, reduction::sum, d.input.size());
        REQUIRE(a.status.ok());
        CHECK(a.value == again.value);
        CHECK(a.grad == again.grad);
        // every element's derivative (reduction sum: no 1/N) is the same bits whatever N is
        for (const std::size_t samples : {1, 2, 3, 4, 5, 7, 9, 13, 31, 33}) {
            CAPTURE(samples);
            const auto part = run<float>(spec, d, reduction::sum, samples * width);
            REQUIRE(part.status.ok());
            CHECK(std::equal(part.grad.begin(), part.grad.end(), a.grad.begin()));
            const auto ref = run<double>(spec, d, reduction::sum, samples * width);
            CHECK(std::fabs(part.value - ref.value) <= 1e-5 * std::fabs(ref.value) + 1e-30);
        }
    }
}

TEST_CASE("float fast path keeps the reduction semantics for empty batches, zero weights and sums", "[simd][fast_path]") {
    for (const case_spec& spec : specs()) {
        CAPTURE(label(spec));
        const std::size_t width = spec.classes ? spec.classes : 1;
        const data d = make_data(spec, 11 * width, 3, true);
        const auto empty = run<float>(spec, d, reduction::mean, 0);
        REQUIRE(empty.status.ok());
        CHECK(empty.value == 0.0);
        const auto f = run<float>(spec, d, reduction::sum, d.input.size());
        const auto ref = run<double>(spec, d, reduction::sum, d.input.size());
        CHECK(std::fabs(f.value - ref.value) <= 1e-5 * std::fabs(ref.value) + 1e-30);
        for (std::size_t i = 0; i < d.weights.size(); ++i) {
            if (d.weights[i] == 0) {
                for (std::size_t k = 0; k < width; ++k) CHECK(f.grad[i * width + k] == 0.0f);
            }
        }
    }
}

TEST_CASE("every loss with a float fast path says so", "[simd][fast_path]") {
    CHECK(fast_path<mse>::available);
    CHECK(fast_path<huber>::available);
    CHECK(fast_path<quantile>::available);
    CHECK(fast_path<log_cosh>::available);
    CHECK(fast_path<bce_logits>::available);
    CHECK(fast_path<focal>::available);
    CHECK(fast_path<cross_entropy>::available);
    CHECK(fast_path<mae>::available);
    CHECK(fast_path<smooth_l1>::available);
    CHECK(fast_path<hinge>::available);
    CHECK(fast_path<squared_hinge>::available);
    CHECK(fast_path<asymmetric>::available);
    CHECK(fast_path<bce>::available);
    // By design: their float gradients are differences of near-equal terms (e^r − y, and the
    // series near μ = y), so float batches run the double formulas and round once.
    CHECK_FALSE(fast_path<tweedie_log>::available);
    CHECK_FALSE(fast_path<tweedie>::available);
}

TEST_CASE("cross-entropy fast path handles tied maxima as the reference does", "[simd][fast_path]") {
    // rows of K = 5 with the maximum twice or three times, the target on the first tie, a later tie
    // or below; the other logits close (rest of order 1) or far (rest ~ e^-40, where any slip in
    // which tie is excluded from rest would show as a relative error of order 1)
    const case_spec spec{"cross_entropy", {}, target_kind::classes, 1.0, 1e-30, 5};
    data d;
    for (const float gap : {0.5f, 40.0f}) {
        for (const int ties : {2, 3}) {
            for (std::size_t c = 0; c < 5; ++c) {
                for (std::size_t shift = 0; shift < 5; ++shift) {  // where the ties sit in the row
                    float row[5];
                    for (std::size_t k = 0; k < 5; ++k) row[k] = 3.0f - gap - 0.25f * float(k);
                    for (int t = 0; t < ties; ++t) row[(shift + std::size_t(2 * t)) % 5] = 3.0f;
                    d.input.insert(d.input.end(), row, row + 5);
                    d.target.push_back(float(c));
                }
            }
        }
    }
    const auto f = run<float>(spec, d, reduction::none, d.input.size());
    const auto ref = run<double>(spec, d, reduction::none, d.input.size());
    REQUIRE(f.status.ok());
    REQUIRE(ref.status.ok());
    std::size_t at = 0;
    CHECK(worst_ratio(f.per_sample, ref.per_sample, 1e-30, at) <= 1.0);
    CAPTURE(at, f.per_sample[at], ref.per_sample[at]);
    CHECK(worst_ratio(f.grad, ref.grad, 1e-30, at) <= 1.0);
    CAPTURE(at, f.grad[at], ref.grad[at]);
}
