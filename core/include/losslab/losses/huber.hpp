#pragma once
#include <cmath>

#include "losslab/losses/loss_info.hpp"

namespace losslab::losses {

/// Huber loss, as torch.nn.HuberLoss(delta):  with r = ŷ − y,
///   l = ½ r²               if |r| ≤ δ
///   l = δ (|r| − ½ δ)      otherwise.
/// Derivative: clip(r, −δ, δ). Quadratic near the fit, linear in the tails, so one outlier's
/// pull is bounded by δ. Note Huber(δ) = δ · SmoothL1(β = δ).
struct huber {
    static constexpr layout shape = layout::elementwise;
    double delta = 1.0;

    static loss_info info() {
        return {"huber", task::regression, shape, domain::real, domain::real,
                {{"delta", 1.0, 0.0, 100.0, false, true,
                  "Residual size where the loss turns from quadratic to linear (δ > 0)."}},
                R"(\begin{cases}\tfrac12 r^2 & |r|\le\delta\\ \delta\left(|r|-\tfrac12\delta\right) & |r|>\delta\end{cases},\quad r=\hat y-y)",
                R"(\operatorname{clip}(r,-\delta,\delta))",
                "Quadratic for small residuals, linear beyond delta: an outlier's pull is capped.",
                "torch.nn.HuberLoss(delta)", false, scale::response};
    }
    static huber from_params(const double* params) { return {params[0]}; }
    const char* check() const { return delta > 0 ? nullptr : "huber: delta must be > 0"; }

    template <class T>
    T value(T pred, T target) const {
        const T r = std::fabs(pred - target), d = T(delta);
        return r <= d ? T(0.5) * r * r : d * (r - T(0.5) * d);
    }
    template <class T>
    T grad(T pred, T target) const {
        const T r = pred - target, d = T(delta);
        return std::fmin(std::fmax(r, -d), d);
    }
};

}  // namespace losslab::losses
