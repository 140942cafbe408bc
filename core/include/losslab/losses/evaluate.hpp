#pragma once
/// Evaluates a loss over a batch: validates the batch, then computes the reduced value, the
/// gradient with respect to every input, and (for reduction none) the per-sample values.
/// Validation happens here, once, for every loss: sizes, NaN/Inf, input and target domains.
#include <cmath>
#include <cstddef>
#include <string>

#include "losslab/losses/loss_info.hpp"
#include "losslab/losses/reduction.hpp"
#include "losslab/status.hpp"
#include "losslab/tensor.hpp"

namespace losslab::losses {

/// A batch in caller-owned memory. For layout::rows, `input` holds samples x classes logits in
/// row-major order and `target` one class index per sample.
template <class T>
struct batch {
    const T* input = nullptr;
    std::size_t input_size = 0;
    const T* target = nullptr;
    std::size_t target_size = 0;
    const T* weights = nullptr;  ///< optional per-sample weights (nullptr: all ones)
    std::size_t weights_size = 0;
    std::size_t classes = 0;  ///< K for layout::rows, the embedding size for layout::pairs
    reduction reduce = reduction::mean;
};

/// Where results go, in caller-owned memory: `grad` has input_size elements; `per_sample` has
/// one element per sample and is written only for reduction::none.
template <class T>
struct output {
    T* grad = nullptr;
    T* per_sample = nullptr;
    double value = 0;  ///< the reduced loss (0 for reduction::none)
};

namespace detail {

inline std::string at(const char* what, std::size_t i) {
    return std::string(what) + "[" + std::to_string(i) + "]";
}

template <class T>
const char* domain_problem(domain d, T v, std::size_t classes) {
    if (!std::isfinite(v)) return std::isnan(v) ? "is NaN" : "is infinite";
    switch (d) {
        case domain::real: return nullptr;
        case domain::positive: return v > 0 ? nullptr : "must be > 0";
        case domain::nonnegative: return v >= 0 ? nullptr : "must be >= 0";
        case domain::probability: return (v >= 0 && v <= 1) ? nullptr : "must be in [0, 1]";
        case domain::binary: return (v == 0 || v == 1) ? nullptr : "must be 0 or 1";
        case domain::class_index:
            return (v >= 0 && v == std::floor(v) && v < T(classes)) ? nullptr
                                                                     : "must be a class index in [0, classes)";
    }
    return nullptr;
}

template <class T>
status check_values(const char* what, const T* data, std::size_t n, domain d, std::size_t classes) {
    for (std::size_t i = 0; i < n; ++i) {
        if (const char* problem = domain_problem(d, data[i], classes)) {
            return status::failure(at(what, i) + " = " + std::to_string(double(data[i])) + " " + problem);
        }
    }
    return status::success();
}

}  // namespace detail

/// Number of samples in a batch of the given layout, or an error describing the size mismatch.
template <class T>
status count_samples(const loss_info& info, const batch<T>& b, std::size_t& samples) {
    if (info.shape == layout::elementwise) {
        samples = b.input_size;
    } else {
        if (b.classes == 0) return status::failure("classes must be at least 1 for " + info.name);
        if (b.input_size % b.classes != 0) {
            return status::failure("input length " + std::to_string(b.input_size) +
                                   " is not a multiple of classes = " + std::to_string(b.classes));
        }
        samples = b.input_size / b.classes;
    }
    const std::size_t expected_target = info.shape == layout::pairs ? b.input_size : samples;
    if (b.target_size != expected_target) {
        return status::failure("input and target lengths differ: target has " + std::to_string(b.target_size) +
                               " values, expected " + std::to_string(expected_target));
    }
    if (b.weights && b.weights_size != samples) {
        return status::failure("weights has " + std::to_string(b.weights_size) + " values, expected one per sample (" +
                               std::to_string(samples) + ")");
    }
    return status::success();
}

/// Checks everything about a batch that does not depend on the loss's formula.
template <class T>
status check_batch(const loss_info& info, const batch<T>& b, std::size_t& samples) {
    status s = count_samples(info, b, samples);
    if (!s.ok()) return s;
    s = detail::check_values("input", b.input, b.input_size, info.input, b.classes);
    if (!s.ok()) return s;
    s = detail::check_values("target", b.target, b.target_size, info.target, b.classes);
    if (!s.ok()) return s;
    if (b.weights) {
        s = detail::check_values("weights", b.weights, b.weights_size, domain::nonnegative, 0);
        if (!s.ok()) return s;
    }
    return status::success();
}

/// Reduces an elementwise loss (one value and one derivative per element). The sum is
/// accumulated in double for both precisions, so float and double paths agree closely.
template <class Loss, class T>
void evaluate_elementwise(const Loss& loss, const batch<T>& b, output<T>& out) {
    const auto input = adapt_vector(b.input, b.input_size);
    const auto target = adapt_vector(b.target, b.target_size);
    auto grad = adapt_vector(out.grad, b.input_size);
    const std::size_t n = b.input_size;

    double weight_sum = 0;
    for (std::size_t i = 0; i < n; ++i) weight_sum += b.weights ? double(b.weights[i]) : 1.0;
    const double scale = reduction_scale(b.reduce, weight_sum);

    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double w = b.weights ? double(b.weights[i]) : 1.0;
        const T l = loss.value(input(i), target(i));
        total += w * double(l);
        grad(i) = T(w * scale * double(loss.grad(input(i), target(i))));
        if (b.reduce == reduction::none) out.per_sample[i] = T(w * double(l));
    }
    out.value = b.reduce == reduction::none ? 0.0 : total * scale;
}

}  // namespace losslab::losses
