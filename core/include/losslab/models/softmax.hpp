#pragma once
/// Softmax regression  z = x·W + b, p = softmax(z) (the outputs are the K logits).
#include "losslab/models/config.hpp"

namespace losslab::models {

struct softmax {
    static config defaults() {
        config c;
        c.name = kind::softmax;
        return c;
    }
    static const model_info& info() {
        static const model_info i = {"softmax", "multiclass", {output_bias_parameter()},
                                     R"(p = \operatorname{softmax}(x^\top W + b))",
                                     "Linear boundaries between K classes."};
        return i;
    }
};

}  // namespace losslab::models
