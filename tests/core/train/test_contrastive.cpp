// Contrastive training with InfoNCE: the loss on unit vectors against the registry's info_nce,
// its gradients (both views, through the normalisation and the encoder) against central
// differences, log N at uniform similarity, τ → 0, collapse without negatives, and the probe.
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "core/losses/loss_runner.hpp"
#include "losslab/train/contrastive.hpp"
#include "support/numeric.hpp"

using namespace losslab;

namespace {

/// n random unit vectors of dimension dim.
std::vector<double> unit_rows(std::size_t n, std::size_t dim, std::uint64_t seed) {
    data::rng g(seed);
    std::vector<double> z(n * dim);
    for (std::size_t i = 0; i < n; ++i) {
        double len = 0;
        for (std::size_t d = 0; d < dim; ++d) len += (z[i * dim + d] = g.normal()) * z[i * dim + d];
        for (std::size_t d = 0; d < dim; ++d) z[i * dim + d] /= std::sqrt(len);
    }
    return z;
}

/// Every other index as a negative: n × (n − 1).
std::vector<std::size_t> all_negatives(std::size_t n) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            if (j != i) out.push_back(j);
    return out;
}

double nce(const std::vector<double>& z, const std::vector<double>& zp, std::size_t dim, double tau,
           const std::vector<std::size_t>& negatives, std::size_t k) {
    double value = 0;
    contrastive::info_nce_views(z.data(), zp.data(), z.size() / dim, dim, tau, negatives, k, value, nullptr, nullptr,
                                nullptr, nullptr);
    return value;
}

contrastive::config small_session(bool positives_only = false) {
    contrastive::config c;
    c.pool = 64;
    c.eval = 40;
    c.batch = 8;
    c.display = 8;
    c.hidden = 5;
    c.seed = 3;
    c.probe_steps = 20;
    c.temperature = 0.3;
    c.positives_only = positives_only;
    return c;
}

}  // namespace

TEST_CASE("info_nce_views with every other positive as a negative is the registry's info_nce", "[contrastive][info_nce]") {
    const std::size_t n = 6, dim = 3;
    const auto z = unit_rows(n, dim, 1), zp = unit_rows(n, dim, 2);
    double value = 0;
    std::vector<double> gz(n * dim), gzp(n * dim), sims(n * n), weights(n * n);
    contrastive::info_nce_views(z.data(), zp.data(), n, dim, 0.2, all_negatives(n), n - 1, value, gz.data(), gzp.data(),
                                sims.data(), weights.data());
    testing::loss_options o;
    o.classes = dim;
    o.params = {0.2};
    const auto reference = testing::run_double("info_nce", z, zp, o);
    REQUIRE(reference.result.ok());
    CHECK(value == Approx(reference.value).epsilon(1e-12));
    // The registry differentiates with respect to unnormalised anchors: the (I − z zᵀ) part of ours.
    for (std::size_t i = 0; i < n; ++i) {
        double along = 0;
        for (std::size_t d = 0; d < dim; ++d) along += gz[i * dim + d] * z[i * dim + d];
        for (std::size_t d = 0; d < dim; ++d) {
            CHECK(gz[i * dim + d] - along * z[i * dim + d] == Approx(reference.grad[i * dim + d]).margin(1e-12));
        }
        // Each anchor's softmax weights sum to 1 and follow e^{s/τ}.
        CHECK(std::accumulate(weights.begin() + long(i * n), weights.begin() + long(i * n + n), 0.0) == Approx(1).epsilon(1e-12));
        CHECK(weights[i * n + 1 - (i == 1)] / weights[i * n + i] ==
              Approx(std::exp((sims[i * n + 1 - (i == 1)] - sims[i * n + i]) / 0.2)).epsilon(1e-12));
    }
}

TEST_CASE("info_nce_views gradients for both views match central differences", "[contrastive][gradient]") {
    const std::size_t n = 5, dim = 2, k = GENERATE(std::size_t(1), std::size_t(2), std::size_t(4));
    const double tau = GENERATE(0.05, 0.5);
    CAPTURE(k, tau);
    auto z = unit_rows(n, dim, 4), zp = unit_rows(n, dim, 5);
    data::rng g(9);
    std::vector<std::size_t> negatives;
    contrastive::choose_negatives({}, n, k, false, g, negatives);
    std::vector<double> gz(n * dim), gzp(n * dim);
    double value = 0;
    contrastive::info_nce_views(z.data(), zp.data(), n, dim, tau, negatives, k, value, gz.data(), gzp.data(), nullptr, nullptr);
    for (std::size_t p = 0; p < n * dim; ++p) {
        auto along_z = [&](double v) { auto c = z; c[p] = v; return nce(c, zp, dim, tau, negatives, k); };
        auto along_zp = [&](double v) { auto c = zp; c[p] = v; return nce(z, c, dim, tau, negatives, k); };
        CHECK(testing::close(gz[p], testing::central_difference(along_z, z[p]), 1e-6, 1e-8));
        CHECK(testing::close(gzp[p], testing::central_difference(along_zp, zp[p]), 1e-6, 1e-8));
    }
}

