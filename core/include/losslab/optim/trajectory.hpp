#pragma once
/// Runs an optimizer on a 2-D surface for a number of steps in one call (the lessons animate the
/// whole path without crossing into wasm per step). Settings:
///
///   surface, surfaceParams{...}, optimizer, params{lr, ...torch arguments}, schedule{name, ...},
///   start [x, y], steps, noise{std, seed} (optional Gaussian noise added to every gradient
///   coordinate, for the mini-batch-noise figure)
///
/// Step t (0-based) uses the gradient at path point t and lr(t); the point it produces is path
/// point t + 1. The run stops at the first point whose loss or coordinates are not finite or that
/// leaves the surface's escape box: that point is not recorded, `diverged_step` is its index.
#include <string>
#include <vector>

#include "losslab/status.hpp"
#include "losslab/train/settings.hpp"

namespace losslab::optim {

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

status optimize(const settings& args, trajectory& out);

/// The learning rate at each of `steps` optimizer steps: `args` is a schedule plus its `lr`.
status lr_schedule(const settings& args, long steps, std::vector<double>& lr, std::vector<double>& momentum);

}  // namespace losslab::optim
