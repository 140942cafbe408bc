#pragma once
/// Logistic regression  z = x·w + b, p = σ(z) (the output is the logit z).
#include "losslab/models/config.hpp"

namespace losslab::models {

struct logistic {
    static config defaults() {
        config c;
        c.name = kind::logistic;
        return c;
    }
    static const model_info& info() {
        static const model_info i = {"logistic", "binary", {output_bias_parameter()},
                                     R"(p = \sigma(x^\top w + b))", "A linear boundary between two classes."};
        return i;
    }
};

}  // namespace losslab::models
