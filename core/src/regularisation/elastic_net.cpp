#include "losslab/regularisation/elastic_net.hpp"

#include "losslab/parameter.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "losslab/format.hpp"
#include "losslab/limits.hpp"

namespace losslab::regularisation {
namespace {
constexpr double pi = 3.14159265358979323846;
constexpr std::size_t max_lambdas = 1000;

double max_abs(const std::vector<double>& v) {
    double m = 0;
    for (double x : v) m = std::max(m, std::abs(x));
    return m;
}

/// Mean squared residual of rows (x, y) under coefficients w and intercept b; `se` gets its
/// standard error (the sample sd of the squared residuals over √n; 0 for one row).
double mse(const std::vector<double>& x, const std::vector<double>& y, std::size_t p, const double* w, double b,
           double* se = nullptr) {
    if (y.empty()) return 0;
    double sum = 0, sum_sq = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        double pred = b;
        for (std::size_t j = 0; j < p; ++j) pred += x[i * p + j] * w[j];
        const double r = y[i] - pred;
        sum += r * r;
        sum_sq += r * r * r * r;
    }
    const double n = double(y.size()), mean = sum / n;
    if (se) *se = n > 1 ? std::sqrt(std::max(0.0, (sum_sq - n * mean * mean) / (n - 1)) / n) : 0;
    return mean;
}

/// The elastic-net penalty value α|w|₁ + (1 − α)/2 ‖w‖² (λ = 1): the "norm" the region bounds.
double region_value(const std::vector<double>& w, double l1_ratio) { return penalty(w, 1, l1_ratio); }

}  // namespace

double penalty(const std::vector<double>& w, double lambda, double l1_ratio) {
    double l1 = 0, l2 = 0;
    for (double x : w) l1 += std::abs(x), l2 += x * x;
    return l1_ratio * lambda * l1 + (1 - l1_ratio) * lambda * 0.5 * l2;
}

long coordinate_descent(const std::vector<double>& gram, const std::vector<double>& c, double lambda, double l1_ratio,
                        std::vector<double>& w, double tol, long max_sweeps, bool& converged) {
    const std::size_t p = c.size();
    const double l1 = l1_ratio * lambda, l2 = (1 - l1_ratio) * lambda;
    converged = false;
    long sweep = 0;
    while (sweep < max_sweeps) {
        ++sweep;
        double largest_change = 0;
        for (std::size_t j = 0; j < p; ++j) {
            // z = c_j − Σ_{k≠j} G_jk w_k: the correlation of feature j with the partial residual.
            double z = c[j];
            const double* row = gram.data() + j * p;
            for (std::size_t k = 0; k < p; ++k)
                if (k != j) z -= row[k] * w[k];
            const double denom = row[j] + l2;
            const double next = denom > 0 ? soft_threshold(z, l1) / denom : 0.0;
            largest_change = std::max(largest_change, std::abs(next - w[j]));
            w[j] = next;
        }
        if (largest_change <= tol * std::max(1.0, max_abs(w))) {
            converged = true;
            break;
        }
    }
    return sweep;
}

