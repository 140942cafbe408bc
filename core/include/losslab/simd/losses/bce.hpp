#pragma once
/// Float fast path of losses::bce on probabilities p, as torch.nn.BCELoss:
///   l = −(y·max(log p, −100) + (1 − y)·max(log(1 − p), −100)),
///   l' = (p − y) / max(p(1 − p), 1e-12).
/// log p: subnormal p are scaled by 2^24 first (simd::log takes normal floats), and p = 0 lands
/// below −100, so the clamp gives −100 as the reference. log(1 − p) is log1p(−p), accurate for
/// tiny p; p = 1 (log 0) is the clamp's −100.
#include "losslab/losses/bce.hpp"
#include "losslab/simd/elementwise.hpp"
#include "losslab/simd/fast_path_base.hpp"
#include "losslab/simd/math.hpp"

namespace losslab::losses {

template <>
struct fast_path<bce> {
    static constexpr bool available = true;
    static void evaluate(const bce&, const batch<float>& b, output<float>& out) {
        using namespace simd;
        const f32x4 one = splat(1.0f), floor = splat(-100.0f);
        const f32x4 normal_min = splat(0x1p-126f), scale_up = splat(0x1p24f), scale_log = splat(24.0f * 0.693147181f);
        run_elementwise(
            [&](f32x4 p, f32x4 y, f32x4& value, f32x4& grad) {
                const i32x4 subnormal = p < normal_min;
                const f32x4 log_p = max(simd::log(select(subnormal, p * scale_up, p)) - as_float(as_int(scale_log) & subnormal), floor);
                const i32x4 certain = p == one;
                const f32x4 log_not_p = select(certain, floor, max(simd::log1p(-as_float(as_int(p) & ~certain)), floor));
                value = -(y * log_p + (one - y) * log_not_p);
                grad = (p - y) / max(p * (one - p), splat(1e-12f));
            },
            b, out);
    }
};

}  // namespace losslab::losses
