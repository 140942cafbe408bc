#pragma once
#include <cmath>

#include "losslab/losses/loss_info.hpp"
#include "losslab/losses/stable_math.hpp"

namespace losslab::losses {

/// Mean absolute error, as torch.nn.L1Loss:  l(ŷ, y) = |ŷ − y|.
/// Derivative: sign(ŷ − y), and 0 at ŷ = y (torch.sign(0) = 0; 0 is in the subdifferential
/// [−1, 1], so a perfect prediction is stationary). Every residual pulls with the same force,
/// which is why the fit goes to the median and outliers cannot drag it.
struct mae {
    static constexpr layout shape = layout::elementwise;

    static loss_info info() {
        return {"mae", task::regression, shape, domain::real, domain::real, {},
                R"(|\hat y - y|)", R"(\operatorname{sign}(\hat y - y))",
                "Absolute residuals: every miss pulls equally, so the fit goes to the median.",
                "torch.nn.L1Loss (gradient 0 at a zero residual)", false, scale::response};
    }
    static mae from_params(const double* /*params*/) { return {}; }
    const char* check() const { return nullptr; }

    template <class T>
    T value(T pred, T target) const {
        return std::fabs(pred - target);
    }
    template <class T>
    T grad(T pred, T target) const {
        return stable::sign(pred - target);
    }
};

}  // namespace losslab::losses
