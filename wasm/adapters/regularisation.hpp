#pragma once
// Embind-facing functions of the regularisation core (core/include/losslab/regularisation/):
// options in and results out as JSON text, bulk arrays through the result buffer. Type conversion only.
#include <string>

namespace losslab::wasm {

/// { x, y, features, x_val?, y_val?, lambdas, l1_ratio?, tol?, max_sweeps? } → the path.
std::string elastic_net_path_json(const std::string& options);

/// { rho, optimum: [w1, w2], budget, l1_ratio, xmin, xmax, ymin, ymax, nx, ny } → the L1, L2 and
/// elastic-net constrained optima with their regions' edges, and the loss on the grid.
std::string regularisation_geometry_json(const std::string& options);

}  // namespace losslab::wasm
