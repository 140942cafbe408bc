#pragma once
// What the core knows about itself, for the wrapper to read once: its build, its resource limits
// and the loss registry (names, parameters with defaults and ranges, formulas). Defaults and
// ranges live in the core; the wrapper never writes them again.
#include <string>

#include "adapters/values.hpp"

namespace losslab::wasm {

struct build_info {
    bool simd = false;
    std::string version;
};
build_info build();

/// core/include/losslab/limits.hpp, field by field.
struct limits_info {
    double elements_per_call, dataset_points, steps_per_call, trajectory_steps, training_steps, work_per_call, grid_cells,
        classes;
};
limits_info limits();

/// Every loss's metadata: an array of plain objects (unbounded range ends are null).
val loss_info();

}  // namespace losslab::wasm
