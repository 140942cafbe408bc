// Lasso / ridge / elastic net by coordinate descent (sklearn's objective, 1/(2n) scaling), the
// constrained 2-weight optimum, early stopping that restores the best weights, and Adam + L2 vs
// AdamW first steps.
#include <catch2/catch.hpp>
#include <cmath>

#include "losslab/data/datasets.hpp"
#include "losslab/optim/optimizer.hpp"
#include "losslab/regularisation/elastic_net.hpp"
#include "losslab/train/session.hpp"
#include "core/train/rows.hpp"
#include "support/configs.hpp"

using namespace losslab;
using regularisation::soft_threshold;

namespace {

regularisation::path_result fit(const std::vector<double>& x, const std::vector<double>& y, long features,
                                std::vector<double> lambdas, double l1_ratio, const data::dataset* val = nullptr) {
    regularisation::path_config c;
    c.x = x;
    c.y = y;
    c.lambdas = std::move(lambdas);
    if (val) c.x_val = val->x_val, c.y_val = val->y_val;
    c.features = features;
    c.l1_ratio = l1_ratio;
    c.tol = 1e-13;
    regularisation::path_result r;
    const status st = regularisation::elastic_net_path(c, r);
    INFO(st.error);
    REQUIRE(st.ok());
    return r;
}

data::dataset sparse_data(long n = 100, double validation = 0) {
    return testing::dataset<data::sparse_linear_options>(n, 0, validation);
}

// y = 2·x₀ + 1·x₁ + 5 on four rows whose centred columns are orthonormal under 1/n: G = I,
// c = (2, 1), so the lasso solution is w_j = S(c_j, λ) and the elastic net's S(c_j, αλ)/(1 + (1 − α)λ).
const std::vector<double> orthogonal_x = {1, 1, 1, -1, -1, 1, -1, -1};
const std::vector<double> orthogonal_y = {8, 6, 4, 2};

}  // namespace

TEST_CASE("the soft-threshold shrinks by gamma and gives exact zeros inside it", "[regularisation]") {
    CHECK(soft_threshold(3, 1) == 2);
    CHECK(soft_threshold(-3, 1) == -2);
    CHECK(soft_threshold(1, 1) == 0);
    CHECK(soft_threshold(-0.5, 1) == 0);
    CHECK_FALSE(std::signbit(soft_threshold(-0.5, 1)));  // +0.0, never −0.0
    CHECK(soft_threshold(0.25, 0) == 0.25);
}

TEST_CASE("the lasso on an orthonormal design is the soft-threshold of Xᵀy/n", "[regularisation][lasso]") {
    const auto r = fit(orthogonal_x, orthogonal_y, 2, {3, 1.5, 0.5, 0.1}, 1);
    CHECK(r.lambda_max == Approx(2));
    // λ = 3 ≥ λ_max: both exactly zero, intercept ȳ = 5.
    CHECK(r.coef[0] == 0);
    CHECK(r.coef[1] == 0);
    CHECK(r.intercept[0] == 5);
    // λ = 1.5: w = (0.5, 0), the second exactly zero.
    CHECK(r.coef[2] == Approx(0.5).epsilon(1e-12));
    CHECK(r.coef[3] == 0);
    CHECK(r.nonzero[1] == 1);
    // λ = 0.5: w = (1.5, 0.5); the residuals are 0.5x₀ + 0.5x₁ = (1, 0, 0, −1), so ‖r‖² = 2, the
    // mse 0.5 and the objective 2/(2·4) + 0.5·(1.5 + 0.5) = 1.25.
    CHECK(r.coef[4] == Approx(1.5).epsilon(1e-12));
    CHECK(r.coef[5] == Approx(0.5).epsilon(1e-12));
    CHECK(r.train_mse[2] == Approx(0.5).epsilon(1e-12));
    CHECK(r.objective[2] == Approx(0.5 / 2 + 0.5 * 2).epsilon(1e-12));
    CHECK(r.coef[6] == Approx(1.9).epsilon(1e-12));
    CHECK(r.coef[7] == Approx(0.9).epsilon(1e-12));
}

