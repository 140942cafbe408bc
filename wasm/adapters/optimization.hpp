#pragma once
// Embind-facing functions of the optimization core (optimizers on surfaces, schedules, datasets,
// metrics, training sessions). Options arrive as plain JS objects (arrays as Float64Arrays),
// results leave as plain JS objects (values.hpp). Type conversion only; the core does the math.
#include <string>

#include "adapters/values.hpp"

namespace losslab::wasm {

val optimize(const val& options);
val lr_schedule(const val& options, int steps);
val surfaces();
val surface_grid(const val& options);
val optimization_names();

val dataset(const std::string& name, const val& options);

val metrics(const std::string& kind, const val& options);

val session_create(const val& options);
val session_step(int id, int steps);
val session_predict(int id, const val& options);
val session_state(int id);
bool session_free(int id);
int session_count();

/// Bytes currently allocated by malloc in the wasm heap (mallinfo().uordblks), for the
/// heap-returns-to-baseline test.
double heap_in_use();

}  // namespace losslab::wasm
