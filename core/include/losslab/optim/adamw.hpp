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
    /// Adam's arguments with torch.optim.AdamW's defaults (weight_decay 0.01, decoupled).
    struct config {
        double lr = 0.001;  ///< > 0
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        double weight_decay = 0.01;  ///< decoupled
        bool amsgrad = false;
        bool bias_correction = true;
    };
    using state = adam::state;

    static adam::config as_adam(const config& c) {
        adam::config a;
        a.lr = c.lr;
        a.beta1 = c.beta1;
        a.beta2 = c.beta2;
        a.eps = c.eps;
        a.weight_decay = c.weight_decay;
        a.amsgrad = c.amsgrad;
        a.bias_correction = c.bias_correction;
        return a;
    }
    static const char* check(const config& c) { return adam::check(as_adam(c)); }
    static void init(state& s, std::size_t n) { adam::init(s, n); }
    static void update(const config& c, state& s, std::vector<double>& params, const std::vector<double>& grad,
                       double lr) {
        adam::update(as_adam(c), s, params, grad, lr, true);
    }
};

}  // namespace losslab::optim
