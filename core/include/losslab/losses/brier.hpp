#pragma once
#include "losslab/losses/loss_info.hpp"

namespace losslab::losses {

/// Brier score on predicted probabilities, as sklearn.metrics.brier_score_loss (binary, labels 0/1):
///   l(p, y) = (p − y)²,   derivative with respect to p: 2 (p − y).
/// A strictly proper scoring rule: for a label that is 1 with probability q, the expected loss
/// q (1 − p)² + (1 − q) p² = (p − q)² + q (1 − q) is smallest exactly at p = q. Unlike log loss it
/// is bounded (at most 1 per sample), so one confident mistake cannot dominate the mean.
struct brier {
    static constexpr layout shape = layout::elementwise;

    static loss_info info() {
        return {"brier", task::binary, shape, domain::probability, domain::binary, {},
                R"((p-y)^2)", R"(2\,(p-y))",
                "Squared error of the probability: proper, and bounded by 1 per sample.",
                "sklearn.metrics.brier_score_loss: mean (p - y)^2 on probabilities, labels 0/1", false, scale::response};
    }
    static brier from_params(const double* /*params*/) { return {}; }
    const char* check() const { return nullptr; }

    template <class T>
    T value(T p, T y) const {
        const T r = p - y;
        return r * r;
    }
    template <class T>
    T grad(T p, T y) const {
        return T(2) * (p - y);
    }
};

}  // namespace losslab::losses
