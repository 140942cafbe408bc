#pragma once
/// How a model's raw output meets a loss, bound once when a session is created. The loss's
/// registry metadata says whether it takes the model's linear predictor (a logit, a log-mean, a
/// score) or the response (a mean or a probability); the model's kind says what the response is:
///
///   identity  the loss takes the raw output (linear predictors, or a linear model's ŷ)
///   exp       a log-link model's mean μ = e^η for a loss on means (dμ/dη = μ)
///   sigmoid   a binary model's probability σ(z) for a loss on probabilities (dσ/dz = σ(1 − σ))
///
/// The chain rule through the link is applied to the loss's gradient before backprop.
#include <cmath>
#include <cstddef>

#include "losslab/losses/loss_info.hpp"
#include "losslab/models/config.hpp"
#include "losslab/status.hpp"

namespace losslab::train {

enum class link { identity, exp, sigmoid };

/// The link between a model (its kind and task) and a loss; fails when no link exists (a
/// multiclass model with a loss on probabilities).
status choose_link(models::kind model, models::task task, const losses::loss_info& loss, link& out);

/// A numerically safe σ(z).
inline double sigmoid(double z) {
    if (z >= 0) return 1 / (1 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1 + e);
}

/// in[i] = link(z[i]) for n values.
void apply_link(link l, const double* z, std::size_t n, double* in);
/// Chain rule: d[i] *= link'(z[i]), written with the response in[i] = link(z[i]).
void chain_link(link l, const double* in, std::size_t n, double* d);

}  // namespace losslab::train
