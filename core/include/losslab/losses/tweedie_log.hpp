#pragma once
#include <cmath>

#include "losslab/losses/loss_info.hpp"

namespace losslab::losses {

/// Tweedie loss with a log link, the training form of sklearn's HalfTweedieLoss (and LightGBM's
/// objective="tweedie"), on the raw score r with μ = eʳ, for 1 < p < 2:
///   l(r, y) = e^{(2−p) r} / (2−p) − y e^{(1−p) r} / (1−p)
/// This is half the deviance with the terms that do not depend on r dropped (as sklearn does), so
/// it is not 0 at the optimum and not comparable across targets; its gradient is what trains:
///   dl/dr = e^{(2−p) r} − y e^{(1−p) r} = μ^{1−p} (μ − y).
/// Both terms of l are ≥ 0 (1 − p < 0), so the value never cancels. Scores in [−50, 50] stay finite
/// in float and double; beyond (2−p)·r ≈ 88 (float) or 709 (double) the value overflows to +∞.
/// Targets must be ≥ 0; a target of 0 leaves only e^{(2−p) r} / (2−p), pushing r to −∞.
struct tweedie_log {
    static constexpr layout shape = layout::elementwise;
    double power = 1.5;

    static loss_info info() {
        return {"tweedie_log", task::regression, shape, domain::real, domain::nonnegative,
                {{"power", 1.5, 1.0, 2.0, false, false,
                  "Tweedie power p in (1, 2): near 1 Poisson-like counts, near 2 Gamma-like amounts."}},
                R"(\frac{e^{(2-p)r}}{2-p}-\frac{y\,e^{(1-p)r}}{1-p},\quad \mu=e^{r})",
                R"(e^{(2-p)r}-y\,e^{(1-p)r})",
                "Tweedie on a log-link score, as gradient boosters train it: always a positive mean.",
                "sklearn HalfTweedieLoss(power=p) / LightGBM tweedie objective, raw score r, mu = exp(r)",
                false, scale::linear_predictor};
    }
    static tweedie_log from_params(const double* params) { return {params[0]}; }
    const char* check() const {
        return power > 1 && power < 2 ? nullptr : "tweedie_log: power must be inside (1, 2)";
    }

    template <class T>
    T value(T r, T y) const {
        const T p = T(power);
        const T high = std::exp((T(2) - p) * r) / (T(2) - p);
        return y == 0 ? high : high + y * std::exp((T(1) - p) * r) / (p - T(1));
    }
    template <class T>
    T grad(T r, T y) const {
        const T p = T(power);
        const T high = std::exp((T(2) - p) * r);
        return y == 0 ? high : high - y * std::exp((T(1) - p) * r);
    }
};

}  // namespace losslab::losses
