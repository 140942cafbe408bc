#pragma once
/// The float fast path: a loss may have a fused, vectorised float kernel (value + gradient in one
/// pass, deterministic multi-lane reduction). The registry uses it for float batches when
/// `fast_path<Loss>::available`; the double path always uses the loss's own value/grad, and is the
/// reference the fast path is tested against.
#include "losslab/losses/evaluate.hpp"

namespace losslab::losses {

template <class Loss>
struct fast_path {
    static constexpr bool available = false;
    // static void evaluate(const Loss&, const batch<float>&, output<float>&);
};

}  // namespace losslab::losses
