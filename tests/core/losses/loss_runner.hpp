#pragma once
// Runs a registered loss over std::vectors, in double or float, for the loss tests.
#include <cstdint>
#include <string>
#include <vector>

#include "losslab/losses/registry.hpp"

namespace losslab::testing {

/// Everything a loss call can take besides the name, input and target.
struct loss_options {
    std::vector<double> params;
    std::size_t classes = 0;
    losses::reduction reduce = losses::reduction::mean;
    const std::vector<double>* weights = nullptr;
    const std::vector<double>* class_weights = nullptr;
};

template <class T>
struct loss_run {
    status result;
    double value = 0;
    std::vector<T> grad;
    std::vector<T> per_sample;
};

/// Evaluates `name` in precision T. Outputs are pre-filled with −7 so that tests can see what was
/// (not) written.
template <class T>
loss_run<T> run_loss(const std::string& name, const std::vector<double>& input, const std::vector<double>& target,
                     const loss_options& o = {}) {
    const std::vector<T> in(input.begin(), input.end()), tg(target.begin(), target.end());
    std::vector<T> w;
    if (o.weights) w.assign(o.weights->begin(), o.weights->end());
    loss_run<T> r;
    r.grad.assign(input.size(), T(-7));
    r.per_sample.assign(input.size() + 1, T(-7));
    losses::batch<T> b;
    b.input = in.data();
    b.input_size = in.size();
    b.target = tg.data();
    b.target_size = tg.size();
    if (o.weights) {
        b.weights = w.data();
        b.weights_size = w.size();
    }
    if (o.class_weights) {
        b.class_weights = o.class_weights->data();
        b.class_weights_size = o.class_weights->size();
    }
    b.classes = o.classes;
    b.reduce = o.reduce;
    losses::output<T> out{r.grad.data(), r.per_sample.data()};
    r.result = losses::evaluate(name, o.params, b, out);
    r.value = out.value;
    return r;
}

inline loss_run<double> run_double(const std::string& name, const std::vector<double>& input,
                                   const std::vector<double>& target, const loss_options& o = {}) {
    return run_loss<double>(name, input, target, o);
}

/// The per-sample value of a one-element batch (elementwise losses).
inline double value_at(const std::string& name, double input, double target, std::vector<double> params = {}) {
    loss_options o;
    o.params = std::move(params);
    return run_double(name, {input}, {target}, o).value;
}
/// The derivative of a one-element batch (elementwise losses).
inline double grad_at(const std::string& name, double input, double target, std::vector<double> params = {}) {
    loss_options o;
    o.params = std::move(params);
    return run_double(name, {input}, {target}, o).grad[0];
}

/// A small deterministic generator (splitmix64), so native and wasm runs see the same numbers.
class rng {
public:
    explicit rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, 1).
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    bool chance(double p) { return uniform() < p; }

private:
    std::uint64_t state_;
};

}  // namespace losslab::testing