status elastic_net_path(const path_config& cfg, path_result& out) {
    out = path_result{};
    const std::string what = "elasticNetPath";
    status s = first_failure({check_range(what, "features", double(cfg.features), 1, 1000, true),
                              check_range(what, "l1_ratio", cfg.l1_ratio, 0, 1),
                              check_range(what, "tol", cfg.tol, 1e-16, 1e-2),
                              check_range(what, "max_sweeps", double(cfg.max_sweeps), 1, 10000000, true)});
    if (!s.ok()) return s;
    const std::pair<const char*, const std::vector<double>*> arrays[] = {
        {"x", &cfg.x}, {"y", &cfg.y}, {"x_val", &cfg.x_val}, {"y_val", &cfg.y_val}, {"lambdas", &cfg.lambdas}};
    for (const auto& [name, values] : arrays) {
        const bool lambda = values == &cfg.lambdas;
        for (std::size_t i = 0; i < values->size(); ++i) {
            const double v = (*values)[i];
            if (!std::isfinite(v)) {
                return status::failure(what + ": " + name + "[" + std::to_string(i) + "] is not finite (NaN, null or ±Infinity)");
            }
            if (lambda ? (v < 0 || v > 1e12) : std::abs(v) > 1e150) {
                return status::failure(what + ": " + name + "[" + std::to_string(i) + "] = " + format_number(v) +
                                       " is outside [" + (lambda ? "0, 1e+12" : "-1e+150, 1e+150") + "]");
            }
        }
    }
    const long features = cfg.features;
    const std::vector<double>& x = cfg.x;
    const std::vector<double>& y = cfg.y;
    const std::vector<double>& x_val = cfg.x_val;
    const std::vector<double>& y_val = cfg.y_val;
    const std::vector<double>& lambdas = cfg.lambdas;
    const double l1_ratio = cfg.l1_ratio;
    const double tol = cfg.tol;
    const long max_sweeps = cfg.max_sweeps;
    const std::size_t p = std::size_t(features), n = y.size();
    if (n < 2) return status::failure("elasticNetPath: y needs at least 2 values, got " + std::to_string(n));
    if (x.size() != n * p) {
        return status::failure("elasticNetPath: x has " + std::to_string(x.size()) +
                               " values, expected y.length × features = " + std::to_string(n * p));
    }
    if (x_val.size() != y_val.size() * p) {
        return status::failure("elasticNetPath: x_val has " + std::to_string(x_val.size()) +
                               " values, expected y_val.length × features = " + std::to_string(y_val.size() * p));
    }
    if (lambdas.empty()) return status::failure("elasticNetPath: needs lambdas, a non-empty array of λ > 0");
    if (lambdas.size() > max_lambdas) {
        return status::failure("elasticNetPath: lambdas has " + std::to_string(lambdas.size()) + " values; the limit is " +
                               std::to_string(max_lambdas));
    }
    for (std::size_t i = 0; i < lambdas.size(); ++i) {
        if (!(lambdas[i] > 0)) return status::failure("elasticNetPath: lambdas[" + std::to_string(i) + "] = 0; every λ must be > 0");
    }
    const double gram_work = double(n + y_val.size()) * double(p) * double(p);
    if (gram_work > limits::work_per_call) {
        return status::failure("elasticNetPath: rows × features² = " + format_number(gram_work) +
                               " work units; the limit per call is " + format_number(limits::work_per_call));
    }

    // Centre (fit_intercept), then G = XcᵀXc/n and c = Xcᵀyc/n.
    std::vector<double> x_mean(p, 0), gram(p * p, 0), c(p, 0);
    double y_mean = 0;
    for (std::size_t i = 0; i < n; ++i) {
        y_mean += y[i];
        for (std::size_t j = 0; j < p; ++j) x_mean[j] += x[i * p + j];
    }
    y_mean /= double(n);
    for (double& m : x_mean) m /= double(n);
    std::vector<double> row(p);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < p; ++j) row[j] = x[i * p + j] - x_mean[j];
        const double yc = y[i] - y_mean;
        for (std::size_t j = 0; j < p; ++j) {
            c[j] += row[j] * yc;
            for (std::size_t k = j; k < p; ++k) gram[j * p + k] += row[j] * row[k];
        }
    }
    for (std::size_t j = 0; j < p; ++j) {
        c[j] /= double(n);
        for (std::size_t k = j; k < p; ++k) gram[k * p + j] = gram[j * p + k] /= double(n);
    }
    double yy = 0;  // ‖yc‖²/n, for the objective
    for (double v : y) yy += (v - y_mean) * (v - y_mean);
    yy /= double(n);

    out.features = p;
    out.lambdas = lambdas;
    out.lambda_max = l1_ratio > 0 ? max_abs(c) / l1_ratio : 0;
    // Sweeps are bounded in total by the work limit (each costs p² units).
    double sweeps_left = std::max(1.0, limits::work_per_call / double(p * p + 1));
    std::vector<double> w(p, 0);
    for (double lambda : lambdas) {
        bool converged = false;
        const long budget = long(std::min(double(max_sweeps), sweeps_left));
        const long sweeps = coordinate_descent(gram, c, lambda, l1_ratio, w, tol, std::max(1L, budget), converged);
        sweeps_left = std::max(0.0, sweeps_left - double(sweeps));
        out.converged = out.converged && converged;
        double b = y_mean, quad = 0, lin = 0, nonzero = 0;
        for (std::size_t j = 0; j < p; ++j) {
            b -= x_mean[j] * w[j];
            lin += c[j] * w[j];
            for (std::size_t k = 0; k < p; ++k) quad += w[j] * gram[j * p + k] * w[k];
            nonzero += w[j] != 0 ? 1 : 0;
        }
        out.coef.insert(out.coef.end(), w.begin(), w.end());
        out.intercept.push_back(b);
        out.train_mse.push_back(mse(x, y, p, w.data(), b));
        if (!y_val.empty()) {
            double se = 0;
            out.val_mse.push_back(mse(x_val, y_val, p, w.data(), b, &se));
            out.val_se.push_back(se);
        }
        // 1/(2n)‖yc − Xc w‖² = ½(‖yc‖²/n − 2cᵀw + wᵀGw)
        out.objective.push_back(0.5 * (yy - 2 * lin + quad) + penalty(w, lambda, l1_ratio));
        out.nonzero.push_back(nonzero);
        out.sweeps.push_back(double(sweeps));
    }
    return status::success();
}

