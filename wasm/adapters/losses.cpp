#include "adapters/losses.hpp"

#include <vector>

#include "adapters/json.hpp"
#include "losslab/losses/registry.hpp"

namespace losslab::wasm {
namespace {

template <class T>
const T* as_pointer(std::uint32_t offset) {
    return reinterpret_cast<const T*>(static_cast<std::uintptr_t>(offset));
}
template <class T>
T* as_mutable_pointer(std::uint32_t offset) {
    return reinterpret_cast<T*>(static_cast<std::uintptr_t>(offset));
}

template <class T>
loss_result run(const loss_call& call) {
    losses::batch<T> b;
    if (!losses::parse_reduction(call.reduction, b.reduce)) {
        return {"reduction must be 'mean', 'sum' or 'none', got '" + call.reduction + "'", 0};
    }
    b.input = as_pointer<T>(call.input);
    b.input_size = call.input_size;
    b.target = as_pointer<T>(call.target);
    b.target_size = call.target_size;
    b.weights = call.weights ? as_pointer<T>(call.weights) : nullptr;
    b.weights_size = call.weights_size;
    b.classes = call.classes;
    const double* params = as_pointer<double>(call.params);
    std::size_t named = call.params_size;
    const losses::loss_info* info = losses::find_loss(call.name);
    if (info && info->class_weights && call.params_size > info->params.size()) {
        named = info->params.size();
        b.class_weights = params + named;
        b.class_weights_size = call.params_size - named;
    }
    const std::vector<double> param_values(params, params + named);
    losses::output<T> out{as_mutable_pointer<T>(call.grad), as_mutable_pointer<T>(call.per_sample)};
    const status s = losses::evaluate(call.name, param_values, b, out);
    return {s.error, out.value};
}

std::string param_json(const losses::param_info& p) {
    return "{\"name\":" + json_string(p.name) + ",\"default\":" + json_number(p.default_value) +
           ",\"min\":" + json_number(p.min) + ",\"max\":" + json_number(p.max) +
           ",\"minInclusive\":" + json_bool(p.min_inclusive) + ",\"maxInclusive\":" + json_bool(p.max_inclusive) +
           ",\"description\":" + json_string(p.description) + "}";
}

const char* layout_name(losses::layout l) {
    switch (l) {
        case losses::layout::elementwise: return "elementwise";
        case losses::layout::rows: return "rows";
        case losses::layout::pairs: return "pairs";
    }
    return "";
}

}  // namespace

loss_result loss_float(const loss_call& call) { return run<float>(call); }
loss_result loss_double(const loss_call& call) { return run<double>(call); }

std::string loss_info_json() {
    std::string out = "[";
    bool first_loss = true;
    for (const losses::loss_info& info : losses::all_loss_info()) {
        if (!first_loss) out += ",";
        first_loss = false;
        std::string params = "[";
        for (std::size_t i = 0; i < info.params.size(); ++i) params += (i ? "," : "") + param_json(info.params[i]);
        params += "]";
        out += "{\"name\":" + json_string(info.name) + ",\"task\":" + json_string(losses::to_string(info.kind)) +
               ",\"layout\":" + json_string(layout_name(info.shape)) +
               ",\"input\":" + json_string(losses::to_string(info.input)) +
               ",\"target\":" + json_string(losses::to_string(info.target)) + ",\"params\":" + params +
               ",\"latex\":" + json_string(info.latex) + ",\"gradLatex\":" + json_string(info.grad_latex) +
               ",\"description\":" + json_string(info.description) +
               ",\"convention\":" + json_string(info.convention) +
               ",\"classWeights\":" + json_bool(info.class_weights) + "}";
    }
    return out + "]";
}

}  // namespace losslab::wasm
