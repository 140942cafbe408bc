#pragma once
// Embind-facing functions of contrastive training (core/include/losslab/train/contrastive.hpp):
// options in as JSON text, results out as JSON whose arrays live in the result buffer. Type
// conversion only; the core does the math.
#include <string>

namespace losslab::wasm {

std::string contrastive_create(const std::string& options);
std::string contrastive_step(int id, int steps);
bool contrastive_free(int id);

}  // namespace losslab::wasm
