#pragma once
/// Runs an optimizer on a 2-D surface for a number of steps in one call (the lessons animate the
/// whole path without crossing into wasm per step): a surface, an optimizer, a schedule (with an
/// optional warm-up), the start point, the step count and optional Gaussian noise (std, seed)
/// added to every gradient coordinate, for the mini-batch-noise figure.
///
/// Step t (0-based) uses the gradient at path point t and lr(t); the point it produces is path
/// point t + 1. The run stops at the first point whose loss or coordinates are not finite or that
/// leaves the surface's escape box: that point is not recorded, `diverged_step` is its index.
#include <string>
#include <vector>

#include "losslab/optim/spec.hpp"
#include "losslab/schedules/spec.hpp"
#include "losslab/status.hpp"
#include "losslab/surfaces/spec.hpp"

namespace losslab::optim {

struct run_config {
    surfaces::spec surface;
    optim::spec optimizer;
    schedules::spec schedule;
    schedules::warmup::config warmup;
    double start_x = 0, start_y = 0;
    long steps = 100;        ///< in [0, limits::trajectory_steps]
    double noise_std = 0;    ///< in [0, 1e6]
    double noise_seed = 0;   ///< an integer in [0, 2^53)
};

struct trajectory {
    std::vector<double> path;          ///< x0, y0, x1, y1, ... (points recorded)
    std::vector<double> loss;          ///< one per point
    std::vector<double> lr;            ///< one per step taken
    std::vector<double> momentum;      ///< one per step when the schedule cycles momentum
    std::vector<double> grad;          ///< gx, gy per step (noise included)
    std::vector<double> first;         ///< per step, 2 values (velocity or m̂), empty if none
    std::vector<double> second;        ///< per step, 2 values (v̂, square_avg or sum), empty if none
    std::vector<double> effective_lr;  ///< per step, 2 values
    std::vector<double> step;          ///< per step, 2 values: θ_{t+1} − θ_t
    std::string first_name, second_name;
    bool diverged = false;
    long diverged_step = 0;
    std::string reason;  ///< "not finite" or "left the box |x|, |y| <= bound"
};

status optimize(const run_config& c, trajectory& out);

/// The learning rate (and one_cycle's momentum) at each of `steps` optimizer steps of a schedule
/// over base learning rate `lr`.
status lr_schedule(double lr, const schedules::spec& schedule, const schedules::warmup::config& warmup, long steps,
                   std::vector<double>& out_lr, std::vector<double>& momentum);

}  // namespace losslab::optim
