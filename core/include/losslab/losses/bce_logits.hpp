#pragma once
#include "losslab/losses/loss_info.hpp"
#include "losslab/losses/stable_math.hpp"

namespace losslab::losses {

/// Binary cross-entropy on logits, as torch.nn.BCEWithLogitsLoss:
///   l(x, y) = softplus(x) − x·y = max(x, 0) − x·y + log1p(e^{−|x|})
/// Derivative: σ(x) − y. The softplus form never exponentiates a positive number, so logits of
/// ±1000 give exact values (0 or 1000) where log(σ(x)) would give −∞. For hard labels the
/// derivative is taken as σ(x) (y = 0) or −σ(−x) (y = 1), which keeps its relative precision when
/// σ(x) is within rounding of y. Targets may be soft (any probability), as in torch.
struct bce_logits {
    static constexpr layout shape = layout::elementwise;

    static loss_info info() {
        return {"bce_logits", task::binary, shape, domain::real, domain::probability, {},
                R"(\log\left(1+e^{x}\right)-x\,y)", R"(\sigma(x)-y)",
                "Cross-entropy straight from the logit: stable at any score, the gradient is p - y.",
                "torch.nn.BCEWithLogitsLoss (softplus form)", false, scale::linear_predictor};
    }
    static bce_logits from_params(const double* /*params*/) { return {}; }
    const char* check() const { return nullptr; }

    template <class T>
    T value(T x, T y) const {
        if (y == 1) return stable::softplus(-x);
        if (y == 0) return stable::softplus(x);
        return stable::softplus(x) - x * y;
    }
    template <class T>
    T grad(T x, T y) const {
        if (y == 1) return -stable::sigmoid(-x);
        if (y == 0) return stable::sigmoid(x);
        return stable::sigmoid(x) - y;
    }
};

}  // namespace losslab::losses
