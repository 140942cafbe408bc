#include "losslab/optim/trajectory.hpp"

#include <cmath>

#include "losslab/data/random.hpp"
#include "losslab/limits.hpp"
#include "losslab/optim/optimizer.hpp"
#include "losslab/schedules/schedule.hpp"
#include "losslab/surfaces/surface.hpp"

namespace losslab::optim {

status optimize(const run_config& c, trajectory& out) {
    out = trajectory{};
    if (c.steps < 0 || c.steps > limits::trajectory_steps) {
        return status::failure("optimize: steps = " + std::to_string(c.steps) + " is outside [0, " +
                               std::to_string(limits::trajectory_steps) + "]");
    }
    if (!std::isfinite(c.start_x) || !std::isfinite(c.start_y)) return status::failure("optimize: start is not finite");
    const long steps = c.steps;
    const std::string surface_name = surfaces::info_of(c.surface).name;
    surfaces::surface surf;
    status s = surfaces::surface::create(c.surface, surf);
    if (!s.ok()) return s;
    optimizer opt;
    s = optimizer::create(c.optimizer, opt);
    if (!s.ok()) return s;
    schedules::schedule sched;
    s = schedules::schedule::create(c.schedule, c.warmup, opt.lr(), steps, sched);
    if (!s.ok()) return s;
    if (sched.step_limit() && steps > sched.step_limit()) {
        return status::failure("one_cycle: " + std::to_string(steps) + " steps exceed total_steps = " +
                               std::to_string(sched.step_limit()) + " (torch refuses to step past it)");
    }
    if (sched.cycles_momentum() && !opt.has_momentum()) {
        return status::failure("one_cycle: cycle_momentum needs an optimizer with momentum or betas; "
                               "set cycle_momentum: false for " + opt.name());
    }
    if (!(c.noise_std >= 0 && c.noise_std <= 1e6)) {
        return status::failure("noise: std = " + format_number(c.noise_std) + " is outside [0, 1e+06]");
    }
    if (!(c.noise_seed >= 0 && c.noise_seed <= 9007199254740991.0)) {
        return status::failure("noise: seed = " + format_number(c.noise_seed) + " is outside [0, 9.0072e+15]");
    }
    const double noise_std = c.noise_std;
    const std::vector<double> start = {c.start_x, c.start_y};
    data::rng noise{std::uint64_t(c.noise_seed)};

    const double bound = surf.info().bound;
    auto inside = [&](double x, double y, double f) {
        return std::isfinite(x) && std::isfinite(y) && std::isfinite(f) && std::abs(x) <= bound && std::abs(y) <= bound;
    };
    std::vector<double> theta = {start[0], start[1]}, grad(2);
    double f = surf.value(theta[0], theta[1]);
    if (!inside(theta[0], theta[1], f)) {
        return status::failure("start (" + format_number(start[0]) + ", " + format_number(start[1]) +
                               ") lies outside the box |x|, |y| <= " + format_number(bound) + " of " + surface_name);
    }
    opt.reset(2);
    out.first_name = opt.first_name();
    out.second_name = opt.second_name();
    out.path = {theta[0], theta[1]};
    out.loss = {f};
    for (long t = 0; t < steps; ++t) {
        surf.gradient(theta[0], theta[1], grad[0], grad[1]);
        if (noise_std > 0) {
            grad[0] += noise_std * noise.normal();
            grad[1] += noise_std * noise.normal();
        }
        const double lr = sched.lr(t);
        if (!std::isfinite(lr)) {
            out.diverged = true;
            out.diverged_step = t + 1;
            out.reason = "the learning rate of the schedule overflows";
            break;
        }
        if (sched.cycles_momentum()) {
            opt.set_momentum(sched.momentum(t));
            out.momentum.push_back(sched.momentum(t));
        }
        opt.step(theta, grad, lr);
        f = surf.value(theta[0], theta[1]);
        if (!inside(theta[0], theta[1], f)) {
            out.diverged = true;
            out.diverged_step = t + 1;
            const bool finite = std::isfinite(theta[0]) && std::isfinite(theta[1]) && std::isfinite(f);
            out.reason = finite ? "left the box |x|, |y| <= " + format_number(bound) : "not finite";
            if (!out.momentum.empty()) out.momentum.pop_back();
            break;
        }
        out.path.insert(out.path.end(), theta.begin(), theta.end());
        out.loss.push_back(f);
        out.lr.push_back(lr);
        out.grad.insert(out.grad.end(), grad.begin(), grad.end());
        if (!opt.first().empty()) out.first.insert(out.first.end(), opt.first().begin(), opt.first().end());
        if (!opt.second().empty()) out.second.insert(out.second.end(), opt.second().begin(), opt.second().end());
        out.effective_lr.insert(out.effective_lr.end(), opt.effective_lr().begin(), opt.effective_lr().end());
        out.step.insert(out.step.end(), opt.last_step().begin(), opt.last_step().end());
    }
    // sgd without momentum has a zero buffer: report none rather than a row of zeros.
    if (out.first_name == "momentum_buffer") {
        bool any = false;
        for (double v : out.first) any = any || v != 0;
        if (!any) out.first.clear(), out.first_name.clear();
    }
    return status::success();
}

status lr_schedule(double base, const schedules::spec& schedule, const schedules::warmup::config& warmup, long steps,
                   std::vector<double>& lr, std::vector<double>& momentum) {
    lr.clear();
    momentum.clear();
    if (steps < 0 || steps > limits::steps_per_call) {
        return status::failure("steps = " + std::to_string(steps) + " is outside [0, " +
                               std::to_string(limits::steps_per_call) + "] (the limit of steps per call)");
    }
    if (!(base > 0) || !std::isfinite(base)) return status::failure("lr = " + format_number(base) + " must be > 0");
    schedules::schedule sched;
    status s = schedules::schedule::create(schedule, warmup, base, steps, sched);
    if (!s.ok()) return s;
    if (sched.step_limit() && steps > sched.step_limit()) {
        return status::failure("one_cycle: " + std::to_string(steps) + " steps exceed total_steps = " +
                               std::to_string(sched.step_limit()));
    }
    for (long t = 0; t < steps; ++t) {
        const double value = sched.lr(t);
        if (!std::isfinite(value)) {
            lr.clear();
            momentum.clear();
            return status::failure("schedule '" + sched.name() + "': the learning rate overflows the double range at step " +
                                   std::to_string(t) + " (lr × gamma^t is too large)");
        }
        lr.push_back(value);
        if (sched.cycles_momentum()) momentum.push_back(sched.momentum(t));
    }
    return status::success();
}

}  // namespace losslab::optim
