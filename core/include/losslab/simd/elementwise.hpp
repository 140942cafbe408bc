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
#include <type_traits>

#include "losslab/losses/evaluate.hpp"
#include "losslab/simd/vec.hpp"

namespace losslab::simd {

/// The tag for a kernel without a first stage (see run_elementwise).
struct no_stage {};

/// With a `stage(pred, target)`, the kernel is `kernel(pred, target, staged, value, grad)` and runs
/// in two loops per chunk of 64 elements: the first computes `staged` (the exp of a logistic loss)
/// into a local buffer, the second the rest. Each loop then needs about half the constants of the
/// fused body, which fit V8's 15 allocatable vector registers: the fused bce_logits loop spent a
/// quarter of its instructions reloading spilled constants, and the split runs ~1.45x as fast
/// in V8 (natively the difference is small).
template <class Kernel, class Stage = no_stage>
void run_elementwise(const Kernel& kernel_in, const losses::batch<float>& b, losses::output<float>& out,
                     const Stage& stage_in = Stage{}) {
    const Stage stage = stage_in;
    // A local copy of the kernel's captures: through the reference they live in the caller's
    // frame, which the stores below could alias, so every block would reload them from memory.
    const Kernel kernel = kernel_in;
    const std::size_t n = b.input_size;
    double weight_sum = double(n);
    if (b.weights) {
        weight_sum = 0;
        for (std::size_t i = 0; i < n; ++i) weight_sum += double(b.weights[i]);
    }
    const double scale = losses::reduction_scale(b.reduce, b.mean_divisor > 0 ? b.mean_divisor : weight_sum);
    const f32x4 grad_scale = splat(float(scale));
    const bool per_sample = b.reduce == losses::reduction::none;
    lane_sum total;

    // Two segments through one loop: the full blocks in place, then the n mod 4 tail copied into
    // padded local buffers (unused lanes repeat a valid element and are masked out of the sum).
    // The inner loop has no branch and no pointer choice per block, and the kernel is emitted once
    // (the outer loop is kept rolled), which keeps the wasm module small.
    const std::size_t full = n - n % lanes, tail = n - full;
    alignas(16) float tail_input[lanes], tail_target[lanes], tail_weight[lanes], tail_grad[lanes], tail_value[lanes];
    alignas(16) float ones[lanes] = {1.0f, 1.0f, 1.0f, 1.0f}, sink[lanes];
    for (std::size_t k = 0; k < lanes; ++k) {
        const std::size_t src = full + (k < tail ? k : 0);
        tail_input[k] = tail ? b.input[src] : 0.0f;
        tail_target[k] = tail ? b.target[src] : 0.0f;
        tail_weight[k] = tail && b.weights && k < tail ? b.weights[src] : 0.0f;
    }
    struct segment {
        const float* input;
        const float* target;
        const float* weight;  ///< advances by weight_step per block (0: the same four ones)
        float* grad;
        float* value;  ///< advances by value_step per block (0: a sink, for reduced losses)
        std::size_t count, weight_step, value_step;
        i32x4 mask;
    };
    const segment segments[2] = {
        {b.input, b.target, b.weights ? b.weights : ones, out.grad, per_sample ? out.per_sample : sink, full,
         b.weights ? lanes : 0, per_sample ? lanes : 0, splat_i(-1)},
        {tail_input, tail_target, b.weights ? tail_weight : ones, tail_grad, per_sample ? tail_value : sink,
         tail ? lanes : 0, 0, 0, i32x4{0, 1, 2, 3} < splat_i(std::int32_t(tail))},
    };
#if defined(__clang__)
#pragma clang loop unroll(disable)
#elif defined(__GNUC__)
#pragma GCC unroll 1
#endif
    for (const segment& seg : segments) {
        // the segment's fields as locals: the stores below could alias the segment array, so
        // read through `seg` they would be reloaded at every block
        const float* const input = seg.input;
        const float* const target = seg.target;
        float* const grad_out = seg.grad;
        const float* weight = seg.weight;
        float* value_out = seg.value;
        const std::size_t count = seg.count, weight_step = seg.weight_step, value_step = seg.value_step;
        const i32x4 mask = seg.mask;
        // the driver's share of one block of four: weights, gradient scale, outputs and the sum
        auto finish = [&](std::size_t i, f32x4 value, f32x4 grad) {
            const f32x4 w = load(weight);
            value = value * w;
            store(grad_out + i, grad * (w * grad_scale));
            store(value_out, value);
            total.add(as_float(as_int(value) & mask));
            weight += weight_step;
            value_out += value_step;
        };
        if constexpr (std::is_same_v<Stage, no_stage>) {
            for (std::size_t i = 0; i < count; i += lanes) {
                f32x4 value, grad;
                kernel(load(input + i), load(target + i), value, grad);
                finish(i, value, grad);
            }
        } else {
            constexpr std::size_t chunk = 64;
            alignas(16) f32x4 staged[chunk / lanes];
            for (std::size_t start = 0; start < count; start += chunk) {
                const std::size_t end = count - start < chunk ? count : start + chunk;
                for (std::size_t i = start; i < end; i += lanes) staged[(i - start) / lanes] = stage(load(input + i), load(target + i));
                for (std::size_t i = start; i < end; i += lanes) {
                    f32x4 value, grad;
                    kernel(load(input + i), load(target + i), staged[(i - start) / lanes], value, grad);
                    finish(i, value, grad);
                }
            }
        }
    }
    for (std::size_t k = 0; k < tail; ++k) {
        out.grad[full + k] = tail_grad[k];
        if (per_sample) out.per_sample[full + k] = tail_value[k];
    }
    out.value = per_sample ? 0.0 : total.total() * scale;
}

}  // namespace losslab::simd
