#pragma once
/// Float fast path of losses::asymmetric on predicted probabilities p:
///   l = c_fn·y·(1 − p) + c_fp·(1 − y)·p,   l' = −c_fn·y + c_fp·(1 − y).
#include "losslab/losses/asymmetric.hpp"
#include "losslab/simd/elementwise.hpp"
#include "losslab/simd/fast_path_base.hpp"

namespace losslab::losses {

template <>
struct fast_path<asymmetric> {
    static constexpr bool available = true;
    static void evaluate(const asymmetric& loss, const batch<float>& b, output<float>& out) {
        using namespace simd;
        const f32x4 fn = splat(float(loss.fn_cost)), fp = splat(float(loss.fp_cost)), one = splat(1.0f);
        run_elementwise(
            [&](f32x4 p, f32x4 y, f32x4& value, f32x4& grad) {
                const f32x4 not_y = one - y;
                value = fn * y * (one - p) + fp * not_y * p;
                grad = fp * not_y - fn * y;
            },
            b, out);
    }
};

}  // namespace losslab::losses
