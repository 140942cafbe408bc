#include "losslab/data/datasets.hpp"

#include <type_traits>

#include "losslab/parameter.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "losslab/data/random.hpp"
#include "losslab/format.hpp"
#include "losslab/limits.hpp"

namespace losslab::data {
namespace {
constexpr double pi = 3.14159265358979323846;
constexpr long max_points = limits::dataset_points;

// Angles (moons, spirals, blob centres) go through sin/cos computed here by series, for the same
// bit-identity reason as random.hpp: libm trigonometry differs between glibc and musl.
double portable_sin_small(double r) {  // |r| <= π/4
    double term = r, sum = r;
    const double r2 = r * r;
    for (int n = 1; n <= 12; ++n) {
        term = -term * r2 / ((2 * n) * (2 * n + 1));
        sum += term;
    }
    return sum;
}
double portable_cos_small(double r) {
    double term = 1, sum = 1;
    const double r2 = r * r;
    for (int n = 1; n <= 12; ++n) {
        term = -term * r2 / ((2 * n - 1) * (2 * n));
        sum += term;
    }
    return sum;
}
/// cos and sin by reduction to |r| <= π/4 and series (accurate to ~1e-15, identical everywhere).
void portable_sincos(double a, double& s, double& c) {
    const double k = std::floor(a / (pi / 2) + 0.5);
    const double r = a - k * (pi / 2);
    const double sr = portable_sin_small(r), cr = portable_cos_small(r);
    const long q = ((long(k) % 4) + 4) % 4;
    switch (q) {
        case 0: s = sr, c = cr; break;
        case 1: s = cr, c = -sr; break;
        case 2: s = -sr, c = -cr; break;
        default: s = -cr, c = sr; break;
    }
}

/// Fisher–Yates with the seeded generator.
void shuffle(std::vector<std::size_t>& idx, rng& g) {
    for (std::size_t i = idx.size(); i > 1; --i) std::swap(idx[i - 1], idx[g.below(i)]);
}

/// Reorders the samples (x rows, y, outlier) by idx.
void permute(dataset& d, const std::vector<std::size_t>& idx) {
    const std::size_t f = d.features;
    std::vector<double> x(d.x.size()), y(d.y.size());
    std::vector<std::uint8_t> o(d.outlier.size());
    for (std::size_t i = 0; i < idx.size(); ++i) {
        for (std::size_t j = 0; j < f; ++j) x[i * f + j] = d.x[idx[i] * f + j];
        y[i] = d.y[idx[i]];
        if (!o.empty()) o[i] = d.outlier[idx[i]];
    }
    d.x.swap(x);
    d.y.swap(y);
    d.outlier.swap(o);
}

status check_linear(const std::string& w, const linear_options& o, long n) {
    status s = first_failure({check_range(w, "slope", o.slope, -1e6, 1e6), check_range(w, "intercept", o.intercept, -1e6, 1e6),
                              check_range(w, "noise", o.noise, 0, 1e6), check_range(w, "x_min", o.x_min, -1e6, 1e6),
                              check_range(w, "x_max", o.x_max, -1e6, 1e6),
                              check_range(w, "heteroscedastic", o.heteroscedastic, 0, 1e3),
                              check_range(w, "outliers", double(o.outliers), 0, double(n), true),
                              check_range(w, "outlier_fraction", o.outlier_fraction, -1, 1),
                              check_range(w, "outlier_shift", o.outlier_shift, -1e6, 1e6),
                              check_range(w, "leverage_outliers", double(o.leverage_outliers), 0, double(n), true),
                              check_range(w, "leverage_x", o.leverage_x, -1e6, 1e6),
                              check_range(w, "leverage_shift", o.leverage_shift, -1e6, 1e6)});
    if (!s.ok()) return s;
    // -1 is the "use outliers" default; any other negative value is a mistake, not that default.
    if (o.outlier_fraction < 0 && o.outlier_fraction != -1) {
        return status::failure(w + ": outlier_fraction must be in [0, 1] (or -1, the default: use outliers), got " +
                               format_number(o.outlier_fraction));
    }
    if (o.x_max <= o.x_min) return status::failure(w + ": x_max must be greater than x_min");
    const long outliers = o.outlier_fraction >= 0 ? long(std::lround(o.outlier_fraction * double(n))) : o.outliers;
    if (outliers + o.leverage_outliers > n) {
        return status::failure(w + ": outliers + leverage_outliers = " + std::to_string(outliers + o.leverage_outliers) +
                               " is more than n = " + std::to_string(n));
    }
    return status::success();
}

void linear(const linear_options& o, rng& g, long n, dataset& d) {
    long outliers = o.outliers;
    if (o.outlier_fraction >= 0) outliers = long(std::lround(o.outlier_fraction * double(n)));
    const long leverage = o.leverage_outliers;
    d.task = "regression";
    d.features = 1;
    d.x.resize(std::size_t(n));
    d.y.resize(std::size_t(n));
    d.outlier.assign(std::size_t(n), 0);
    for (long i = 0; i < n; ++i) {
        const double x = o.distribution == x_distribution::normal ? g.normal() : g.uniform(o.x_min, o.x_max);
        const double sd = o.noise * (1 + o.heteroscedastic * std::abs(x));
        d.x[i] = x;
        d.y[i] = o.intercept + o.slope * x + sd * g.normal();
    }
    // x is random, so the first points are as good a random choice as any (as in the reference).
    for (long i = 0; i < outliers; ++i) {
        d.y[i] += o.outlier_shift;
        d.outlier[i] = 1;
    }
    for (long i = outliers; i < outliers + leverage; ++i) {
        d.x[i] = o.leverage_x;
        d.y[i] = o.intercept + o.leverage_shift + o.noise * g.normal();
        d.outlier[i] = 1;
    }
}

status check(const std::string& w, const zero_inflated_options& o, long) {
    return first_failure({check_range(w, "rate", o.rate, 0, 30, false, false), check_range(w, "rate_slope", o.rate_slope, -3, 3),
                          check_range(w, "gamma_shape", o.gamma_shape, 0.05, 100),
                          check_range(w, "gamma_scale", o.gamma_scale, 0, 1e6, false, false)});
}

void generate(const zero_inflated_options& o, rng& g, long n, dataset& d) {
    d.task = "regression";
    d.features = 1;
    d.x.resize(std::size_t(n));
    d.y.resize(std::size_t(n));
    for (long i = 0; i < n; ++i) {
        const double x = g.uniform(-1, 1);
        const double mean_count = std::min(30.0, o.rate * portable_exp(o.rate_slope * x));
        const long count = g.poisson(mean_count);
        double y = 0;
        for (long k = 0; k < count; ++k) y += g.gamma(o.gamma_shape, o.gamma_scale);
        d.x[i] = x;
        d.y[i] = y;
    }
}

long imbalanced_positives(const imbalanced_options& o, long n) {
    return std::max(1L, long(std::lround(double(n) / (1 + o.ratio))));
}

status check(const std::string& w, const imbalanced_options& o, long n) {
    status s = first_failure({check_range(w, "ratio", o.ratio, 1, 1000), check_range(w, "separation", o.separation, 0, 100),
                              check_range(w, "std", o.std, 0, 100, false, false)});
    if (s.ok() && imbalanced_positives(o, n) >= n) return status::failure(w + ": n is too small for this ratio");
    return s;
}

void generate(const imbalanced_options& o, rng& g, long n, dataset& d) {
    d.task = "binary";
    d.features = 2;
    d.classes = 2;
    const long positives = imbalanced_positives(o, n);
    d.x.resize(std::size_t(2 * n));
    d.y.resize(std::size_t(n));
    for (long i = 0; i < n; ++i) {
        const bool positive = i < positives;
        d.x[2 * i] = (positive ? o.separation / 2 : -o.separation / 2) + o.std * g.normal();
        d.x[2 * i + 1] = o.std * g.normal();
        d.y[i] = positive ? 1 : 0;
    }
}

status check(const std::string& w, const moons_options& o, long) { return check_range(w, "noise", o.noise, 0, 10); }

void generate(const moons_options& o, rng& g, long n, dataset& d) {
    const double noise = o.noise;
    d.task = "binary";
    d.features = 2;
    d.classes = 2;
    d.x.resize(std::size_t(2 * n));
    d.y.resize(std::size_t(n));
    const long outer = n - n / 2, inner = n / 2;
    for (long i = 0; i < n; ++i) {
        const bool is_outer = i < outer;
        const long k = is_outer ? i : i - outer;
        const long count = is_outer ? outer : inner;
        const double t = count > 1 ? pi * double(k) / double(count - 1) : 0;
        double s, c;
        portable_sincos(t, s, c);
        d.x[2 * i] = (is_outer ? c : 1 - c) + noise * g.normal();
        d.x[2 * i + 1] = (is_outer ? s : 0.5 - s) + noise * g.normal();
        d.y[i] = is_outer ? 0 : 1;
    }
}

status check(const std::string& w, const spirals_options& o, long) {
    return first_failure({check_range(w, "classes", double(o.classes), 2, 10, true), check_range(w, "noise", o.noise, 0, 10),
                          check_range(w, "turns", o.turns, 0.1, 5)});
}

void generate(const spirals_options& o, rng& g, long n, dataset& d) {
    const long classes = o.classes;
    d.task = classes == 2 ? "binary" : "multiclass";
    d.features = 2;
    d.classes = std::size_t(classes);
    d.x.resize(std::size_t(2 * n));
    d.y.resize(std::size_t(n));
    for (long i = 0; i < n; ++i) {
        const long label = i % classes;
        const double t = g.uniform();  // position along the arm, 0 at the centre
        const double angle = 2 * pi * (o.turns * t + double(label) / double(classes));
        double s, c;
        portable_sincos(angle, s, c);
        const double radius = 0.1 + 0.9 * t;
        d.x[2 * i] = radius * c + o.noise * radius * g.normal();
        d.x[2 * i + 1] = radius * s + o.noise * radius * g.normal();
        d.y[i] = double(label);
    }
}

status check(const std::string& w, const blobs_options& o, long) {
    return first_failure({check_range(w, "classes", double(o.classes), 2, 20, true),
                          check_range(w, "std", o.std, 0, 100, false, false), check_range(w, "spread", o.spread, 0, 100),
                          check_range(w, "label_noise", o.label_noise, 0, 1)});
}

void generate(const blobs_options& o, rng& g, long n, dataset& d) {
    const long classes = o.classes;
    d.task = classes == 2 ? "binary" : "multiclass";
    d.features = 2;
    d.classes = std::size_t(classes);
    d.x.resize(std::size_t(2 * n));
    d.y.resize(std::size_t(n));
    for (long i = 0; i < n; ++i) {
        const long label = i % classes;
        double s, c;
        portable_sincos(2 * pi * double(label) / double(classes), s, c);
        d.x[2 * i] = o.spread * c + o.std * g.normal();
        d.x[2 * i + 1] = o.spread * s + o.std * g.normal();
        long observed = label;
        if (o.label_noise > 0 && g.uniform() < o.label_noise) {
            observed = long(g.below(std::uint64_t(classes - 1)));
            if (observed >= label) ++observed;
        }
        d.y[i] = double(observed);
    }
}

status check(const std::string& w, const sparse_linear_options& o, long) {
    return first_failure({check_range(w, "features", double(o.features), 6, 100, true),
                          check_range(w, "correlation", o.correlation, -0.999, 0.999), check_range(w, "noise", o.noise, 0, 1e3)});
}

/// The regularisation lesson's regression: features=10 standard normal columns, of which x₀ and x₁
/// have correlation `correlation` (x₁ = ρx₀ + √(1 − ρ²)z); y = Σ w_j x_j + noise·ε with
/// w = (2, 2, −1.5, 1, −0.5, 0.25, 0, …, 0): two correlated relevant features, four more of
/// decreasing size and the rest irrelevant.
void generate(const sparse_linear_options& o, rng& g, long n, dataset& d) {
    const long features = o.features;
    const double rho = o.correlation;
    static const double coef[6] = {2, 2, -1.5, 1, -0.5, 0.25};
    d.task = "regression";
    d.features = std::size_t(features);
    d.x.resize(std::size_t(n * features));
    d.y.resize(std::size_t(n));
    const double rest = std::sqrt(1 - rho * rho);
    for (long i = 0; i < n; ++i) {
        double* row = d.x.data() + i * features;
        for (long j = 0; j < features; ++j) row[j] = g.normal();
        row[1] = rho * row[0] + rest * row[1];
        double y = 0;
        for (long j = 0; j < 6; ++j) y += coef[j] * row[j];
        d.y[i] = y + o.noise * g.normal();
    }
}

status check(const std::string& w, const wave_options& o, long) {
    return first_failure({check_range(w, "frequency", o.frequency, 0, 10), check_range(w, "noise", o.noise, 0, 100)});
}

/// Noisy 1-D wave for over-fitting: x ~ U(−3, 3), y = sin(frequency·x) + noise·ε.
void generate(const wave_options& o, rng& g, long n, dataset& d) {
    d.task = "regression";
    d.features = 1;
    d.x.resize(std::size_t(n));
    d.y.resize(std::size_t(n));
    for (long i = 0; i < n; ++i) {
        const double x = g.uniform(-3, 3);
        double s, c;
        portable_sincos(o.frequency * x, s, c);
        d.x[i] = x;
        d.y[i] = s + o.noise * g.normal();
    }
}

status check(const std::string& w, const linear_options& o, long n) { return check_linear(w, o, n); }
void generate(const linear_options& o, rng& g, long n, dataset& d) { linear(o, g, n, d); }

}  // namespace

const std::vector<std::string>& dataset_names() {
    static const std::vector<std::string> names = {"linear",    "heteroscedastic", "zero_inflated", "imbalanced",
                                                   "moons",     "spirals",         "blobs",
                                                   "sparse_linear", "wave"};
    return names;
}

// Built when the module loads, not on first use: the names are then part of the heap's baseline,
// so a caller that checks the heap is back at its baseline after a call sees it is.
namespace {
const bool datasets_ready = (dataset_names(), true);
}  // namespace

bool default_options(std::string_view name, options& out) {
    if (name == "linear") out = linear_options{};
    else if (name == "heteroscedastic") out = heteroscedastic_options{};
    else if (name == "zero_inflated") out = zero_inflated_options{};
    else if (name == "imbalanced") out = imbalanced_options{};
    else if (name == "moons") out = moons_options{};
    else if (name == "spirals") out = spirals_options{};
    else if (name == "blobs") out = blobs_options{};
    else if (name == "sparse_linear") out = sparse_linear_options{};
    else if (name == "wave") out = wave_options{};
    else return false;
    return true;
}

long default_size(const options& o) {
    static const long sizes[] = {200, 200, 1000, 1000, 200, 300, 300, 100, 60};
    return sizes[o.index()];
}

status make_dataset(const dataset_config& c, dataset& out) {
    out = dataset{};
    const std::string name = dataset_names()[c.options.index()];
    out.name = name;
    const long n = c.n == 0 ? default_size(c.options) : c.n;
    status s = first_failure({check_range(name, "n", double(n), 1, double(max_points), true),
                              check_range(name, "seed", c.seed, 0, 9007199254740991.0, true),
                              check_range(name, "validation", c.validation, 0, 0.9)});
    if (!s.ok()) return s;  // n, seed or validation is bad: nothing is generated
    s = std::visit(
        [&](const auto& o) {
            using O = std::decay_t<decltype(o)>;
            if constexpr (std::is_base_of_v<linear_options, O>) return check(name, static_cast<const linear_options&>(o), n);
            else return check(name, o, n);
        },
        c.options);
    if (!s.ok()) return s;
    rng g{std::uint64_t(c.seed)};
    std::visit(
        [&](const auto& o) {
            using O = std::decay_t<decltype(o)>;
            if constexpr (std::is_base_of_v<linear_options, O>) generate(static_cast<const linear_options&>(o), g, n, out);
            else generate(o, g, n, out);
        },
        c.options);
    const double seed = c.seed, validation = c.validation;
    // Classification data are generated class by class: shuffle so mini-batches and plots mix them.
    std::vector<std::size_t> idx(out.size());
    std::iota(idx.begin(), idx.end(), 0);
    if (out.task != "regression") shuffle(idx, g), permute(out, idx);
    const std::size_t held = std::size_t(std::lround(validation * double(out.size())));
    if (held > 0) {
        if (held >= out.size()) return status::failure(name + ": validation leaves no training points");
        std::iota(idx.begin(), idx.end(), 0);
        rng split(std::uint64_t(seed) ^ 0x5bd1e995ULL);
        shuffle(idx, split);
        permute(out, idx);
        const std::size_t keep = out.size() - held, f = out.features;
        out.x_val.assign(out.x.begin() + long(keep * f), out.x.end());
        out.y_val.assign(out.y.begin() + long(keep), out.y.end());
        out.x.resize(keep * f);
        out.y.resize(keep);
        if (!out.outlier.empty()) out.outlier.resize(keep);
    }
    return status::success();
}

}  // namespace losslab::data
