#pragma once
#include <cmath>

#include "losslab/losses/loss_info.hpp"
#include "losslab/losses/stable_math.hpp"

namespace losslab::losses {

/// Tweedie deviance for 1 < p < 2, as sklearn.metrics.mean_tweedie_deviance(power = p), on the
/// predicted mean μ > 0 (the input) and a target y ≥ 0:
///   d(μ, y) = 2 [ y^{2−p} / ((1−p)(2−p)) − y μ^{1−p} / (1−p) + μ^{2−p} / (2−p) ]
/// For y = 0 the first two terms vanish: d = 2 μ^{2−p} / (2−p).
/// Derivative with respect to μ: 2 μ^{−p} (μ − y).
/// The three terms cancel to 0 at μ = y (a double root), so near μ = y we evaluate
///   d = 2 y^{2−p} [ (e^{bu} − 1 − bu)/b − (e^{au} − 1 − au)/a ],  u = log(μ/y), a = 1−p, b = 2−p
/// (the constant and linear terms cancel exactly since b − a = 1; the two brackets have the same
/// sign, so nothing cancels), which keeps full relative precision down to d ≈ 0.
/// Inputs: μ must be > 0 and y ≥ 0 (checked with the batch). μ^{−p} overflows for μ below about
/// 1e-200 in double (1e-25 in float); the lab's sliders stay far from that.
struct tweedie {
    static constexpr layout shape = layout::elementwise;
    double power = 1.5;

    static loss_info info() {
        return {"tweedie", task::regression, shape, domain::positive, domain::nonnegative,
                {{"power", 1.5, 1.0, 2.0, false, false,
                  "Tweedie power p in (1, 2): near 1 Poisson-like counts, near 2 Gamma-like amounts."}},
                R"(2\left[\frac{y^{2-p}}{(1-p)(2-p)}-\frac{y\,\mu^{1-p}}{1-p}+\frac{\mu^{2-p}}{2-p}\right])",
                R"(2\,\mu^{-p}\,(\mu-y))",
                "Deviance of a compound Poisson-Gamma: for zero-inflated, right-skewed targets.",
                "sklearn.metrics.mean_tweedie_deviance(power=p), 1 < p < 2, input mu > 0", false, scale::response};
    }
    static tweedie from_params(const double* params) { return {params[0]}; }
    const char* check() const {
        return power > 1 && power < 2 ? nullptr : "tweedie: power must be inside (1, 2)";
    }

    template <class T>
    T value(T mu, T y) const {
        const T p = T(power), a = T(1) - p, b = T(2) - p;
        if (y == 0) return T(2) * std::pow(mu, b) / b;
        const T u = std::log1p((mu - y) / y);  // log(μ/y), exact to rounding when μ ≈ y
        if (std::fabs(u) < T(1)) {
            return T(2) * std::pow(y, b) * (stable::expm1_minus_x(b * u) / b - stable::expm1_minus_x(a * u) / a);
        }
        return T(2) * (std::pow(y, b) / (a * b) - y * std::pow(mu, a) / a + std::pow(mu, b) / b);
    }
    template <class T>
    T grad(T mu, T y) const {
        // y = 0 leaves 2 μ^{1−p}, finite where μ^{−p} alone would overflow
        if (y == 0) return T(2) * std::pow(mu, T(1) - T(power));
        return T(2) * std::pow(mu, -T(power)) * (mu - y);
    }
};

}  // namespace losslab::losses
