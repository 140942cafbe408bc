#pragma once
// Converts loss calls from JS (buffers as heap offsets, names as strings) into core calls.
// No math here: only types. The TypeScript wrapper (web/engine) owns the buffers.
#include <cstdint>
#include <string>

namespace losslab::wasm {

/// One loss evaluation. Buffers are byte offsets into the wasm heap, allocated by the JS wrapper;
/// `params` points at doubles in the order of lossInfo()[name].params, optionally followed by one
/// weight per class for a loss whose lossInfo says classWeights (so the Embind value object, shared
/// with the other bindings, needs no new field).
struct loss_call {
    std::string name;
    std::string reduction;
    std::uint32_t input = 0, input_size = 0;
    std::uint32_t target = 0, target_size = 0;
    std::uint32_t weights = 0, weights_size = 0;
    std::uint32_t params = 0, params_size = 0;
    std::uint32_t classes = 0;
    std::uint32_t grad = 0, per_sample = 0;
    /// > 0: this call is one chunk of a batch of that many samples (batch::mean_divisor).
    double mean_divisor = 0;
};

struct loss_result {
    std::string error;  ///< empty on success
    double value = 0;
};

loss_result loss_float(const loss_call& call);
loss_result loss_double(const loss_call& call);

}  // namespace losslab::wasm
