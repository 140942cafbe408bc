#pragma once
/// Fused SGD step with momentum on float tensors, as torch.optim.SGD(lr, momentum, dampening,
/// weight_decay, nesterov), in one pass over params, grads and the momentum buffer:
///   g ← g + λ θ
///   b ← g on the first step, else μ b + (1 − τ) g        (τ = dampening)
///   θ ← θ − η (g + μ b)  with Nesterov, else θ − η b
/// torch starts the buffer as a copy of the first gradient (not as zero), so the first step is
/// plain SGD; `first_step` selects that. With μ = 0 it is plain SGD and the buffer is unused.
#include <cstddef>

#include "losslab/kernels/detail.hpp"

namespace losslab::kernels {

struct sgd_config {
    double lr = 1e-2;
    double momentum = 0.9;
    double dampening = 0;
    double weight_decay = 0;
    bool nesterov = false;
};

inline void sgd_momentum_step(const sgd_config& c, bool first_step, float* params, const float* grads, float* buffer,
                              std::size_t n) {
    using namespace simd;
    const f32x4 lr = splat(float(c.lr)), mu = splat(float(c.momentum));
    const f32x4 keep = splat(float(1 - c.dampening)), decay = splat(float(c.weight_decay));
    const bool l2 = c.weight_decay != 0;
    if (c.momentum == 0) {
        float* const arrays[] = {params};
        detail::for_each_lane_block(n, arrays, grads, [&](f32x4 (&x)[1], f32x4 g) {
            if (l2) g = g + decay * x[0];
            x[0] = x[0] - lr * g;
        });
        return;
    }
    float* const arrays[] = {params, buffer};
    detail::for_each_lane_block(n, arrays, grads, [&](f32x4 (&x)[2], f32x4 g) {
        if (l2) g = g + decay * x[0];
        x[1] = first_step ? g : mu * x[1] + keep * g;
        x[0] = x[0] - lr * (c.nesterov ? g + mu * x[1] : x[1]);
    });
}

}  // namespace losslab::kernels