status constrained_optimum(double rho, const std::vector<double>& w_star, double budget, double l1_ratio,
                           std::size_t boundary_points, constrained_result& out) {
    out = constrained_result{};
    if (!(rho > -1 && rho < 1)) return status::failure("constrainedOptimum: rho = " + format_number(rho) + " is outside (-1, 1)");
    if (w_star.size() != 2 || !std::isfinite(w_star[0]) || !std::isfinite(w_star[1]) || std::abs(w_star[0]) > 1e6 ||
        std::abs(w_star[1]) > 1e6) {
        return status::failure("constrainedOptimum: optimum must be two finite numbers within ±1e6");
    }
    if (!(budget > 0 && budget <= 1e6)) return status::failure("constrainedOptimum: budget = " + format_number(budget) + " is outside (0, 1e6]");
    if (!(l1_ratio >= 0 && l1_ratio <= 1)) return status::failure("constrainedOptimum: l1_ratio = " + format_number(l1_ratio) + " is outside [0, 1]");
    if (boundary_points < 8 || boundary_points > 10000) return status::failure("constrainedOptimum: boundary points must be in [8, 10000]");

    const std::vector<double> gram = {1, rho, rho, 1};
    const std::vector<double> c = {w_star[0] + rho * w_star[1], rho * w_star[0] + w_star[1]};  // G w*
    const double level = l1_ratio * budget + (1 - l1_ratio) * 0.5 * budget * budget;

    // The edge: along direction (cos φ, sin φ), radius ρ_e solves α s r + (1 − α)/2 r² = level with
    // s = |cos φ| + |sin φ|.
    for (std::size_t i = 0; i <= boundary_points; ++i) {
        const double phi = 2 * pi * double(i) / double(boundary_points);
        const double co = std::cos(phi), si = std::sin(phi), sum = std::abs(co) + std::abs(si);
        const double a = 0.5 * (1 - l1_ratio), b = l1_ratio * sum;
        const double radius = a > 0 ? (-b + std::sqrt(b * b + 4 * a * level)) / (2 * a) : level / b;
        out.boundary.push_back(radius * co);
        out.boundary.push_back(radius * si);
    }

    if (region_value(w_star, l1_ratio) <= level) {
        out.w = w_star;
        return status::success();
    }
    out.active = true;
    // The penalty of the penalised optimum decreases with λ: bracket, then bisect (geometrically).
    auto solve = [&](double lambda, std::vector<double>& w) {
        bool converged = false;
        coordinate_descent(gram, c, lambda, l1_ratio, w, 1e-14, 200000, converged);
    };
    std::vector<double> w = w_star, w_hi(2, 0);
    double lo = 0, hi = 1e-3;
    for (int k = 0; k < 200; ++k) {
        solve(hi, w_hi = w);
        if (region_value(w_hi, l1_ratio) <= level) break;
        lo = hi;
        w = w_hi;
        hi *= 2;
    }
    std::vector<double> w_mid;
    for (int k = 0; k < 200 && hi - lo > 1e-15 * hi; ++k) {
        const double mid = lo > 0 ? std::sqrt(lo * hi) : 0.5 * hi;
        w_mid = w_hi;
        solve(mid, w_mid);
        if (region_value(w_mid, l1_ratio) <= level) hi = mid, w_hi = w_mid;
        else lo = mid;
    }
    out.w = w_hi;
    out.lambda = hi;
    return status::success();
}

void quadratic_grid(double rho, const std::vector<double>& w_star, double xmin, double xmax, double ymin, double ymax,
                    std::size_t nx, std::size_t ny, std::vector<double>& values) {
    values.resize(nx * ny);
    for (std::size_t j = 0; j < ny; ++j) {
        const double d1 = ymin + (ymax - ymin) * double(j) / double(ny - 1) - w_star[1];
        for (std::size_t i = 0; i < nx; ++i) {
            const double d0 = xmin + (xmax - xmin) * double(i) / double(nx - 1) - w_star[0];
            values[j * nx + i] = 0.5 * (d0 * d0 + 2 * rho * d0 * d1 + d1 * d1);
        }
    }
}

}  // namespace losslab::regularisation