TEST_CASE("the elastic net and ridge on an orthonormal design have closed forms", "[regularisation][elastic-net]") {
    SECTION("alpha 0.5, lambda 1: S(c, 0.5)/(1 + 0.5) = (1, 1/3)") {
        const auto r = fit(orthogonal_x, orthogonal_y, 2, {1}, 0.5);
        CHECK(r.coef[0] == Approx(1).epsilon(1e-12));
        CHECK(r.coef[1] == Approx(1.0 / 3).epsilon(1e-12));
        CHECK(r.lambda_max == Approx(4));  // max|c|/α
    }
    SECTION("ridge (alpha 0), lambda 1: c/(1 + λ), never exactly zero") {
        const auto r = fit(orthogonal_x, orthogonal_y, 2, {1, 100}, 0);
        CHECK(r.coef[0] == Approx(1).epsilon(1e-12));
        CHECK(r.coef[1] == Approx(0.5).epsilon(1e-12));
        CHECK(r.coef[3] == Approx(1.0 / 101).epsilon(1e-10));
        CHECK(r.nonzero[1] == 2);
    }
}

TEST_CASE("lasso and elastic-net solutions satisfy the optimality conditions on correlated data", "[regularisation]") {
    const auto d = sparse_data();
    const std::size_t p = d.features, n = d.size();
    // The centred Gram matrix and correlations, recomputed here.
    std::vector<double> mean(p, 0), gram(p * p, 0), c(p, 0);
    double ym = 0;
    for (std::size_t i = 0; i < n; ++i) {
        ym += d.y[i] / double(n);
        for (std::size_t j = 0; j < p; ++j) mean[j] += d.x[i * p + j] / double(n);
    }
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < p; ++j) {
            c[j] += (d.x[i * p + j] - mean[j]) * (d.y[i] - ym) / double(n);
            for (std::size_t k = 0; k < p; ++k) gram[j * p + k] += (d.x[i * p + j] - mean[j]) * (d.x[i * p + k] - mean[k]) / double(n);
        }
    const double alpha = GENERATE(1.0, 0.5, 0.1);
    const std::vector<double> lambdas = {1, 0.3, 0.1, 0.03, 0.01};
    const auto r = fit(d.x, d.y, long(p), lambdas, alpha);
    CHECK(r.converged);
    for (std::size_t l = 0; l < lambdas.size(); ++l) {
        const double lam = lambdas[l];
        for (std::size_t j = 0; j < p; ++j) {
            const double w = r.coef[l * p + j];
            double z = c[j];
            for (std::size_t k = 0; k < p; ++k) z -= gram[j * p + k] * r.coef[l * p + k];
            const double residual = z - (1 - alpha) * lam * w;  // must equal αλ·sign(w), or lie within ±αλ at 0
            CAPTURE(alpha, lam, j, w, residual);
            if (w != 0) CHECK(residual == Approx(alpha * lam * (w > 0 ? 1 : -1)).margin(1e-9));
            else CHECK(std::abs(residual) <= alpha * lam + 1e-9);
        }
    }
    // At λ = 1 the lasso keeps few coefficients and sets the irrelevant ones exactly to zero.
    if (alpha == 1.0) {
        CHECK(r.nonzero[0] < 6);
        for (std::size_t j = 6; j < p; ++j) CHECK(r.coef[j] == 0);
    }
}

TEST_CASE("every coefficient is exactly zero from lambda_max on, and one enters just below it", "[regularisation][lasso]") {
    const auto d = sparse_data();
    const auto first = fit(d.x, d.y, long(d.features), {1}, 1);
    const double lmax = first.lambda_max;
    const auto r = fit(d.x, d.y, long(d.features), {lmax * 1.0000001, lmax * 0.999}, 1);
    CHECK(r.nonzero[0] == 0);
    CHECK(r.nonzero[1] == 1);
}

