#include "adapters/losses.hpp"

#include <cmath>
#include <vector>

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
    if (call.mean_divisor != 0) {
        if (!(call.mean_divisor > 0 && std::isfinite(call.mean_divisor))) return {"meanDivisor must be a positive number", 0};
        if (!info || info->shape != losses::layout::elementwise) return {"meanDivisor is for elementwise losses only", 0};
        b.mean_divisor = call.mean_divisor;
    }
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

}  // namespace

loss_result loss_float(const loss_call& call) { return run<float>(call); }
loss_result loss_double(const loss_call& call) { return run<double>(call); }

}  // namespace losslab::wasm
