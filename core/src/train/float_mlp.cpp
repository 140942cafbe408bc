#include "losslab/train/float_mlp.hpp"

#include <algorithm>
#include <cmath>

#include "losslab/format.hpp"
#include "losslab/losses/registry.hpp"
#include "losslab/simd/math.hpp"

namespace losslab::train {
namespace {

using simd::f32x4;
using simd::lanes;

std::size_t round_up(std::size_t w) { return (w + lanes - 1) / lanes * lanes; }

/// C = init + L·R for the `columns` columns of C starting at `col` (V blocks of four), where
/// L(r, t) = left[r·row_stride + t·inner_stride] (r < rows, t < inner), R(t, ·) = right[t·width + ·]
/// and C(r, ·) = c[r·width + ·]; init (a row of `width`, or null for zeros) starts every row.
/// Two rows at a time share each load of R: 2V accumulators + V loads + 2 splats stay within the
/// 15 vector registers V8 allocates for V = 4. Each element's sum runs t = 0, 1, … in order.
template <std::size_t V>
void multiply_block(const float* left, std::size_t rows, std::size_t row_stride, std::size_t inner,
                    std::size_t inner_stride, const float* right, std::size_t width, std::size_t col,
                    const float* init, float* c) {
    for (std::size_t r = 0; r < rows; r += 2) {
        const bool pair = r + 1 < rows;
        const float* l0 = left + r * row_stride;
        const float* l1 = pair ? l0 + row_stride : l0;
        f32x4 acc0[V], acc1[V];
        for (std::size_t v = 0; v < V; ++v) acc0[v] = acc1[v] = init ? simd::load(init + col + v * lanes) : simd::splat(0.0f);
        for (std::size_t t = 0; t < inner; ++t) {
            const f32x4 s0 = simd::splat(l0[t * inner_stride]), s1 = simd::splat(l1[t * inner_stride]);
            const float* rt = right + t * width + col;
            for (std::size_t v = 0; v < V; ++v) {
                const f32x4 rv = simd::load(rt + v * lanes);
                acc0[v] = acc0[v] + s0 * rv;
                acc1[v] = acc1[v] + s1 * rv;
            }
        }
        for (std::size_t v = 0; v < V; ++v) simd::store(c + r * width + col + v * lanes, acc0[v]);
        if (pair)
            for (std::size_t v = 0; v < V; ++v) simd::store(c + (r + 1) * width + col + v * lanes, acc1[v]);
    }
}

/// C (rows × width, width a multiple of 4) = init + L·R in column chunks of 16 (see multiply_block).
void multiply(const float* left, std::size_t rows, std::size_t row_stride, std::size_t inner, std::size_t inner_stride,
              const float* right, std::size_t width, const float* init, float* c) {
    for (std::size_t col = 0; col < width; col += 4 * lanes) {
        switch (std::min<std::size_t>(4, (width - col) / lanes)) {
            case 4: multiply_block<4>(left, rows, row_stride, inner, inner_stride, right, width, col, init, c); break;
            case 3: multiply_block<3>(left, rows, row_stride, inner, inner_stride, right, width, col, init, c); break;
            case 2: multiply_block<2>(left, rows, row_stride, inner, inner_stride, right, width, col, init, c); break;
            default: multiply_block<1>(left, rows, row_stride, inner, inner_stride, right, width, col, init, c); break;
        }
    }
}

}  // namespace

status float_mlp::create(const models::model& model, const losses::bound_loss& loss, link l, const penalty& p,
                         float_mlp& out) {
    out = float_mlp{};
    const losses::loss_info& info = loss.info();
    if (l == link::exp) {
        return status::failure("precision: 'float32' does not support the log link of model '" + model.name() +
                               "' with loss '" + info.name + "' (a loss on means) yet; use precision: 'float64'");
    }
    if (l == link::sigmoid) {
        return status::failure("precision: 'float32' needs a loss on logits for a binary model; loss '" + info.name +
                               "' takes probabilities (use its logits form, or precision: 'float64')");
    }
    const auto& widths = model.layer_widths();
    std::size_t offset = 0;
    for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
        layer ly;
        ly.in = widths[l];
        ly.out = widths[l + 1];
        ly.padded = round_up(ly.out);
        ly.in_padded = l == 0 ? widths[0] : round_up(widths[l]);
        ly.offset = offset;
        offset += ly.in * ly.out + ly.out;
        out.layers_.push_back(ly);
        out.weights_.emplace_back(ly.in * ly.padded, 0.0f);
        out.transposed_.emplace_back(ly.padded * ly.in_padded, 0.0f);
        out.biases_.emplace_back(ly.padded, 0.0f);
        out.weight_grads_.emplace_back(ly.in * ly.padded, 0.0f);
        out.bias_grads_.emplace_back(ly.padded, 0.0f);
    }
    out.activations_.resize(out.layers_.size() + 1);
    out.weight_mask_ = model.weight_mask();
    out.loss_ = info.name;
    out.loss_params_ = loss.params();
    out.multiclass_ = model.kind() == models::task::multiclass;
    out.relu_ = model.relu();
    out.l1_ = p.l1;
    out.l2_ = p.l2;
    return status::success();
}

