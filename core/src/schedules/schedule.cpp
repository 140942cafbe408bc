#include "losslab/schedules/schedule.hpp"

#include <cmath>
#include <initializer_list>
#include <utility>

namespace losslab::schedules {
namespace {

/// The schedule type a config alternative belongs to, by its index in `spec`.
template <class F>
auto visit_schedule(const spec& s, F&& f) {
    return std::visit(
        [&](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, constant::config>) return f(constant{}, c);
            else if constexpr (std::is_same_v<C, step::config>) return f(step{}, c);
            else if constexpr (std::is_same_v<C, exponential::config>) return f(exponential{}, c);
            else if constexpr (std::is_same_v<C, cosine::config>) return f(cosine{}, c);
            else if constexpr (std::is_same_v<C, cosine_warm_restarts::config>) return f(cosine_warm_restarts{}, c);
            else return f(one_cycle{}, c);
        },
        s);
}

/// Checks named values of one schedule in order; the first failure wins.
status check_all(const schedule_info& info, std::initializer_list<std::pair<const char*, double>> values) {
    const std::string what = "schedule '" + info.name + "'";
    for (const auto& [name, v] : values) {
        status s = check_parameter(what, info.params, name, v);
        if (!s.ok()) return s;
    }
    return status::success();
}

status needs(const schedule_info& info, const char* key, bool given) {
    return given ? status::success() : status::failure("schedule '" + info.name + "': needs " + key);
}

status check(const constant::config& c) {
    return check_all(constant::info(), {{"factor", c.factor}, {"total_iters", double(c.total_iters)}});
}
status check(const step::config& c) {
    status s = needs(step::info(), "step_size", c.step_size != 0);
    return s.ok() ? check_all(step::info(), {{"step_size", double(c.step_size)}, {"gamma", c.gamma}}) : s;
}
status check(const exponential::config& c) {
    status s = needs(exponential::info(), "gamma", c.gamma != 0);
    return s.ok() ? check_all(exponential::info(), {{"gamma", c.gamma}}) : s;
}
status check(const cosine::config& c) {
    status s = needs(cosine::info(), "T_max", c.T_max != 0);
    return s.ok() ? check_all(cosine::info(), {{"T_max", double(c.T_max)}, {"eta_min", c.eta_min}}) : s;
}
status check(const cosine_warm_restarts::config& c) {
    status s = needs(cosine_warm_restarts::info(), "T_0", c.T_0 != 0);
    if (!s.ok()) return s;
    return check_all(cosine_warm_restarts::info(),
                     {{"T_0", double(c.T_0)}, {"T_mult", double(c.T_mult)}, {"eta_min", c.eta_min}});
}
/// A one_cycle config with max_lr and total_steps resolved.
status check(const one_cycle::config& c) {
    status s = check_all(one_cycle::info(), {{"max_lr", c.max_lr},
                                             {"total_steps", double(c.total_steps)},
                                             {"pct_start", c.pct_start},
                                             {"div_factor", c.div_factor},
                                             {"final_div_factor", c.final_div_factor},
                                             {"base_momentum", c.base_momentum},
                                             {"max_momentum", c.max_momentum}});
    if (!s.ok()) return s;
    // torch divides by (end_step - start_step) of the first phase: it must be a real interval.
    const double first_end = c.pct_start * double(c.total_steps) - 1;
    if (first_end <= 0 || first_end >= double(c.total_steps - 1)) {
        return status::failure("schedule 'one_cycle': pct_start * total_steps must lie strictly between 1 and total_steps");
    }
    return status::success();
}

}  // namespace

const std::vector<schedule_info>& all_schedules() {
    static const std::vector<schedule_info> infos = {constant::info(),    step::info(),
                                                     exponential::info(), cosine::info(),
                                                     cosine_warm_restarts::info(), one_cycle::info()};
    return infos;
}

const schedule_info& info_of(const spec& s) { return all_schedules()[s.index()]; }

bool default_spec(std::string_view name, spec& out) {
    if (name == "constant") out = constant::config{};
    else if (name == "step") out = step::config{};
    else if (name == "exponential") out = exponential::config{};
    else if (name == "cosine") out = cosine::config{};
    else if (name == "cosine_warm_restarts") out = cosine_warm_restarts::config{};
    else if (name == "one_cycle") out = one_cycle::config{};
    else return false;
    return true;
}

const std::vector<std::string>& schedule_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const auto& i : all_schedules()) v.push_back(i.name);
        return v;
    }();
    return names;
}

// Built when the module loads, not on first use: a registry's memory is then part of the heap's
// baseline, so a caller that checks the heap is back at its baseline after a call sees it is.
namespace {
const bool schedules_ready = (all_schedules(), schedule_names(), true);
}  // namespace

status schedule::create(const spec& main, const warmup::config& warm, double lr, long total_steps, schedule& out) {
    out = schedule{};
    out.base_ = lr;
    out.spec_ = main;
    if (auto* c = std::get_if<one_cycle::config>(&out.spec_)) {
        if (c->max_lr == 0) c->max_lr = lr;
        if (c->total_steps == 0) {
            if (total_steps <= 0) return status::failure("schedule 'one_cycle': needs total_steps");
            c->total_steps = total_steps;
        }
    }
    status s = std::visit([](const auto& c) { return check(c); }, out.spec_);
    if (!s.ok()) return s;
    if (warm.warmup_steps != 0) {
        if (!(warm.start_factor > 0 && warm.start_factor <= 1)) {
            return status::failure("warmup: start_factor = " + format_number(warm.start_factor) + " is outside (0, 1]");
        }
        if (warm.warmup_steps < 1 || warm.warmup_steps > many_steps) {
            return status::failure("warmup: warmup_steps = " + std::to_string(warm.warmup_steps) + " is outside [1, " +
                                   std::to_string(many_steps) + "]");
        }
        out.warmup_ = warm;
    }
    return status::success();
}

double schedule::lr(long t) const {
    if (t < warmup_.warmup_steps) return warmup::lr(warmup_, base_, t);
    const long u = t - warmup_.warmup_steps;
    return visit_schedule(spec_, [&](auto unit, const auto& c) { return decltype(unit)::lr(c, base_, u); });
}

bool schedule::cycles_momentum() const {
    const auto* c = std::get_if<one_cycle::config>(&spec_);
    return c && c->cycle_momentum;
}

double schedule::momentum(long t) const {
    const auto* c = std::get_if<one_cycle::config>(&spec_);
    if (!c) return 0;
    if (t < warmup_.warmup_steps) return c->max_momentum;
    return one_cycle::value(*c, t - warmup_.warmup_steps, true);
}

long schedule::step_limit() const {
    const auto* c = std::get_if<one_cycle::config>(&spec_);
    return c ? c->total_steps + warmup_.warmup_steps : 0;
}

}  // namespace losslab::schedules
