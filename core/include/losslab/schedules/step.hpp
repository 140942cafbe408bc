#pragma once
/// Step decay, as torch.optim.lr_scheduler.StepLR(step_size, gamma=0.1):
///   lr(t) = η · γ^⌊t / step_size⌋.
/// step_size has no default in torch (a required argument): 0 here means "not given", which
/// schedule::create rejects.
#include <cmath>

#include "losslab/schedules/info.hpp"

namespace losslab::schedules {

struct step {
    struct config {
        long step_size = 0;  ///< required, >= 1
        double gamma = 0.1;  ///< > 0
    };
    static const schedule_info& info() {
        static const schedule_info i = {
            "step",
            {{"step_size", 0, 1, double(many_steps), "steps between decays (required)", parameter::type::integer},
             {"gamma", 0.1, 0, 1e300, "factor applied at each decay", parameter::type::number, false}},
            R"(\eta\,\gamma^{\lfloor t / \text{step\_size} \rfloor})",
            "Drops the learning rate by gamma every step_size steps.",
            "torch.optim.lr_scheduler.StepLR"};
        return i;
    }
    static double lr(const config& c, double base, long t) { return base * std::pow(c.gamma, double(t / c.step_size)); }
};

}  // namespace losslab::schedules
