#pragma once
/// A seeded random source that gives bit-identical numbers natively and under wasm.
///
/// std:: distributions are implementation-defined (libstdc++ and libc++ differ), and libm's
/// log/exp/cos may differ in the last bit between glibc and Emscripten's musl. So the generator
/// is xoshiro256** seeded by splitmix64 (integer arithmetic only), and every transcendental
/// function a sampler needs (log, exp) is computed here from +, −, ×, ÷ and frexp/ldexp, which
/// IEEE 754 makes exact on both targets. Normals use Marsaglia's polar method (no trigonometry).
#include <cmath>
#include <cstdint>
#include <limits>

namespace losslab::data {

/// Natural logarithm from basic arithmetic: x = m·2^e with m in [√½, √2), then
/// log m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172, summed as an odd series to 1e-17.
inline double portable_log(double x) {
    if (!(x > 0)) return x == 0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
    if (std::isinf(x)) return x;
    int e = 0;
    double m = std::frexp(x, &e);
    if (m < 0.70710678118654752440) {
        m *= 2;
        e -= 1;
    }
    const double s = (m - 1) / (m + 1);
    const double s2 = s * s;
    double term = s, sum = 0;
    for (int k = 1; k <= 39; k += 2) {
        sum += term / k;
        term *= s2;
    }
    constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    return double(e) * ln2_hi + (2 * sum + double(e) * ln2_lo);
}

/// e^x from basic arithmetic: x = k ln2 + r with |r| ≤ ½ ln2, a Taylor series for e^r, then 2^k.
inline double portable_exp(double x) {
    if (std::isnan(x)) return x;
    if (x > 709.78) return std::numeric_limits<double>::infinity();
    if (x < -745.2) return 0;
    constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    const double k = std::floor(x / 0.69314718055994530942 + 0.5);
    const double r = (x - k * ln2_hi) - k * ln2_lo;
    double term = 1, sum = 1;
    for (int n = 1; n <= 20; ++n) {
        term = term * r / n;
        sum += term;
    }
    return std::ldexp(sum, int(k));
}

class rng {
public:
    explicit rng(std::uint64_t seed) {
        std::uint64_t z = seed;
        for (auto& word : s_) word = splitmix64(z);
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    /// Uniform in the open interval (0, 1): 53 random bits, offset by half a step.
    double uniform() { return (double(next() >> 11) + 0.5) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

    /// An integer in [0, n), without modulo bias.
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
        std::uint64_t v;
        do v = next();
        while (v >= limit);
        return v % n;
    }

    /// Standard normal by Marsaglia's polar method.
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u, v, s;
        do {
            u = 2 * uniform() - 1;
            v = 2 * uniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        const double factor = std::sqrt(-2 * portable_log(s) / s);
        spare_ = v * factor;
        has_spare_ = true;
        return u * factor;
    }

    /// Gamma(shape, scale) by Marsaglia and Tsang; shape < 1 through the u^(1/shape) boost.
    double gamma(double shape, double scale) {
        if (shape < 1) {
            const double boost = portable_exp(portable_log(uniform()) / shape);
            return gamma(shape + 1, scale) * boost;
        }
        const double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
        for (;;) {
            const double x = normal();
            double v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            const double u = uniform();
            if (portable_log(u) < 0.5 * x * x + d - d * v + d * portable_log(v)) return d * v * scale;
        }
    }

    /// Poisson(mean) by Knuth's product of uniforms (meant for small means, <= 30).
    long poisson(double mean) {
        const double limit = portable_exp(-mean);
        long k = 0;
        double p = uniform();
        while (p > limit) {
            ++k;
            p *= uniform();
        }
        return k;
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix64(std::uint64_t& z) {
        std::uint64_t r = (z += 0x9e3779b97f4a7c15ULL);
        r = (r ^ (r >> 30)) * 0xbf58476d1ce4e5b9ULL;
        r = (r ^ (r >> 27)) * 0x94d049bb133111ebULL;
        return r ^ (r >> 31);
    }
    std::uint64_t s_[4];
    double spare_ = 0;
    bool has_spare_ = false;
};

}  // namespace losslab::data
