#pragma once
/// Fused Adam / AdamW step on float tensors, as torch.optim.Adam and torch.optim.AdamW
/// (amsgrad = false, maximize = false), in one pass over params, grads, m and v:
///   g ← g + λ θ                       (Adam: L2 penalty folded into the gradient)
///   θ ← θ (1 − η λ)                   (AdamW: decoupled weight decay, instead of the line above)
///   m ← β1 m + (1 − β1) g,   v ← β2 v + (1 − β2) g²
///   θ ← θ − (η / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
/// t is the 1-based step number after this step (torch's state['step']). The bias corrections
/// are computed once per call in double. Same semantics as losslab/optim's double Adam (the
/// lessons' explicit-state version); this one is for float tensors of any size.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "losslab/kernels/detail.hpp"

namespace losslab::kernels {

struct adam_config {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weight_decay = 0;
    bool decoupled = false;  ///< true: AdamW (torch.optim.AdamW's default weight_decay is 1e-2)
};

/// One step at 1-based step number `t` over n parameters. `grads` is read only.
inline void adam_step(const adam_config& c, std::uint64_t t, float* params, const float* grads, float* m, float* v,
                      std::size_t n) {
    using namespace simd;
    const double bias1 = 1 - std::pow(c.beta1, double(t));
    const double bias2 = 1 - std::pow(c.beta2, double(t));
    const f32x4 step_size = splat(float(c.lr / bias1));
    const f32x4 inv_sqrt_bias2 = splat(float(1 / std::sqrt(bias2)));
    const f32x4 beta1 = splat(float(c.beta1)), one_minus_beta1 = splat(float(1 - c.beta1));
    const f32x4 beta2 = splat(float(c.beta2)), one_minus_beta2 = splat(float(1 - c.beta2));
    const f32x4 eps = splat(float(c.eps));
    const f32x4 decay = splat(float(c.weight_decay));
    const f32x4 shrink = splat(float(1 - c.lr * c.weight_decay));
    const bool l2 = c.weight_decay != 0 && !c.decoupled;
    const bool decoupled = c.weight_decay != 0 && c.decoupled;
    float* const arrays[] = {params, m, v};
    detail::for_each_lane_block(n, arrays, grads, [&](f32x4 (&x)[3], f32x4 g) {
        f32x4& p = x[0];
        if (l2) g = g + decay * p;
        if (decoupled) p = p * shrink;
        x[1] = beta1 * x[1] + one_minus_beta1 * g;
        x[2] = beta2 * x[2] + one_minus_beta2 * (g * g);
        p = p - step_size * x[1] / (simd::sqrt(x[2]) * inv_sqrt_bias2 + eps);
    });
}

}  // namespace losslab::kernels
