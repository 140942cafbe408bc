#pragma once
/// What the UI, the JS API and the docs know about a loss: one source of truth, read from C++.
#include <string>
#include <vector>

namespace losslab::losses {

enum class task { regression, binary, multiclass, contrastive };

/// How the batch is laid out: one value per element, one row of `classes` logits per sample,
/// or one anchor/positive pair of embeddings per sample.
enum class layout { elementwise, rows, pairs };

/// The values an input or a target may take; checked in one place (evaluate.hpp).
enum class domain {
    real,         ///< any finite number
    positive,     ///< > 0 (a predicted mean)
    nonnegative,  ///< >= 0 (counts, amounts)
    probability,  ///< in [0, 1]
    binary,       ///< exactly 0 or 1
    class_index,  ///< an integer in [0, classes)
};

/// What a loss takes from a model (train/link.hpp binds the two once per session):
///   linear_predictor  the raw output: a logit, K logits, a log-mean, a score
///   response          the mean (e^η for a log-link model) or the probability σ(z)
/// For a plain linear regression model the two are the same number.
enum class scale { linear_predictor, response };

struct param_info {
    std::string name;
    double default_value;
    double min;
    double max;
    bool min_inclusive = true;
    bool max_inclusive = true;
    std::string description;
};

struct loss_info {
    std::string name;
    task kind;
    layout shape;
    domain input;
    domain target;
    std::vector<param_info> params;
    std::string latex;        ///< per-sample value, KaTeX source
    std::string grad_latex;   ///< derivative with respect to the input, KaTeX source
    std::string description;  ///< one line for the UI
    std::string convention;   ///< the reference implementation whose numbers we match
    bool class_weights = false;  ///< accepts per-class weights (batch::class_weights), as torch's `weight`
    scale input_scale = scale::linear_predictor;  ///< written by every loss (train/link.hpp)
};

const char* to_string(task t);
const char* to_string(domain d);

}  // namespace losslab::losses
