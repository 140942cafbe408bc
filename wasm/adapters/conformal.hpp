#pragma once
// Embind-facing conformal prediction and interval metrics (metrics kinds "conformal",
// "residualScores", "cqrScores", "interval"), reached through metrics(). Type conversion only.
#include <string>

#include "adapters/values.hpp"

namespace losslab::wasm {

bool is_conformal_kind(const std::string& kind);
val conformal_metrics(const std::string& kind, const val& options);

}  // namespace losslab::wasm
