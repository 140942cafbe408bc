#pragma once
/// Float fast path of losses::huber: ½r² inside ±δ, δ(|r| − ½δ) outside; l' = clip(r, −δ, δ).
#include "losslab/losses/huber.hpp"
#include "losslab/simd/elementwise.hpp"
#include "losslab/simd/fast_path_base.hpp"

namespace losslab::losses {

template <>
struct fast_path<huber> {
    static constexpr bool available = true;
    static void evaluate(const huber& loss, const batch<float>& b, output<float>& out) {
        using namespace simd;
        const f32x4 delta = splat(float(loss.delta)), half = splat(0.5f);
        run_elementwise(
            [&](f32x4 pred, f32x4 target, f32x4& value, f32x4& grad) {
                const f32x4 r = pred - target;
                const f32x4 a = abs(r);
                value = select(a <= delta, half * a * a, delta * (a - half * delta));
                grad = min(max(r, -delta), delta);
            },
            b, out);
    }
};

}  // namespace losslab::losses
