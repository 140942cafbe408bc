#pragma once
/// Seeded synthetic datasets for the lessons, bit-identical natively and under wasm (random.hpp).
/// Every dataset takes `n`, `seed` and `validation` (the fraction held out, chosen by a seeded
/// shuffle). Options by name, with defaults:
///
///   linear           n=200 slope=3 intercept=0 noise=0.5 x_distribution='normal' (x ~ N(0, 1), as
///                    the reference's Huber experiment) | 'uniform' (x ~ U(x_min=-3, x_max=3));
///                    heteroscedastic=0: the noise sd at x is noise·(1 + heteroscedastic·|x|);
///                    outliers=0 points (or outlier_fraction) get y += outlier_shift=50;
///                    leverage_outliers=0 points sit far out at x = leverage_x=6 with
///                    y = intercept + leverage_shift=0 (+ noise): off the line, so they tilt it.
///                    The reference case: { n: 200, slope: 3, noise: 0.5, outliers: 10 }.
///   heteroscedastic  linear with heteroscedastic=1 and x_distribution='uniform' over [0, 5].
///   zero_inflated    n=1000, x ~ U(−1, 1); N ~ Poisson(rate·e^{rate_slope·x}) with rate=0.9,
///                    rate_slope=1; y = sum of N Gamma(gamma_shape=2, gamma_scale=1) draws:
///                    compound Poisson–Gamma (Tweedie with power (α+2)/(α+1) = 4/3), about 40%
///                    exact zeros and a long right tail.
///   imbalanced       2-D binary blobs: n=1000, ratio=10 negatives per positive (1 to 1000),
///                    separation=2.5 between centres (−s/2, 0) and (s/2, 0), std=1;
///                    positives = max(1, round(n / (1 + ratio))).
///   moons            n=200 noise=0.1, two interleaved half circles (as sklearn make_moons).
///   spirals          n=300 classes=2 noise=0.1 turns=1.5, interleaved arms.
///   blobs            n=300 classes=3 std=1 spread=3 (centres on a circle of that radius),
///                    label_noise=0: each label is replaced by a different random class with
///                    that probability.
///   sparse_linear    n=100 features=10 correlation=0.95 noise=1.5: standard normal features, x₀ and
///                    x₁ correlated, y = 2x₀ + 2x₁ − 1.5x₂ + x₃ − 0.5x₄ + 0.25x₅ + noise·ε (the
///                    other features irrelevant): lasso, ridge and elastic-net paths.
///   wave             n=60 frequency=1 noise=0.3: x ~ U(−3, 3), y = sin(frequency·x) + noise·ε.
#include <cstdint>
#include <string>
#include <vector>

#include "losslab/status.hpp"
#include "losslab/train/settings.hpp"

namespace losslab::data {

struct dataset {
    std::string name;
    std::string task;  ///< "regression", "binary" or "multiclass"
    std::size_t features = 1;
    std::size_t classes = 0;  ///< 0 for regression, 2 for binary, K for multiclass
    std::vector<double> x;    ///< n × features, row-major
    std::vector<double> y;    ///< targets; class indices for classification
    std::vector<double> x_val, y_val;
    std::vector<std::uint8_t> outlier;  ///< 1 where the generator planted an outlier (linear only)

    std::size_t size() const { return y.size(); }
};

const std::vector<std::string>& dataset_names();

status make_dataset(const std::string& name, const settings& options, dataset& out);

}  // namespace losslab::data
