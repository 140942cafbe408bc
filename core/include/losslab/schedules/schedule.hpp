#pragma once
/// A learning-rate schedule bound to an optimizer's lr and a run length: lr(t) is the learning
/// rate the optimizer uses at its step t (t = 0 for the first step), as if scheduler.step() were
/// called after every optimizer step. Each schedule lives in its own header (constant.hpp,
/// step.hpp, exponential.hpp, cosine.hpp, cosine_warm_restarts.hpp, one_cycle.hpp), with its
/// formula, torch's defaults and its metadata; warmup.hpp may run before any of them.
#include <string>
#include <vector>

#include "losslab/schedules/spec.hpp"
#include "losslab/status.hpp"

namespace losslab::schedules {

/// The names in the order the UI lists them (the order of `spec`).
const std::vector<std::string>& schedule_names();

class schedule {
public:
    /// Checks `main` and `warm` against their documented ranges and binds them to an optimizer
    /// whose lr is `lr` in a run of `total_steps` steps (one_cycle's defaults; 0 if unknown).
    static status create(const spec& main, const warmup::config& warm, double lr, long total_steps, schedule& out);

    /// The learning rate at optimizer step t (0-based).
    double lr(long t) const;

    /// True when the schedule also sets the momentum (one_cycle with cycle_momentum).
    bool cycles_momentum() const;
    double momentum(long t) const;

    const std::string& name() const { return info_of(spec_).name; }
    /// one_cycle's total_steps plus the warm-up (0 for others): torch refuses to step past it.
    long step_limit() const;
    const spec& main() const { return spec_; }

private:
    spec spec_;
    warmup::config warmup_;
    double base_ = 0.001;
};

}  // namespace losslab::schedules
