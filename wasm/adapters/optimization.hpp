#pragma once
// Embind-facing functions of the optimization core (optimizers on surfaces, schedules, datasets,
// metrics, training sessions). Options arrive as JSON text, results leave as JSON text whose bulk
// arrays live in the result buffer (result_json.hpp). Type conversion only; the core does the math.
#include <cstdint>
#include <string>

namespace losslab::wasm {

std::string optimize_json(const std::string& options);
std::string lr_schedule_json(const std::string& options, int steps);
std::string surfaces_json();
std::string surface_grid_json(const std::string& options);
std::string optimizers_json();

std::string dataset_json(const std::string& name, const std::string& options);

std::string metrics_json(const std::string& kind, const std::string& options);

std::string session_create(const std::string& options);
std::string session_step(int id, int steps);
std::string session_predict(int id, const std::string& options);
std::string session_state(int id);
bool session_free(int id);
int session_count();

/// Declares [begin, end) (byte offsets) as the only heap region the next call's options may
/// reference (the wrapper's scratch arena).
void set_scratch(double begin, double end);

/// Bytes currently allocated by malloc in the wasm heap (mallinfo().uordblks), for the
/// heap-returns-to-baseline test.
double heap_in_use();

}  // namespace losslab::wasm
