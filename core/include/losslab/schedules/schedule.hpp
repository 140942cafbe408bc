#pragma once
/// Learning-rate schedules with the semantics of torch.optim.lr_scheduler, in closed form:
/// lr(t) is the learning rate the optimizer uses at its step t (t = 0 for the first step), as if
/// scheduler.step() were called after every optimizer step. Arguments by torch's names:
///
///   constant               factor=1, total_iters=0     lr·factor for t < total_iters, then lr
///                                                      (torch.optim.lr_scheduler.ConstantLR; our
///                                                      defaults make it a plain constant)
///   step                   step_size, gamma=0.1        lr·γ^⌊t / step_size⌋            (StepLR)
///   exponential            gamma                       lr·γ^t                          (ExponentialLR)
///   cosine                 T_max, eta_min=0            η_min + (lr − η_min)(1 + cos(π t / T_max))/2
///                                                      (CosineAnnealingLR's closed form; periodic past T_max)
///   cosine_warm_restarts   T_0, T_mult=1, eta_min=0    the cosine above over T_cur / T_i, where the
///                                                      period T_i starts at T_0 and is multiplied by
///                                                      T_mult at each restart (CosineAnnealingWarmRestarts)
///   one_cycle              max_lr (default: lr), total_steps (default: the run's steps),
///                          pct_start=0.3, anneal_strategy='cos'|'linear', div_factor=25,
///                          final_div_factor=1e4, three_phase=false, cycle_momentum=true,
///                          base_momentum=0.85, max_momentum=0.95           (OneCycleLR)
///                          lr rises from max_lr/div_factor to max_lr over the first pct_start of
///                          the steps, then anneals to max_lr/(div_factor·final_div_factor); as in
///                          torch the optimizer's own lr is ignored, and with cycle_momentum the
///                          momentum (sgd, rmsprop) or beta1 (adam, adamw) moves the opposite way
///                          between max_momentum and base_momentum.
///
/// `warmup: { start_factor=1/3, warmup_steps }` runs first (torch's LinearLR with end_factor 1 and
/// total_iters = warmup_steps, chained by SequentialLR): lr(t) = lr·(f + (1 − f) t / W) for t < W,
/// then the main schedule at t − W.
#include <string>
#include <vector>

#include "losslab/status.hpp"
#include "losslab/train/settings.hpp"

namespace losslab::schedules {

const std::vector<std::string>& schedule_names();

class schedule {
public:
    /// Reads a schedule (`name` plus its arguments) for an optimizer whose lr is `lr`, in a run of
    /// `total_steps` steps (the default total_steps of one_cycle; 0 if unknown).
    static status create(const settings& args, double lr, long total_steps, schedule& out);

    /// The learning rate at optimizer step t (0-based).
    double lr(long t) const;

    /// True when the schedule also sets the momentum (one_cycle with cycle_momentum).
    bool cycles_momentum() const { return kind_ == kind::one_cycle && cycle_momentum_; }
    double momentum(long t) const;

    const std::string& name() const { return name_; }
    /// one_cycle's total_steps (0 for others): torch refuses to step past it.
    long step_limit() const { return kind_ == kind::one_cycle ? total_steps_ + warmup_steps_ : 0; }

private:
    enum class kind { constant, step, exponential, cosine, cosine_warm_restarts, one_cycle };
    double main_lr(long t) const;
    double one_cycle_value(long t, bool momentum) const;

    std::string name_ = "constant";
    kind kind_ = kind::constant;
    double base_ = 0.001;
    double factor_ = 1, gamma_ = 0.1, eta_min_ = 0;
    long total_iters_ = 0, step_size_ = 1, t_max_ = 1, t_0_ = 1, t_mult_ = 1;
    // one_cycle
    double max_lr_ = 0, pct_start_ = 0.3, div_factor_ = 25, final_div_factor_ = 1e4;
    double base_momentum_ = 0.85, max_momentum_ = 0.95;
    bool linear_ = false, three_phase_ = false, cycle_momentum_ = true;
    long total_steps_ = 0;
    // warmup
    double start_factor_ = 1.0 / 3;
    long warmup_steps_ = 0;
};

}  // namespace losslab::schedules
