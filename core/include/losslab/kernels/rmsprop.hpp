#pragma once
/// Fused RMSprop step on float tensors, as torch.optim.RMSprop(lr, alpha, eps, weight_decay,
/// momentum, centered), in one pass over params, grads and state:
///   g ← g + λ θ
///   s ← α s + (1 − α) g²
///   centered:  ḡ ← α ḡ + (1 − α) g,   d = √(s − ḡ²) + ε;   else d = √s + ε
///   momentum μ > 0:  b ← μ b + g / d,   θ ← θ − η b;   else θ ← θ − η g / d
/// (torch adds ε outside the square root, unlike Adam's bias-corrected form). `grad_avg` is used
/// only when centered and `buffer` only when μ > 0; either may be null otherwise.
#include <cstddef>

#include "losslab/kernels/detail.hpp"

namespace losslab::kernels {

struct rmsprop_config {
    double lr = 1e-2;
    double alpha = 0.99;
    double eps = 1e-8;
    double weight_decay = 0;
    double momentum = 0;
    bool centered = false;
};

inline void rmsprop_step(const rmsprop_config& c, float* params, const float* grads, float* square_avg,
                         float* grad_avg, float* buffer, std::size_t n) {
    using namespace simd;
    const f32x4 lr = splat(float(c.lr)), alpha = splat(float(c.alpha)), rest = splat(float(1 - c.alpha));
    const f32x4 eps = splat(float(c.eps)), decay = splat(float(c.weight_decay)), mu = splat(float(c.momentum));
    const bool l2 = c.weight_decay != 0, centered = c.centered, momentum = c.momentum != 0;
    // Unused state arrays alias square_avg; they are stored back with its new value.
    float* const arrays[] = {params, square_avg, centered ? grad_avg : square_avg, momentum ? buffer : square_avg};
    detail::for_each_lane_block(n, arrays, grads, [&](f32x4 (&x)[4], f32x4 g) {
        if (l2) g = g + decay * x[0];
        const f32x4 s = alpha * x[1] + rest * (g * g);
        f32x4 d;
        if (centered) {
            x[2] = alpha * x[2] + rest * g;
            d = simd::sqrt(s - x[2] * x[2]) + eps;
        } else {
            d = simd::sqrt(s) + eps;
            x[2] = s;
        }
        if (momentum) {
            x[3] = mu * x[3] + g / d;
            x[0] = x[0] - lr * x[3];
        } else {
            x[0] = x[0] - lr * (g / d);
            x[3] = s;
        }
        x[1] = s;
    });
}

}  // namespace losslab::kernels
