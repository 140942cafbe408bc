#pragma once
#include <cmath>

#include "losslab/losses/loss_info.hpp"
#include "losslab/losses/stable_math.hpp"

namespace losslab::losses {

/// Focal loss on logits, as torchvision.ops.sigmoid_focal_loss(alpha, gamma):
///   l = α_t · (1 − p_t)^γ · CE,   CE = −log p_t,   p = σ(x),
///   p_t = p for y = 1 and 1 − p for y = 0,   α_t = α for y = 1 and 1 − α for y = 0,
/// and α < 0 turns the class weighting off (α_t = 1), as in torchvision.
/// With s = 2y − 1 and z = s·x we have p_t = σ(z), CE = softplus(−z), 1 − p_t = σ(−z) and
/// log(1 − p_t) = −softplus(z), so everything is computed in log space:
///   l = α_t · softplus(−z) · e^{−γ softplus(z)}
///   dl/dx = −s · α_t · e^{−γ softplus(z)} · [ σ(−z) + γ σ(z) softplus(−z) ]
/// (the derivative of (1 − p_t)^γ with respect to p_t is infinite at p_t = 1 for 0 < γ < 1, but
/// multiplied by dp_t/dz = σ(z)σ(−z) it becomes the finite γ σ(z) term above). Every factor is
/// bounded for any finite logit and any γ ≥ 0, so logits of ±100 or ±1000 give finite values and
/// gradients. γ = 0 with α < 0 is exactly bce_logits. Targets are labels 0 or 1.
struct focal {
    static constexpr layout shape = layout::elementwise;
    double gamma = 2.0;
    double alpha = 0.25;

    static loss_info info() {
        return {"focal", task::binary, shape, domain::real, domain::binary,
                {{"gamma", 2.0, 0.0, 10.0, true, true,
                  "Focusing power: easy examples (p_t near 1) are down-weighted by (1 - p_t)^gamma."},
                 {"alpha", 0.25, -1.0, 1.0, true, true,
                  "Weight of the positive class in [0, 1] (negatives get 1 - alpha); any alpha < 0 turns "
                  "the weighting off."}},
                R"(-\alpha_t\,(1-p_t)^{\gamma}\log p_t,\quad p_t=\begin{cases}\sigma(x)&y=1\\1-\sigma(x)&y=0\end{cases})",
                R"(-s\,\alpha_t\,(1-p_t)^{\gamma}\left[(1-p_t)-\gamma\,p_t\log p_t\right],\quad s=2y-1)",
                "Cross-entropy that fades on easy examples, so rare hard ones drive training.",
                "torchvision.ops.sigmoid_focal_loss (alpha < 0 disables the weighting), computed in log space",
                false, scale::linear_predictor};
    }
    static focal from_params(const double* params) { return {params[0], params[1]}; }
    const char* check() const {
        if (!(gamma >= 0)) return "focal: gamma must be >= 0";
        if (alpha > 1) return "focal: alpha must be <= 1 (or < 0 to disable the weighting)";
        return nullptr;
    }

    template <class T>
    T alpha_t(T y) const {
        if (alpha < 0) return T(1);
        return y == 1 ? T(alpha) : T(1 - alpha);
    }
    template <class T>
    T value(T x, T y) const {
        const T z = y == 1 ? x : -x;
        const T ce = stable::softplus(-z);
        if (gamma == 0) return alpha_t(y) * ce;
        return alpha_t(y) * ce * std::exp(-T(gamma) * stable::softplus(z));
    }
    template <class T>
    T grad(T x, T y) const {
        const T s = y == 1 ? T(1) : T(-1);
        const T z = s * x;
        const T modulation = gamma == 0 ? T(1) : std::exp(-T(gamma) * stable::softplus(z));
        const T bracket = stable::sigmoid(-z) + T(gamma) * stable::sigmoid(z) * stable::softplus(-z);
        return -s * alpha_t(y) * modulation * bracket;
    }
};

}  // namespace losslab::losses
