#include "adapters/registries.hpp"

#include "losslab/limits.hpp"
#include "losslab/losses/registry.hpp"

namespace losslab::wasm {
namespace {

const char* layout_name(losses::layout l) {
    switch (l) {
        case losses::layout::elementwise: return "elementwise";
        case losses::layout::rows: return "rows";
        case losses::layout::pairs: return "pairs";
    }
    return "";
}

val param(const losses::param_info& p) {
    val out = val::object();
    out.set("name", p.name);
    out.set("default", bound_or_null(p.default_value));
    out.set("min", bound_or_null(p.min));
    out.set("max", bound_or_null(p.max));
    out.set("minInclusive", p.min_inclusive);
    out.set("maxInclusive", p.max_inclusive);
    out.set("description", p.description);
    return out;
}

}  // namespace

build_info build() {
#ifdef __wasm_simd128__
    return {true, LOSSLAB_VERSION};
#else
    return {false, LOSSLAB_VERSION};
#endif
}

limits_info limits() {
    namespace l = losslab::limits;
    return {double(l::elements_per_call), double(l::dataset_points), double(l::steps_per_call), double(l::trajectory_steps),
            double(l::training_steps),    double(l::work_per_call),  double(l::grid_cells),     double(l::classes)};
}

val loss_info() {
    val out = val::array();
    for (const losses::loss_info& info : losses::all_loss_info()) {
        val params = val::array();
        for (const auto& p : info.params) params.call<void>("push", param(p));
        val loss = val::object();
        loss.set("name", info.name);
        loss.set("task", std::string(losses::to_string(info.kind)));
        loss.set("layout", std::string(layout_name(info.shape)));
        loss.set("input", std::string(losses::to_string(info.input)));
        loss.set("target", std::string(losses::to_string(info.target)));
        loss.set("params", params);
        loss.set("latex", info.latex);
        loss.set("gradLatex", info.grad_latex);
        loss.set("description", info.description);
        loss.set("convention", info.convention);
        loss.set("classWeights", info.class_weights);
        out.call<void>("push", loss);
    }
    return out;
}

}  // namespace losslab::wasm
