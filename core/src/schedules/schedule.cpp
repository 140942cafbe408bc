#include "losslab/schedules/schedule.hpp"

#include <cmath>
#include <limits>

namespace losslab::schedules {
namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double pi = 3.14159265358979323846;
constexpr long many = 1L << 30;

double anneal_cos(double start, double end, double pct) { return end + (start - end) / 2.0 * (std::cos(pi * pct) + 1); }
double anneal_linear(double start, double end, double pct) { return (end - start) * pct + start; }
}  // namespace

const std::vector<std::string>& schedule_names() {
    static const std::vector<std::string> names = {"constant", "step",         "exponential",
                                                   "cosine",   "cosine_warm_restarts", "one_cycle"};
    return names;
}

status schedule::create(const settings& args, double lr, long total_steps, schedule& out) {
    out = schedule{};
    out.base_ = lr;
    auto name_it = args.words.find("name");
    out.name_ = name_it == args.words.end() ? "constant" : name_it->second;
    reader r(args, "schedule '" + out.name_ + "'");
    r.accept("name");
    if (args.has("name") && name_it == args.words.end()) r.fail("name must be a schedule name (a string)");
    auto required = [&](const char* key) {
        if (!args.has(key)) r.fail(std::string("needs ") + key);
    };
    const std::string& n = out.name_;
    if (n == "constant") {
        out.kind_ = kind::constant;
        out.factor_ = r.number("factor", 1, 0, 1, false, true);
        out.total_iters_ = r.integer("total_iters", 0, 0, many);
    } else if (n == "step") {
        out.kind_ = kind::step;
        required("step_size");
        out.step_size_ = r.integer("step_size", 1, 1, many);
        out.gamma_ = r.number("gamma", 0.1, 0, inf, false);
    } else if (n == "exponential") {
        out.kind_ = kind::exponential;
        required("gamma");
        out.gamma_ = r.number("gamma", 1, 0, inf, false);
    } else if (n == "cosine") {
        out.kind_ = kind::cosine;
        required("T_max");
        out.t_max_ = r.integer("T_max", 1, 1, many);
        out.eta_min_ = r.number("eta_min", 0, 0, inf);
    } else if (n == "cosine_warm_restarts") {
        out.kind_ = kind::cosine_warm_restarts;
        required("T_0");
        out.t_0_ = r.integer("T_0", 1, 1, many);
        out.t_mult_ = r.integer("T_mult", 1, 1, 1000);
        out.eta_min_ = r.number("eta_min", 0, 0, inf);
    } else if (n == "one_cycle") {
        out.kind_ = kind::one_cycle;
        out.max_lr_ = r.number("max_lr", lr, 0, inf, false);
        out.total_steps_ = r.integer("total_steps", total_steps, 1, many);
        if (!args.has("total_steps") && total_steps <= 0) r.fail("needs total_steps");
        out.pct_start_ = r.number("pct_start", 0.3, 0, 1);
        out.linear_ = r.word("anneal_strategy", "cos", {"cos", "linear"}) == "linear";
        out.div_factor_ = r.number("div_factor", 25, 0, inf, false);
        out.final_div_factor_ = r.number("final_div_factor", 1e4, 0, inf, false);
        out.three_phase_ = r.flag("three_phase", false);
        out.cycle_momentum_ = r.flag("cycle_momentum", true);
        out.base_momentum_ = r.number("base_momentum", 0.85, 0, 1);
        out.max_momentum_ = r.number("max_momentum", 0.95, 0, 1);
        // torch divides by (end_step - start_step) of the first phase: it must be a real interval.
        const double first_end = out.pct_start_ * double(out.total_steps_) - 1;
        if (r.finish().ok() && (first_end <= 0 || first_end >= double(out.total_steps_ - 1))) {
            r.fail("pct_start * total_steps must lie strictly between 1 and total_steps");
        }
    } else {
        std::string msg = "schedule name: unknown schedule '" + n + "'; known schedules:";
        for (const auto& k : schedule_names()) msg += " " + k;
        return status::failure(msg);
    }
    if (args.has("warmup")) {
        r.object("warmup");
        const settings w = args.sub("warmup");
        reader wr(w, "warmup");
        out.start_factor_ = wr.number("start_factor", 1.0 / 3, 0, 1, false, true);
        if (!w.has("warmup_steps")) wr.fail("needs warmup_steps");
        out.warmup_steps_ = wr.integer("warmup_steps", 0, 1, many);
        status ws = wr.finish();
        if (!ws.ok()) return ws;
    }
    return r.finish();
}

double schedule::lr(long t) const {
    if (t < warmup_steps_) {
        return base_ * (start_factor_ + (1 - start_factor_) * double(t) / double(warmup_steps_));
    }
    return main_lr(t - warmup_steps_);
}

double schedule::main_lr(long t) const {
    switch (kind_) {
        case kind::constant: return t < total_iters_ ? base_ * factor_ : base_;
        case kind::step: return base_ * std::pow(gamma_, double(t / step_size_));
        case kind::exponential: return base_ * std::pow(gamma_, double(t));
        case kind::cosine:
            return eta_min_ + (base_ - eta_min_) * (1 + std::cos(pi * double(t) / double(t_max_))) / 2;
        case kind::cosine_warm_restarts: {
            // Integer arithmetic finds the current period exactly (torch counts T_cur up by one).
            long t_cur = t, t_i = t_0_;
            if (t_mult_ == 1) {
                t_cur = t % t_0_;  // equal periods: the loop below would take t / T_0 turns
            } else {
                while (t_cur >= t_i) {  // periods grow geometrically: O(log t) turns
                    t_cur -= t_i;
                    t_i *= t_mult_;
                }
            }
            return eta_min_ + (base_ - eta_min_) * (1 + std::cos(pi * double(t_cur) / double(t_i))) / 2;
        }
        case kind::one_cycle: return one_cycle_value(t, false);
    }
    return base_;
}

double schedule::momentum(long t) const {
    if (t < warmup_steps_) return max_momentum_;
    return one_cycle_value(t - warmup_steps_, true);
}

double schedule::one_cycle_value(long t, bool momentum) const {
    const double initial = max_lr_ / div_factor_;
    const double min_lr = initial / final_div_factor_;
    struct phase {
        double end_step, start_lr, end_lr, start_m, end_m;
    };
    const double total = double(total_steps_);
    phase phases[3];
    int count;
    if (three_phase_) {
        phases[0] = {pct_start_ * total - 1, initial, max_lr_, max_momentum_, base_momentum_};
        phases[1] = {2 * pct_start_ * total - 2, max_lr_, initial, base_momentum_, max_momentum_};
        phases[2] = {total - 1, initial, min_lr, max_momentum_, max_momentum_};
        count = 3;
    } else {
        phases[0] = {pct_start_ * total - 1, initial, max_lr_, max_momentum_, base_momentum_};
        phases[1] = {total - 1, max_lr_, min_lr, base_momentum_, max_momentum_};
        count = 2;
    }
    double start_step = 0;
    const double step_num = double(t);
    for (int i = 0; i < count; ++i) {
        const phase& p = phases[i];
        if (step_num <= p.end_step || i == count - 1) {
            const double pct = (step_num - start_step) / (p.end_step - start_step);
            const double a = momentum ? p.start_m : p.start_lr;
            const double b = momentum ? p.end_m : p.end_lr;
            return linear_ ? anneal_linear(a, b, pct) : anneal_cos(a, b, pct);
        }
        start_step = p.end_step;
    }
    return min_lr;
}

}  // namespace losslab::schedules
