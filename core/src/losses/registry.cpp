#include "losslab/losses/registry.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "losslab/losses/asymmetric.hpp"
#include "losslab/losses/bce.hpp"
#include "losslab/losses/bce_logits.hpp"
#include "losslab/losses/brier.hpp"
#include "losslab/losses/cross_entropy.hpp"
#include "losslab/format.hpp"
#include "losslab/losses/fast_path.hpp"
#include "losslab/losses/focal.hpp"
#include "losslab/losses/hinge.hpp"
#include "losslab/losses/huber.hpp"
#include "losslab/losses/info_nce.hpp"
#include "losslab/losses/log_cosh.hpp"
#include "losslab/losses/mae.hpp"
#include "losslab/losses/mse.hpp"
#include "losslab/losses/multiclass_hinge.hpp"
#include "losslab/losses/quantile.hpp"
#include "losslab/losses/smooth_l1.hpp"
#include "losslab/losses/squared_hinge.hpp"
#include "losslab/losses/tweedie.hpp"
#include "losslab/losses/tweedie_log.hpp"

namespace losslab::losses {
namespace {

template <class Loss, class T>
status run(const std::vector<double>& params, const batch<T>& b, output<T>& out) {
    const Loss loss = Loss::from_params(params.data());
    if (const char* problem = loss.check()) return status::failure(problem);
    if constexpr (has_validate<Loss, T>::value) {
        const status s = loss.validate(b);
        if (!s.ok()) return s;
    }
    if constexpr (std::is_same_v<T, float> && fast_path<Loss>::available) {
        fast_path<Loss>::evaluate(loss, b, out);
    } else if constexpr (Loss::shape == layout::elementwise) {
        evaluate_elementwise(loss, b, out);
    } else if constexpr (std::is_same_v<T, float>) {
        evaluate_in_double(loss, b, out);  // row and pair losses: computed in double, rounded once
    } else {
        loss.evaluate(b, out);
    }
    return status::success();
}

struct entry {
    loss_info info;
    status (*run_float)(const std::vector<double>&, const batch<float>&, output<float>&);
    status (*run_double)(const std::vector<double>&, const batch<double>&, output<double>&);
};

template <class Loss>
entry make_entry() {
    return {Loss::info(), &run<Loss, float>, &run<Loss, double>};
}

/// Adding a loss: write its header, then add one line here.
const std::vector<entry>& entries() {
    static const std::vector<entry> table = {
        make_entry<mse>(),
        make_entry<mae>(),
        make_entry<huber>(),
        make_entry<smooth_l1>(),
        make_entry<log_cosh>(),
        make_entry<quantile>(),
        make_entry<tweedie>(),
        make_entry<tweedie_log>(),
        make_entry<asymmetric>(),
        make_entry<bce>(),
        make_entry<bce_logits>(),
        make_entry<brier>(),
        make_entry<focal>(),
        make_entry<hinge>(),
        make_entry<squared_hinge>(),
        make_entry<cross_entropy>(),
        make_entry<multiclass_hinge>(),
        make_entry<info_nce>(),
    };
    return table;
}

const entry* find_entry(std::string_view name) {
    for (const entry& e : entries()) {
        if (e.info.name == name) return &e;
    }
    return nullptr;
}

std::string unknown_loss_message(std::string_view name) {
    std::string message = "unknown loss '" + std::string(name) + "'; known losses:";
    for (const entry& e : entries()) message += " " + e.info.name;
    return message;
}

/// The API never returns NaN or Infinity: a loss or gradient beyond the range of T (mse of
/// ±1e308, tweedie's gradient at μ = 1e-300, a float gradient above 3.4e38) is an error that
/// names the first input where it happens.
template <class T>
status check_result(const loss_info& info, const batch<T>& b, std::size_t samples, const output<T>& out) {
    const char* type = std::is_same_v<T, float> ? "float" : "double";
    auto at_input = [&](std::size_t i) {
        return info.name + ": the loss or its gradient at input[" + std::to_string(i) + "] = " +
               detail::format_value(double(b.input[i])) + " is beyond the " + type +
               " range (not finite); the inputs are too large in magnitude for this loss";
    };
    if (out.grad && !simd::all_in_domain(out.grad, b.input_size, domain::real, 0)) {
        for (std::size_t i = 0; i < b.input_size; ++i)
            if (!std::isfinite(out.grad[i])) return status::failure(at_input(i));
    }
    if (b.reduce == reduction::none && out.per_sample && !simd::all_in_domain(out.per_sample, samples, domain::real, 0)) {
        for (std::size_t i = 0; i < samples; ++i) {
            if (!std::isfinite(out.per_sample[i])) {
                return status::failure(at_input(info.shape == layout::elementwise ? i : i * b.classes));
            }
        }
    }
    if (!std::isfinite(out.value)) {
        return status::failure(info.name + ": the reduced loss is beyond the double range (not finite); the inputs or "
                               "weights are too large in magnitude");
    }
    return status::success();
}

/// Checks the batch, runs the loss with resolved parameters and checks its result.
template <class T>
status evaluate_resolved(const loss_info& info, status (*run)(const std::vector<double>&, const batch<T>&, output<T>&),
                         const std::vector<double>& params, const batch<T>& b, output<T>& out) {
    std::size_t samples = 0;
    status s = check_batch(info, b, samples);
    if (!s.ok()) return s;
    if (b.input_size > 0 && !out.grad) return status::failure("no gradient buffer was given");
    if (b.reduce == reduction::none && samples > 0 && !out.per_sample) {
        return status::failure("reduction 'none' needs a per-sample buffer");
    }
    s = run(params, b, out);
    if (!s.ok()) return s;
    return check_result(info, b, samples, out);
}

template <class T>
status evaluate_any(std::string_view name, const std::vector<double>& given, const batch<T>& b, output<T>& out,
                    status (*entry::*runner)(const std::vector<double>&, const batch<T>&, output<T>&)) {
    const entry* e = find_entry(name);
    if (!e) return status::failure(unknown_loss_message(name));
    std::vector<double> params = given;
    status s = resolve_params(e->info, params);
    if (!s.ok()) return s;
    return evaluate_resolved(e->info, e->*runner, params, b, out);
}

}  // namespace

const char* to_string(task t) {
    switch (t) {
        case task::regression: return "regression";
        case task::binary: return "binary";
        case task::multiclass: return "multiclass";
        case task::contrastive: return "contrastive";
    }
    return "";
}

const char* to_string(domain d) {
    switch (d) {
        case domain::real: return "real";
        case domain::positive: return "positive";
        case domain::nonnegative: return "nonnegative";
        case domain::probability: return "probability";
        case domain::binary: return "binary";
        case domain::class_index: return "class_index";
    }
    return "";
}

const std::vector<loss_info>& all_loss_info() {
    static const std::vector<loss_info> infos = [] {
        std::vector<loss_info> v;
        for (const entry& e : entries()) v.push_back(e.info);
        return v;
    }();
    return infos;
}

const loss_info* find_loss(std::string_view name) {
    const entry* e = find_entry(name);
    return e ? &e->info : nullptr;
}

status resolve_params(const loss_info& info, std::vector<double>& params) {
    if (params.size() > info.params.size()) {
        return status::failure(info.name + " takes " + std::to_string(info.params.size()) + " parameter(s), got " +
                               std::to_string(params.size()));
    }
    for (std::size_t i = 0; i < info.params.size(); ++i) {
        const param_info& p = info.params[i];
        if (i >= params.size()) {
            params.push_back(p.default_value);
            continue;
        }
        const double v = params[i];
        const bool above_min = p.min_inclusive ? v >= p.min : v > p.min;
        const bool below_max = p.max_inclusive ? v <= p.max : v < p.max;
        if (!std::isfinite(v) || !above_min || !below_max) {
            return status::failure(info.name + ": " + p.name + " = " + format_number(v) + " is outside " +
                                   (p.min_inclusive ? "[" : "(") + format_number(p.min) + ", " + format_number(p.max) +
                                   (p.max_inclusive ? "]" : ")"));
        }
    }
    return status::success();
}

status evaluate(std::string_view name, const std::vector<double>& params, const batch<float>& b, output<float>& out) {
    return evaluate_any<float>(name, params, b, out, &entry::run_float);
}

status evaluate(std::string_view name, const std::vector<double>& params, const batch<double>& b,
                output<double>& out) {
    return evaluate_any<double>(name, params, b, out, &entry::run_double);
}

status bound_loss::bind(std::string_view name, std::vector<double> params, bound_loss& out) {
    out = bound_loss{};
    const entry* e = find_entry(name);
    if (!e) return status::failure(unknown_loss_message(name));
    status s = resolve_params(e->info, params);
    if (!s.ok()) return s;
    out.info_ = &e->info;
    out.run_ = e->run_double;
    out.params_ = std::move(params);
    return status::success();
}

status bound_loss::evaluate(const batch<double>& b, output<double>& out) const {
    if (!info_) return status::failure("no loss is bound");
    return evaluate_resolved(*info_, run_, params_, b, out);
}

}  // namespace losslab::losses
