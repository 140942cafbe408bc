#include "losslab/schedules/one_cycle.hpp"

#include <cmath>

namespace losslab::schedules {
namespace {
double anneal_cos(double start, double end, double pct) { return end + (start - end) / 2.0 * (std::cos(pi * pct) + 1); }
double anneal_linear(double start, double end, double pct) { return (end - start) * pct + start; }
}  // namespace

const schedule_info& one_cycle::info() {
    using type = parameter::type;
    static const schedule_info i = {
        "one_cycle",
        {{"max_lr", 0, 0, 1e300, "the peak learning rate (0: the optimizer's lr)", type::number},
         {"total_steps", 0, 1, double(many_steps), "steps of the cycle (0: the run's steps)", type::integer},
         {"pct_start", 0.3, 0, 1, "fraction of the cycle spent rising"},
         {"anneal_strategy", 0, 0, 1, "shape of each phase", type::choice, true, true, {"cos", "linear"}},
         {"div_factor", 25, 0, 1e300, "initial lr = max_lr / div_factor", type::number, false},
         {"final_div_factor", 1e4, 0, 1e300, "final lr = initial lr / final_div_factor", type::number, false},
         {"three_phase", 0, 0, 1, "a third phase annealing to the final lr", type::flag},
         {"cycle_momentum", 1, 0, 1, "move the momentum opposite to the lr", type::flag},
         {"base_momentum", 0.85, 0, 1, "the momentum at the peak lr"},
         {"max_momentum", 0.95, 0, 1, "the momentum at the lowest lr"}},
        R"(\text{rise from } \tfrac{\eta_{\max}}{\text{div}} \text{ to } \eta_{\max}\text{, then anneal to } )"
        R"(\tfrac{\eta_{\max}}{\text{div}\cdot\text{final\_div}})",
        "Warms up to max_lr, then anneals far below the start: the super-convergence policy.",
        "torch.optim.lr_scheduler.OneCycleLR"};
    return i;
}

double one_cycle::value(const config& c, long t, bool momentum) {
    const double initial = c.max_lr / c.div_factor;
    const double min_lr = initial / c.final_div_factor;
    struct phase {
        double end_step, start_lr, end_lr, start_m, end_m;
    };
    const double total = double(c.total_steps);
    phase phases[3];
    int count;
    if (c.three_phase) {
        phases[0] = {c.pct_start * total - 1, initial, c.max_lr, c.max_momentum, c.base_momentum};
        phases[1] = {2 * c.pct_start * total - 2, c.max_lr, initial, c.base_momentum, c.max_momentum};
        phases[2] = {total - 1, initial, min_lr, c.max_momentum, c.max_momentum};
        count = 3;
    } else {
        phases[0] = {c.pct_start * total - 1, initial, c.max_lr, c.max_momentum, c.base_momentum};
        phases[1] = {total - 1, c.max_lr, min_lr, c.base_momentum, c.max_momentum};
        count = 2;
    }
    const bool linear = c.anneal_strategy == anneal::linear;
    double start_step = 0;
    const double step_num = double(t);
    for (int i = 0; i < count; ++i) {
        const phase& p = phases[i];
        if (step_num <= p.end_step || i == count - 1) {
            const double pct = (step_num - start_step) / (p.end_step - start_step);
            const double a = momentum ? p.start_m : p.start_lr;
            const double b = momentum ? p.end_m : p.end_lr;
            return linear ? anneal_linear(a, b, pct) : anneal_cos(a, b, pct);
        }
        start_step = p.end_step;
    }
    return min_lr;
}

}  // namespace losslab::schedules
