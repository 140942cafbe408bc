#pragma once
#include <cmath>

#include "losslab/losses/loss_info.hpp"
#include "losslab/losses/stable_math.hpp"

namespace losslab::losses {

/// Smooth L1 loss, as torch.nn.SmoothL1Loss(beta):  with r = ŷ − y,
///   l = ½ r² / β           if |r| < β
///   l = |r| − ½ β          otherwise.
/// Derivative: r / β inside, sign(r) outside. Unlike Huber, the linear part has slope 1 for every
/// β (Huber(δ) = δ · SmoothL1(β = δ)). β = 0 is exactly L1, as in torch (derivative sign(r),
/// 0 at r = 0), which is why β = 0 is allowed while Huber's δ must be > 0.
struct smooth_l1 {
    static constexpr layout shape = layout::elementwise;
    double beta = 1.0;

    static loss_info info() {
        return {"smooth_l1", task::regression, shape, domain::real, domain::real,
                {{"beta", 1.0, 0.0, 100.0, true, true,
                  "Width of the quadratic zone around 0 (β = 0 gives L1)."}},
                R"(\begin{cases}\tfrac{r^2}{2\beta} & |r|<\beta\\ |r|-\tfrac12\beta & |r|\ge\beta\end{cases},\quad r=\hat y-y)",
                R"(\begin{cases}r/\beta & |r|<\beta\\ \operatorname{sign}(r) & |r|\ge\beta\end{cases})",
                "L1 with a rounded tip of width beta: slope 1 in the tails whatever beta is.",
                "torch.nn.SmoothL1Loss(beta); beta = 0 is L1", false, scale::response};
    }
    static smooth_l1 from_params(const double* params) { return {params[0]}; }
    const char* check() const { return beta >= 0 ? nullptr : "smooth_l1: beta must be >= 0"; }

    template <class T>
    T value(T pred, T target) const {
        const T r = std::fabs(pred - target), b = T(beta);
        return r < b ? T(0.5) * r * r / b : r - T(0.5) * b;
    }
    template <class T>
    T grad(T pred, T target) const {
        const T r = pred - target, b = T(beta);
        return std::fabs(r) < b ? r / b : stable::sign(r);
    }
};

}  // namespace losslab::losses
