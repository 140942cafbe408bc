#pragma once
// Embind-facing metrics, one function per metric: the arrays arrive as Float64Arrays (named by the
// JS API's arguments, so the core's errors name them), the options as numbers the wrapper has
// completed from configDefaults().metrics. Type conversion only; the core does the math.
#include "adapters/values.hpp"

namespace losslab::wasm {

val metrics_regression(const val& prediction, const val& target);
val metrics_binary(const val& score, const val& label, double threshold, double fn_cost, double fp_cost);
/// thresholds: a Float64Array, or undefined for 0, 0.01, …, 1 (probabilities).
val metrics_thresholds(const val& score, const val& label, const val& thresholds, double fn_cost, double fp_cost);
val metrics_multiclass(const val& predicted, const val& label, double classes);
val metrics_roc(const val& score, const val& label);
val metrics_pr(const val& score, const val& label);
val metrics_calibration(const val& probability, const val& label, double bins);
val metrics_coverage(const val& prediction, const val& target, double tau);

}  // namespace losslab::wasm
