#pragma once
/// Stochastic gradient descent with momentum, as torch.optim.SGD(lr, momentum=0, dampening=0,
/// weight_decay=0, nesterov=False). Per coordinate, at step t (1-based):
///
///   g ← g + λ θ                                  (weight_decay λ: an L2 term in the gradient)
///   b ← g                       if t = 1         (torch starts the buffer at g, undamped)
///   b ← μ b + (1 − τ) g         otherwise        (momentum μ, dampening τ)
///   d ← g + μ b if nesterov, else b   (d = g when μ = 0)
///   θ ← θ − lr d
///
/// Under a constant gradient g (τ = 0) the buffer tends to g / (1 − μ): momentum is a
/// 1/(1 − μ) speed-up on flat, consistent slopes, which the momentum lesson shows.
#include <cstddef>
#include <vector>

namespace losslab::optim {

struct sgd {
    /// torch.optim.SGD's defaults, except lr, which torch requires (ours: 0.001).
    struct config {
        double lr = 0.001;  ///< > 0
        double momentum = 0;
        double dampening = 0;
        double weight_decay = 0;
        bool nesterov = false;
    };
    struct state {
        long step = 0;
        std::vector<double> momentum_buffer;  ///< b (zeros until the first step)
    };

    /// nullptr if the config is usable, else the reason (torch's own rule for nesterov).
    static const char* check(const config& c) {
        if (c.nesterov && (c.momentum <= 0 || c.dampening != 0)) {
            return "sgd: nesterov needs momentum > 0 and dampening = 0";
        }
        return nullptr;
    }

    static void init(state& s, std::size_t n) {
        s.step = 0;
        s.momentum_buffer.assign(n, 0.0);
    }

    static void update(const config& c, state& s, std::vector<double>& params, const std::vector<double>& grad,
                       double lr) {
        ++s.step;
        for (std::size_t i = 0; i < params.size(); ++i) {
            double g = grad[i];
            if (c.weight_decay != 0) g = g + c.weight_decay * params[i];
            if (c.momentum != 0) {
                double& b = s.momentum_buffer[i];
                b = s.step == 1 ? g : b * c.momentum + (1 - c.dampening) * g;
                g = c.nesterov ? g + c.momentum * b : b;
            }
            params[i] = params[i] + (-lr) * g;
        }
    }
};

}  // namespace losslab::optim
