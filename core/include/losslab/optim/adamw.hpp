#pragma once
/// AdamW, as torch.optim.AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01,
/// amsgrad=False): before the Adam step of adam.hpp (without any L2 term in the gradient),
///
///   θ ← θ (1 − lr λ)
///
/// The decay is decoupled from the adaptive scaling, so every weight shrinks by the same factor
/// (with a zero gradient, by exactly (1 − lr λ) per step) instead of the L2 term being divided
/// by √v̂ as in Adam with weight_decay.
#include "losslab/optim/adam.hpp"

namespace losslab::optim {

struct adamw {
    using config = adam::config;
    using state = adam::state;

    /// The defaults of torch.optim.AdamW.
    static config defaults() {
        config c;
        c.weight_decay = 0.01;
        c.decoupled = true;
        return c;
    }
    static const char* check(const config& c) { return adam::check(c); }
    static void init(state& s, std::size_t n) { adam::init(s, n); }
    static void update(const config& c, state& s, std::vector<double>& params, const std::vector<double>& grad,
                       double lr) {
        adam::update(c, s, params, grad, lr);
    }
};

}  // namespace losslab::optim
