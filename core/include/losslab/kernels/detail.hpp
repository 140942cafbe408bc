#pragma once
/// Shared loop of the fused optimizer kernels: four parameters at a time, then the n mod 4 tail
/// through the same vector code (padding lanes are computed and dropped), so each parameter's
/// update is the same bits whatever the tensor length. Every kernel reads each array once and
/// writes the parameters and its state once: one pass over memory per step.
#include <cstddef>

#include "losslab/simd/vec.hpp"

namespace losslab::kernels::detail {

/// `step(state, grad)` receives f32x4 values loaded from each state array (params first) and may
/// change them; they are stored back afterwards. `grads` is only read.
template <std::size_t Count, class Step>
void for_each_lane_block(std::size_t n, float* const (&arrays)[Count], const float* grads, Step&& step) {
    using namespace simd;
    f32x4 v[Count];
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) {
        for (std::size_t a = 0; a < Count; ++a) v[a] = load(arrays[a] + i);
        step(v, load(grads + i));
        for (std::size_t a = 0; a < Count; ++a) store(arrays[a] + i, v[a]);
    }
    if (i < n) {
        const std::size_t count = n - i;
        for (std::size_t a = 0; a < Count; ++a) v[a] = load_partial(arrays[a] + i, count, 0.0f);
        step(v, load_partial(grads + i, count, 0.0f));
        for (std::size_t a = 0; a < Count; ++a) store_partial(arrays[a] + i, v[a], count);
    }
}

}  // namespace losslab::kernels::detail
