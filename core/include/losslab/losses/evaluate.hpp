#pragma once
/// Evaluates a loss over a batch: validates the batch, then computes the reduced value, the
/// gradient with respect to every input, and (for reduction none) the per-sample values.
/// Validation happens here, once, for every loss: sizes, NaN/Inf, input and target domains.
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "losslab/losses/loss_info.hpp"
#include "losslab/losses/reduction.hpp"
#include "losslab/simd/validate.hpp"
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
    /// Optional per-class weights (K values, nullptr: none), for losses whose info says
    /// class_weights, with the semantics of torch's `weight` argument of that loss.
    const double* class_weights = nullptr;
    std::size_t class_weights_size = 0;
    /// Elementwise losses only: when > 0, the mean divides by this instead of Σw. For a batch that
    /// is one chunk of a larger one (lab.loss's copying route streams big arrays through the wasm
    /// heap in cache-sized chunks): each chunk's value and gradient are then its share of the whole.
    double mean_divisor = 0;
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

/// A number as a person would write it: 5, 0.5, -2, 1e+300, nan.
inline std::string format_value(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", v);
    return text;
}

template <class T>
std::string domain_problem(domain d, T v, std::size_t classes) {
    if (!std::isfinite(v)) return std::isnan(v) ? "is NaN" : "is infinite";
    switch (d) {
        case domain::real: return "";
        case domain::positive: return v > 0 ? "" : "must be > 0";
        case domain::nonnegative: return v >= 0 ? "" : "must be >= 0";
        case domain::probability: return (v >= 0 && v <= 1) ? "" : "must be in [0, 1]";
        case domain::binary: return (v == 0 || v == 1) ? "" : "must be 0 or 1";
        case domain::class_index:
            return (v >= 0 && v == std::floor(v) && v < T(classes))
                       ? ""
                       : "must be a class index in [0, " + std::to_string(classes) + ")";
    }
    return "";
}

template <class T>
status check_values(const char* what, const T* data, std::size_t n, domain d, std::size_t classes) {
    if (simd::all_in_domain(data, n, d, classes)) return status::success();  // the fast common case
    for (std::size_t i = 0; i < n; ++i) {
        const std::string problem = domain_problem(d, data[i], classes);
        if (!problem.empty()) {
            return status::failure(at(what, i) + " = " + format_value(double(data[i])) + " " + problem);
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
        // The mean divides by Σw: a sum beyond the double range would turn it into NaN.
        double sum = 0;
        for (std::size_t i = 0; i < b.weights_size; ++i) sum += double(b.weights[i]);
        if (!std::isfinite(sum)) return status::failure("weights sum to more than the double range (1.8e308)");
    }
    if (b.class_weights) {
        if (!info.class_weights) return status::failure(info.name + " does not take class weights");
        if (b.class_weights_size != b.classes) {
            return status::failure("classWeights has " + std::to_string(b.class_weights_size) +
                                   " values, expected one per class (" + std::to_string(b.classes) + ")");
        }
        s = detail::check_values("classWeights", b.class_weights, b.class_weights_size, domain::nonnegative, 0);
        if (!s.ok()) return s;
        double sum = 0;
        for (std::size_t k = 0; k < b.class_weights_size; ++k) sum += b.class_weights[k];
        if (!std::isfinite(sum)) return status::failure("classWeights sum to more than the double range (1.8e308)");
    }
    return status::success();
}

/// A loss may check batch properties that no domain expresses (info_nce: no zero-length
/// embedding) with a member `template <class T> status validate(const batch<T>&) const`.
template <class Loss, class T, class = void>
struct has_validate : std::false_type {};
template <class Loss, class T>
struct has_validate<Loss, T, std::void_t<decltype(std::declval<const Loss&>().validate(std::declval<const batch<T>&>()))>>
    : std::true_type {};

/// Reduces an elementwise loss (one value and one derivative per element). Each element is
/// evaluated in double whatever T is, and rounded once when stored: in float arithmetic a
/// gradient that is a difference of near-equal terms (σ(x) − y for a soft label, eʳ − y in
/// tweedie_log) loses most of its digits, while musl's expf/logf already work in double inside, so
/// this costs little. Float speed comes from the fused kernels of fast_path.hpp, which the tests
/// hold to this path. The sum is accumulated in double.
template <class Loss, class T>
void evaluate_elementwise(const Loss& loss, const batch<T>& b, output<T>& out) {
    const auto input = adapt_vector(b.input, b.input_size);
    const auto target = adapt_vector(b.target, b.target_size);
    auto grad = adapt_vector(out.grad, b.input_size);
    const std::size_t n = b.input_size;

    double weight_sum = 0;
    for (std::size_t i = 0; i < n; ++i) weight_sum += b.weights ? double(b.weights[i]) : 1.0;
    const double scale = reduction_scale(b.reduce, b.mean_divisor > 0 ? b.mean_divisor : weight_sum);

    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double w = b.weights ? double(b.weights[i]) : 1.0;
        const double x = double(input(i)), y = double(target(i));
        const double l = loss.value(x, y);
        total += w * l;
        grad(i) = T(w * scale * loss.grad(x, y));
        if (b.reduce == reduction::none) out.per_sample[i] = T(w * l);
    }
    out.value = b.reduce == reduction::none ? 0.0 : total * scale;
}

