#pragma once
// What the benchmark times, shared by the wasm module and the native executable so that both
// run exactly the same C++: a loss through the public registry entry point (validation, the float
// fast path, the reduction), and one fused optimizer step.
#include <cmath>
#include <cstdint>
#include <vector>

#include "losslab/kernels/adam.hpp"
#include "losslab/kernels/sgd_momentum.hpp"
#include "losslab/limits.hpp"
#include "losslab/losses/registry.hpp"
#include "losslab/train/session.hpp"

namespace losslab::bench {

/// Loss ids shared with bench/run.mjs (LOSSES there), with the parameters every peer uses.
struct loss_case {
    const char* name;
    std::vector<double> params;
};
inline const loss_case& loss_by_id(int id) {
    static const loss_case cases[] = {
        {"bce_logits", {}},        {"focal", {2.0, 0.25}}, {"log_cosh", {}}, {"cross_entropy", {}},
        {"mse", {}},               {"huber", {1.0}},       {"quantile", {0.9}},
    };
    return cases[id];
}

/// Loss value (mean reduction) and gradient into `grad`; NaN if the registry reports an error.
inline double loss(int id, const float* input, const float* target, std::uint32_t n, std::uint32_t classes,
                   float* grad) {
    const loss_case& c = loss_by_id(id);
    losses::batch<float> b;
    b.input = input;
    b.input_size = n;
    b.target = target;
    b.target_size = classes ? n / classes : n;
    b.classes = classes;
    losses::output<float> out{grad, nullptr};
    const status s = losses::evaluate(c.name, c.params, b, out);
    return s.ok() ? out.value : std::nan("");
}

inline void adam(std::uint32_t t, float* params, const float* grads, float* m, float* v, std::uint32_t n, double lr) {
    kernels::adam_config c;
    c.lr = lr;
    kernels::adam_step(c, t, params, grads, m, v, n);
}

inline void sgd(bool first, float* params, const float* grads, float* buffer, std::uint32_t n, double lr,
                double momentum) {
    kernels::sgd_config c;
    c.lr = lr;
    c.momentum = momentum;
    kernels::sgd_momentum_step(c, first, params, grads, buffer, n);
}

/// The MLP training session of bench/issue15.mjs, as lab.session builds it: mlp with two tanh
/// hidden layers of width `hidden`, binary task, bce_logits, Adam (lr 0.01), full batch, on n rows
/// of 2 features; precision float32 (the SIMD path) or float64 (the reference). Epochs are set to
/// the limit so that timing never reaches the end of the session.
inline status make_session(const double* x, const double* y, std::uint32_t n, std::uint32_t hidden, bool float32,
                           train::session& out) {
    train::config c;
    c.model.name = models::kind::mlp;
    c.model.hidden = {long(hidden), long(hidden)};
    c.model.act = models::activation::tanh;
    c.model.task = models::task_choice::binary;
    c.loss = "bce_logits";
    optim::adam::config adam;
    adam.lr = 0.01;
    c.optimizer = adam;
    c.epochs = limits::training_steps;
    c.seed = 1;
    c.precision = float32 ? train::precision::float32 : train::precision::float64;
    train::training_data d;
    d.x.assign(x, x + 2 * std::size_t(n));
    d.y.assign(y, y + n);
    d.features = 2;
    return train::session::create(c, d, out);
}

/// k steps; returns the training loss after the last one (NaN if the session failed or stopped).
inline double session_steps(train::session& s, long k) {
    train::step_report r;
    if (!s.step(k, r).ok() || r.train_loss.empty() || !r.stopped.empty()) return std::nan("");
    return r.train_loss.back();
}

}  // namespace losslab::bench
