#pragma once
/// Float fast path of losses::log_cosh with a = |r|, r = ŷ − y, and one expm1 of a non-positive
/// argument per element:
///   a < 1:  q = e^{−a} − 1 in (−0.64, 0],
///           log cosh a = log1p(q² / (2(1 + q)))   (cosh a − 1 = 2 sinh²(a/2) = q² / (2e^{−a}):
///                                                   full relative precision near the minimum,
///                                                   as the reference's sinh form),
///           tanh a = p / (2 − p) with p = −q(2 + q) = 1 − e^{−2a};
///   a ≥ 1:  q = e^{−2a} − 1,   log cosh a = a + log1p(1 + q) − log 2,   tanh a = −q / (2 + q).
/// The gradient takes the sign of r back. Two divisions per element: log1p_unit_ratio takes the
/// small branch's quotient and its logarithm in one, and tanh has the other.
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
                // −a, or −2a (clamped where e^{−2a} − 1 is −1 in float anyway)
                const f32x4 q = simd::expm1_nonpositive(select(small, neg_abs(r), splat(-2.0f) * min(a, splat(40.0f))));
                // the argument of log1p is in [0, 0.55] on the small branch and in (0, e^-2] on the large one
                const f32x4 l = simd::log1p_unit_ratio(select(small, q * q, one + q), select(small, two * (one + q), one));
                value = select(small, l, (a - ln2) + l);
                const f32x4 p = q * (splat(-2.0f) - q);
                const f32x4 t = select(small, p, -q) / select(small, two - p, two + q);
                grad = copy_sign(t, r);
            },
            b, out);
    }
};

}  // namespace losslab::losses
