#pragma once
// Embind-facing functions of the regularisation core (core/include/losslab/regularisation/):
// options in as plain JS objects, results out as plain JS objects with Float64Arrays
// (values.hpp). Type conversion only.
#include "adapters/values.hpp"

namespace losslab::wasm {

/// { x, y, features, x_val?, y_val?, lambdas, l1_ratio?, tol?, max_sweeps? } → the path.
val elastic_net_path(const val& options);

/// { rho, optimum: [w1, w2], budget, l1_ratio, xmin, xmax, ymin, ymax, nx, ny } → the L1, L2 and
/// elastic-net constrained optima with their regions' edges, and the loss on the grid.
val regularisation_geometry(const val& options);

}  // namespace losslab::wasm
