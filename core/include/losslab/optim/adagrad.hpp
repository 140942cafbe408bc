#pragma once
/// Adagrad, as torch.optim.Adagrad(lr=0.01, lr_decay=0, weight_decay=0,
/// initial_accumulator_value=0, eps=1e-10). Per coordinate, at step t (1-based):
///
///   g ← g + λ θ
///   clr = lr / (1 + (t − 1) lr_decay)
///   G ← G + g²                                   (state "sum", starts at initial_accumulator_value)
///   θ ← θ − clr g / (√G + ε)
///
/// G only grows, so the effective learning rate clr / (√G + ε) only shrinks: good for sparse
/// features, and the reason Adagrad stalls on long runs (the lesson's point).
#include <cmath>
#include <cstddef>
#include <vector>

namespace losslab::optim {

struct adagrad {
    /// torch.optim.Adagrad's defaults.
    struct config {
        double lr = 0.01;  ///< > 0
        double lr_decay = 0;
        double weight_decay = 0;
        double initial_accumulator_value = 0;
        double eps = 1e-10;
    };
    struct state {
        long step = 0;
        std::vector<double> sum;           ///< G
        std::vector<double> effective_lr;  ///< clr / (√G + ε) of the last step
    };

    static const char* check(const config&) { return nullptr; }

    static void init(state& s, std::size_t n, const config& c) {
        s.step = 0;
        s.sum.assign(n, c.initial_accumulator_value);
        s.effective_lr.assign(n, 0.0);
    }

    static void update(const config& c, state& s, std::vector<double>& params, const std::vector<double>& grad,
                       double lr) {
        ++s.step;
        const double clr = lr / (1 + double(s.step - 1) * c.lr_decay);
        for (std::size_t i = 0; i < params.size(); ++i) {
            double g = grad[i];
            if (c.weight_decay != 0) g = g + c.weight_decay * params[i];
            s.sum[i] = s.sum[i] + g * g;
            const double std_dev = std::sqrt(s.sum[i]) + c.eps;
            s.effective_lr[i] = clr / std_dev;
            params[i] = params[i] + (-clr) * (g / std_dev);
        }
    }
};

}  // namespace losslab::optim
