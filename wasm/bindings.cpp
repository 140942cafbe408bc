// The whole Embind surface of Loss Lab. Adapters (adapters/*.hpp) convert types; the core does
// the math. The TypeScript wrapper in web/engine is the only caller.
#include <emscripten/bind.h>

#include "adapters/configs.hpp"
#include "adapters/conformal.hpp"
#include "adapters/contrastive.hpp"
#include "adapters/losses.hpp"
#include "adapters/metrics.hpp"
#include "adapters/optimization.hpp"
#include "adapters/registries.hpp"
#include "adapters/regularisation.hpp"
#include "adapters/values.hpp"
#include "losslab/limits.hpp"

namespace {

using losslab::wasm::error_value;
using losslab::wasm::val;

/// Every binding runs inside guard(): no C++ exception may leave for JS, where it would surface
/// as a bare number (../shared/TOOLCHAIN.md, pitfall 6). The core reports bad input as data and
/// checks its limits before allocating, so these catches are the last line: an allocation the
/// heap cannot hold, or a bug. (This target is compiled with -fexceptions; the core is not.)
template <class Result, class Call>
Result guard(Call&& call, Result (*on_error)(const std::string&)) {
    try {
        return call();
    } catch (const std::bad_alloc&) {
        return on_error("too large: the wasm heap cannot hold this call's data; the limit is " +
                        std::to_string(losslab::limits::elements_per_call) + " elements per call");
    } catch (const std::exception& e) {
        return on_error(std::string("internal error in the Loss Lab core: ") + e.what());
    } catch (...) {
        return on_error("internal error in the Loss Lab core");
    }
}

losslab::wasm::loss_result loss_error(const std::string& message) { return {message, 0}; }

}  // namespace

