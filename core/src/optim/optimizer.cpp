#include "losslab/optim/optimizer.hpp"

#include "losslab/parameter.hpp"

#include <initializer_list>
#include <limits>

namespace losslab::optim {
namespace {
constexpr double inf = std::numeric_limits<double>::infinity();

status in_range(const std::string& name, const char* key, double v, double lo, double hi, bool lo_inclusive = true,
                bool hi_inclusive = true) {
    return check_range(name, key, v, lo, hi, false, lo_inclusive, hi_inclusive);
}

template <class C>
status check_adam(const std::string& n, const C& c) {
    return first_failure({in_range(n, "lr", c.lr, 0, inf, false), in_range(n, "betas[0]", c.beta1, 0, 1, true, false),
                     in_range(n, "betas[1]", c.beta2, 0, 1, true, false), in_range(n, "eps", c.eps, 0, inf),
                     in_range(n, "weight_decay", c.weight_decay, 0, inf)});
}

status check(const std::string& n, const sgd::config& c) {
    status s = first_failure({in_range(n, "lr", c.lr, 0, inf, false), in_range(n, "momentum", c.momentum, 0, inf),
                         in_range(n, "dampening", c.dampening, 0, 1), in_range(n, "weight_decay", c.weight_decay, 0, inf)});
    if (!s.ok()) return s;
    if (const char* problem = sgd::check(c)) return status::failure(problem);
    return status::success();
}
status check(const std::string& n, const rmsprop::config& c) {
    return first_failure({in_range(n, "lr", c.lr, 0, inf, false), in_range(n, "alpha", c.alpha, 0, 1),
                     in_range(n, "eps", c.eps, 0, inf), in_range(n, "weight_decay", c.weight_decay, 0, inf),
                     in_range(n, "momentum", c.momentum, 0, inf)});
}
status check(const std::string& n, const adagrad::config& c) {
    return first_failure({in_range(n, "lr", c.lr, 0, inf, false), in_range(n, "lr_decay", c.lr_decay, 0, inf),
                     in_range(n, "weight_decay", c.weight_decay, 0, inf),
                     in_range(n, "initial_accumulator_value", c.initial_accumulator_value, 0, inf),
                     in_range(n, "eps", c.eps, 0, inf)});
}
status check(const std::string& n, const adam::config& c) { return check_adam(n, c); }
status check(const std::string& n, const adamw::config& c) { return check_adam(n, c); }

}  // namespace

const std::vector<std::string>& optimizer_names() {
    static const std::vector<std::string> names = {"sgd", "rmsprop", "adagrad", "adam", "adamw"};
    return names;
}

// Built when the module loads, not on first use: a registry's memory is then part of the heap's
// baseline, so a caller that checks the heap is back at its baseline after a call sees it is.
namespace {
const bool optimizers_ready = (optimizer_names(), true);
}  // namespace

const std::string& name_of(const spec& s) { return optimizer_names()[s.index()]; }

bool default_spec(std::string_view name, spec& out) {
    if (name == "sgd") out = sgd::config{};
    else if (name == "rmsprop") out = rmsprop::config{};
    else if (name == "adagrad") out = adagrad::config{};
    else if (name == "adam") out = adam::config{};
    else if (name == "adamw") out = adamw::config{};
    else return false;
    return true;
}

double lr_of(const spec& s) {
    return std::visit([](const auto& c) { return c.lr; }, s);
}

status optimizer::create(const spec& s, optimizer& out) {
    out = optimizer{};
    const status st = std::visit([&](const auto& c) { return check(name_of(s), c); }, s);
    if (!st.ok()) return st;
    out.spec_ = s;
    switch (s.index()) {
        case 0: out.impl_ = slot<sgd>{std::get<0>(s), {}}; break;
        case 1: out.impl_ = slot<rmsprop>{std::get<1>(s), {}}; break;
        case 2: out.impl_ = slot<adagrad>{std::get<2>(s), {}}; break;
        case 3: out.impl_ = slot<adam>{std::get<3>(s), {}}; break;
        default: out.impl_ = slot<adamw>{std::get<4>(s), {}}; break;
    }
    return status::success();
}

void optimizer::reset(std::size_t n) {
    std::visit(
        [&](auto& s) {
            using S = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<S, slot<adagrad>>) {
                adagrad::init(s.state, n, s.config);
            } else if constexpr (std::is_same_v<S, slot<sgd>>) {
                sgd::init(s.state, n);
            } else if constexpr (std::is_same_v<S, slot<rmsprop>>) {
                rmsprop::init(s.state, n);
            } else {
                adam::init(s.state, n);
            }
        },
        impl_);
    effective_lr_.assign(n, 0.0);
    last_step_.assign(n, 0.0);
}

