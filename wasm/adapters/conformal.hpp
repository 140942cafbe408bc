#pragma once
// Embind-facing conformal prediction and interval metrics, one function per metric: arrays as
// Float64Arrays, alpha as a number. Type conversion only.
#include "adapters/values.hpp"

namespace losslab::wasm {

val metrics_conformal(const val& scores, double alpha);
val metrics_residual_scores(const val& prediction, const val& target);
val metrics_cqr_scores(const val& lower, const val& upper, const val& target);
val metrics_interval(const val& lower, const val& upper, const val& target, double alpha);

}  // namespace losslab::wasm
