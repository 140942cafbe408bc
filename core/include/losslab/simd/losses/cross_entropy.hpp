#pragma once
/// Float fast path of losses::cross_entropy (rows of K logits, one class index per row), for the
/// common case without class weights and label smoothing (any other case runs the reference
/// code in float). Per row, as the reference: m = the row maximum, e_k = e^{x_k − m} (four classes at
/// a time), rest = Σ_{k≠top} e_k over every class but the first maximum, then
///   l = (m − x_c) + log1p(rest),   l'_k = e_k / (1 + rest) − [k = c],
/// with 1 − p_c summed from the other classes (no cancellation when p_c ≈ 1). Four rows run side
/// by side (lane j = row i + j), so every vector is full whatever K is, and row i's value lands
/// in lane i mod 4 of the double accumulator.
#include <algorithm>
#include <cstddef>
#include <vector>

#include "losslab/losses/cross_entropy.hpp"
#include "losslab/simd/fast_path_base.hpp"
#include "losslab/simd/math.hpp"

namespace losslab::losses {

template <>
struct fast_path<cross_entropy> {
    static constexpr bool available = true;
    /// Where one run of row groups reads and writes: the full groups of four rows in place, then
    /// the rows mod 4 copied into padded local buffers (padding rows repeat the segment's first
    /// row and are masked out of the sum). Every group is then exactly four rows, so the gathers
    /// and scatters below are fixed four-lane sequences with no per-row branch, and the loop body
    /// is emitted once (the loop over the two segments is kept rolled).
    struct segment {
        const float* input;
        const float* target;
        const float* weights;  ///< nullptr: no sample weights
        float* grad;
        float* per_sample;  ///< nullptr: reduced
        std::size_t rows;   ///< a multiple of four
        simd::i32x4 mask;   ///< the lanes that hold real rows
    };

    /// Four rows at once, lane j = row first + j: the max, the exps, the sums and the log1p are all
    /// full vectors whatever K is, and each lane adds its row's terms in class order (the
    /// reference's order).
    static void rows_in_lanes(const segment& seg, std::size_t classes, double scale, simd::f32x4* const xs,
                              simd::f32x4* const es, simd::lane_sum& total) {
        using namespace simd;
        const f32x4 one = splat(1.0f), factor_scale = splat(float(scale));
        for (std::size_t first = 0; first < seg.rows; first += lanes) {
            const float* row[lanes];
            float* g[lanes];
            std::int32_t cls[lanes];
            for (std::size_t j = 0; j < lanes; ++j) {
                row[j] = seg.input + (first + j) * classes;
                g[j] = seg.grad + (first + j) * classes;
                cls[j] = std::int32_t(seg.target[first + j]);
            }
            // Classes four at a time: four contiguous loads (one per row) and a 4x4 transpose. When K is
            // not a multiple of 4 the last block overlaps the one before it (classes K−4 .. K−1): its
            // classes are loaded and stored twice with the same values. Only K < 4 goes lane by lane.
            f32x4 m = f32x4{row[0][0], row[1][0], row[2][0], row[3][0]};
            if (classes >= lanes) {
                for (std::size_t k = 0; k < classes; k += lanes) {
                    const std::size_t at = std::min(k, classes - lanes);
                    f32x4 v0 = load(row[0] + at), v1 = load(row[1] + at), v2 = load(row[2] + at), v3 = load(row[3] + at);
                    transpose4(v0, v1, v2, v3);
                    xs[at] = v0, xs[at + 1] = v1, xs[at + 2] = v2, xs[at + 3] = v3;
                    m = max(max(m, v0), max(v1, max(v2, v3)));
                }
            } else {
                for (std::size_t k = 0; k < classes; ++k) {
                    const f32x4 v = f32x4{row[0][k], row[1][k], row[2][k], row[3][k]};
                    xs[k] = v;
                    m = max(m, v);
                }
            }
            // rest = Σ_{k≠top} e_k: the classes below the maximum, plus 1 (= e^0) for every tie of the
            // maximum after the first, so no index of the top class needs tracking
            f32x4 rest = splat(0.0f);
            i32x4 minus_ties = splat_i(0);  // −(number of classes equal to the maximum)
            // not unrolled: two exps side by side need more registers than V8's x64 back end has, and
            // the spills cost more than the loop overhead saved
#if defined(__clang__)
#pragma clang loop unroll(disable)
#endif
            for (std::size_t k = 0; k < classes; ++k) {
                const f32x4 d = xs[k] - m;
                const f32x4 e = simd::exp_nonpositive(d);
                es[k] = e;
                const i32x4 at_max = d == splat(0.0f);
                rest += as_float(as_int(e) & ~at_max);
                minus_ties += at_max;
            }
            rest += to_float(splat_i(-1) - minus_ties);
            const f32x4 x_c = f32x4{row[0][cls[0]], row[1][cls[1]], row[2][cls[2]], row[3][cls[3]]};
            const f32x4 e_c = f32x4{es[cls[0]][0], es[cls[1]][1], es[cls[2]][2], es[cls[3]][3]};
            f32x4 value = (m - x_c) + simd::log1p(rest);
            const f32x4 inv = one / (one + rest);
            // Σ_{k≠c} e_k: `rest` when c is a maximum, else 1 + rest − e_c (no cancellation)
            const f32x4 not_c = select(x_c == m, rest, (one + rest) - e_c);
            const f32x4 weight = seg.weights ? load(seg.weights + first) : one;
            const f32x4 factor = inv * (weight * factor_scale);
            if (classes >= lanes) {
                for (std::size_t k = 0; k < classes; k += lanes) {  // the gather's blocks and transpose, backwards
                    const std::size_t at = std::min(k, classes - lanes);
                    f32x4 g0 = es[at] * factor, g1 = es[at + 1] * factor, g2 = es[at + 2] * factor, g3 = es[at + 3] * factor;
                    transpose4(g0, g1, g2, g3);
                    store(g[0] + at, g0), store(g[1] + at, g1), store(g[2] + at, g2), store(g[3] + at, g3);
                }
            } else {
                for (std::size_t k = 0; k < classes; ++k) {
                    const f32x4 gk = es[k] * factor;
                    for (std::size_t j = 0; j < lanes; ++j) g[j][k] = gk[j];
                }
            }
            const f32x4 g_c = -not_c * factor;
            for (std::size_t j = 0; j < lanes; ++j) g[j][cls[j]] = g_c[j];
            value = value * weight;
            if (seg.per_sample) store(seg.per_sample + first, value);
            total.add(as_float(as_int(value) & seg.mask));
        }
    }

