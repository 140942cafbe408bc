#pragma once
/// A log-link linear model  η = x·w + b, μ = e^η, for non-negative targets (Poisson/Tweedie
/// regression, as sklearn's TweedieRegressor(link='log')); the output is the log-mean η.
#include "losslab/models/config.hpp"

namespace losslab::models {

struct loglink {
    static config defaults() {
        config c;
        c.name = kind::loglink;
        return c;
    }
    static const model_info& info() {
        static const model_info i = {"loglink", "regression", {output_bias_parameter()},
                                     R"(\mu = e^{x^\top w + b})", "A linear model of the log of the mean."};
        return i;
    }
};

}  // namespace losslab::models
