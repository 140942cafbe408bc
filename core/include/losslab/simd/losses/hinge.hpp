#pragma once
/// Float fast path of losses::hinge, labels {0, 1} mapped to s = ±1 and the margin m = 1 − s·x:
///   l = max(0, m),   l' = −s where m > 0 (0 at the kink, as the reference).
#include "losslab/losses/hinge.hpp"
#include "losslab/simd/elementwise.hpp"
#include "losslab/simd/fast_path_base.hpp"

namespace losslab::losses {

template <>
struct fast_path<hinge> {
    static constexpr bool available = true;
    static void evaluate(const hinge&, const batch<float>& b, output<float>& out) {
        using namespace simd;
        const f32x4 zero = splat(0.0f), one = splat(1.0f);
        run_elementwise(
            [&](f32x4 x, f32x4 y, f32x4& value, f32x4& grad) {
                const f32x4 neg_s = select(y == one, -one, one);  // −s
                const f32x4 m = one + neg_s * x;                  // 1 − s·x
                value = max(m, zero);
                grad = as_float(as_int(neg_s) & (m > zero));
            },
            b, out);
    }
};

}  // namespace losslab::losses
