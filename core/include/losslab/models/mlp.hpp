#pragma once
/// A multi-layer perceptron: 1 or 2 hidden layers of width ≤ 64 (default one of 16), tanh
/// (default) or relu, then a linear output layer with 1 output (regression, binary) or K
/// (multiclass), as a torch.nn.Sequential of nn.Linear and nn.Tanh/nn.ReLU.
#include "losslab/models/config.hpp"

namespace losslab::models {

struct mlp {
    static config defaults() {
        config c;
        c.name = kind::mlp;
        return c;
    }
    static const model_info& info() {
        static const model_info i = {
            "mlp",
            "any",
            {{"hidden", 16, 1, 64, "widths of the 1 or 2 hidden layers", parameter::type::integer},
             {"activation", 0, 0, 1, "hidden activation", parameter::type::choice, true, true, {"tanh", "relu"}},
             {"task", 0, 0, 3, "what the output means (from_data: by the number of classes)", parameter::type::choice,
              true, true, {"from_data", "regression", "binary", "multiclass"}},
             output_bias_parameter()},
            R"(h_1 = \tanh(x^\top W_1 + b_1),\ \hat y = h_L^\top W + b)",
            "A small neural network: bends the boundary to fit the data."};
        return i;
    }
};

}  // namespace losslab::models
