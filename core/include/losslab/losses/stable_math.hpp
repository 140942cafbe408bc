#pragma once
/// Numerically stable building blocks shared by the losses. Each one avoids exp() of a large
/// positive number and the cancellation of 1 − σ(x) for large x, so the losses stay finite and
/// accurate at saturated logits in both float and double.
#include <cmath>

namespace losslab::losses::stable {

/// softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^{−|x|}); never overflows.
template <class T>
T softplus(T x) {
    return std::fmax(x, T(0)) + std::log1p(std::exp(-std::fabs(x)));
}

/// σ(x) = 1 / (1 + e^{−x}), evaluated so that e^{…} only ever sees a non-positive argument.
template <class T>
T sigmoid(T x) {
    if (x >= 0) return T(1) / (T(1) + std::exp(-x));
    const T e = std::exp(x);
    return e / (T(1) + e);
}

/// eˣ − 1 − x, accurate near 0 (where expm1(x) − x cancels) through its Taylor series.
template <class T>
T expm1_minus_x(T x) {
    if (std::fabs(x) < T(0.1)) {
        // x²/2! + x³/3! + … ; 12 terms leave a relative error below 1e-17 for |x| < 0.1.
        T term = x * x / T(2), sum = term;
        for (int n = 3; n <= 13; ++n) {
            term *= x / T(n);
            sum += term;
        }
        return sum;
    }
    return std::expm1(x) - x;
}

/// A piecewise-linear term's derivative: 1 where z > 0, else 0. At the kink z = 0 it returns 0,
/// as torch's relu and MultiMarginLoss do; 0 is inside the subdifferential [0, 1], so a point
/// sitting exactly on the kink is treated as stationary for that term.
template <class T>
T step(T z) {
    return z > 0 ? T(1) : T(0);
}

/// sign(x) with sign(0) = 0 (torch.sign, and the MAE gradient at r = 0).
template <class T>
T sign(T x) {
    return x > 0 ? T(1) : (x < 0 ? T(-1) : T(0));
}

}  // namespace losslab::losses::stable
