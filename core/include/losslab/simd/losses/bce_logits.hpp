#pragma once
/// Float fast path of losses::bce_logits, one exp, one log1p and one division per element. With
/// e = e^{−|x|}, t = e / (1 + e) = σ(−|x|) and h = [x is not negative] (by the sign bit, so −0 counts
/// as negative and σ(±0) = 1/2 either way):
///   l  = log1p(e) + x (h − y)        (= max(x, 0) − x·y + log1p(e): x(1 − y) or −x·y, one rounding,
///                                      no cancellation for soft labels near 1, exact for hard ones)
///   l' = (h − y) ∓ t                 (σ(x) = h ∓ t: −t where x >= 0, +t where x < 0)
/// so for y = 1 and x >= 0 the derivative is exactly −σ(−x), as in the reference: it keeps its relative
/// precision when σ(x) ≈ 1. No per-lane select: h and the sign of t come from x's sign bit
/// (c = ±1, h = max(c, 0), l' = (h − y) − c·t).
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
            [=](f32x4 x, f32x4 y, f32x4 e, f32x4& value, f32x4& grad) {
                const f32x4 t = e / (one + e);
                // c = ±1 with x's sign, h = max(c, 0): arithmetic instead of a mask and a select
                const f32x4 c = copy_sign(one, x);
                const f32x4 h_minus_y = max(c, zero) - y;
                value = simd::log1p_unit(e) + x * h_minus_y;
                grad = h_minus_y - c * t;
            },
            b, out, [](f32x4 x, f32x4) { return simd::exp_nonpositive(neg_abs(x)); });  // e, in a loop of its own
    }
};

}  // namespace losslab::losses
