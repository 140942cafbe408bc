#pragma once
/// Exponential decay, as torch.optim.lr_scheduler.ExponentialLR(gamma):  lr(t) = η · γ^t.
/// gamma has no default in torch (required): 0 here means "not given", which schedule::create
/// rejects.
#include <cmath>

#include "losslab/schedules/info.hpp"

namespace losslab::schedules {

struct exponential {
    struct config {
        double gamma = 0;  ///< required, > 0
    };
    static const schedule_info& info() {
        static const schedule_info i = {
            "exponential",
            {{"gamma", 0, 0, 1e300, "factor applied at every step (required)", parameter::type::number, false}},
            R"(\eta\,\gamma^{t})",
            "Multiplies the learning rate by gamma at every step.",
            "torch.optim.lr_scheduler.ExponentialLR"};
        return i;
    }
    static double lr(const config& c, double base, long t) { return base * std::pow(c.gamma, double(t)); }
};

}  // namespace losslab::schedules
