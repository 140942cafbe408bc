#pragma once
#include <cmath>

#include "losslab/losses/loss_info.hpp"
#include "losslab/losses/stable_math.hpp"

namespace losslab::losses {

/// Hinge loss on a raw score x, as sklearn.metrics.hinge_loss, with labels y ∈ {0, 1} mapped to
/// s = 2y − 1 ∈ {−1, +1}:
///   l = max(0, 1 − s·x),   dl/dx = −s where 1 − s·x > 0, else 0 (also 0 exactly at the kink
///   s·x = 1, as torch's relu; 0 is in the subdifferential there).
/// Points beyond the margin cost nothing, so only the ones near the boundary shape the fit.
struct hinge {
    static constexpr layout shape = layout::elementwise;

    static loss_info info() {
        return {"hinge", task::binary, shape, domain::real, domain::binary, {},
                R"(\max(0,\,1-s\,x),\quad s=2y-1)", R"(-s\;[\,1-s\,x>0\,])",
                "Zero once a point is beyond the margin: only points near the boundary matter.",
                "sklearn.metrics.hinge_loss with labels {0,1} mapped to -1/+1", false, scale::linear_predictor};
    }
    static hinge from_params(const double* /*params*/) { return {}; }
    const char* check() const { return nullptr; }

    template <class T>
    T value(T x, T y) const {
        const T s = y == 1 ? T(1) : T(-1);
        return std::fmax(T(0), T(1) - s * x);
    }
    template <class T>
    T grad(T x, T y) const {
        const T s = y == 1 ? T(1) : T(-1);
        return -s * stable::step(T(1) - s * x);
    }
};

}  // namespace losslab::losses
