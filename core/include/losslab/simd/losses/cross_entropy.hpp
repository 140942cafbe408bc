#pragma once
/// Float fast path of losses::cross_entropy (rows of K logits, one class index per row), for the
/// common case without class weights and label smoothing (any other case runs the reference
/// code in float). Per row, as the reference: m = the row maximum (first one), e_k = e^{x_k − m}
/// (four classes at a time), rest = Σ_{k≠top} e_k, then
///   l = (m − x_c) + log1p(rest),   l'_k = e_k / (1 + rest) − [k = c],
/// with 1 − p_c summed from the other classes (no cancellation when p_c ≈ 1). Four rows run side
/// by side (lane j = row i + j), so every vector is full whatever K is, and row i's value lands
/// in lane i mod 4 of the double accumulator.
#include <cstddef>
#include <vector>

#include "losslab/losses/cross_entropy.hpp"
#include "losslab/simd/fast_path_base.hpp"
#include "losslab/simd/math.hpp"

namespace losslab::losses {

template <>
struct fast_path<cross_entropy> {
    static constexpr bool available = true;
    /// Four rows at once, lane j = row first + j: the max, the exps, the sums and the log1p are all
    /// full vectors whatever K is, and each lane adds its row's terms in class order (the
    /// reference's order). Rows are gathered into a small buffer once and scattered back once.
    static void rows_in_lanes(const batch<float>& b, output<float>& out, double scale, simd::lane_sum& total) {
        using namespace simd;
        const std::size_t classes = b.classes;
        const std::size_t rows = b.input_size / classes;
        const bool per_sample = b.reduce == reduction::none;
        const i32x4 lane_index = {0, 1, 2, 3};
        std::vector<f32x4> xs(classes), es(classes);  // one row-group of logits and of exps
        for (std::size_t first = 0; first < rows; first += lanes) {
            const std::size_t group = rows - first < lanes ? rows - first : lanes;
            const float* row[lanes];
            std::int32_t cls[lanes];
            for (std::size_t j = 0; j < lanes; ++j) {
                const std::size_t r = first + (j < group ? j : 0);  // padding lanes repeat a real row
                row[j] = b.input + r * classes;
                cls[j] = std::int32_t(b.target[r]);
            }
            f32x4 m = f32x4{row[0][0], row[1][0], row[2][0], row[3][0]};
            i32x4 top = splat_i(0);
            xs[0] = m;
            for (std::size_t k = 1; k < classes; ++k) {
                const f32x4 v = f32x4{row[0][k], row[1][k], row[2][k], row[3][k]};
                xs[k] = v;
                const i32x4 greater = v > m;  // strict: the first maximum wins, as in the reference
                m = select(greater, v, m);
                top = (greater & splat_i(std::int32_t(k))) | (~greater & top);
            }
            f32x4 rest = splat(0.0f);
            for (std::size_t k = 0; k < classes; ++k) {
                const f32x4 e = simd::exp_nonpositive(xs[k] - m);
                es[k] = e;
                rest += select(top == splat_i(std::int32_t(k)), splat(0.0f), e);
            }
            const f32x4 x_c = f32x4{row[0][cls[0]], row[1][cls[1]], row[2][cls[2]], row[3][cls[3]]};
            const f32x4 e_c = f32x4{es[cls[0]][0], es[cls[1]][1], es[cls[2]][2], es[cls[3]][3]};
            const i32x4 c = i32x4{cls[0], cls[1], cls[2], cls[3]};
            f32x4 value = (m - x_c) + simd::log1p(rest);
            const f32x4 one = splat(1.0f);
            const f32x4 inv = one / (one + rest);
            // Σ_{k≠c} e_k: `rest` when c is the top class, else 1 + rest − e_c (no cancellation)
            const f32x4 not_c = select(c == top, rest, (one + rest) - e_c);
            f32x4 weight = splat(1.0f);
            if (b.weights) {
                for (std::size_t j = 0; j < lanes; ++j) weight[j] = b.weights[first + (j < group ? j : 0)];
            }
            const f32x4 factor = inv * (weight * splat(float(scale)));
            float* g[lanes];
            for (std::size_t j = 0; j < lanes; ++j) g[j] = out.grad + (first + j) * classes;
            for (std::size_t k = 0; k < classes; ++k) {
                const f32x4 gk = es[k] * factor;
                for (std::size_t j = 0; j < group; ++j) g[j][k] = gk[j];
            }
            const f32x4 g_c = -not_c * factor;
            for (std::size_t j = 0; j < group; ++j) g[j][cls[j]] = g_c[j];
            if (b.weights) value = value * weight;
            if (per_sample) {
                for (std::size_t j = 0; j < group; ++j) out.per_sample[first + j] = value[j];
            }
            total.add(select(lane_index < splat_i(std::int32_t(group)), value, splat(0.0f)));
        }
    }

    static void evaluate(const cross_entropy& loss, const batch<float>& b, output<float>& out) {
        if (b.class_weights || loss.label_smoothing != 0) {
            loss.evaluate(b, out);
            return;
        }
        using namespace simd;
        const std::size_t classes = b.classes;
        const std::size_t rows = b.input_size / classes;
        double weight_sum = double(rows);
        if (b.weights) {
            weight_sum = 0;
            for (std::size_t i = 0; i < rows; ++i) weight_sum += double(b.weights[i]);
        }
        const double scale = reduction_scale(b.reduce, weight_sum);
        const bool per_sample = b.reduce == reduction::none;
        lane_sum total;
        rows_in_lanes(b, out, scale, total);
        out.value = per_sample ? 0.0 : total.total() * scale;
    }
};

}  // namespace losslab::losses
