#pragma once
/// A linear warm-up before any schedule, as torch.optim.lr_scheduler.LinearLR(start_factor,
/// end_factor=1, total_iters=warmup_steps) chained by SequentialLR:
///   lr(t) = η (f + (1 − f) t / W) for t < W, then the main schedule at t − W.
/// torch's LinearLR default start_factor is 1/3. warmup_steps = 0 means no warm-up.
namespace losslab::schedules {

struct warmup {
    struct config {
        double start_factor = 1.0 / 3;  ///< in (0, 1]
        long warmup_steps = 0;          ///< 0: none
    };
    static double lr(const config& c, double base, long t) {
        return base * (c.start_factor + (1 - c.start_factor) * double(t) / double(c.warmup_steps));
    }
};

}  // namespace losslab::schedules
