#include "losslab/data/datasets.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "losslab/data/random.hpp"
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

void linear(reader& r, rng& g, long n, bool hetero_default, dataset& d) {
    const double slope = r.number("slope", 3, -1e6, 1e6);
    const double intercept = r.number("intercept", 0, -1e6, 1e6);
    const double noise = r.number("noise", 0.5, 0, 1e6);
    const std::string xdist = r.word("x_distribution", hetero_default ? "uniform" : "normal", {"normal", "uniform"});
    const double x_min = r.number("x_min", hetero_default ? 0 : -3, -1e6, 1e6);
    const double x_max = r.number("x_max", hetero_default ? 5 : 3, -1e6, 1e6);
    const double hetero = r.number("heteroscedastic", hetero_default ? 1 : 0, 0, 1e3);
    long outliers = r.integer("outliers", 0, 0, n);
    if (r.number("outlier_fraction", -1, -1, 1) >= 0) outliers = long(std::lround(r.number("outlier_fraction", 0, 0, 1) * double(n)));
    const double shift = r.number("outlier_shift", 50, -1e6, 1e6);
    const long leverage = r.integer("leverage_outliers", 0, 0, n);
    const double leverage_x = r.number("leverage_x", 6, -1e6, 1e6);
    const double leverage_shift = r.number("leverage_shift", 0, -1e6, 1e6);
    if (x_max <= x_min) r.fail("x_max must be greater than x_min");
    if (outliers + leverage > n) {
        r.fail("outliers + leverage_outliers = " + std::to_string(outliers + leverage) + " is more than n = " +
               std::to_string(n));
    }
    if (!r.ok()) return;
    d.task = "regression";
    d.features = 1;
    d.x.resize(std::size_t(n));
    d.y.resize(std::size_t(n));
    d.outlier.assign(std::size_t(n), 0);
    for (long i = 0; i < n; ++i) {
        const double x = xdist == "normal" ? g.normal() : g.uniform(x_min, x_max);
        const double sd = noise * (1 + hetero * std::abs(x));
        d.x[i] = x;
        d.y[i] = intercept + slope * x + sd * g.normal();
    }
    // x is random, so the first points are as good a random choice as any (as in the reference).
    for (long i = 0; i < outliers; ++i) {
        d.y[i] += shift;
        d.outlier[i] = 1;
    }
    for (long i = outliers; i < outliers + leverage; ++i) {
        d.x[i] = leverage_x;
        d.y[i] = intercept + leverage_shift + noise * g.normal();
        d.outlier[i] = 1;
    }
}

void zero_inflated(reader& r, rng& g, long n, dataset& d) {
    const double rate = r.number("rate", 0.9, 0, 30, false);
    const double rate_slope = r.number("rate_slope", 1, -3, 3);
    const double shape = r.number("gamma_shape", 2, 0.05, 100);
    const double scale = r.number("gamma_scale", 1, 0, 1e6, false);
    if (!r.ok()) return;
    d.task = "regression";
    d.features = 1;
    d.x.resize(std::size_t(n));
    d.y.resize(std::size_t(n));
    for (long i = 0; i < n; ++i) {
        const double x = g.uniform(-1, 1);
        const double mean_count = std::min(30.0, rate * portable_exp(rate_slope * x));
        const long count = g.poisson(mean_count);
        double y = 0;
        for (long k = 0; k < count; ++k) y += g.gamma(shape, scale);
        d.x[i] = x;
        d.y[i] = y;
    }
}

void imbalanced(reader& r, rng& g, long n, dataset& d) {
    const double ratio = r.number("ratio", 10, 1, 1000);
    const double separation = r.number("separation", 2.5, 0, 100);
    const double sd = r.number("std", 1, 0, 100, false);
    d.task = "binary";
    d.features = 2;
    d.classes = 2;
    const long positives = std::max(1L, long(std::lround(double(n) / (1 + ratio))));
    if (positives >= n) r.fail("n is too small for this ratio");
    if (!r.ok()) return;
    d.x.resize(std::size_t(2 * n));
    d.y.resize(std::size_t(n));
    for (long i = 0; i < n; ++i) {
        const bool positive = i < positives;
        d.x[2 * i] = (positive ? separation / 2 : -separation / 2) + sd * g.normal();
        d.x[2 * i + 1] = sd * g.normal();
        d.y[i] = positive ? 1 : 0;
    }
}

