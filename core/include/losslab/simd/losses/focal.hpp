#pragma once
/// Float fast path of losses::focal (labels 0/1), in the reference's log-space form with
/// s = 2y − 1, z = s·x, and one shared e = e^{−|z|}, t = e / (1 + e) = σ(−|z|):
///   softplus(±z) = max(±z, 0) + log1p(e),
///   σ(z) = h − c·t,  σ(−z) = (1 − h) + c·t   (c = ±1 with z's sign, h = max(c, 0): exact where
///                                             σ is small, no select),
///   l = α_t · softplus(−z) · e^{−γ softplus(z)},
///   l' = −s · α_t · e^{−γ softplus(z)} · [σ(−z) + γ σ(z) softplus(−z)].
/// One exp, one log1p and one division per element for γ in {0, 1, 2, 3}; one more exp otherwise.
#include "losslab/losses/focal.hpp"
#include "losslab/simd/elementwise.hpp"
#include "losslab/simd/fast_path_base.hpp"
#include "losslab/simd/math.hpp"

namespace losslab::losses {

template <>
struct fast_path<focal> {
    static constexpr bool available = true;
    static void evaluate(const focal& loss, const batch<float>& b, output<float>& out) {
        using namespace simd;
        const f32x4 zero = splat(0.0f), one = splat(1.0f), gamma = splat(float(loss.gamma));
        const bool weighted = loss.alpha >= 0;
        // α_t = α for y = 1, 1 − α for y = 0, as alpha_neg + y (alpha_pos − alpha_neg)
        const f32x4 alpha_neg = splat(weighted ? float(1 - loss.alpha) : 1.0f);
        const f32x4 alpha_step = splat(weighted ? float(loss.alpha) - float(1 - loss.alpha) : 0.0f);
        // (1 − p_t)^γ = e^{−γ softplus(z)} = σ(−z)^γ: for γ = 1, 2, 3 (2 is torchvision's default) a
        // product of σ(−z), which is computed anyway, replaces the second exp.
        const int integer_gamma = loss.gamma == 0 || loss.gamma == 1 || loss.gamma == 2 || loss.gamma == 3 ? int(loss.gamma) : -1;
        run_elementwise(
            [=](f32x4 x, f32x4 y, f32x4 e, f32x4& value, f32x4& grad) {
                const f32x4 minus_s = one - (y + y);  // −s = 1 − 2y: exact for y in {0, 1}
                const f32x4 z = -(minus_s * x);
                const f32x4 t = e / (one + e);
                const f32x4 tail = simd::log1p_unit(e);
                const f32x4 softplus_neg = max(-z, zero) + tail;  // −log p_t
                const f32x4 c = copy_sign(one, z);
                const f32x4 h = max(c, zero);
                const f32x4 ct = c * t;
                const f32x4 sig = h - ct;              // σ(z) = p_t
                const f32x4 sig_neg = (one - h) + ct;  // σ(−z) = 1 − p_t
                f32x4 modulation;
                switch (integer_gamma) {
                    case 0: modulation = one; break;
                    case 1: modulation = sig_neg; break;
                    case 2: modulation = sig_neg * sig_neg; break;
                    case 3: modulation = sig_neg * sig_neg * sig_neg; break;
                    default: modulation = simd::exp_nonpositive(-gamma * (max(z, zero) + tail));  // softplus(z)
                }
                const f32x4 weight = (alpha_neg + y * alpha_step) * modulation;
                value = weight * softplus_neg;
                grad = minus_s * weight * (sig_neg + gamma * sig * softplus_neg);
            },
            b, out, [](f32x4 x, f32x4) { return simd::exp_nonpositive(neg_abs(x)); });  // e = e^{−|z|} = e^{−|x|}, in a loop of its own
    }
};

}  // namespace losslab::losses
