#pragma once
#include <cmath>
#include <cstddef>

#include "losslab/losses/evaluate.hpp"
#include "losslab/losses/loss_info.hpp"

namespace losslab::losses {

/// Softmax cross-entropy over K classes, as torch.nn.CrossEntropyLoss(weight, label_smoothing):
/// for one row of logits x and its class c, with −log p_k = log Σ_j e^{x_j} − x_k,
///   l = (1 − ε) · w_c · (−log p_c) + (ε / K) · Σ_k w_k · (−log p_k)
///   dl/dx_k = (1 − ε) · w_c · (p_k − [k = c]) + (ε / K) · (W p_k − w_k),   W = Σ_k w_k
/// (w_k = 1 without class weights, so the smoothed target is 1 − ε + ε/K on c and ε/K elsewhere).
/// The mean divides by Σ_i w_{c_i} (times the sample weights, if any), exactly as torch combines
/// `weight` with `label_smoothing`; sum and none do not normalise.
/// Stability: log-sum-exp around the row maximum m, written as log Σ_j e^{x_j} = m +
/// log1p(Σ_{j≠argmax} e^{x_j − m}), so −log p_k = (m − x_k) + log1p(…) is a sum of non-negative
/// terms, and 1 − p_c is summed from the other classes rather than subtracted; logits of ±1000
/// give exact values and gradients whose rows sum to 0.
struct cross_entropy {
    static constexpr layout shape = layout::rows;
    double label_smoothing = 0.0;

    static loss_info info() {
        return {"cross_entropy", task::multiclass, shape, domain::real, domain::class_index,
                {{"label_smoothing", 0.0, 0.0, 1.0, true, false,
                  "Share epsilon of the target spread evenly over all K classes, in [0, 1)."}},
                R"(-(1-\varepsilon)\,w_c\log p_c-\frac{\varepsilon}{K}\sum_k w_k\log p_k,\quad p=\operatorname{softmax}(x))",
                R"((1-\varepsilon)\,w_c\,(p_k-[k=c])+\frac{\varepsilon}{K}\Big(p_k\sum_j w_j-w_k\Big))",
                "Softmax then log loss on the true class; label smoothing keeps logits finite.",
                "torch.nn.CrossEntropyLoss(weight, label_smoothing), weighted mean over sum of w[target]",
                true, scale::linear_predictor};
    }
    static cross_entropy from_params(const double* params) { return {params[0]}; }
    const char* check() const {
        return label_smoothing >= 0 && label_smoothing < 1 ? nullptr
                                                           : "cross_entropy: label_smoothing must be in [0, 1)";
    }

    /// Double only: the registry runs a float batch through evaluate_in_double (rounding once).
    void evaluate(const batch<double>& b, output<double>& out) const {
        using T = double;
        const std::size_t classes = b.classes;
        const double* w = b.class_weights;
        double weight_total = 0;
        for (std::size_t k = 0; k < classes; ++k) weight_total += w ? w[k] : 1.0;
        const T eps = T(label_smoothing);
        const T smooth = eps / T(classes);
        const T all_weights = T(weight_total);

        reduce_rows(b, out, [&](std::size_t i, const T* x, T* g) {
            const std::size_t c = std::size_t(b.target[i]);
            std::size_t top = 0;
            for (std::size_t k = 1; k < classes; ++k) top = x[k] > x[top] ? k : top;
            const T m = x[top];
            T rest = 0;  // Σ_{k≠top} e^{x_k − m}; g holds e^{x_k − m} until it is overwritten
            for (std::size_t k = 0; k < classes; ++k) {
                g[k] = k == top ? T(1) : std::exp(x[k] - m);
                if (k != top) rest += g[k];
            }
            const T log_sum = std::log1p(rest);
            const T total = T(1) + rest;
            const T not_c = c == top ? rest : total - g[c];  // Σ_{k≠c} e^{x_k − m}, no cancellation
            const T w_c = w ? T(w[c]) : T(1);

            T smoothed = 0;  // Σ_k w_k (−log p_k)
            if (eps != 0) {
                for (std::size_t k = 0; k < classes; ++k) smoothed += (w ? T(w[k]) : T(1)) * ((m - x[k]) + log_sum);
            }
            const T value = (T(1) - eps) * w_c * ((m - x[c]) + log_sum) + smooth * smoothed;

            for (std::size_t k = 0; k < classes; ++k) {
                const T p = g[k] / total;
                const T p_minus_target = k == c ? -not_c / total : p;
                const T w_k = w ? T(w[k]) : T(1);
                g[k] = (T(1) - eps) * w_c * p_minus_target + smooth * (all_weights * p - w_k);
            }
            return row_value{double(value), double(w_c)};
        });
    }
};

}  // namespace losslab::losses