EMSCRIPTEN_BINDINGS(losslab) {
    using namespace emscripten;
    using namespace losslab::wasm;

    value_object<build_info>("BuildInfo").field("simd", &build_info::simd).field("version", &build_info::version);
    function("buildInfo", &build);
    value_object<limits_info>("Limits")
        .field("elementsPerCall", &limits_info::elements_per_call)
        .field("datasetPoints", &limits_info::dataset_points)
        .field("stepsPerCall", &limits_info::steps_per_call)
        .field("trajectorySteps", &limits_info::trajectory_steps)
        .field("trainingSteps", &limits_info::training_steps)
        .field("workPerCall", &limits_info::work_per_call)
        .field("gridCells", &limits_info::grid_cells)
        .field("classes", &limits_info::classes);
    function("limits", &limits);
    function("lossInfo", &loss_info);

    value_object<loss_call>("LossCall")
        .field("name", &loss_call::name)
        .field("reduction", &loss_call::reduction)
        .field("input", &loss_call::input)
        .field("inputSize", &loss_call::input_size)
        .field("target", &loss_call::target)
        .field("targetSize", &loss_call::target_size)
        .field("weights", &loss_call::weights)
        .field("weightsSize", &loss_call::weights_size)
        .field("params", &loss_call::params)
        .field("paramsSize", &loss_call::params_size)
        .field("classes", &loss_call::classes)
        .field("grad", &loss_call::grad)
        .field("perSample", &loss_call::per_sample)
        .field("meanDivisor", &loss_call::mean_divisor);
    value_object<loss_result>("LossResult").field("error", &loss_result::error).field("value", &loss_result::value);
    function("lossFloat", +[](const loss_call& c) { return guard([&] { return loss_float(c); }, loss_error); });
    function("lossDouble", +[](const loss_call& c) { return guard([&] { return loss_double(c); }, loss_error); });

    // The core's typed configs (configs.hpp) and the calls that carry them.
    bind_configs();
    function("configDefaults", &config_defaults);
    function("scheduleInfo", &schedule_info);
    function("echoConfig", +[](const std::string& kind, const std::string& name, const val& config) {
        return guard([&] { return echo_config(kind, name, config); }, error_value);
    });
    value_object<optimize_call>("OptimizeCall")
        .field("surface", &optimize_call::surface)
        .field("surfaceConfig", &optimize_call::surface_config)
        .field("optimizer", &optimize_call::optimizer)
        .field("optimizerConfig", &optimize_call::optimizer_config)
        .field("schedule", &optimize_call::schedule)
        .field("scheduleConfig", &optimize_call::schedule_config)
        .field("warmup", &optimize_call::warmup)
        .field("startX", &optimize_call::start_x)
        .field("startY", &optimize_call::start_y)
        .field("steps", &optimize_call::steps)
        .field("noiseStd", &optimize_call::noise_std)
        .field("noiseSeed", &optimize_call::noise_seed);
    value_object<schedule_call>("ScheduleCall")
        .field("lr", &schedule_call::lr)
        .field("schedule", &schedule_call::schedule)
        .field("scheduleConfig", &schedule_call::schedule_config)
        .field("warmup", &schedule_call::warmup)
        .field("steps", &schedule_call::steps);
    value_object<grid_call>("SurfaceGridCall")
        .field("surface", &grid_call::surface)
        .field("surfaceConfig", &grid_call::surface_config)
        .field("xmin", &grid_call::xmin)
        .field("xmax", &grid_call::xmax)
        .field("ymin", &grid_call::ymin)
        .field("ymax", &grid_call::ymax)
        .field("nx", &grid_call::nx)
        .field("ny", &grid_call::ny);
    value_object<dataset_call>("DatasetCall")
        .field("dataset", &dataset_call::dataset)
        .field("options", &dataset_call::options)
        .field("n", &dataset_call::n)
        .field("seed", &dataset_call::seed)
        .field("validation", &dataset_call::validation);
    value_object<session_call>("SessionCall")
        .field("model", &session_call::model)
        .field("loss", &session_call::loss)
        .field("lossParams", &session_call::loss_params)
        .field("optimizer", &session_call::optimizer)
        .field("optimizerConfig", &session_call::optimizer_config)
        .field("schedule", &session_call::schedule)
        .field("scheduleConfig", &session_call::schedule_config)
        .field("warmup", &session_call::warmup)
        .field("batchSize", &session_call::batch_size)
        .field("epochs", &session_call::epochs)
        .field("seed", &session_call::seed)
        .field("penalty", &session_call::penalty)
        .field("earlyStopping", &session_call::early_stopping)
        .field("x", &session_call::x)
        .field("y", &session_call::y)
        .field("xVal", &session_call::x_val)
        .field("yVal", &session_call::y_val)
        .field("features", &session_call::features)
        .field("classes", &session_call::classes)
        .field("precision", &session_call::precision);

    // Results come back as plain objects whose arrays are Float64Arrays owned by JS; a failure
    // is {error}. Arrays cross as Float64Arrays (`val`).
    using array = const val&;
    function("optimize", +[](const optimize_call& c) { return guard([&] { return optimize(c); }, error_value); });
    function("lrSchedule", +[](const schedule_call& c) { return guard([&] { return lr_schedule(c); }, error_value); });
    function("surfaces", &surfaces);
    function("surfaceGrid", +[](const grid_call& c) { return guard([&] { return surface_grid(c); }, error_value); });
    function("optimizationNames", &optimization_names);
    function("dataset", +[](const dataset_call& c) { return guard([&] { return dataset(c); }, error_value); });
    function("sessionCreate", +[](const session_call& c) { return guard([&] { return session_create(c); }, error_value); });
    function("sessionStep", +[](int id, int k) { return guard([&] { return session_step(id, k); }, error_value); });
    function("sessionPredict", +[](int id, array x, bool logits) {
        return guard([&] { return session_predict(id, x, logits); }, error_value);
    });
    function("sessionPredictGrid", +[](int id, const val& box, bool logits) {
        return guard([&] { return session_predict_grid(id, box, logits); }, error_value);
    });
    function("sessionState", +[](int id) { return guard([&] { return session_state(id); }, error_value); });
    function("sessionFree", &session_free);

    // One function per metric: arrays and numbers, the options completed by the wrapper.
    function("metricsRegression", +[](array p, array t) { return guard([&] { return metrics_regression(p, t); }, error_value); });
    function("metricsBinary", +[](array s, array l, double threshold, double fn, double fp) {
        return guard([&] { return metrics_binary(s, l, threshold, fn, fp); }, error_value);
    });
    function("metricsThresholds", +[](array s, array l, const val& grid, double fn, double fp) {
        return guard([&] { return metrics_thresholds(s, l, grid, fn, fp); }, error_value);
    });
    function("metricsMulticlass", +[](array p, array l, double classes) {
        return guard([&] { return metrics_multiclass(p, l, classes); }, error_value);
    });
    function("metricsRoc", +[](array s, array l) { return guard([&] { return metrics_roc(s, l); }, error_value); });
    function("metricsPr", +[](array s, array l) { return guard([&] { return metrics_pr(s, l); }, error_value); });
    function("metricsCalibration", +[](array p, array l, double bins) {
        return guard([&] { return metrics_calibration(p, l, bins); }, error_value);
    });
    function("metricsCoverage", +[](array p, array t, double tau) { return guard([&] { return metrics_coverage(p, t, tau); }, error_value); });
    function("metricsConformal", +[](array s, double alpha) { return guard([&] { return metrics_conformal(s, alpha); }, error_value); });
    function("metricsResidualScores", +[](array p, array t) { return guard([&] { return metrics_residual_scores(p, t); }, error_value); });
    function("metricsCqrScores", +[](array lo, array hi, array t) {
        return guard([&] { return metrics_cqr_scores(lo, hi, t); }, error_value);
    });
    function("metricsInterval", +[](array lo, array hi, array t, double alpha) {
        return guard([&] { return metrics_interval(lo, hi, t, alpha); }, error_value);
    });
    function("sessionCount", &session_count);
    value_object<elastic_net_call>("ElasticNetCall")
        .field("x", &elastic_net_call::x)
        .field("y", &elastic_net_call::y)
        .field("xVal", &elastic_net_call::x_val)
        .field("yVal", &elastic_net_call::y_val)
        .field("lambdas", &elastic_net_call::lambdas)
        .field("features", &elastic_net_call::features)
        .field("l1Ratio", &elastic_net_call::l1_ratio)
        .field("tol", &elastic_net_call::tol)
        .field("maxSweeps", &elastic_net_call::max_sweeps);
    function("elasticNetDefaults", &elastic_net_defaults);
    function("elasticNetPath", +[](const elastic_net_call& c) { return guard([&] { return elastic_net_path(c); }, error_value); });
    value_object<geometry_call>("GeometryCall")
        .field("rho", &geometry_call::rho)
        .field("optimum", &geometry_call::optimum)
        .field("budget", &geometry_call::budget)
        .field("l1Ratio", &geometry_call::l1_ratio)
        .field("xmin", &geometry_call::xmin)
        .field("xmax", &geometry_call::xmax)
        .field("ymin", &geometry_call::ymin)
        .field("ymax", &geometry_call::ymax)
        .field("nx", &geometry_call::nx)
        .field("ny", &geometry_call::ny);
    function("regularisationGeometry", +[](const geometry_call& c) { return guard([&] { return regularisation_geometry(c); }, error_value); });
    value_object<contrastive_call>("ContrastiveCall")
        .field("classes", &contrastive_call::classes)
        .field("pool", &contrastive_call::pool)
        .field("eval", &contrastive_call::eval)
        .field("spread", &contrastive_call::spread)
        .field("augmentation", &contrastive_call::augmentation)
        .field("nuisance", &contrastive_call::nuisance)
        .field("hidden", &contrastive_call::hidden)
        .field("dim", &contrastive_call::dim)
        .field("batch", &contrastive_call::batch)
        .field("negatives", &contrastive_call::negatives)
        .field("hard", &contrastive_call::hard)
        .field("positivesOnly", &contrastive_call::positives_only)
        .field("temperature", &contrastive_call::temperature)
        .field("display", &contrastive_call::display)
        .field("optimizer", &contrastive_call::optimizer)
        .field("optimizerConfig", &contrastive_call::optimizer_config)
        .field("probeSteps", &contrastive_call::probe_steps)
        .field("seed", &contrastive_call::seed);
    function("contrastiveDefaults", &contrastive_defaults);
    function("contrastiveCreate", +[](const contrastive_call& c) { return guard([&] { return contrastive_create(c); }, error_value); });
    function("contrastiveStep", +[](int id, int k) { return guard([&] { return contrastive_step(id, k); }, error_value); });
    function("contrastiveFree", &contrastive_free);
    function("heapInUse", &heap_in_use);
}