TEST_CASE("the paths match scikit-learn on the sparse_linear data", "[regularisation][sklearn]") {
    // scikit-learn 1.2 on make_dataset('sparse_linear', n=100, seed=0) (the lesson exports it as CSV):
    // ElasticNet(alpha=λ, l1_ratio=α, tol=1e-14, max_iter=10**6).fit(X, y).coef_, and for ridge
    // Ridge(alpha=n·λ) (sklearn's Ridge minimises ‖y − Xw‖² + alpha‖w‖², so alpha = nλ here).
    const auto d = sparse_data();
    const long p = long(d.features);
    SECTION("lasso, λ = 0.1: alpha_max 3.8426430006, and the zeros where sklearn has them") {
        const auto r = fit(d.x, d.y, p, {1, 0.3, 0.1}, 1);
        CHECK(r.lambda_max == Approx(3.842643000576852).epsilon(1e-12));
        const double sk[10] = {1.975749017197, 2.226188886435, -1.533475063782, 1.047427608738, -0.261645661255,
                               0.29421594434, 0, -0.19181079279, 0, 0};
        for (long j = 0; j < p; ++j) {
            CAPTURE(j);
            if (sk[j] == 0) CHECK(r.coef[2 * 10 + j] == 0);
            else CHECK(r.coef[2 * 10 + j] == Approx(sk[j]).epsilon(1e-10));
        }
        CHECK(r.intercept[2] == Approx(0.29766473149784195).epsilon(1e-10));
        CHECK(r.nonzero[0] == 4);  // sklearn: 4 non-zero at λ = 1
    }
    SECTION("elastic net α = 0.5, λ = 0.3") {
        const auto r = fit(d.x, d.y, p, {0.3}, 0.5);
        const double sk[10] = {1.837893622858, 1.937327978397, -1.282158229268, 0.821335282981, -0.065918051673,
                               0.281236238901, 0, -0.118549072656, 0, 0};
        for (long j = 0; j < p; ++j) {
            CAPTURE(j);
            if (sk[j] == 0) CHECK(r.coef[j] == 0);
            else CHECK(r.coef[j] == Approx(sk[j]).epsilon(1e-10));
        }
    }
    SECTION("ridge, λ = 1 (Ridge(alpha = 100)): no coefficient is zero") {
        const auto r = fit(d.x, d.y, p, {1}, 0);
        const double sk[10] = {1.329150417921, 1.360657043349, -0.788426443104, 0.504033454132, 0.02875967919,
                               0.313607086668, -0.069990080934, -0.127748959055, 0.130873798225, -0.129026168951};
        for (long j = 0; j < p; ++j) CHECK(r.coef[j] == Approx(sk[j]).epsilon(1e-10));
        CHECK(r.intercept[0] == Approx(0.10637139175582883).epsilon(1e-10));
        CHECK(r.nonzero[0] == 10);
    }
}

TEST_CASE("bad path configs are errors that name the problem", "[regularisation]") {
    regularisation::path_config c;
    c.x = {1, 2, 3}, c.y = {1, 2}, c.lambdas = {0.1};
    regularisation::path_result r;
    auto st = regularisation::elastic_net_path(c, r);
    CHECK_THAT(st.error, Catch::Contains("x has 3 values"));
    c.x = {1, 2}, c.y = {1, 2}, c.lambdas = {0};
    st = regularisation::elastic_net_path(c, r);
    CHECK_THAT(st.error, Catch::Contains("λ must be > 0"));
    c.lambdas = {0.1};
    c.l1_ratio = 1.5;
    st = regularisation::elastic_net_path(c, r);
    CHECK_THAT(st.error, Catch::Contains("l1_ratio"));
    c.l1_ratio = 1;
    c.lambdas = {};
    st = regularisation::elastic_net_path(c, r);
    CHECK_THAT(st.error, Catch::Contains("needs lambdas"));
}

