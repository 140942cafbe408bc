#include "losslab/optim/optimizer.hpp"

#include <limits>

namespace losslab::optim {
namespace {
constexpr double inf = std::numeric_limits<double>::infinity();

double read_lr(reader& r, double fallback) { return r.number("lr", fallback, 0, inf, false); }

template <class C>
void read_adam(reader& r, C& c) {
    const auto betas = r.array("betas", {c.beta1, c.beta2}, 2, 0, 1, false);
    c.beta1 = betas[0];
    c.beta2 = betas[1];
    c.eps = r.number("eps", c.eps, 0, inf);
    c.weight_decay = r.number("weight_decay", c.weight_decay, 0, inf);
    c.amsgrad = r.flag("amsgrad", c.amsgrad);
    c.bias_correction = r.flag("bias_correction", c.bias_correction);
}
}  // namespace

const std::vector<std::string>& optimizer_names() {
    static const std::vector<std::string> names = {"sgd", "rmsprop", "adagrad", "adam", "adamw"};
    return names;
}

status optimizer::create(const std::string& name, const settings& args, optimizer& out) {
    reader r(args, name);
    out.name_ = name;
    if (name == "sgd") {
        slot<sgd> s;
        out.lr_ = read_lr(r, 0.001);
        s.config.momentum = r.number("momentum", 0, 0, inf);
        s.config.dampening = r.number("dampening", 0, 0, 1);
        s.config.weight_decay = r.number("weight_decay", 0, 0, inf);
        s.config.nesterov = r.flag("nesterov", false);
        if (const char* problem = sgd::check(s.config)) r.fail(problem + 5);
        out.impl_ = s;
    } else if (name == "rmsprop") {
        slot<rmsprop> s;
        out.lr_ = read_lr(r, 0.01);
        s.config.alpha = r.number("alpha", 0.99, 0, 1);
        s.config.eps = r.number("eps", 1e-8, 0, inf);
        s.config.weight_decay = r.number("weight_decay", 0, 0, inf);
        s.config.momentum = r.number("momentum", 0, 0, inf);
        s.config.centered = r.flag("centered", false);
        out.impl_ = s;
    } else if (name == "adagrad") {
        slot<adagrad> s;
        out.lr_ = read_lr(r, 0.01);
        s.config.lr_decay = r.number("lr_decay", 0, 0, inf);
        s.config.weight_decay = r.number("weight_decay", 0, 0, inf);
        s.config.initial_accumulator_value = r.number("initial_accumulator_value", 0, 0, inf);
        s.config.eps = r.number("eps", 1e-10, 0, inf);
        out.impl_ = s;
    } else if (name == "adam") {
        slot<adam> s;
        out.lr_ = read_lr(r, 0.001);
        read_adam(r, s.config);
        out.impl_ = s;
    } else if (name == "adamw") {
        slot<adamw> s;
        out.lr_ = read_lr(r, 0.001);
        read_adam(r, s.config);
        out.impl_ = s;
    } else {
        std::string msg = "unknown optimizer '" + name + "'; known optimizers:";
        for (const auto& n : optimizer_names()) msg += " " + n;
        return status::failure(msg);
    }
    return r.finish();
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
