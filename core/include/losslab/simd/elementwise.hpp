#pragma once
/// The driver shared by every elementwise float fast path: four elements at a time through a
/// fused kernel `kernel(pred, target, value, grad)` (f32x4 each), then sample weights and the
/// reduction with the semantics of losses::evaluate_elementwise:
///   none: per_sample_i = w_i l_i, value 0;  sum: Σ w_i l_i;  mean: Σ w_i l_i / Σ w_i;
///   grad_i = w_i · scale · l'_i  (scale = 1/Σw for mean, else 1).
/// Determinism: element i always lands in lane i mod 4 of a double accumulator (simd::lane_sum),
/// and the tail (n mod 4 elements) goes through the same kernel with its unused lanes filled by
/// a valid element and masked out of the sum, so every element's value and gradient are the same
/// bits whatever n is, and the reduced value is the same at every run.
#include <cstddef>

#include "losslab/losses/evaluate.hpp"
#include "losslab/simd/vec.hpp"

namespace losslab::simd {

template <class Kernel>
void run_elementwise(const Kernel& kernel, const losses::batch<float>& b, losses::output<float>& out) {
    const std::size_t n = b.input_size;
    double weight_sum = double(n);
    if (b.weights) {
        weight_sum = 0;
        for (std::size_t i = 0; i < n; ++i) weight_sum += double(b.weights[i]);
    }
    const double scale = losses::reduction_scale(b.reduce, weight_sum);
    const f32x4 grad_scale = splat(float(scale));
    const bool per_sample = b.reduce == losses::reduction::none;
    lane_sum total;

    auto finish = [&](std::size_t i, f32x4 value, f32x4 grad, f32x4 weight, std::size_t count) {
        if (b.weights) {
            value = value * weight;
            grad = grad * (weight * grad_scale);
        } else {
            grad = grad * grad_scale;
        }
        if (count == lanes) {
            store(out.grad + i, grad);
            if (per_sample) store(out.per_sample + i, value);
        } else {
            store_partial(out.grad + i, grad, count);
            if (per_sample) store_partial(out.per_sample + i, value, count);
            const i32x4 used = i32x4{0, 1, 2, 3} < splat_i(std::int32_t(count));
            value = select(used, value, splat(0.0f));
        }
        total.add(value);
    };

    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) {
        f32x4 value, grad;
        kernel(load(b.input + i), load(b.target + i), value, grad);
        finish(i, value, grad, b.weights ? load(b.weights + i) : splat(1.0f), lanes);
    }
    if (i < n) {
        const std::size_t count = n - i;
        f32x4 value, grad;
        kernel(load_partial(b.input + i, count, b.input[i]), load_partial(b.target + i, count, b.target[i]), value,
               grad);
        finish(i, value, grad, b.weights ? load_partial(b.weights + i, count, 0.0f) : splat(1.0f), count);
    }
    out.value = per_sample ? 0.0 : total.total() * scale;
}

}  // namespace losslab::simd