TEST_CASE("the diamond's corner catches the constrained optimum on an axis", "[regularisation][geometry]") {
    regularisation::constrained_result l1, l2, en;
    // Uncorrelated (ρ = 0): the constrained optimum is the Euclidean projection of w* = (2, 0.5).
    REQUIRE(regularisation::constrained_optimum(0, {2, 0.5}, 1, 1, 64, l1).ok());
    CHECK(l1.active);
    CHECK(l1.w[0] == Approx(1).epsilon(1e-9));
    CHECK(l1.w[1] == 0);  // exactly on the axis: the corner
    REQUIRE(regularisation::constrained_optimum(0, {2, 0.5}, 1, 0, 64, l2).ok());
    const double norm = std::sqrt(4.25);
    CHECK(l2.w[0] == Approx(2 / norm).epsilon(1e-9));
    CHECK(l2.w[1] == Approx(0.5 / norm).epsilon(1e-9));
    CHECK(l2.w[1] != 0);
    REQUIRE(regularisation::constrained_optimum(0.6, {2, 0.5}, 1, 0.5, 64, en).ok());
    // On the edge of the region: ½|w|₁ + ¼‖w‖² = ½ + ¼.
    CHECK(0.5 * (std::abs(en.w[0]) + std::abs(en.w[1])) + 0.25 * (en.w[0] * en.w[0] + en.w[1] * en.w[1]) ==
          Approx(0.75).epsilon(1e-9));
    // Inside the region the optimum is w* itself.
    regularisation::constrained_result inside;
    REQUIRE(regularisation::constrained_optimum(0.3, {0.2, 0.1}, 1, 1, 64, inside).ok());
    CHECK_FALSE(inside.active);
    CHECK(inside.w[0] == 0.2);
    // The boundary of the diamond passes through (t, 0) and (0, t).
    CHECK(l1.boundary[0] == Approx(1));
    CHECK(l1.boundary[1] == Approx(0).margin(1e-12));
    CHECK(l1.boundary[2 * 16 + 1] == Approx(1));  // φ = π/2 of 64 points
}

TEST_CASE("early stopping with restore_best ends on the best epoch's parameters", "[train][early-stopping]") {
    const auto d = testing::dataset<data::wave_options>(60, 2, 0.5, [](auto& o) { o.noise = 0.5; });
    for (bool restore : {false, true}) {
        train::config c;
        REQUIRE(models::default_config("mlp", c.model));
        c.model.act = models::activation::tanh;
        c.model.hidden = {32};
        c.loss = "mse";
        optim::adam::config adam;
        adam.lr = 0.03;
        c.optimizer = adam;
        c.epochs = 3000;
        c.seed = 1;
        c.stopping.patience = 100;
        c.stopping.restore_best = restore;
        train::session session;
        REQUIRE(train::session::create(c, test::rows_of(d), session).ok());
        train::step_report r;
        REQUIRE(session.step(3000, r).ok());
        CAPTURE(restore, r.stopped, r.best_epoch, r.epoch);
        REQUIRE(r.stopped == "early_stopping");
        std::vector<double> pred;
        REQUIRE(session.predict(d.x_val, pred).ok());
        double mse = 0;
        for (std::size_t i = 0; i < pred.size(); ++i) mse += (pred[i] - d.y_val[i]) * (pred[i] - d.y_val[i]);
        mse /= double(pred.size());
        CHECK(r.restored == restore);
        // The last recorded validation loss is the patience-th epoch after the best: worse than the best.
        CHECK(r.val_loss.back() > r.best_val_loss);
        if (restore) CHECK(mse == Approx(r.best_val_loss).epsilon(1e-12));
        else CHECK(mse == Approx(r.val_loss.back()).epsilon(1e-12));
    }
}

TEST_CASE("restore_best without validation data is refused", "[train][early-stopping]") {
    train::config c;  // the linear model, mse, sgd
    c.stopping.restore_best = true;
    train::training_data rows;
    rows.x = {1, 2, 3};
    rows.y = {1, 2, 3};
    train::session session;
    CHECK_THAT(train::session::create(c, rows, session).error, Catch::Contains("needs validation data"));
}

