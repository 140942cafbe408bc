#pragma once
#include <cmath>

#include "losslab/losses/loss_info.hpp"

namespace losslab::losses {

/// Log-cosh loss:  l = log cosh(r), r = ŷ − y, evaluated as |r| + log1p(e^{−2|r|}) − log 2,
/// because cosh(r) overflows for |r| > 710 (89 in float) long before its logarithm does.
/// Derivative: tanh(r). Like Huber it is ½ r² near 0 and |r| − log 2 in the tails, but smooth
/// to every order, which second-order methods (Newton, XGBoost) want.
struct log_cosh {
    static constexpr layout shape = layout::elementwise;

    static loss_info info() {
        return {"log_cosh", task::regression, shape, domain::real, domain::real, {},
                R"(\log\cosh(\hat y - y))", R"(\tanh(\hat y - y))",
                "A smooth Huber: quadratic near zero, |r| - log 2 far away, curved everywhere.",
                "log(cosh(r)) in the overflow-free form |r| + log1p(exp(-2|r|)) - log 2", false, scale::response};
    }
    static log_cosh from_params(const double* /*params*/) { return {}; }
    const char* check() const { return nullptr; }

    template <class T>
    T value(T pred, T target) const {
        const T r = std::fabs(pred - target);
        // Below 1 the stable form's terms cancel down to ~r²/2, and so would log(cosh r); the
        // identity cosh r − 1 = 2 sinh²(r/2) keeps full relative precision near the minimum.
        if (r < T(1)) {
            const T s = std::sinh(T(0.5) * r);
            return std::log1p(T(2) * s * s);
        }
        return r + std::log1p(std::exp(T(-2) * r)) - T(0.69314718055994530942);
    }
    template <class T>
    T grad(T pred, T target) const {
        return std::tanh(pred - target);
    }
};

}  // namespace losslab::losses
