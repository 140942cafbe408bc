#pragma once
/// Float fast path of losses::mae: l = |r|, l' = sign(r) with sign(0) = 0, r = ŷ − y.
#include "losslab/losses/mae.hpp"
#include "losslab/simd/elementwise.hpp"
#include "losslab/simd/fast_path_base.hpp"

namespace losslab::losses {

template <>
struct fast_path<mae> {
    static constexpr bool available = true;
    static void evaluate(const mae&, const batch<float>& b, output<float>& out) {
        using namespace simd;
        const f32x4 zero = splat(0.0f), one = splat(1.0f);
        run_elementwise(
            [&](f32x4 pred, f32x4 target, f32x4& value, f32x4& grad) {
                const f32x4 r = pred - target;
                value = abs(r);
                grad = as_float(as_int(copy_sign(one, r)) & (r != zero));  // ±1, and 0 at r = 0
            },
            b, out);
    }
};

}  // namespace losslab::losses
