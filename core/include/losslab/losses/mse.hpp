#pragma once
#include "losslab/losses/loss_info.hpp"

namespace losslab::losses {

/// Mean squared error, as torch.nn.MSELoss:  l(ŷ, y) = (ŷ − y)².
/// Derivative with respect to the prediction: 2 (ŷ − y). Its pull grows without bound with the
/// residual, which is why a single outlier can drag a least-squares fit.
struct mse {
    static constexpr layout shape = layout::elementwise;

    static loss_info info() {
        return {"mse", task::regression, shape, domain::real, domain::real, {},
                R"((\hat y - y)^2)", R"(2(\hat y - y))",
                "Squares each residual: big misses dominate, and the fit goes to the mean.",
                "torch.nn.MSELoss", false, scale::response};
    }
    static mse from_params(const double* /*params*/) { return {}; }
    const char* check() const { return nullptr; }

    template <class T>
    T value(T pred, T target) const {
        const T r = pred - target;
        return r * r;
    }
    template <class T>
    T grad(T pred, T target) const {
        return T(2) * (pred - target);
    }
};

}  // namespace losslab::losses
