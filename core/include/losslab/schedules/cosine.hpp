#pragma once
/// Cosine annealing, the closed form of torch.optim.lr_scheduler.CosineAnnealingLR(T_max,
/// eta_min=0):  lr(t) = η_min + (η − η_min)(1 + cos(π t / T_max)) / 2, periodic past T_max.
/// T_max has no default in torch (required): 0 here means "not given", which schedule::create
/// rejects.
#include <cmath>

#include "losslab/schedules/info.hpp"

namespace losslab::schedules {

struct cosine {
    struct config {
        long T_max = 0;      ///< required, >= 1
        double eta_min = 0;  ///< >= 0
    };
    static const schedule_info& info() {
        static const schedule_info i = {
            "cosine",
            {{"T_max", 0, 1, double(many_steps), "steps of one half cosine (required)", parameter::type::integer},
             {"eta_min", 0, 0, 1e300, "the lowest learning rate"}},
            R"(\eta_{\min} + \tfrac12(\eta - \eta_{\min})\left(1 + \cos\tfrac{\pi t}{T_{\max}}\right))",
            "Anneals the learning rate along a half cosine from eta to eta_min over T_max steps.",
            "torch.optim.lr_scheduler.CosineAnnealingLR (closed form)"};
        return i;
    }
    static double lr(const config& c, double base, long t) {
        return c.eta_min + (base - c.eta_min) * (1 + std::cos(pi * double(t) / double(c.T_max))) / 2;
    }
};

}  // namespace losslab::schedules
