#include "losslab/optim/trajectory.hpp"

#include <cmath>

#include "losslab/data/random.hpp"
#include "losslab/limits.hpp"
#include "losslab/optim/optimizer.hpp"
#include "losslab/schedules/schedule.hpp"
#include "losslab/surfaces/surface.hpp"

namespace losslab::optim {

status optimize(const settings& args, trajectory& out) {
    out = trajectory{};
    reader r(args, "optimize");
    const std::string surface_name = r.word("surface", "", {"rosenbrock", "beale", "himmelblau", "saddle", "quadratic", "camel"});
    if (!args.words.count("surface")) r.fail("needs a surface");
    r.object("surfaceParams");
    r.object("params");
    r.object("schedule");
    r.object("noise");
    auto optimizer_it = args.words.find("optimizer");
    r.accept("optimizer");
    if (args.has("optimizer") && optimizer_it == args.words.end()) r.fail("optimizer must be an optimizer name (a string)");
    else if (optimizer_it == args.words.end()) r.fail("needs an optimizer");
    const auto start = r.array("start", {0, 0}, 2, -1e300, 1e300);
    if (!args.arrays.count("start")) r.fail("needs start: [x, y]");
    const long steps = r.integer("steps", 100, 0, limits::trajectory_steps);
    status s = r.finish();
    if (!s.ok()) return s;

    surfaces::surface surf;
    s = surfaces::surface::create(surface_name, args.sub("surfaceParams"), surf);
    if (!s.ok()) return s;
    optimizer opt;
    s = optimizer::create(optimizer_it->second, args.sub("params"), opt);
    if (!s.ok()) return s;
    schedules::schedule sched;
    s = schedules::schedule::create(args.sub("schedule"), opt.lr(), steps, sched);
    if (!s.ok()) return s;
    if (sched.step_limit() && steps > sched.step_limit()) {
        return status::failure("one_cycle: " + std::to_string(steps) + " steps exceed total_steps = " +
                               std::to_string(sched.step_limit()) + " (torch refuses to step past it)");
    }
    if (sched.cycles_momentum() && !opt.has_momentum()) {
        return status::failure("one_cycle: cycle_momentum needs an optimizer with momentum or betas; "
                               "set cycle_momentum: false for " + opt.name());
    }
    const settings noise_args = args.sub("noise");
    reader nr(noise_args, "noise");
    const double noise_std = nr.number("std", 0, 0, 1e6);
    const double noise_seed = nr.number("seed", 0, 0, 9007199254740991.0);
    s = nr.finish();
    if (!s.ok()) return s;
    data::rng noise{std::uint64_t(noise_seed)};

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

status lr_schedule(const settings& args, long steps, std::vector<double>& lr, std::vector<double>& momentum) {
    lr.clear();
    momentum.clear();
    if (steps < 0 || steps > limits::steps_per_call) {
        return status::failure("steps = " + std::to_string(steps) + " is outside [0, " +
                               std::to_string(limits::steps_per_call) + "] (the limit of steps per call)");
    }
    settings schedule_args = args;
    auto it = schedule_args.numbers.find("lr");
    if (it == schedule_args.numbers.end()) return status::failure("lrSchedule needs lr");
    const double base = it->second;
    if (!(base > 0) || !std::isfinite(base)) return status::failure("lr = " + format_number(base) + " must be > 0");
    schedule_args.numbers.erase(it);
    schedules::schedule sched;
    status s = schedules::schedule::create(schedule_args, base, steps, sched);
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
