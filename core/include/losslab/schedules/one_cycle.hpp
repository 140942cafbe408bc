#pragma once
/// The one-cycle policy, as torch.optim.lr_scheduler.OneCycleLR(max_lr, total_steps,
/// pct_start=0.3, anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85,
/// max_momentum=0.95, div_factor=25, final_div_factor=1e4, three_phase=False).
/// lr rises from max_lr/div_factor to max_lr over the first pct_start of the steps, then anneals
/// to max_lr/(div_factor·final_div_factor); as in torch the optimizer's own lr is ignored, and with
/// cycle_momentum the momentum (sgd, rmsprop) or beta1 (adam, adamw) moves the opposite way
/// between max_momentum and base_momentum.
/// max_lr and total_steps are required in torch; here 0 means "the optimizer's lr" and "the run's
/// steps" (schedule::create fills them in).
#include "losslab/schedules/info.hpp"

namespace losslab::schedules {

struct one_cycle {
    enum class anneal { cos, linear };
    struct config {
        double max_lr = 0;    ///< > 0; 0: the optimizer's lr
        long total_steps = 0;  ///< >= 1; 0: the run's steps
        double pct_start = 0.3;
        anneal anneal_strategy = anneal::cos;
        double div_factor = 25;
        double final_div_factor = 1e4;
        bool three_phase = false;
        bool cycle_momentum = true;
        double base_momentum = 0.85;
        double max_momentum = 0.95;
    };
    static const schedule_info& info();
    /// lr(t) (momentum = false) or the cycled momentum (true) at step t, for a resolved config.
    static double value(const config& c, long t, bool momentum);
    static double lr(const config& c, double /*base*/, long t) { return value(c, t, false); }
};

}  // namespace losslab::schedules
