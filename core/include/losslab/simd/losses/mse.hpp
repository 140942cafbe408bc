#pragma once
/// Float fast path of losses::mse: l = r², l' = 2r with r = ŷ − y (exact up to one rounding each).
#include "losslab/losses/mse.hpp"
#include "losslab/simd/elementwise.hpp"
#include "losslab/simd/fast_path_base.hpp"

namespace losslab::losses {

template <>
struct fast_path<mse> {
    static constexpr bool available = true;
    static void evaluate(const mse&, const batch<float>& b, output<float>& out) {
        simd::run_elementwise(
            [](simd::f32x4 pred, simd::f32x4 target, simd::f32x4& value, simd::f32x4& grad) {
                const simd::f32x4 r = pred - target;
                value = r * r;
                grad = r + r;
            },
            b, out);
    }
};

}  // namespace losslab::losses
