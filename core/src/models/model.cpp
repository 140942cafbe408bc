#include "losslab/models/model.hpp"

#include <algorithm>
#include <cmath>

#include "losslab/data/random.hpp"
#include "losslab/tensor.hpp"

namespace losslab::models {

const char* to_string(task t) {
    switch (t) {
        case task::regression: return "regression";
        case task::binary: return "binary";
        case task::multiclass: return "multiclass";
    }
    return "";
}

const std::vector<model_info>& all_models() {
    static const std::vector<model_info> infos = {linear::info(), logistic::info(), softmax::info(), loglink::info(),
                                                  mlp::info()};
    return infos;
}

// Built when the module loads, not on first use: a registry's memory is then part of the heap's
// baseline, so a caller that checks the heap is back at its baseline after a call sees it is.
namespace {
const bool models_ready = (all_models(), true);
}  // namespace

const model_info& info_of(kind k) { return all_models()[std::size_t(k)]; }

bool default_config(std::string_view name, config& out) {
    if (name == "linear") out = linear::defaults();
    else if (name == "logistic") out = logistic::defaults();
    else if (name == "softmax") out = softmax::defaults();
    else if (name == "loglink") out = loglink::defaults();
    else if (name == "mlp") out = mlp::defaults();
    else return false;
    return true;
}

status model::create(const config& c, std::size_t features, std::size_t classes, model& out) {
    out = model{};
    out.kind_ = c.name;
    const std::string what = "model '" + info_of(c.name).name + "'";
    if (features == 0) return status::failure("the data have no features");
    out.features_ = features;
    std::vector<std::size_t> hidden;
    std::size_t outputs = 1;
    switch (c.name) {
        case kind::linear:
        case kind::loglink: out.task_ = task::regression; break;
        case kind::logistic: out.task_ = task::binary; break;
        case kind::softmax:
            out.task_ = task::multiclass;
            if (classes < 2) return status::failure("softmax needs data with at least 2 classes");
            outputs = classes;
            break;
        case kind::mlp: {
            switch (c.task) {
                case task_choice::from_data:
                    out.task_ = classes > 2 ? task::multiclass : classes == 2 ? task::binary : task::regression;
                    break;
                case task_choice::regression: out.task_ = task::regression; break;
                case task_choice::binary: out.task_ = task::binary; break;
                case task_choice::multiclass: out.task_ = task::multiclass; break;
            }
            if (c.hidden.empty() || c.hidden.size() > 2) return status::failure(what + ": hidden must list 1 or 2 layer widths");
            for (std::size_t l = 0; l < c.hidden.size(); ++l) {
                if (c.hidden[l] < 1 || c.hidden[l] > 64) {
                    return status::failure(what + ": hidden[" + std::to_string(l) + "] = " + std::to_string(c.hidden[l]) +
                                           " is outside [1, 64]");
                }
                hidden.push_back(std::size_t(c.hidden[l]));
            }
            out.relu_ = c.act == activation::relu;
            if (out.task_ == task::multiclass) {
                if (classes < 2) return status::failure("a multiclass mlp needs data with at least 2 classes");
                outputs = classes;
            }
            break;
        }
    }
    if (c.has_output_bias) {
        status s = check_parameter(what, output_bias_parameter(), c.output_bias);
        if (!s.ok()) return s;
        out.output_bias_ = c.output_bias;
        out.has_output_bias_ = true;
    }
    out.layers_.push_back(features);
    for (std::size_t h : hidden) out.layers_.push_back(h);
    out.layers_.push_back(outputs);
    for (std::size_t l = 0; l + 1 < out.layers_.size(); ++l) {
        const std::size_t in = out.layers_[l], o = out.layers_[l + 1];
        out.weight_mask_.insert(out.weight_mask_.end(), in * o, 1);
        out.weight_mask_.insert(out.weight_mask_.end(), o, 0);
    }
    out.parameter_count_ = out.weight_mask_.size();
    out.activations_.resize(out.layers_.size());
    return status::success();
}

void model::initialize(std::uint64_t seed, std::vector<double>& theta) const {
    data::rng g(seed);
    theta.resize(parameter_count_);
    std::size_t offset = 0;
    for (std::size_t l = 0; l + 1 < layers_.size(); ++l) {
        const std::size_t in = layers_[l], o = layers_[l + 1];
        const double bound = 1 / std::sqrt(double(in));
        for (std::size_t i = 0; i < in * o + o; ++i) theta[offset + i] = g.uniform(-bound, bound);
        offset += in * o + o;
    }
    // The output biases are the last parameters of θ; the weights keep their random draw.
    if (has_output_bias_) {
        for (std::size_t k = 0; k < layers_.back(); ++k) theta[parameter_count_ - 1 - k] = output_bias_;
    }
}

void model::forward(const double* theta, const double* x, std::size_t n, double* out) const {
    const std::size_t depth = layers_.size();
    std::size_t offset = 0;
    const double* input = x;
    for (std::size_t l = 0; l + 1 < depth; ++l) {
        const std::size_t in = layers_[l], o = layers_[l + 1];
        const bool last = l + 2 == depth;
        double* target;
        if (last) {
            target = out;
        } else {
            activations_[l + 1].resize(n * o);
            target = activations_[l + 1].data();
        }
        const auto a = adapt_matrix(input, n, in);
        const auto w = adapt_matrix(theta + offset, in, o);
        const auto b = adapt_vector(theta + offset + in * o, o);
        auto z = adapt_matrix(target, n, o);
        // z_i = b + Σ_j a_ij w_j, accumulated row by row so the inner loop runs over contiguous
        // memory and vectorises (the sum's order is still b, then j = 0, 1, …).
        for (std::size_t i = 0; i < n; ++i) {
            double* zi = &z(i, 0);
            const double* ai = &a(i, 0);
            for (std::size_t k = 0; k < o; ++k) zi[k] = b(k);
            for (std::size_t j = 0; j < in; ++j) {
                const double aij = ai[j];
                const double* wj = &w(j, 0);
                for (std::size_t k = 0; k < o; ++k) zi[k] += aij * wj[k];
            }
            if (!last) {
                for (std::size_t k = 0; k < o; ++k) zi[k] = relu_ ? (zi[k] > 0 ? zi[k] : 0) : std::tanh(zi[k]);
            }
        }
        offset += in * o + o;
        input = target;
    }
    forward_theta_ = theta;
    forward_x_ = x;
    forward_n_ = n;
    forward_theta_copy_.assign(theta, theta + parameter_count_);
}

void model::backward(const double* theta, const double* x, std::size_t n, const double* d_out, double* grad) const {
    const std::size_t depth = layers_.size();
    const bool kept = forward_theta_ == theta && forward_x_ == x && forward_n_ == n &&
                      std::equal(forward_theta_copy_.begin(), forward_theta_copy_.end(), theta);
    if (depth > 2 && !kept) {
        next_delta_.resize(n * layers_.back());
        forward(theta, x, n, next_delta_.data());
    }
    // Offsets of each layer's parameters.
    std::vector<std::size_t> offsets(depth - 1);
    std::size_t offset = 0;
    for (std::size_t l = 0; l + 1 < depth; ++l) {
        offsets[l] = offset;
        offset += layers_[l] * layers_[l + 1] + layers_[l + 1];
    }
    delta_.assign(d_out, d_out + n * layers_.back());  // d(loss)/d(pre-activation) of the current layer
    for (std::size_t l = depth - 1; l-- > 0;) {
        const std::size_t in = layers_[l], o = layers_[l + 1];
        const double* input = l == 0 ? x : activations_[l].data();
        const auto a = adapt_matrix(input, n, in);
        const auto d = adapt_matrix(delta_.data(), n, o);
        auto gw = adapt_matrix(grad + offsets[l], in, o);
        auto gb = adapt_vector(grad + offsets[l] + in * o, o);
        // dL/dW = aᵀ δ and dL/db = Σ_i δ_i, summed over i in order, one sample at a time.
        gw.fill(0);
        gb.fill(0);
        for (std::size_t i = 0; i < n; ++i) {
            const double* ai = &a(i, 0);
            const double* di = &d(i, 0);
            for (std::size_t j = 0; j < in; ++j) {
                const double aij = ai[j];
                double* gwj = &gw(j, 0);
                for (std::size_t k = 0; k < o; ++k) gwj[k] += aij * di[k];
            }
            for (std::size_t k = 0; k < o; ++k) gb(k) += di[k];
        }
        if (l == 0) break;
        // δ_prev = (δ Wᵀ) ⊙ act'(z_prev), with act' from the stored activation h:
        // tanh' = 1 − h², relu' = [h > 0].
        const auto w = adapt_matrix(theta + offsets[l], in, o);
        next_delta_.resize(n * in);
        auto nd = adapt_matrix(next_delta_.data(), n, in);
        for (std::size_t i = 0; i < n; ++i) {
            const double* di = &d(i, 0);
            for (std::size_t j = 0; j < in; ++j) {
                const double* wj = &w(j, 0);
                double sum = 0;
                for (std::size_t k = 0; k < o; ++k) sum += di[k] * wj[k];
                const double h = a(i, j);
                nd(i, j) = sum * (relu_ ? (h > 0 ? 1.0 : 0.0) : 1 - h * h);
            }
        }
        delta_.swap(next_delta_);
    }
}

}  // namespace losslab::models
