#pragma once
#include <cmath>

#include "losslab/losses/loss_info.hpp"

namespace losslab::losses {

/// Squared hinge loss (the L2-SVM loss of sklearn's LinearSVC), labels {0, 1} mapped to ±1:
///   l = max(0, 1 − s·x)²,   dl/dx = −2 s · max(0, 1 − s·x).
/// Smooth at the margin, and it punishes large violations quadratically.
struct squared_hinge {
    static constexpr layout shape = layout::elementwise;

    static loss_info info() {
        return {"squared_hinge", task::binary, shape, domain::real, domain::binary, {},
                R"(\max(0,\,1-s\,x)^2,\quad s=2y-1)", R"(-2s\,\max(0,\,1-s\,x))",
                "Hinge squared: smooth at the margin, and big violations cost quadratically.",
                "squared hinge (sklearn LinearSVC loss='squared_hinge') with labels {0,1} mapped to -1/+1",
                false, scale::linear_predictor};
    }
    static squared_hinge from_params(const double* /*params*/) { return {}; }
    const char* check() const { return nullptr; }

    template <class T>
    T value(T x, T y) const {
        const T s = y == 1 ? T(1) : T(-1);
        const T m = std::fmax(T(0), T(1) - s * x);
        return m * m;
    }
    template <class T>
    T grad(T x, T y) const {
        const T s = y == 1 ? T(1) : T(-1);
        return T(-2) * s * std::fmax(T(0), T(1) - s * x);
    }
};

}  // namespace losslab::losses
