#pragma once
/// Float fast path of losses::log_cosh with a = |r|, r = ŷ − y, and one expm1 of −a per element,
/// q = e^{−a} − 1 in (−1, 0]:
///   tanh a = p / (2 − p),  p = −q (2 + q) = 1 − e^{−2a}   (no cancellation at either end),
///   a < 1:  log cosh a = log1p(q² / (2(1 + q)))   (cosh a − 1 = 2 sinh²(a/2) = q² / (2e^{−a}):
///                                                  full relative precision near the minimum, as
///                                                  the reference's sinh form),
///   a ≥ 1:  log cosh a = a − log 2 + log1p((1 + q)²)   ((1 + q)² = e^{−2a}; the absolute error of
///                                                  1 + q is ~1e-7 · e^{−a} relative to a term
///                                                  that is added to a − log 2 >= 0.3).
/// The gradient takes the sign of r back. Two divisions per element: log1p_unit_ratio takes the
/// quotient and its logarithm in one, and tanh has the other.
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
        const i32x4 sign_mask = splat_i(std::int32_t(0x80000000u));
        run_elementwise(
            [=](f32x4 pred, f32x4 target, f32x4 q, f32x4& value, f32x4& grad) {
                const f32x4 r = pred - target;
                const f32x4 a = abs(r);
                const i32x4 small = a < one;
                const f32x4 one_q = one + q;  // e^{−a}
                // log1p of q² / (2(1 + q)) in [0, 0.55] (small) or of (1 + q)² in (0, e^-2] (large)
                const f32x4 u = select(small, q, one_q);
                const f32x4 l = simd::log1p_unit_ratio(u * u, select(small, one_q + one_q, one));
                value = select(small, l, (a - ln2) + l);
                const f32x4 p = q * (splat(-2.0f) - q);
                grad = as_float(as_int(p / (two - p)) | (as_int(r) & sign_mask));  // tanh a >= 0, with r's sign
            },
            b, out, [](f32x4 pred, f32x4 target) { return simd::expm1_nonpositive(neg_abs(pred - target)); });  // q, in a loop of its own
    }
};

}  // namespace losslab::losses
