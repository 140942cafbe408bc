#pragma once
#include "losslab/losses/loss_info.hpp"

namespace losslab::losses {

/// Cost-weighted loss on predicted probabilities (the credit-risk example of the reference
/// articles, FN:FP = 10:1):
///   l(p, y) = c_FN · y · (1 − p) + c_FP · (1 − y) · p
/// Derivative with respect to p: −c_FN · y + c_FP · (1 − y). It is linear in p, so it states the
/// business cost of each kind of error rather than a proper scoring rule: it pushes p to 0 or 1.
/// Inputs are probabilities in [0, 1]; targets are labels 0 or 1.
struct asymmetric {
    static constexpr layout shape = layout::elementwise;
    double fn_cost = 10.0;
    double fp_cost = 1.0;

    static loss_info info() {
        return {"asymmetric", task::binary, shape, domain::probability, domain::binary,
                {{"fn_cost", 10.0, 0.0, 100.0, true, true, "Cost of a false negative (missing a positive)."},
                 {"fp_cost", 1.0, 0.0, 100.0, true, true, "Cost of a false positive (a false alarm)."}},
                R"(c_{FN}\,y\,(1-p)+c_{FP}\,(1-y)\,p)", R"(-c_{FN}\,y+c_{FP}\,(1-y))",
                "Charges each kind of mistake its business cost: missing a default costs more.",
                "fn_cost*y*(1-p) + fp_cost*(1-y)*p on probabilities (reference article's asymmetric_loss)",
                false, scale::response};
    }
    static asymmetric from_params(const double* params) { return {params[0], params[1]}; }
    const char* check() const {
        return fn_cost >= 0 && fp_cost >= 0 ? nullptr : "asymmetric: fn_cost and fp_cost must be >= 0";
    }

    template <class T>
    T value(T p, T y) const {
        return T(fn_cost) * y * (T(1) - p) + T(fp_cost) * (T(1) - y) * p;
    }
    template <class T>
    T grad(T /*p*/, T y) const {
        return T(-fn_cost) * y + T(fp_cost) * (T(1) - y);
    }
};

}  // namespace losslab::losses
