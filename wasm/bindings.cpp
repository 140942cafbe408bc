// The whole Embind surface of Loss Lab. Adapters (adapters/*.hpp) convert types; the core does
// the math. The TypeScript wrapper in web/engine is the only caller.
#include <emscripten/bind.h>

#include "adapters/contrastive.hpp"
#include "adapters/losses.hpp"
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
        .field("perSample", &loss_call::per_sample);
    value_object<loss_result>("LossResult").field("error", &loss_result::error).field("value", &loss_result::value);
    function("lossFloat", +[](const loss_call& c) { return guard([&] { return loss_float(c); }, loss_error); });
    function("lossDouble", +[](const loss_call& c) { return guard([&] { return loss_double(c); }, loss_error); });

    // Options in as plain objects (arrays as Float64Arrays), results out as plain objects whose
    // arrays are Float64Arrays owned by JS; a failure is {error}.
    using options = const val&;
    using name = const std::string&;
    function("optimize", +[](options o) { return guard([&] { return optimize(o); }, error_value); });
    function("lrSchedule", +[](options o, int steps) { return guard([&] { return lr_schedule(o, steps); }, error_value); });
    function("surfaces", &surfaces);
    function("surfaceGrid", +[](options o) { return guard([&] { return surface_grid(o); }, error_value); });
    function("optimizationNames", &optimization_names);
    function("dataset", +[](name n, options o) { return guard([&] { return dataset(n, o); }, error_value); });
    function("metrics", +[](name kind, options o) { return guard([&] { return metrics(kind, o); }, error_value); });
    function("sessionCreate", +[](options o) { return guard([&] { return session_create(o); }, error_value); });
    function("sessionStep", +[](int id, int k) { return guard([&] { return session_step(id, k); }, error_value); });
    function("sessionPredict", +[](int id, options o) { return guard([&] { return session_predict(id, o); }, error_value); });
    function("sessionState", +[](int id) { return guard([&] { return session_state(id); }, error_value); });
    function("sessionFree", &session_free);
    function("sessionCount", &session_count);
    function("elasticNetPath", +[](options o) { return guard([&] { return elastic_net_path(o); }, error_value); });
    function("regularisationGeometry", +[](options o) { return guard([&] { return regularisation_geometry(o); }, error_value); });
    function("contrastiveCreate", +[](options o) { return guard([&] { return contrastive_create(o); }, error_value); });
    function("contrastiveStep", +[](int id, int k) { return guard([&] { return contrastive_step(id, k); }, error_value); });
    function("contrastiveFree", &contrastive_free);
    function("heapInUse", &heap_in_use);
}