void optimizer::step(std::vector<double>& params, const std::vector<double>& grad, double lr) {
    if (last_step_.size() != params.size()) reset(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) last_step_[i] = params[i];
    std::visit(
        [&](auto& s) {
            using S = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<S, slot<sgd>>) {
                sgd::update(s.config, s.state, params, grad, lr);
                effective_lr_.assign(params.size(), lr);
            } else if constexpr (std::is_same_v<S, slot<rmsprop>>) {
                rmsprop::update(s.config, s.state, params, grad, lr);
                effective_lr_ = s.state.effective_lr;
            } else if constexpr (std::is_same_v<S, slot<adagrad>>) {
                adagrad::update(s.config, s.state, params, grad, lr);
                effective_lr_ = s.state.effective_lr;
            } else if constexpr (std::is_same_v<S, slot<adam>>) {
                adam::update(s.config, s.state, params, grad, lr);
                effective_lr_ = s.state.effective_lr;
            } else {
                adamw::update(s.config, s.state, params, grad, lr);
                effective_lr_ = s.state.effective_lr;
            }
        },
        impl_);
    for (std::size_t i = 0; i < params.size(); ++i) last_step_[i] = params[i] - last_step_[i];
}

bool optimizer::has_momentum() const {
    return !std::holds_alternative<slot<adagrad>>(impl_);
}

void optimizer::set_momentum(double value) {
    if (auto* s = std::get_if<slot<sgd>>(&impl_)) s->config.momentum = value;
    if (auto* s = std::get_if<slot<rmsprop>>(&impl_)) s->config.momentum = value;
    if (auto* s = std::get_if<slot<adam>>(&impl_)) s->config.beta1 = value;
    if (auto* s = std::get_if<slot<adamw>>(&impl_)) s->config.beta1 = value;
}

const std::vector<double>& optimizer::first() const {
    if (auto* s = std::get_if<slot<sgd>>(&impl_)) return s->state.momentum_buffer;
    if (auto* s = std::get_if<slot<rmsprop>>(&impl_)) return s->state.momentum_buffer;
    if (auto* s = std::get_if<slot<adam>>(&impl_)) return s->state.m_hat;
    if (auto* s = std::get_if<slot<adamw>>(&impl_)) return s->state.m_hat;
    return empty_;
}

const std::vector<double>& optimizer::second() const {
    if (auto* s = std::get_if<slot<rmsprop>>(&impl_)) return s->state.square_avg;
    if (auto* s = std::get_if<slot<adagrad>>(&impl_)) return s->state.sum;
    if (auto* s = std::get_if<slot<adam>>(&impl_)) return s->state.v_hat;
    if (auto* s = std::get_if<slot<adamw>>(&impl_)) return s->state.v_hat;
    return empty_;
}

const char* optimizer::first_name() const {
    if (std::holds_alternative<slot<adam>>(impl_) || std::holds_alternative<slot<adamw>>(impl_)) return "m_hat";
    if (std::holds_alternative<slot<adagrad>>(impl_)) return "";
    return "momentum_buffer";
}

const char* optimizer::second_name() const {
    if (std::holds_alternative<slot<adam>>(impl_) || std::holds_alternative<slot<adamw>>(impl_)) return "v_hat";
    if (std::holds_alternative<slot<adagrad>>(impl_)) return "sum";
    if (std::holds_alternative<slot<rmsprop>>(impl_)) return "square_avg";
    return "";
}

}  // namespace losslab::optim
