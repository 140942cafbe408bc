#pragma once
/// Float fast path of losses::cross_entropy (rows of K logits, one class index per row), for the
/// common case without class weights and label smoothing (any other case runs the reference
/// code in float). Per row, as the reference: m = the row maximum (first one), e_k = e^{x_k − m}
/// (four classes at a time), rest = Σ_{k≠top} e_k, then
///   l = (m − x_c) + log1p(rest),   l'_k = e_k / (1 + rest) − [k = c],
/// with 1 − p_c summed from the other classes (no cancellation when p_c ≈ 1). The log1p runs over
/// four rows at once, and row i's value lands in lane i mod 4 of the double accumulator.
#include <cstddef>

#include "losslab/losses/cross_entropy.hpp"
#include "losslab/simd/fast_path_base.hpp"
#include "losslab/simd/math.hpp"

namespace losslab::losses {

template <>
struct fast_path<cross_entropy> {
    static constexpr bool available = true;
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
        const i32x4 lane_index = {0, 1, 2, 3};

        for (std::size_t first = 0; first < rows; first += lanes) {
            const std::size_t group = rows - first < lanes ? rows - first : lanes;
            f32x4 rest = splat(0.0f), max_minus_target = splat(0.0f);
            std::size_t tops[lanes] = {0, 0, 0, 0};
            for (std::size_t j = 0; j < group; ++j) {
                const float* x = b.input + (first + j) * classes;
                float* g = out.grad + (first + j) * classes;
                std::size_t top = 0;
                for (std::size_t k = 1; k < classes; ++k) top = x[k] > x[top] ? k : top;
                tops[j] = top;
                const float m = x[top];
                f32x4 sum = splat(0.0f);
                for (std::size_t k = 0; k < classes; k += lanes) {
                    const std::size_t count = classes - k < lanes ? classes - k : lanes;
                    const f32x4 e = simd::exp((count == lanes ? load(x + k) : load_partial(x + k, count, m)) - splat(m));
                    // the top class and the padding lanes are left out of `rest`
                    const i32x4 keep = (lane_index < splat_i(std::int32_t(count))) &
                                       (lane_index != splat_i(std::int32_t(top) - std::int32_t(k)));
                    sum += select(keep, e, splat(0.0f));
                    if (count == lanes) {
                        store(g + k, e);
                    } else {
                        store_partial(g + k, e, count);
                    }
                }
                rest[j] = (sum[0] + sum[1]) + (sum[2] + sum[3]);
                max_minus_target[j] = m - x[std::size_t(b.target[first + j])];
            }
            f32x4 value = max_minus_target + simd::log1p(rest);
            const f32x4 inv_total = splat(1.0f) / (splat(1.0f) + rest);
            for (std::size_t j = 0; j < group; ++j) {
                const std::size_t i = first + j;
                float* g = out.grad + i * classes;
                const std::size_t c = std::size_t(b.target[i]);
                const float w = b.weights ? b.weights[i] : 1.0f;
                const float factor = float(double(w) * scale);
                const float inv = inv_total[j];
                // Σ_{k≠c} e_k: `rest` when c is the top class, else 1 + rest − e_c.
                const float not_c = c == tops[j] ? rest[j] : (1.0f + rest[j]) - g[c];
                const f32x4 f = splat(inv * factor);
                std::size_t k = 0;
                for (; k + lanes <= classes; k += lanes) store(g + k, load(g + k) * f);
                for (; k < classes; ++k) g[k] = g[k] * (inv * factor);
                g[c] = -not_c * (inv * factor);
                if (b.weights) value[j] = value[j] * w;
                if (per_sample) out.per_sample[i] = value[j];
            }
            total.add(select(lane_index < splat_i(std::int32_t(group)), value, splat(0.0f)));
        }
        out.value = per_sample ? 0.0 : total.total() * scale;
    }
};

}  // namespace losslab::losses