void float_mlp::load_parameters(const double* theta) const {
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        const layer& ly = layers_[l];
        float* w = weights_[l].data();
        float* wt = transposed_[l].data();
        for (std::size_t j = 0; j < ly.in; ++j) {
            for (std::size_t k = 0; k < ly.out; ++k) {
                const float v = float(theta[ly.offset + j * ly.out + k]);
                w[j * ly.padded + k] = v;
                wt[k * ly.in_padded + j] = v;
            }
        }
        for (std::size_t k = 0; k < ly.out; ++k) biases_[l][k] = float(theta[ly.offset + ly.in * ly.out + k]);
    }
}

status float_mlp::objective(const double* theta, const double* x, const double* y, std::size_t n, double& value,
                            std::vector<double>* grad) const {
    load_parameters(theta);
    const std::size_t depth = layers_.size();
    const std::size_t features = layers_.front().in;
    input_.assign(x, x + n * features);
    target_.assign(y, y + n);
    for (std::size_t i = 0; i < input_.size(); ++i) {
        if (std::isinf(input_[i]) && std::isfinite(x[i])) {
            return status::failure("precision 'float32': x[" + std::to_string(i) + "] = " + format_number(x[i]) +
                                   " is beyond the float range (use precision 'float64')");
        }
    }

    // Forward: a_{l+1} = act(a_l W_l + b_l), the last layer without activation.
    const float* a = input_.data();
    std::size_t a_stride = features;
    for (std::size_t l = 0; l < depth; ++l) {
        const layer& ly = layers_[l];
        std::vector<float>& z = activations_[l + 1];
        z.resize(n * ly.padded);
        multiply(a, n, a_stride, ly.in, 1, weights_[l].data(), ly.padded, biases_[l].data(), z.data());
        if (l + 1 < depth) {
            float* p = z.data();
            for (std::size_t i = 0; i < z.size(); i += lanes) {
                const f32x4 v = simd::load(p + i);
                simd::store(p + i, relu_ ? simd::max(v, simd::splat(0.0f)) : simd::tanh(v));
            }
        }
        a = z.data();
        a_stride = ly.padded;
    }

    // The loss on the real outputs (n × K, K = 1 unless multiclass).
    const layer& last = layers_.back();
    const std::size_t k = last.out;
    output_.resize(n * k);
    output_grad_.resize(n * k);
    const float* z = activations_[depth].data();
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < k; ++c) output_[i * k + c] = z[i * last.padded + c];
    losses::batch<float> b;
    b.input = output_.data();
    b.input_size = n * k;
    b.target = target_.data();
    b.target_size = n;
    b.classes = multiclass_ ? k : 0;
    losses::output<float> o;
    o.grad = output_grad_.data();
    status s = losses::evaluate(loss_, loss_params_, b, o);
    if (!s.ok()) return s;
    value = o.value;
    const std::size_t count = weight_mask_.size();
    for (std::size_t i = 0; i < count; ++i) {
        if (weight_mask_[i]) value += l1_ * std::abs(theta[i]) + 0.5 * l2_ * theta[i] * theta[i];
    }
    if (!grad) return status::success();

    // Backward: δ_L = dloss/dz, then per layer dW = a_lᵀ δ, db = 1ᵀ δ and δ_{l-1} = (δ W_lᵀ) ⊙ act'(a_l).
    delta_.assign(n * last.padded, 0.0f);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < k; ++c) delta_[i * last.padded + c] = output_grad_[i * k + c];
    static const float one = 1.0f;
    grad->resize(count);
    for (std::size_t l = depth; l-- > 0;) {
        const layer& ly = layers_[l];
        const float* input = l == 0 ? input_.data() : activations_[l].data();
        const std::size_t in_stride = l == 0 ? features : ly.in_padded;
        // dW(j, ·) = Σ_i a(i, j) δ(i, ·): rows j of aᵀ, read with stride in_stride
        multiply(input, ly.in, 1, n, in_stride, delta_.data(), ly.padded, nullptr, weight_grads_[l].data());
        multiply(&one, 1, 0, n, 0, delta_.data(), ly.padded, nullptr, bias_grads_[l].data());
        for (std::size_t j = 0; j < ly.in; ++j)
            for (std::size_t c = 0; c < ly.out; ++c) (*grad)[ly.offset + j * ly.out + c] = double(weight_grads_[l][j * ly.padded + c]);
        for (std::size_t c = 0; c < ly.out; ++c) (*grad)[ly.offset + ly.in * ly.out + c] = double(bias_grads_[l][c]);
        if (l == 0) break;
        next_delta_.resize(n * ly.in_padded);
        multiply(delta_.data(), n, ly.padded, ly.out, 1, transposed_[l].data(), ly.in_padded, nullptr, next_delta_.data());
        float* d = next_delta_.data();
        for (std::size_t i = 0; i < next_delta_.size(); i += lanes) {
            const f32x4 h = simd::load(input + i);
            const f32x4 slope = relu_ ? simd::select(h > simd::splat(0.0f), simd::splat(1.0f), simd::splat(0.0f))
                                      : simd::splat(1.0f) - h * h;
            simd::store(d + i, simd::load(d + i) * slope);
        }
        delta_.swap(next_delta_);
    }
    for (std::size_t i = 0; i < count; ++i) {
        if (!weight_mask_[i]) continue;
        const double w = theta[i];
        (*grad)[i] += l1_ * (w > 0 ? 1.0 : w < 0 ? -1.0 : 0.0) + l2_ * w;
    }
    return status::success();
}

}  // namespace losslab::train
