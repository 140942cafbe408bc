#pragma once
/// RMSprop, as torch.optim.RMSprop(lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
/// centered=False). Per coordinate:
///
///   g ← g + λ θ
///   v ← α v + (1 − α) g²                         (square_avg)
///   ḡ ← ḡ + (1 − α)(g − ḡ)                       (grad_avg, only when centered)
///   s ← √(v − ḡ²) + ε  if centered, else √v + ε  (eps is added OUTSIDE the root, as torch does)
///   b ← μ b + g / s,  θ ← θ − lr b               if momentum μ > 0
///   θ ← θ − lr g / s                             otherwise
///
/// Dividing by a running RMS of the gradient equalises the step across coordinates whose
/// gradients differ in scale: the effective per-coordinate learning rate is lr / s.
#include <cmath>
#include <cstddef>
#include <vector>

namespace losslab::optim {

struct rmsprop {
    /// torch.optim.RMSprop's defaults.
    struct config {
        double lr = 0.01;  ///< > 0
        double alpha = 0.99;
        double eps = 1e-8;
        double weight_decay = 0;
        double momentum = 0;
        bool centered = false;
    };
    struct state {
        long step = 0;
        std::vector<double> square_avg;       ///< v
        std::vector<double> grad_avg;         ///< ḡ (centered only)
        std::vector<double> momentum_buffer;  ///< b (momentum only)
        std::vector<double> effective_lr;     ///< lr / s of the last step
    };

    static const char* check(const config&) { return nullptr; }

    static void init(state& s, std::size_t n) {
        s.step = 0;
        s.square_avg.assign(n, 0.0);
        s.grad_avg.assign(n, 0.0);
        s.momentum_buffer.assign(n, 0.0);
        s.effective_lr.assign(n, 0.0);
    }

    static void update(const config& c, state& s, std::vector<double>& params, const std::vector<double>& grad,
                       double lr) {
        ++s.step;
        for (std::size_t i = 0; i < params.size(); ++i) {
            double g = grad[i];
            if (c.weight_decay != 0) g = g + c.weight_decay * params[i];
            double& v = s.square_avg[i];
            v = v * c.alpha + (1 - c.alpha) * g * g;
            double avg;
            if (c.centered) {
                double& m = s.grad_avg[i];
                m = m + (1 - c.alpha) * (g - m);
                avg = std::sqrt(v + (-1.0) * m * m) + c.eps;
            } else {
                avg = std::sqrt(v) + c.eps;
            }
            s.effective_lr[i] = lr / avg;
            if (c.momentum > 0) {
                double& b = s.momentum_buffer[i];
                b = b * c.momentum + g / avg;
                params[i] = params[i] + (-lr) * b;
            } else {
                params[i] = params[i] + (-lr) * (g / avg);
            }
        }
    }
};

}  // namespace losslab::optim
