#pragma once
/// Float fast path of losses::log_cosh with a = |r|, r = ŷ − y, and one expm1 per element:
///   a < 1:  q = e^a − 1,   log cosh a = log1p(q² / (2(1 + q))),   tanh a = q(q+2) / (q(q+2) + 2)
///           (cosh a − 1 = (e^a − 1)² / (2e^a): full relative precision near the minimum, as the
///           reference's sinh form);
///   a ≥ 1:  t = e^{−2a} − 1,   log cosh a = a + log1p(1 + t) − log 2,   tanh a = −t / (2 + t).
/// The gradient takes the sign of r back. One expm1, one log1p and two divisions per element (the branches share them).
#include "losslab/losses/log_cosh.hpp"
#include "losslab/simd/elementwise.hpp"
#include "losslab/simd/fast_path_base.hpp"
#include "losslab/simd/math.hpp"

namespace losslab::losses {

template <>
struct fast_path<log_cosh> {
    static constexpr bool available = true;
    static void evaluate(const log_cosh&, const batch<float>& b, output<float>& out) {
        using namespace simd;
        const f32x4 one = splat(1.0f), two = splat(2.0f), ln2 = splat(0.693147181f);
        run_elementwise(
            [&](f32x4 pred, f32x4 target, f32x4& value, f32x4& grad) {
                const f32x4 r = pred - target;
                const f32x4 a = abs(r);
                const i32x4 small = a < one;
                const f32x4 q = simd::expm1(select(small, a, splat(-2.0f) * min(a, splat(40.0f))));
                const f32x4 q2 = q * (q + two);  // e^{2a} − 1 on the small branch
                // the argument is in [0, 0.55] on the small branch and in (0, e^-2] on the large one
                const f32x4 l = simd::log1p_unit(select(small, q * q, one + q) / select(small, two * (one + q), one));
                value = select(small, l, (a - ln2) + l);
                const f32x4 t = select(small, q2, -q) / select(small, q2 + two, two + q);
                grad = copy_sign(t, r);
            },
            b, out);
    }
};

}  // namespace losslab::losses
