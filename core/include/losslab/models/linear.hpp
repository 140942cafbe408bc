#pragma once
/// Linear regression  ŷ = x·w + b, as torch.nn.Linear(features, 1) (the output is ŷ).
#include "losslab/models/config.hpp"

namespace losslab::models {

struct linear {
    static config defaults() {
        config c;
        c.name = kind::linear;
        return c;
    }
    static const model_info& info() {
        static const model_info i = {"linear", "regression", {output_bias_parameter()}, R"(\hat y = x^\top w + b)",
                                     "A straight line (plane) through the data."};
        return i;
    }
};

}  // namespace losslab::models
