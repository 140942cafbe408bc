#pragma once
/// Lasso, ridge and the elastic net for linear least squares, by cyclic coordinate descent with
/// warm-started paths over λ. The objective is scikit-learn's (sklearn.linear_model.ElasticNet,
/// with alpha = λ and l1_ratio = α; Lasso is α = 1):
///
///   1/(2n) ‖y − Xw − b‖² + α λ ‖w‖₁ + (1 − α) λ/2 ‖w‖²
///
/// The intercept b is not penalised: X and y are centred first (as sklearn's fit_intercept), and
/// b = ȳ − x̄·w. Note the 1/(2n): the training session's mse objective is (1/n)‖r‖² with penalty
/// l1 ‖w‖₁ + l2/2 ‖w‖², so λ here equals l1/2 there (for α = 1).
///
/// With G = XᵀX/n and c = Xᵀy/n (centred), the objective is ½ wᵀGw − cᵀw + penalty + const,
/// and the exact minimiser over one coordinate j, the others fixed, is
///
///   w_j ← S(c_j − Σ_{k≠j} G_jk w_k, αλ) / (G_jj + (1 − α)λ),   S(z, γ) = sign(z)·max(|z| − γ, 0)
///
/// S returns an exact 0.0 whenever |z| ≤ γ: that is where the lasso's zeros come from (a
/// subgradient method only hovers near zero). For α > 0, every w is 0 from λ_max = max_j |c_j| / α
/// on (sklearn's alpha_max).
#include <cstddef>
#include <vector>

#include "losslab/status.hpp"

namespace losslab::regularisation {

/// The soft-threshold S(z, γ) = sign(z)·max(|z| − γ, 0), the proximal map of γ|·|; exactly +0.0
/// for |z| ≤ γ.
inline double soft_threshold(double z, double gamma) {
    if (z > gamma) return z - gamma;
    if (z < -gamma) return z + gamma;
    return 0.0;
}

/// Minimises ½ wᵀGw − cᵀw + αλ‖w‖₁ + (1 − α)λ/2 ‖w‖² over w (p entries, G p × p row-major,
/// symmetric positive semi-definite), starting from w (a warm start) and overwriting it. Stops
/// when a full sweep changes no coordinate by more than tol·max(1, max|w|), or after max_sweeps.
/// Returns the sweeps taken; `converged` says whether the tolerance was met.
long coordinate_descent(const std::vector<double>& gram, const std::vector<double>& c, double lambda, double l1_ratio,
                        std::vector<double>& w, double tol, long max_sweeps, bool& converged);

/// The penalty of the objective above: αλ‖w‖₁ + (1 − α)λ/2 ‖w‖².
double penalty(const std::vector<double>& w, double lambda, double l1_ratio);

struct path_result {
    std::size_t features = 0;
    std::vector<double> lambdas;    ///< as given, in the order fitted
    std::vector<double> coef;       ///< lambdas × features, row-major
    std::vector<double> intercept;  ///< one per λ
    std::vector<double> train_mse;  ///< (1/n)‖y − Xw − b‖² on the training rows
    std::vector<double> val_mse;    ///< the same on the validation rows (empty without them)
    std::vector<double> val_se;     ///< its standard error: sd of the squared residuals / √n_val
    std::vector<double> objective;  ///< the sklearn objective at the solution
    std::vector<double> nonzero;    ///< count of coefficients that are not exactly 0
    std::vector<double> sweeps;     ///< coordinate-descent sweeps for each λ
    double lambda_max = 0;          ///< max|c_j|/α: every coefficient is 0 from here on (0 when α = 0)
    bool converged = true;
};

/// A path's inputs: x (n × features), y, optional validation rows, the λs (each > 0) and the
/// solver's settings, with sklearn's defaults where sklearn has them.
struct path_config {
    std::vector<double> x, y, x_val, y_val;
    long features = 1;                 ///< in [1, 1000]
    std::vector<double> lambdas;       ///< each in (0, 1e12]
    double l1_ratio = 1;               ///< α in [0, 1]; 1 is the lasso (sklearn ElasticNet: 0.5)
    double tol = 1e-10;                ///< in [1e-16, 1e-2] (sklearn: 1e-4, on a duality gap)
    long max_sweeps = 100000;          ///< in [1, 1e7] (sklearn max_iter: 1000)
};

/// Each λ is fitted in the order given, warm-started from the previous solution (sklearn's
/// enet_path does the same over its decreasing grid).
status elastic_net_path(const path_config& c, path_result& out);

struct constrained_result {
    std::vector<double> w;  ///< the constrained optimum (2 numbers)
    double lambda = 0;      ///< the penalty level λ whose penalised optimum it is (0: inside the region)
    bool active = false;    ///< the constraint binds (the unconstrained optimum lies outside)
    std::vector<double> boundary;  ///< the region's edge, x0, y0, x1, y1, … (closed)
};

/// Two weights, the loss ½(w − w*)ᵀG(w − w*) with G = [[1, ρ], [ρ, 1]] (two unit-variance
/// features with correlation ρ, as 1/(2n)‖y − Xw‖² up to a constant), and the elastic-net region
/// of budget t: α‖w‖₁ + (1 − α)/2 ‖w‖² ≤ αt + (1 − α)t²/2, the level set of the penalty through
/// (±t, 0) and (0, ±t). α = 1 is the diamond ‖w‖₁ ≤ t, α = 0 the disc ‖w‖ ≤ t. The minimiser on
/// the region is the penalised optimum for the λ at which the constraint holds with equality
/// (the penalty of the penalised optimum falls as λ grows), found by bisection on λ.
status constrained_optimum(double rho, const std::vector<double>& w_star, double budget, double l1_ratio,
                           std::size_t boundary_points, constrained_result& out);

/// The loss ½(w − w*)ᵀG(w − w*), G = [[1, ρ], [ρ, 1]], on an nx × ny grid over [xmin, xmax] ×
/// [ymin, ymax] (x fastest, row j at y = ymin + j(ymax − ymin)/(ny − 1)), for contour plots.
void quadratic_grid(double rho, const std::vector<double>& w_star, double xmin, double xmax, double ymin, double ymax,
                    std::size_t nx, std::size_t ny, std::vector<double>& values);

}  // namespace losslab::regularisation