    static void evaluate(const cross_entropy& loss, const batch<float>& b, output<float>& out) {
        if (b.class_weights || loss.label_smoothing != 0) {
            evaluate_in_double(loss, b, out);
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

        const std::size_t tail = rows % lanes, full = rows - tail;
        // the padded tail group: rows full.. copied, padding rows repeating row `full`
        std::vector<float> tail_input(lanes * classes), tail_grad(lanes * classes);
        alignas(16) float tail_target[lanes] = {0, 0, 0, 0}, tail_weight[lanes] = {0, 0, 0, 0}, tail_value[lanes];
        for (std::size_t j = 0; tail && j < lanes; ++j) {
            const std::size_t r = full + (j < tail ? j : 0);
            std::copy(b.input + r * classes, b.input + (r + 1) * classes, tail_input.begin() + std::ptrdiff_t(j * classes));
            tail_target[j] = b.target[r];
            if (b.weights) tail_weight[j] = b.weights[r];
        }
        // the rows of the segment that are real (the padded group: the first `tail` lanes)
        const segment segments[2] = {
            {b.input, b.target, b.weights, out.grad, per_sample ? out.per_sample : nullptr, full, splat_i(-1)},
            {tail_input.data(), tail_target, b.weights ? tail_weight : nullptr, tail_grad.data(), per_sample ? tail_value : nullptr,
             tail ? lanes : 0, i32x4{0, 1, 2, 3} < splat_i(std::int32_t(tail))},
        };
        std::vector<f32x4> xs(classes), es(classes);  // one row group of logits and of exps
#if defined(__clang__)
#pragma clang loop unroll(disable)
#elif defined(__GNUC__)
#pragma GCC unroll 1
#endif
        for (const segment& seg : segments) rows_in_lanes(seg, classes, scale, xs.data(), es.data(), total);
        std::copy(tail_grad.begin(), tail_grad.begin() + std::ptrdiff_t(tail * classes), out.grad + full * classes);
        if (per_sample) std::copy(tail_value, tail_value + tail, out.per_sample + full);
        out.value = per_sample ? 0.0 : total.total() * scale;
    }
};

}  // namespace losslab::losses
