#pragma once
// Embind-facing functions of the regularisation core (core/include/losslab/regularisation/):
// options in as plain JS objects, results out as plain JS objects with Float64Arrays
// (values.hpp). Type conversion only.
#include "adapters/values.hpp"

namespace losslab::wasm {

/// regularisation::path_config as a value object ("ElasticNetCall"): the arrays as Float64Arrays
/// (xVal, yVal empty without validation rows), every setting given (the wrapper fills the
/// defaults from configDefaults().elasticNet, path_config's field initialisers).
struct elastic_net_call {
    val x = val::undefined(), y = val::undefined(), x_val = val::undefined(), y_val = val::undefined();
    val lambdas = val::undefined();
    double features = 0, l1_ratio = 0, tol = 0, max_sweeps = 0;
};

/// path_config's defaults { features, l1Ratio, tol, maxSweeps }.
val elastic_net_defaults();

val elastic_net_path(const elastic_net_call& call);

/// "GeometryCall": rho, optimum [w1, w2] (a Float64Array), budget; the rest optional (undefined:
/// l1Ratio 0.5, the box ±3, 60 × 60).
struct geometry_call {
    double rho = 0, budget = 0;
    val optimum = val::undefined();
    val l1_ratio = val::undefined(), xmin = val::undefined(), xmax = val::undefined(), ymin = val::undefined();
    val ymax = val::undefined(), nx = val::undefined(), ny = val::undefined();
};

/// The L1, L2 and elastic-net constrained optima with their regions' edges, and the loss on the grid.
val regularisation_geometry(const geometry_call& call);

}  // namespace losslab::wasm
