#pragma once
/// Float fast path of losses::squared_hinge, labels {0, 1} mapped to s = ±1 and the margin
/// m = 1 − s·x:   l = max(0, m)²,   l' = −2s·max(0, m).
#include "losslab/losses/squared_hinge.hpp"
#include "losslab/simd/elementwise.hpp"
#include "losslab/simd/fast_path_base.hpp"

namespace losslab::losses {

template <>
struct fast_path<squared_hinge> {
    static constexpr bool available = true;
    static void evaluate(const squared_hinge&, const batch<float>& b, output<float>& out) {
        using namespace simd;
        const f32x4 zero = splat(0.0f), one = splat(1.0f);
        run_elementwise(
            [&](f32x4 x, f32x4 y, f32x4& value, f32x4& grad) {
                const f32x4 neg_s = select(y == one, -one, one);
                const f32x4 m = max(one + neg_s * x, zero);
                value = m * m;
                grad = (neg_s + neg_s) * m;
            },
            b, out);
    }
};

}  // namespace losslab::losses
