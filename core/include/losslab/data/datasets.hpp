#pragma once
/// Seeded synthetic datasets for the lessons, bit-identical natively and under wasm (random.hpp).
/// Every dataset takes `n`, `seed` and `validation` (the fraction held out, chosen by a seeded
/// shuffle), and its own options (the *_options structs below, one alternative of `options`).
/// Options by name, with defaults:
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
#include <string_view>
#include <variant>
#include <vector>

#include "losslab/status.hpp"

namespace losslab::data {

enum class x_distribution { normal, uniform };

struct linear_options {
    double slope = 3, intercept = 0;  ///< in [-1e6, 1e6]
    double noise = 0.5;               ///< in [0, 1e6]
    x_distribution distribution = x_distribution::normal;
    double x_min = -3, x_max = 3;     ///< in [-1e6, 1e6], x_min < x_max
    double heteroscedastic = 0;       ///< in [0, 1e3]
    long outliers = 0;                ///< in [0, n]
    double outlier_fraction = -1;     ///< in [0, 1]; -1: use `outliers`
    double outlier_shift = 50;        ///< in [-1e6, 1e6]
    long leverage_outliers = 0;       ///< in [0, n]
    double leverage_x = 6, leverage_shift = 0;  ///< in [-1e6, 1e6]
};
/// linear with heteroscedastic = 1 and x ~ U(0, 5).
struct heteroscedastic_options : linear_options {
    heteroscedastic_options() {
        distribution = x_distribution::uniform;
        x_min = 0;
        x_max = 5;
        heteroscedastic = 1;
    }
};
struct zero_inflated_options {
    double rate = 0.9;         ///< in (0, 30]
    double rate_slope = 1;     ///< in [-3, 3]
    double gamma_shape = 2;    ///< in [0.05, 100]
    double gamma_scale = 1;    ///< in (0, 1e6]
};
struct imbalanced_options {
    double ratio = 10;         ///< in [1, 1000]
    double separation = 2.5;   ///< in [0, 100]
    double std = 1;            ///< in (0, 100]
};
struct moons_options {
    double noise = 0.1;  ///< in [0, 10]
};
struct spirals_options {
    long classes = 2;    ///< in [2, 10]
    double noise = 0.1;  ///< in [0, 10]
    double turns = 1.5;  ///< in [0.1, 5]
};
struct blobs_options {
    long classes = 3;         ///< in [2, 20]
    double std = 1;           ///< in (0, 100]
    double spread = 3;        ///< in [0, 100]
    double label_noise = 0;   ///< in [0, 1]
};
struct sparse_linear_options {
    long features = 10;         ///< in [6, 100]
    double correlation = 0.95;  ///< in [-0.999, 0.999]
    double noise = 1.5;         ///< in [0, 1e3]
};
struct wave_options {
    double frequency = 1;  ///< in [0, 10]
    double noise = 0.3;    ///< in [0, 100]
};

/// One alternative per dataset, in the order of dataset_names().
using options = std::variant<linear_options, heteroscedastic_options, zero_inflated_options, imbalanced_options,
                             moons_options, spirals_options, blobs_options, sparse_linear_options, wave_options>;

struct dataset_config {
    data::options options;
    long n = 0;             ///< in [1, 100000]; 0: the dataset's default (above)
    double seed = 0;        ///< a whole number in [0, 2^53)
    double validation = 0;  ///< the fraction held out, in [0, 0.9]
};

/// The named dataset's default options; false (out unchanged) for an unknown name.
bool default_options(std::string_view name, options& out);

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

/// The dataset's default n (200 linear, 1000 zero_inflated, ...).
long default_size(const options& o);

status make_dataset(const dataset_config& c, dataset& out);

}  // namespace losslab::data
