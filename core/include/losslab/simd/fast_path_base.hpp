#pragma once
/// The primary `fast_path` template (no fast path). losses/fast_path.hpp includes it together with
/// every specialisation; the per-loss fast-path headers include only this one.
#include "losslab/losses/evaluate.hpp"

namespace losslab::losses {

template <class Loss>
struct fast_path {
    static constexpr bool available = false;
    // static void evaluate(const Loss&, const batch<float>&, output<float>&);
};

}  // namespace losslab::losses
