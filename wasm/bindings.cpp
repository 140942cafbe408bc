// The whole Embind surface of Loss Lab. Adapters (adapters/*.hpp) convert types; the core does
// the math. The TypeScript wrapper in web/engine is the only caller.
#include <emscripten/bind.h>

#include "adapters/json.hpp"
#include "adapters/losses.hpp"
#include "adapters/optimization.hpp"

namespace {

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
    function("lossFloat", &loss_float);
    function("lossDouble", &loss_double);
    function("lossInfo", &loss_info_json);

    // Optimization core: options in and results out as JSON; bulk arrays via the result buffer.
    function("optimize", &optimize_json);
    function("lrSchedule", &lr_schedule_json);
    function("surfaces", &surfaces_json);
    function("surfaceGrid", &surface_grid_json);
    function("optimizationNames", &optimizers_json);
    function("dataset", &dataset_json);
    function("metrics", &metrics_json);
    function("sessionCreate", &session_create);
    function("sessionStep", &session_step);
    function("sessionPredict", &session_predict);
    function("sessionState", &session_state);
    function("sessionFree", &session_free);
    function("sessionCount", &session_count);
    function("heapInUse", &heap_in_use);
}
