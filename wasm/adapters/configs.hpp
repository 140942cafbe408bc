#pragma once
// The core's typed configs as Embind value objects: every optimizer, schedule and surface config
// (optim/spec.hpp, schedules/spec.hpp, surfaces/spec.hpp), the warm-up, the penalty and early
// stopping cross field by field under the core's own (torch's) names. Their defaults are the
// configs' field initialisers, read by the wrapper once through configDefaults(): the wrapper
// fills what the caller left out from there, so every value object arrives complete.
#include <string>

#include "adapters/values.hpp"
#include "losslab/data/datasets.hpp"
#include "losslab/metrics/metrics.hpp"
#include "losslab/models/config.hpp"
#include "losslab/optim/spec.hpp"
#include "losslab/schedules/spec.hpp"
#include "losslab/surfaces/spec.hpp"

namespace losslab::wasm {

/// The defaults of the metrics' options (lab.metrics.binary's threshold, calibration's bins, the
/// decision costs), declared once here and handed to the wrapper by configDefaults().
struct metric_defaults {
    double threshold = 0.5;
    metrics::decision_costs costs;
    long bins = 10;
};

/// Registers the value objects (inside EMSCRIPTEN_BINDINGS).
void bind_configs();

/// { optimizers: {name: config}, schedules: {name: config}, surfaces: {name: config}, warmup,
///   penalty, earlyStopping, training: {batchSize, epochs, seed, features, classes, precision},
///   models: {name: {hidden, activation, task}}, datasets: {name: {n, seed, validation, options,
///   integers}}, metrics: {threshold, fnCost, fpCost, bins}, choices: {field: [words]} }: the
/// default of every config, and the words of every field that takes one.
val config_defaults();

/// A registry's parameters as plain objects { name, default, min, max, description, integer }
/// (unbounded range ends are null).
val parameters(const std::vector<parameter>& list);

/// Every schedule's metadata: name, parameters (default, range, integer), formula, convention.
val schedule_info();

/// The named alternative of a spec, read from a complete config object; an unknown name is an
/// error naming it.
status optimizer_spec(const std::string& name, const val& config, optim::spec& out);
status schedule_spec(const std::string& name, const val& config, schedules::spec& out);
status surface_spec(const std::string& name, const val& config, surfaces::spec& out);
/// The named dataset's options (one alternative of data::options) from a complete options object.
status dataset_options(const std::string& name, const val& options, data::options& out);
/// { name, hidden: Float64Array, activation, task, outputBias: number | null }.
status model_config(const val& model, models::config& out);

/// A config read the way the calls read it (kind: optimizer, schedule, surface, dataset, warmup,
/// penalty, earlyStopping, model) and written back: the tests' proof that every field crosses both ways.
val echo_config(const std::string& kind, const std::string& name, const val& config);

/// A whole number in [lo, hi] (the wrapper checks these too; this guards the cast to long).
status whole(const std::string& what, double v, double lo, double hi, long& out);

}  // namespace losslab::wasm
