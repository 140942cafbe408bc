#pragma once
/// A constant learning rate, as torch.optim.lr_scheduler.ConstantLR(factor, total_iters):
///   lr(t) = η · factor for t < total_iters, then η.
/// torch's defaults are factor = 1/3, total_iters = 5; ours are factor = 1, total_iters = 0, which
/// make the schedule a plain constant (what "no schedule" means in the lessons).
#include "losslab/schedules/info.hpp"

namespace losslab::schedules {

struct constant {
    struct config {
        double factor = 1;     ///< in (0, 1]
        long total_iters = 0;  ///< >= 0
    };
    static const schedule_info& info() {
        static const schedule_info i = {
            "constant",
            {{"factor", 1, 0, 1, "multiplier of the lr during the first total_iters steps", parameter::type::number,
              false, true},
             {"total_iters", 0, 0, double(many_steps), "steps at the reduced lr", parameter::type::integer}},
            R"(\eta\cdot(\text{factor if } t < \text{total\_iters, else } 1))",
            "The same learning rate at every step.",
            "torch.optim.lr_scheduler.ConstantLR"};
        return i;
    }
    static double lr(const config& c, double base, long t) { return t < c.total_iters ? base * c.factor : base; }
};

}  // namespace losslab::schedules
