#pragma once
/// Shared loop of the fused optimizer kernels: four parameters at a time, then the n mod 4 tail
/// through the same vector code (padding lanes are zeros, computed and dropped), so each
/// parameter's update is the same bits whatever the tensor length. Every kernel reads each array once and
/// writes the parameters and its state once: one pass over memory per step.
#include <cstddef>

#include "losslab/simd/vec.hpp"

namespace losslab::kernels::detail {

/// `step(state, grad)` receives f32x4 values loaded from each state array (params first) and may
/// change them; they are stored back afterwards. `grads` is only read.
template <std::size_t Count, class Step>
void for_each_lane_block(std::size_t n, float* const (&arrays)[Count], const float* grads, Step&& step) {
    using namespace simd;
    // The full blocks in place, then the tail copied into padded local buffers and back: one
    // copy of the loop body (a smaller wasm module), the same code for every element.
    const std::size_t full = n - n % lanes, tail = n - full;
    alignas(16) float tail_state[Count][lanes] = {};
    alignas(16) float tail_grad[lanes] = {};
    for (std::size_t k = 0; k < tail; ++k) {
        for (std::size_t a = 0; a < Count; ++a) tail_state[a][k] = arrays[a][full + k];
        tail_grad[k] = grads[full + k];
    }
    for (int segment = 0; segment < 2; ++segment) {
        float* state[Count];
        for (std::size_t a = 0; a < Count; ++a) state[a] = segment == 0 ? arrays[a] : tail_state[a];
        const float* g = segment == 0 ? grads : tail_grad;
        const std::size_t count = segment == 0 ? full : (tail ? lanes : 0);
        for (std::size_t i = 0; i < count; i += lanes) {
            f32x4 v[Count];
            for (std::size_t a = 0; a < Count; ++a) v[a] = load(state[a] + i);
            step(v, load(g + i));
            for (std::size_t a = 0; a < Count; ++a) store(state[a] + i, v[a]);
        }
    }
    for (std::size_t k = 0; k < tail; ++k) {
        for (std::size_t a = 0; a < Count; ++a) arrays[a][full + k] = tail_state[a][k];
    }
}

}  // namespace losslab::kernels::detail
