#pragma once
// Embind-facing functions of the optimization core (optimizers on surfaces, schedules, datasets,
// training sessions). Calls arrive as value objects (arrays as Float64Arrays), results leave as
// plain JS objects (values.hpp). Type conversion only; the core does the math.
#include <string>

#include "adapters/values.hpp"
#include "losslab/schedules/warmup.hpp"
#include "losslab/train/config.hpp"

namespace losslab::wasm {

// Calls as Embind value objects (registered in bindings.cpp). A `*_config` field holds the
// complete config of the named alternative (configs.hpp); arrays are Float64Arrays.

/// optim::run_config: a surface, an optimizer, a schedule with its warm-up, the start, the steps.
struct optimize_call {
    std::string surface;
    val surface_config = val::undefined();
    std::string optimizer;
    val optimizer_config = val::undefined();
    std::string schedule;
    val schedule_config = val::undefined();
    schedules::warmup::config warmup;
    double start_x = 0, start_y = 0, steps = 0, noise_std = 0, noise_seed = 0;
};

struct schedule_call {
    double lr = 0;
    std::string schedule;
    val schedule_config = val::undefined();
    schedules::warmup::config warmup;
    double steps = 0;
};

/// The box and size are optional (undefined: the surface's view, 100 × 100).
struct grid_call {
    std::string surface;
    val surface_config = val::undefined();
    val xmin = val::undefined(), xmax = val::undefined(), ymin = val::undefined(), ymax = val::undefined();
    val nx = val::undefined(), ny = val::undefined();
};

/// data::dataset_config: the named dataset's complete options (configs.hpp), n, seed, validation.
struct dataset_call {
    std::string dataset;
    val options = val::undefined();
    double n = 0, seed = 0, validation = 0;
};

/// train::config and train::data.
struct session_call {
    val model = val::undefined();  ///< { name, hidden, activation, task, outputBias }
    std::string loss;
    val loss_params = val::undefined();  ///< Float64Array in the order of the loss's registry params
    std::string optimizer;
    val optimizer_config = val::undefined();
    std::string schedule;
    val schedule_config = val::undefined();
    schedules::warmup::config warmup;
    double batch_size = 0, epochs = 0, seed = 0;
    train::penalty penalty;
    train::early_stopping early_stopping;
    val x = val::undefined(), y = val::undefined(), x_val = val::undefined(), y_val = val::undefined();
    double features = 1, classes = -1;
    std::string precision;  ///< "float64" (the reference) or "float32" (train::precision)
};

val optimize(const optimize_call& call);
val lr_schedule(const schedule_call& call);
val surfaces();
val surface_grid(const grid_call& call);
val optimization_names();

val dataset(const dataset_call& call);

val session_create(const session_call& call);
val session_step(int id, int steps);
/// Predictions for rows x (row-major); logits: the model's raw outputs.
val session_predict(int id, const val& x, bool logits);
/// Predictions on a grid { xmin, xmax, ymin, ymax, nx?, ny? } (x fastest) for a 2-feature model.
val session_predict_grid(int id, const val& box, bool logits);
val session_state(int id);
bool session_free(int id);
int session_count();

/// Bytes currently allocated by malloc in the wasm heap (mallinfo().uordblks), for the
/// heap-returns-to-baseline test.
double heap_in_use();

}  // namespace losslab::wasm
