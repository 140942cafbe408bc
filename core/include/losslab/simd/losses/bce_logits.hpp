#pragma once
/// Float fast path of losses::bce_logits, one exp, one log1p and one division per element:
///   e = e^{−|x|},  l = (max(x, 0) − x·y) + log1p(e),  l' = σ(x) − y,
/// where max(x, 0) − x·y is formed as x(1 − y) or −x·y (one rounding, no cancellation for soft
/// labels near 1, exact for hard labels), and for y = 1 the
/// derivative is −σ(−x), as in the reference, so it keeps its relative precision when σ(x) ≈ 1.
#include "losslab/losses/bce_logits.hpp"
#include "losslab/simd/elementwise.hpp"
#include "losslab/simd/fast_path_base.hpp"
#include "losslab/simd/math.hpp"

namespace losslab::losses {

template <>
struct fast_path<bce_logits> {
    static constexpr bool available = true;
    static void evaluate(const bce_logits&, const batch<float>& b, output<float>& out) {
        using namespace simd;
        const f32x4 zero = splat(0.0f), one = splat(1.0f);
        run_elementwise(
            [&](f32x4 x, f32x4 y, f32x4& value, f32x4& grad) {
                const f32x4 e = simd::exp_nonpositive(neg_abs(x));
                // max(x, 0) − x·y as x(1 − y) or −x·y: one rounding (1 − y is exact for y >= 1/2),
                // subtracted as x(y − 1) or x·y (the same bits, without a negation)
                value = simd::log1p_unit(e) - select(x > zero, x * (y - one), x * y);
                const f32x4 inv = one / (one + e);
                const i32x4 negative = x < zero;
                const f32x4 sig = select(negative, e * inv, inv);       // σ(x)
                const f32x4 sig_neg = select(negative, inv, e * inv);   // σ(−x)
                grad = select(y == one, -sig_neg, sig - y);
            },
            b, out);
    }
};

}  // namespace losslab::losses
