#pragma once
#include <cmath>

#include "losslab/losses/loss_info.hpp"

namespace losslab::losses {

/// Binary cross-entropy on probabilities, as torch.nn.BCELoss:
///   l(p, y) = −[ y · max(log p, −100) + (1 − y) · max(log(1 − p), −100) ]
/// The logs are clamped at −100 as torch does, so p ∈ {0, 1} gives a finite loss (at most 100).
/// Derivative with respect to p, as torch's backward:  (p − y) / max(p (1 − p), 1e-12).
/// For 1e-12 < p < 1 − 1e-12 this is exactly −y/p + (1 − y)/(1 − p); at p ∈ {0, 1} it is the
/// finite ±(p − y)·1e12 (0 when p = y), never ±∞, so an optimiser step stays a number.
/// Targets may be soft (any probability), as in torch. Prefer bce_logits when you have logits:
/// it is exact where this form has to clamp.
struct bce {
    static constexpr layout shape = layout::elementwise;

    static loss_info info() {
        return {"bce", task::binary, shape, domain::probability, domain::probability, {},
                R"(-\left[y\log p+(1-y)\log(1-p)\right])", R"(\frac{p-y}{p(1-p)})",
                "Log loss on probabilities: confident mistakes cost without bound (clamped at 100).",
                "torch.nn.BCELoss: logs clamped at -100, gradient denominator floored at 1e-12", false, scale::response};
    }
    static bce from_params(const double* /*params*/) { return {}; }
    const char* check() const { return nullptr; }

    template <class T>
    T value(T p, T y) const {
        const T log_p = std::fmax(std::log(p), T(-100));
        const T log_not_p = std::fmax(std::log1p(-p), T(-100));
        return -(y * log_p + (T(1) - y) * log_not_p);
    }
    template <class T>
    T grad(T p, T y) const {
        return (p - y) / std::fmax(p * (T(1) - p), T(1e-12));
    }
};

}  // namespace losslab::losses