/// Runs a row or pair loss on a float batch through its double evaluation (for the reason given
/// at evaluate_elementwise), rounding the gradient and per-sample values once.
template <class Loss>
void evaluate_in_double(const Loss& loss, const batch<float>& b, output<float>& out) {
    const std::vector<double> input(b.input, b.input + b.input_size);
    const std::vector<double> target(b.target, b.target + b.target_size);
    const std::vector<double> weights(b.weights, b.weights + (b.weights ? b.weights_size : 0));
    batch<double> wide;
    wide.input = input.data();
    wide.input_size = input.size();
    wide.target = target.data();
    wide.target_size = target.size();
    wide.weights = b.weights ? weights.data() : nullptr;
    wide.weights_size = b.weights_size;
    wide.classes = b.classes;
    wide.reduce = b.reduce;
    wide.class_weights = b.class_weights;
    wide.class_weights_size = b.class_weights_size;
    const std::size_t samples = b.classes ? b.input_size / b.classes : 0;
    std::vector<double> grad(b.input_size), per_sample(b.reduce == reduction::none ? samples : 0);
    output<double> wide_out{grad.data(), per_sample.data()};
    loss.evaluate(wide, wide_out);
    for (std::size_t i = 0; i < grad.size(); ++i) out.grad[i] = float(grad[i]);
    for (std::size_t i = 0; i < per_sample.size(); ++i) out.per_sample[i] = float(per_sample[i]);
    out.value = wide_out.value;
}

/// What a row loss reports for one sample (one row of logits, or one anchor).
struct row_value {
    double value = 0;
    /// The sample's share of the mean's denominator: 1, except for class-weighted cross-entropy,
    /// where torch divides by Σ w[y_i] rather than by N.
    double normalizer = 1;
};

/// Reduces a row loss (layout::rows or layout::pairs): `row(i, input_row, grad_row)` returns the
/// sample's value and writes d(value)/d(input_row) into grad_row (b.classes elements). Sample
/// weights s_i and the reduction are applied here, for every row loss:
///   none: out_i = s_i l_i;  sum: Σ s_i l_i;  mean: Σ s_i l_i / Σ s_i n_i  (n_i the normalizer).
/// The total is accumulated in double for both precisions.
template <class T, class RowFn>
void reduce_rows(const batch<T>& b, output<T>& out, RowFn&& row) {
    const std::size_t width = b.classes;
    const std::size_t n = width ? b.input_size / width : 0;
    double total = 0, denominator = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double w = b.weights ? double(b.weights[i]) : 1.0;
        const row_value r = row(i, b.input + i * width, out.grad + i * width);
        total += w * r.value;
        denominator += w * r.normalizer;
        if (b.reduce == reduction::none) out.per_sample[i] = T(w * r.value);
    }
    // The mean's denominator is known only after every row, so the gradient is scaled afterwards.
    const double scale = reduction_scale(b.reduce, denominator);
    for (std::size_t i = 0; i < n; ++i) {
        const double factor = (b.weights ? double(b.weights[i]) : 1.0) * scale;
        T* g = out.grad + i * width;
        for (std::size_t k = 0; k < width; ++k) g[k] = T(factor * double(g[k]));
    }
    out.value = b.reduce == reduction::none ? 0.0 : total * scale;
}

}  // namespace losslab::losses
