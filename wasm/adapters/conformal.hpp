#pragma once
// Embind-facing conformal prediction and interval metrics (metrics kinds "conformal",
// "residualScores", "cqrScores", "interval"), reached through metrics_json. Type conversion only.
#include <string>

namespace losslab::wasm {

bool is_conformal_kind(const std::string& kind);
std::string conformal_metrics_json(const std::string& kind, const std::string& options);

}  // namespace losslab::wasm