TEST_CASE("the encoder's gradient through the normalisation matches central differences", "[contrastive][gradient]") {
    const bool positives_only = GENERATE(false, true);
    CAPTURE(positives_only);
    contrastive::session s;
    REQUIRE(contrastive::session::create(small_session(positives_only), s).ok());
    std::vector<double> a, b;
    s.held_out_views(a, b);
    a.resize(6 * 3);
    b.resize(6 * 3);
    const std::size_t k = positives_only ? 0 : 3;
    data::rng g(2);
    std::vector<std::size_t> negatives;
    contrastive::choose_negatives({}, 6, k, false, g, negatives);
    auto theta = s.params();
    double value = 0;
    std::vector<double> grad;
    REQUIRE(s.objective(theta, a, b, negatives, k, value, &grad).ok());
    for (std::size_t p = 0; p < theta.size(); ++p) {
        auto f = [&](double v) {
            auto t = theta;
            t[p] = v;
            double out = 0;
            s.objective(t, a, b, negatives, k, out, nullptr);
            return out;
        };
        CAPTURE(p);
        CHECK(testing::close(grad[p], testing::central_difference(f, theta[p]), 1e-5, 1e-8));
    }
}

TEST_CASE("InfoNCE at uniform similarity is log of the candidates: log N with every negative", "[contrastive][info_nce]") {
    const std::size_t n = GENERATE(std::size_t(2), std::size_t(8), std::size_t(64));
    const std::size_t dim = 3;
    const double tau = GENERATE(0.01, 0.1, 1.0);
    CAPTURE(n, tau);
    // Every embedding the same point: s_ij = 1 for all pairs, so the softmax is uniform.
    std::vector<double> z(n * dim, 0.0);
    for (std::size_t i = 0; i < n; ++i) z[i * dim + 1] = 1;
    CHECK(nce(z, z, dim, tau, all_negatives(n), n - 1) == Approx(std::log(double(n))).epsilon(1e-12));
    data::rng g(1);
    std::vector<std::size_t> negatives;
    contrastive::choose_negatives({}, n, 1, false, g, negatives);
    CHECK(nce(z, z, dim, tau, negatives, 1) == Approx(std::log(2.0)).epsilon(1e-12));
}

TEST_CASE("InfoNCE stays finite as tau goes to 0 (log-sum-exp)", "[contrastive][info_nce]") {
    const std::size_t n = 4, dim = 2;
    const auto z = unit_rows(n, dim, 11), zp = unit_rows(n, dim, 12);
    const auto negatives = all_negatives(n);
    // As τ → 0, l_i → (max_j s_ij − s_ii)/τ: a finite, growing value; the gradient stays finite.
    double limit = 0;  // mean over anchors of (max_j s_ij − s_ii)
    for (std::size_t i = 0; i < n; ++i) {
        double top = -2, own = 0;
        for (std::size_t j = 0; j < n; ++j) {
            double s = 0;
            for (std::size_t d = 0; d < dim; ++d) s += z[i * dim + d] * zp[j * dim + d];
            top = std::max(top, s);
            if (j == i) own = s;
        }
        limit += top - own;
    }
    limit /= double(n);
    for (double tau : {1e-3, 1e-6, 1e-10}) {
        CAPTURE(tau);
        std::vector<double> gz(n * dim), gzp(n * dim);
        double value = 0;
        contrastive::info_nce_views(z.data(), zp.data(), n, dim, tau, negatives, n - 1, value, gz.data(), gzp.data(),
                                    nullptr, nullptr);
        REQUIRE(std::isfinite(value));
        CHECK(value * tau == Approx(limit).margin(1e-2 * std::max(tau * 1e3, 1e-6)));
        for (double v : gz) CHECK(std::isfinite(v));
        for (double v : gzp) CHECK(std::isfinite(v));
    }
    // Perfectly matched orthogonal pairs: the loss tends to 0, never 0/0.
    const std::vector<double> e = {1, 0, 0, 1};
    CHECK(nce(e, e, 2, 1e-9, all_negatives(2), 1) == 0);
}

