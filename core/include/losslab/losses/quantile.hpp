#pragma once
#include <cmath>

#include "losslab/losses/loss_info.hpp"

namespace losslab::losses {

/// Quantile (pinball) loss, as sklearn.metrics.mean_pinball_loss(alpha = τ):  with r = ŷ − y,
///   l = τ · (y − ŷ)          if ŷ ≤ y   (under-prediction)
///   l = (1 − τ) · (ŷ − y)    if ŷ > y   (over-prediction).
/// Derivative: −τ below, 1 − τ above, and 0 at r = 0 exactly (the same rule as MAE: 0 lies in the
/// subdifferential [−τ, 1 − τ], so quantile(0.5) = ½·MAE holds for gradients too). Its minimiser
/// over a sample is the τ-quantile, which is why two of them give a prediction interval.
struct quantile {
    static constexpr layout shape = layout::elementwise;
    double tau = 0.5;

    static loss_info info() {
        return {"quantile", task::regression, shape, domain::real, domain::real,
                {{"tau", 0.5, 0.0, 1.0, false, false,
                  "The quantile to estimate, in (0, 1): 0.9 punishes under-prediction 9x more."}},
                R"(\max\left(\tau\,(y-\hat y),\;(1-\tau)(\hat y-y)\right))",
                R"(\begin{cases}-\tau & \hat y<y\\ 0 & \hat y=y\\ 1-\tau & \hat y>y\end{cases})",
                "Pinball loss: tilts MAE so the fit lands on the tau-quantile instead of the median.",
                "sklearn.metrics.mean_pinball_loss(alpha=tau); gradient 0 at a zero residual", false, scale::response};
    }
    static quantile from_params(const double* params) { return {params[0]}; }
    const char* check() const {
        return tau > 0 && tau < 1 ? nullptr : "quantile: tau must be inside (0, 1)";
    }

    template <class T>
    T value(T pred, T target) const {
        const T r = pred - target;
        return r > 0 ? T(1 - tau) * r : T(-tau) * r;
    }
    template <class T>
    T grad(T pred, T target) const {
        const T r = pred - target;
        return r > 0 ? T(1 - tau) : (r < 0 ? T(-tau) : T(0));
    }
};

}  // namespace losslab::losses
