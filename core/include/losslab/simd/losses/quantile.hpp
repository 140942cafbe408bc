#pragma once
/// Float fast path of losses::quantile (pinball): (1 − τ) r above, −τ r below; l' = 1 − τ, −τ, or 0
/// at r = 0 exactly, as the reference.
#include "losslab/losses/quantile.hpp"
#include "losslab/simd/elementwise.hpp"
#include "losslab/simd/fast_path_base.hpp"

namespace losslab::losses {

template <>
struct fast_path<quantile> {
    static constexpr bool available = true;
    static void evaluate(const quantile& loss, const batch<float>& b, output<float>& out) {
        using namespace simd;
        const f32x4 above = splat(float(1 - loss.tau)), below = splat(float(-loss.tau)), zero = splat(0.0f);
        run_elementwise(
            [&](f32x4 pred, f32x4 target, f32x4& value, f32x4& grad) {
                const f32x4 r = pred - target;
                const i32x4 over = r > zero;
                value = select(over, above, below) * r;
                grad = select(over, above, select(r < zero, below, zero));
            },
            b, out);
    }
};

}  // namespace losslab::losses
