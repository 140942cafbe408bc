#pragma once
/// Adam, as torch.optim.Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
/// amsgrad=False), plus a `bias_correction` switch (default on, as torch) for the lesson that
/// turns it off. AdamW (adamw.hpp) is the same update with decoupled weight decay. At step t:
///
///   g ← g + λ θ                                  (L2 weight_decay; adamw uses decoupled decay)
///   m ← m + (1 − β₁)(g − m)                      (= β₁ m + (1 − β₁) g; torch's lerp)
///   v ← β₂ v + (1 − β₂) g²
///   v_max ← max(v_max, v)                        (amsgrad only; v below means v_max)
///   c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ                   (both 1 without bias correction)
///   θ ← θ − (lr / c₁) m / (√v / √c₂ + ε)         (eps OUTSIDE the root, as torch)
///
/// m̂ = m / c₁ and v̂ = v / c₂ are the bias-corrected moments the lesson plots: without the
/// correction the first steps are tiny because m and v start at zero.
#include <cmath>
#include <cstddef>
#include <vector>

namespace losslab::optim {

struct adam {
    /// torch.optim.Adam's defaults (betas = (beta1, beta2)).
    struct config {
        double lr = 0.001;  ///< > 0
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        double weight_decay = 0;  ///< L2 in the gradient
        bool amsgrad = false;
        bool bias_correction = true;
    };
    struct state {
        long step = 0;
        std::vector<double> exp_avg;         ///< m
        std::vector<double> exp_avg_sq;      ///< v
        std::vector<double> max_exp_avg_sq;  ///< v_max (amsgrad)
        std::vector<double> m_hat;           ///< m / c₁ after the last step
        std::vector<double> v_hat;           ///< v / c₂ (v_max / c₂ with amsgrad)
        std::vector<double> effective_lr;    ///< lr / (c₁ (√v̂ + ε')) : the multiplier of m
    };

    static const char* check(const config&) { return nullptr; }

    static void init(state& s, std::size_t n) {
        s.step = 0;
        for (auto* v : {&s.exp_avg, &s.exp_avg_sq, &s.max_exp_avg_sq, &s.m_hat, &s.v_hat, &s.effective_lr})
            v->assign(n, 0.0);
    }

    static void update(const config& c, state& s, std::vector<double>& params, const std::vector<double>& grad,
                       double lr) {
        update(c, s, params, grad, lr, false);
    }

    /// The step of both Adam and AdamW: `decoupled` (AdamW) shrinks θ ← θ (1 − lr λ) first and
    /// adds no L2 term to the gradient.
    static void update(const config& c, state& s, std::vector<double>& params, const std::vector<double>& grad,
                       double lr, bool decoupled) {
        ++s.step;
        const double t = double(s.step);
        const double c1 = c.bias_correction ? 1 - std::pow(c.beta1, t) : 1.0;
        const double c2 = c.bias_correction ? 1 - std::pow(c.beta2, t) : 1.0;
        const double step_size = lr / c1;
        const double c2_sqrt = std::sqrt(c2);
        for (std::size_t i = 0; i < params.size(); ++i) {
            if (decoupled) params[i] = params[i] * (1 - lr * c.weight_decay);
            double g = grad[i];
            if (!decoupled && c.weight_decay != 0) g = g + c.weight_decay * params[i];
            double& m = s.exp_avg[i];
            double& v = s.exp_avg_sq[i];
            m = m + (1 - c.beta1) * (g - m);
            v = v * c.beta2 + (1 - c.beta2) * g * g;
            double second = v;
            if (c.amsgrad) {
                if (s.max_exp_avg_sq[i] < v) s.max_exp_avg_sq[i] = v;
                second = s.max_exp_avg_sq[i];
            }
            const double denom = std::sqrt(second) / c2_sqrt + c.eps;
            s.m_hat[i] = m / c1;
            s.v_hat[i] = second / c2;
            s.effective_lr[i] = step_size / denom;
            params[i] = params[i] + (-step_size) * (m / denom);
        }
    }
};

}  // namespace losslab::optim
