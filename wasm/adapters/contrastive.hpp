#pragma once
// Embind-facing functions of contrastive training (core/include/losslab/train/contrastive.hpp):
// options in as a plain JS object, results out as plain JS objects with Float64Arrays
// (values.hpp). Type conversion only; the core does the math.
#include "adapters/values.hpp"

namespace losslab::wasm {

val contrastive_create(const val& options);
val contrastive_step(int id, int steps);
bool contrastive_free(int id);

}  // namespace losslab::wasm