TEST_CASE("Adam + L2 divides the decay by the root of v-hat; AdamW does not", "[optim][adamw][regularisation]") {
    // Two weights θ = (1, 1), loss gradients g = (0, 3) on every step, λ = 0.1, lr = 0.01.
    const double lr = 0.01, lambda = 0.1, eps = 1e-8, b1 = 0.9, b2 = 0.999;
    auto run = [&](const std::string& name, int steps) {
        optim::spec spec;
        REQUIRE(optim::default_spec(name, spec));
        std::visit(
            [&](auto& c) {
                c.lr = lr;
                c.weight_decay = lambda;
            },
            spec);
        optim::optimizer opt;
        REQUIRE(optim::optimizer::create(spec, opt).ok());
        opt.reset(2);
        std::vector<double> theta = {1, 1};
        for (int t = 0; t < steps; ++t) opt.step(theta, {0, 3}, lr);
        return theta;
    };
    SECTION("first step: Adam moves both weights by lr (m̂/√v̂ = ±1), AdamW decays then steps") {
        const auto adam = run("adam", 1), adamw = run("adamw", 1);
        // Adam + L2: g' = g + λθ = (0.1, 3.1); m̂ = g', √v̂ = |g'|: a full lr step on each.
        CHECK(adam[0] == Approx(1 - lr * 0.1 / (0.1 + eps)).epsilon(1e-14));
        CHECK(adam[1] == Approx(1 - lr * 3.1 / (3.1 + eps)).epsilon(1e-14));
        // AdamW: θ(1 − lr λ), then the Adam step on g: 0 for the first weight, lr for the second.
        CHECK(adamw[0] == Approx(1 - lr * lambda).epsilon(1e-15));
        CHECK(adamw[1] == Approx((1 - lr * lambda) - lr * 3 / (3 + eps)).epsilon(1e-14));
    }
    SECTION("second step by hand") {
        const auto adam = run("adam", 2), adamw = run("adamw", 2);
        // Adam + L2, weight 0: θ₁ = 1 − lr; g'₂ = λθ₁.
        const double t1 = 1 - lr * 0.1 / (0.1 + eps);
        const double g2 = lambda * t1;
        const double m = b1 * (1 - b1) * 0.1 + (1 - b1) * g2;
        const double v = b2 * (1 - b2) * 0.01 + (1 - b2) * g2 * g2;
        const double c1 = 1 - b1 * b1, c2 = 1 - b2 * b2;
        CHECK(adam[0] == Approx(t1 - (lr / c1) * m / (std::sqrt(v) / std::sqrt(c2) + eps)).epsilon(1e-13));
        // AdamW, weight 0: no loss gradient, so only the decay: (1 − lr λ)².
        CHECK(adamw[0] == Approx((1 - lr * lambda) * (1 - lr * lambda)).epsilon(1e-14));
    }
    SECTION("many steps: the decay of the weight with no gradient is lr per step in Adam, lr·λ·θ in AdamW") {
        const auto adam = run("adam", 50), adamw = run("adamw", 50);
        // Adam + L2 normalises λθ by its own √v̂ ≈ λθ: each step moves nearly lr, whatever λ
        // (a little less as λθ shrinks and m̂ lags): 50 steps take off more than 0.9·50·lr = 0.45,
        // where AdamW takes off 1 − 0.999⁵⁰ ≈ 0.049.
        CHECK(1 - adam[0] > 0.9 * 50 * lr);
        CHECK(1 - adam[0] < 50 * lr);
        CHECK(adamw[0] == Approx(std::pow(1 - lr * lambda, 50)).epsilon(1e-12));
    }
}

TEST_CASE("sparse_linear has the advertised correlation and coefficients; wave follows the sine", "[data][regularisation]") {
    const auto d = sparse_data(4000);
    const std::size_t p = d.features, n = d.size();
    double s0 = 0, s1 = 0, s01 = 0, m0 = 0, m1 = 0;
    for (std::size_t i = 0; i < n; ++i) m0 += d.x[i * p] / double(n), m1 += d.x[i * p + 1] / double(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double a = d.x[i * p] - m0, b = d.x[i * p + 1] - m1;
        s0 += a * a, s1 += b * b, s01 += a * b;
    }
    CHECK(s01 / std::sqrt(s0 * s1) == Approx(0.95).margin(0.01));
    // With 4,000 rows, a tiny λ recovers the true coefficients to within a few standard errors.
    const auto r = fit(d.x, d.y, long(p), {1e-6}, 1);
    const double truth[10] = {2, 2, -1.5, 1, -0.5, 0.25, 0, 0, 0, 0};
    for (std::size_t j = 0; j < p; ++j) CHECK(r.coef[j] == Approx(truth[j]).margin(j < 2 ? 0.25 : 0.1));
    const auto w = testing::dataset<data::wave_options>(2000, 1, 0, [](auto& o) { o.noise = 0.3; });
    double sq = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        CHECK(std::abs(w.x[i]) <= 3);
        sq += (w.y[i] - std::sin(w.x[i])) * (w.y[i] - std::sin(w.x[i])) / double(w.size());
    }
    CHECK(std::sqrt(sq) == Approx(0.3).margin(0.02));
}
