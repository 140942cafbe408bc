#pragma once
#include <cstddef>

#include "losslab/losses/evaluate.hpp"
#include "losslab/losses/loss_info.hpp"

namespace losslab::losses {

/// Multi-class hinge loss, as torch.nn.MultiMarginLoss(p=1, margin=1, weight): for one row of
/// scores x with true class c,
///   l = (w_c / K) · Σ_{j≠c} max(0, 1 − x_c + x_j)
///   dl/dx_j = w_c / K for each j ≠ c whose margin is violated (1 − x_c + x_j > 0),
///   dl/dx_c = −(w_c / K) · (number of violated margins).
/// torch divides by K (not K − 1), and its mean over samples is a plain mean even with class
/// weights (w_c = 1 without them). At exactly 1 − x_c + x_j = 0 the term contributes 0 to the
/// gradient, as in torch.
struct multiclass_hinge {
    static constexpr layout shape = layout::rows;

    static loss_info info() {
        return {"multiclass_hinge", task::multiclass, shape, domain::real, domain::class_index, {},
                R"(\frac{w_c}{K}\sum_{j\ne c}\max(0,\,1-x_c+x_j))",
                R"(\frac{w_c}{K}\Big([1-x_c+x_k>0]_{k\ne c}-[k=c]\sum_{j\ne c}[1-x_c+x_j>0]\Big))",
                "Each wrong class must score at least 1 below the true one; satisfied ones cost 0.",
                "torch.nn.MultiMarginLoss(p=1, margin=1, weight), divided by K", true, scale::linear_predictor};
    }
    static multiclass_hinge from_params(const double* /*params*/) { return {}; }
    const char* check() const { return nullptr; }

    /// Double only: the registry runs a float batch through evaluate_in_double (rounding once).
    void evaluate(const batch<double>& b, output<double>& out) const {
        using T = double;
        const std::size_t classes = b.classes;
        reduce_rows(b, out, [&](std::size_t i, const T* x, T* g) {
            const std::size_t c = std::size_t(b.target[i]);
            const T scale = (b.class_weights ? T(b.class_weights[c]) : T(1)) / T(classes);
            T value = 0, violated = 0;
            for (std::size_t j = 0; j < classes; ++j) {
                g[j] = 0;
                if (j == c) continue;
                const T margin = T(1) - x[c] + x[j];
                if (margin > 0) {
                    value += margin;
                    g[j] = scale;
                    violated += 1;
                }
            }
            g[c] = -scale * violated;
            return row_value{double(scale * value), 1.0};
        });
    }
};

}  // namespace losslab::losses
