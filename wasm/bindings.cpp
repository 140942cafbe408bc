// The whole Embind surface of Loss Lab. Adapters (adapters/*.hpp) convert types; the core does
// the math. The TypeScript wrapper in web/engine is the only caller.
#include <emscripten/bind.h>

#include "adapters/contrastive.hpp"
#include "adapters/json.hpp"
#include "adapters/losses.hpp"
#include "adapters/optimization.hpp"
#include "adapters/regularisation.hpp"
#include "adapters/result_json.hpp"
#include "adapters/settings_json.hpp"
#include "losslab/limits.hpp"

namespace {

using losslab::wasm::error_json;

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

std::string text_error(const std::string& message) { return error_json(message); }
losslab::wasm::loss_result loss_error(const std::string& message) { return {message, 0}; }

/// Resource limits (core/include/losslab/limits.hpp) for the wrapper, which checks sizes before
/// it allocates.
std::string limits_json() {
    namespace l = losslab::limits;
    return "{\"elementsPerCall\":" + std::to_string(l::elements_per_call) +
           ",\"datasetPoints\":" + std::to_string(l::dataset_points) +
           ",\"stepsPerCall\":" + std::to_string(l::steps_per_call) +
           ",\"trajectorySteps\":" + std::to_string(l::trajectory_steps) +
           ",\"trainingSteps\":" + std::to_string(l::training_steps) +
           ",\"workPerCall\":" + losslab::wasm::json_number(l::work_per_call) +
           ",\"gridCells\":" + std::to_string(l::grid_cells) + ",\"classes\":" + std::to_string(l::classes) + "}";
}

/// What this binary is, so the page and the tests can tell the SIMD build from the scalar one.
std::string build_info_json() {
#ifdef __wasm_simd128__
    const bool simd = true;
#else
    const bool simd = false;
#endif
    return std::string("{\"simd\":") + losslab::wasm::json_bool(simd) + ",\"version\":\"" LOSSLAB_VERSION "\"}";
}

}  // namespace

EMSCRIPTEN_BINDINGS(losslab) {
    using namespace emscripten;
    using namespace losslab::wasm;

    function("buildInfo", &build_info_json);

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
        .field("perSample", &loss_call::per_sample);
    value_object<loss_result>("LossResult").field("error", &loss_result::error).field("value", &loss_result::value);
    function("lossFloat", +[](const loss_call& c) { return guard([&] { return loss_float(c); }, loss_error); });
    function("lossDouble", +[](const loss_call& c) { return guard([&] { return loss_double(c); }, loss_error); });
    function("lossInfo", &loss_info_json);
    function("limits", &limits_json);

    // Optimization core: options in and results out as JSON; bulk arrays via the result buffer.
    using text = const std::string&;
    function("optimize", +[](text o) { return guard([&] { return optimize_json(o); }, text_error); });
    function("lrSchedule", +[](text o, int steps) { return guard([&] { return lr_schedule_json(o, steps); }, text_error); });
    function("surfaces", &surfaces_json);
    function("surfaceGrid", +[](text o) { return guard([&] { return surface_grid_json(o); }, text_error); });
    function("optimizationNames", &optimizers_json);
    function("dataset", +[](text name, text o) { return guard([&] { return dataset_json(name, o); }, text_error); });
    function("metrics", +[](text kind, text o) { return guard([&] { return metrics_json(kind, o); }, text_error); });
    function("sessionCreate", +[](text o) { return guard([&] { return session_create(o); }, text_error); });
    function("sessionStep", +[](int id, int k) { return guard([&] { return session_step(id, k); }, text_error); });
    function("sessionPredict", +[](int id, text o) { return guard([&] { return session_predict(id, o); }, text_error); });
    function("sessionState", +[](int id) { return guard([&] { return session_state(id); }, text_error); });
    function("sessionFree", &session_free);
    function("elasticNetPath", +[](text o) { return guard([&] { return elastic_net_path_json(o); }, text_error); });
    function("regularisationGeometry", +[](text o) { return guard([&] { return regularisation_geometry_json(o); }, text_error); });
    function("sessionCount", &session_count);
    function("contrastiveCreate", +[](text o) { return guard([&] { return contrastive_create(o); }, text_error); });
    function("contrastiveStep", +[](int id, int k) { return guard([&] { return contrastive_step(id, k); }, text_error); });
    function("contrastiveFree", &contrastive_free);
    // The wrapper's scratch region for this call's heap references, and the release of a large
    // result buffer once the wrapper has copied it out.
    function("setScratch", &set_scratch);
    function("resultRelease", &result_release);
    function("heapInUse", &heap_in_use);
}
