#pragma once
/// Float fast path of losses::smooth_l1 (torch.nn.SmoothL1Loss): with r = ŷ − y and a = |r|,
///   a < β:  l = a²/(2β),  l' = r/β;     a ≥ β:  l = a − β/2,  l' = sign(r).
/// 1/β is formed once per call (0 when β = 0, where every element is on the L1 side).
#include "losslab/losses/smooth_l1.hpp"
#include "losslab/simd/elementwise.hpp"
#include "losslab/simd/fast_path_base.hpp"

namespace losslab::losses {

template <>
struct fast_path<smooth_l1> {
    static constexpr bool available = true;
    static void evaluate(const smooth_l1& loss, const batch<float>& b, output<float>& out) {
        using namespace simd;
        const f32x4 beta = splat(float(loss.beta)), half_beta = splat(float(0.5 * loss.beta));
        const f32x4 half_inv_beta = splat(loss.beta > 0 ? float(0.5 / loss.beta) : 0.0f);
        const f32x4 inv_beta = splat(loss.beta > 0 ? float(1 / loss.beta) : 0.0f);
        const f32x4 zero = splat(0.0f), one = splat(1.0f);
        run_elementwise(
            [&](f32x4 pred, f32x4 target, f32x4& value, f32x4& grad) {
                const f32x4 r = pred - target;
                const f32x4 a = abs(r);
                const i32x4 inside = a < beta;
                value = select(inside, a * a * half_inv_beta, a - half_beta);
                const f32x4 sign = as_float(as_int(copy_sign(one, r)) & (r != zero));
                grad = select(inside, r * inv_beta, sign);
            },
            b, out);
    }
};

}  // namespace losslab::losses
