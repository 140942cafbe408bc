#pragma once
// Embind-facing functions of contrastive training (core/include/losslab/train/contrastive.hpp):
// options in as a plain JS object, results out as plain JS objects with Float64Arrays
// (values.hpp). Type conversion only; the core does the math.
#include "adapters/values.hpp"

namespace losslab::wasm {

/// contrastive::config as a value object ("ContrastiveCall"), every field given (the wrapper fills
/// the defaults from contrastiveDefaults(), the config's field initialisers); whole-number fields
/// arrive as numbers and are checked whole here, their ranges by the core.
struct contrastive_call {
    double classes = 0, pool = 0, eval = 0, spread = 0, augmentation = 0, nuisance = 0, hidden = 0, dim = 0, batch = 0,
           negatives = 0;
    bool hard = false, positives_only = false;
    double temperature = 0, display = 0;
    std::string optimizer;
    val optimizer_config = val::undefined();
    double probe_steps = 0, seed = 0;
};

/// contrastive::config's defaults under the JS API's names, its optimizer as { optimizer, lr }.
val contrastive_defaults();

val contrastive_create(const contrastive_call& call);
val contrastive_step(int id, int steps);
bool contrastive_free(int id);

}  // namespace losslab::wasm