TEST_CASE("alignment and uniformity have their known values", "[contrastive][metrics]") {
    // Four points at the corners of a square on the circle: pairs at distance² 2 (four) and 4 (two).
    const std::vector<double> square = {1, 0, 0, 1, -1, 0, 0, -1};
    CHECK(contrastive::uniformity(square, 2) == Approx(std::log((4 * std::exp(-4.0) + 2 * std::exp(-8.0)) / 6)));
    const std::vector<double> same = {0, 1, 0, 1, 0, 1};
    CHECK(contrastive::uniformity(same, 2) == 0);  // collapse: the maximum
    CHECK(contrastive::alignment(square, square, 2) == 0);
    const std::vector<double> rotated = {0, 1, -1, 0, 0, -1, 1, 0};  // each point a quarter turn on
    CHECK(contrastive::alignment(square, rotated, 2) == Approx(2));
}

TEST_CASE("hard negatives are the most similar other positives", "[contrastive]") {
    const std::vector<double> sims = {1, 0.2, 0.9, -0.5, 0.3, 1, 0.1, 0.8, 0.7, 0.6, 1, 0.65, 0, 0.1, 0.2, 1};
    data::rng g(0);
    std::vector<std::size_t> out;
    contrastive::choose_negatives(sims, 4, 2, true, g, out);
    CHECK(out == std::vector<std::size_t>{2, 1, 3, 0, 0, 3, 2, 1});
}

TEST_CASE("contrastive configs are checked at creation", "[contrastive]") {
    // (A misspelt option, 'temprature', is the JS API's to reject: tests/web/configs.test.ts.)
    contrastive::session s;
    auto bad = small_session();
    bad.batch = 100;
    CHECK_THAT(contrastive::session::create(bad, s).error, Catch::Contains("larger than the pool"));
    bad = small_session();
    bad.temperature = 0;
    CHECK_THAT(contrastive::session::create(bad, s).error, Catch::Contains("temperature"));
    bad = small_session();
    bad.negatives = 200;  // more than the batch holds: every other sample is used
    REQUIRE(contrastive::session::create(bad, s).ok());
    CHECK(s.negatives() == 7);
}

TEST_CASE("training with InfoNCE raises the linear probe, and positives only collapses", "[contrastive][train]") {
    contrastive::config s;
    s.seed = 1;
    SECTION("with every other sample as a negative") {
        contrastive::session c;
        REQUIRE(contrastive::session::create(s, c).ok());
        contrastive::step_report start, end;
        REQUIRE(c.step(0, start).ok());
        REQUIRE(c.step(400, end).ok());
        CAPTURE(start.snapshot.probe_accuracy, end.snapshot.probe_accuracy, end.snapshot.uniformity);
        CHECK(end.snapshot.probe_low > start.snapshot.probe_high);
        CHECK(end.snapshot.alignment < start.snapshot.alignment / 3);
        CHECK(end.snapshot.display_loss < std::log(32.0));
        CHECK(end.batch_loss.size() == 400);
    }
    SECTION("with positives only") {
        s.positives_only = true;
        contrastive::session c;
        REQUIRE(contrastive::session::create(s, c).ok());
        CHECK(c.negatives() == 0);
        contrastive::step_report end;
        REQUIRE(c.step(400, end).ok());
        CAPTURE(end.snapshot.uniformity, end.snapshot.alignment);
        CHECK(end.snapshot.uniformity > -0.05);  // 0 is collapse, the maximum
        CHECK(end.snapshot.alignment < 0.01);
    }
}

TEST_CASE("a run does not depend on how its steps are split into calls: step(40) is step(20) twice", "[contrastive][train]") {
    // The lesson steps in frames of 20 and the API in any k; a shared seed must give one run.
    contrastive::config s;
    s.seed = 3;
    contrastive::session once, twice;
    REQUIRE(contrastive::session::create(s, once).ok());
    REQUIRE(contrastive::session::create(s, twice).ok());
    contrastive::step_report a, b, c;
    REQUIRE(once.step(40, a).ok());
    REQUIRE(twice.step(20, b).ok());
    REQUIRE(twice.step(20, c).ok());
    REQUIRE(a.batch_loss.size() == 40);
    for (std::size_t t = 0; t < 20; ++t) {
        CHECK(a.batch_loss[t] == b.batch_loss[t]);
        CHECK(a.batch_loss[20 + t] == c.batch_loss[t]);
    }
    CHECK(a.snapshot.embedding == c.snapshot.embedding);
}
