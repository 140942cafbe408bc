#pragma once
/// Cosine annealing with warm restarts, as torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(
/// T_0, T_mult=1, eta_min=0): the cosine of cosine.hpp over T_cur / T_i, where the period T_i
/// starts at T_0 and is multiplied by T_mult at each restart. T_0 has no default in torch
/// (required): 0 here means "not given", which schedule::create rejects.
#include <cmath>

#include "losslab/schedules/info.hpp"

namespace losslab::schedules {

struct cosine_warm_restarts {
    struct config {
        long T_0 = 0;        ///< required, >= 1
        long T_mult = 1;     ///< in [1, 1000]
        double eta_min = 0;  ///< >= 0
    };
    static const schedule_info& info() {
        static const schedule_info i = {
            "cosine_warm_restarts",
            {{"T_0", 0, 1, double(many_steps), "steps of the first period (required)", parameter::type::integer},
             {"T_mult", 1, 1, 1000, "factor by which each period grows", parameter::type::integer},
             {"eta_min", 0, 0, 1e300, "the lowest learning rate"}},
            R"(\eta_{\min} + \tfrac12(\eta - \eta_{\min})\left(1 + \cos\tfrac{\pi T_{cur}}{T_i}\right))",
            "Cosine annealing that jumps back to eta at each restart; periods grow by T_mult.",
            "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts"};
        return i;
    }
    static double lr(const config& c, double base, long t) {
        // Integer arithmetic finds the current period exactly (torch counts T_cur up by one).
        long t_cur = t, t_i = c.T_0;
        if (c.T_mult == 1) {
            t_cur = t % c.T_0;  // equal periods: the loop below would take t / T_0 turns
        } else {
            while (t_cur >= t_i) {  // periods grow geometrically: O(log t) turns
                t_cur -= t_i;
                t_i *= c.T_mult;
            }
        }
        return c.eta_min + (base - c.eta_min) * (1 + std::cos(pi * double(t_cur) / double(t_i))) / 2;
    }
};

}  // namespace losslab::schedules