void moons(reader& r, rng& g, long n, dataset& d) {
    const double noise = r.number("noise", 0.1, 0, 10);
    if (!r.ok()) return;
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

void spirals(reader& r, rng& g, long n, dataset& d) {
    const long classes = r.integer("classes", 2, 2, 10);
    const double noise = r.number("noise", 0.1, 0, 10);
    const double turns = r.number("turns", 1.5, 0.1, 5);
    if (!r.ok()) return;
    d.task = classes == 2 ? "binary" : "multiclass";
    d.features = 2;
    d.classes = std::size_t(classes);
    d.x.resize(std::size_t(2 * n));
    d.y.resize(std::size_t(n));
    for (long i = 0; i < n; ++i) {
        const long label = i % classes;
        const double t = g.uniform();  // position along the arm, 0 at the centre
        const double angle = 2 * pi * (turns * t + double(label) / double(classes));
        double s, c;
        portable_sincos(angle, s, c);
        const double radius = 0.1 + 0.9 * t;
        d.x[2 * i] = radius * c + noise * radius * g.normal();
        d.x[2 * i + 1] = radius * s + noise * radius * g.normal();
        d.y[i] = double(label);
    }
}

void blobs(reader& r, rng& g, long n, dataset& d) {
    const long classes = r.integer("classes", 3, 2, 20);
    const double sd = r.number("std", 1, 0, 100, false);
    const double spread = r.number("spread", 3, 0, 100);
    const double label_noise = r.number("label_noise", 0, 0, 1);
    if (!r.ok()) return;
    d.task = classes == 2 ? "binary" : "multiclass";
    d.features = 2;
    d.classes = std::size_t(classes);
    d.x.resize(std::size_t(2 * n));
    d.y.resize(std::size_t(n));
    for (long i = 0; i < n; ++i) {
        const long label = i % classes;
        double s, c;
        portable_sincos(2 * pi * double(label) / double(classes), s, c);
        d.x[2 * i] = spread * c + sd * g.normal();
        d.x[2 * i + 1] = spread * s + sd * g.normal();
        long observed = label;
        if (label_noise > 0 && g.uniform() < label_noise) {
            observed = long(g.below(std::uint64_t(classes - 1)));
            if (observed >= label) ++observed;
        }
        d.y[i] = double(observed);
    }
}

/// The regularisation lesson's regression: features=10 standard normal columns, of which x₀ and x₁
/// have correlation `correlation` (x₁ = ρx₀ + √(1 − ρ²)z); y = Σ w_j x_j + noise·ε with
/// w = (2, 2, −1.5, 1, −0.5, 0.25, 0, …, 0): two correlated relevant features, four more of
/// decreasing size and the rest irrelevant.
void sparse_linear(reader& r, rng& g, long n, dataset& d) {
    const long features = r.integer("features", 10, 6, 100);
    const double rho = r.number("correlation", 0.95, -0.999, 0.999);
    const double noise = r.number("noise", 1.5, 0, 1e3);
    if (!r.ok()) return;
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
        d.y[i] = y + noise * g.normal();
    }
}

/// Noisy 1-D wave for over-fitting: x ~ U(−3, 3), y = sin(frequency·x) + noise·ε.
void wave(reader& r, rng& g, long n, dataset& d) {
    const double frequency = r.number("frequency", 1, 0, 10);
    const double noise = r.number("noise", 0.3, 0, 100);
    if (!r.ok()) return;
    d.task = "regression";
    d.features = 1;
    d.x.resize(std::size_t(n));
    d.y.resize(std::size_t(n));
    for (long i = 0; i < n; ++i) {
        const double x = g.uniform(-3, 3);
        double s, c;
        portable_sincos(frequency * x, s, c);
        d.x[i] = x;
        d.y[i] = s + noise * g.normal();
    }
}

}  // namespace

const std::vector<std::string>& dataset_names() {
    static const std::vector<std::string> names = {"linear",    "heteroscedastic", "zero_inflated", "imbalanced",
                                                   "moons",     "spirals",         "blobs",
                                                   "sparse_linear", "wave"};
    return names;
}

status make_dataset(const std::string& name, const settings& options, dataset& out) {
    out = dataset{};
    out.name = name;
    reader r(options, name);
    const long default_n = name == "zero_inflated" || name == "imbalanced" ? 1000 : (name == "linear" || name == "heteroscedastic" || name == "moons") ? 200 : name == "sparse_linear" ? 100 : name == "wave" ? 60 : 300;
    const long n = r.integer("n", default_n, 1, max_points);
    const double seed = r.number("seed", 0, 0, 9007199254740991.0);
    if (seed != std::floor(seed)) r.fail("seed = " + format_number(seed) + " must be a whole number");
    const double validation = r.number("validation", 0, 0, 0.9);
    if (!r.ok()) return r.finish();  // n, seed or validation is bad: nothing is generated
    rng g{std::uint64_t(seed)};
    if (name == "linear") linear(r, g, n, false, out);
    else if (name == "heteroscedastic") linear(r, g, n, true, out);
    else if (name == "zero_inflated") zero_inflated(r, g, n, out);
    else if (name == "imbalanced") imbalanced(r, g, n, out);
    else if (name == "moons") moons(r, g, n, out);
    else if (name == "spirals") spirals(r, g, n, out);
    else if (name == "blobs") blobs(r, g, n, out);
    else if (name == "sparse_linear") sparse_linear(r, g, n, out);
    else if (name == "wave") wave(r, g, n, out);
    else {
        std::string msg = "unknown dataset '" + name + "'; known datasets:";
        for (const auto& k : dataset_names()) msg += " " + k;
        return status::failure(msg);
    }
    status s = r.finish();
    if (!s.ok()) {
        out = dataset{};
        return s;
    }
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
