#pragma once
/// A model as a typed value: which model (kind), the hidden widths and activation (mlp only), the
/// task (mlp only; the other models have a fixed task) and an optional output-bias initialisation.
/// Each kind has its own header (linear.hpp, logistic.hpp, softmax.hpp, loglink.hpp, mlp.hpp)
/// with its formula and metadata.
#include <string>
#include <vector>

#include "losslab/parameter.hpp"

namespace losslab::models {

enum class task { regression, binary, multiclass };
const char* to_string(task t);

enum class kind { linear, logistic, softmax, loglink, mlp };
enum class activation { tanh, relu };
/// The task an mlp solves: from_data picks multiclass for more than 2 classes, binary for 2,
/// regression otherwise.
enum class task_choice { from_data, regression, binary, multiclass };

struct config {
    kind name = kind::linear;
    std::vector<long> hidden = {16};        ///< mlp: 1 or 2 widths in [1, 64]
    activation act = activation::tanh;      ///< mlp
    task_choice task = task_choice::from_data;  ///< mlp
    /// When set, every output bias starts at output_bias (in [-1000, 1000]) instead of torch's
    /// U(−1/√fan_in, 1/√fan_in); log(π/(1 − π)) is the focal-loss paper's prior initialisation.
    bool has_output_bias = false;
    double output_bias = 0;
};

struct model_info {
    std::string name;
    std::string task;  ///< "regression", "binary", "multiclass" or "any" (mlp)
    std::vector<parameter> params;
    std::string latex;
    std::string description;
};

/// The output-bias argument every model takes.
inline parameter output_bias_parameter() {
    return {"output_bias", 0, -1e3, 1e3, "initial value of every output bias (default: torch's random init)"};
}

}  // namespace losslab::models
