#include <catch2/catch.hpp>
#include <cmath>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("tweedie deviance matches sklearn's mean_tweedie_deviance at hand-computed points", "[loss][tweedie]") {
    // p = 1.5, mu = 2, y = 1: 2 [1/((-0.5)(0.5)) - 2^-0.5/(-0.5) + 2^0.5/0.5] = 2 (-4 + 2/sqrt2 + 2 sqrt2)
    CHECK(value_at("tweedie", 2, 1) == Approx(2 * (-4 + 2 / std::sqrt(2.0) + 2 * std::sqrt(2.0))).epsilon(1e-14));
    // derivative 2 mu^-p (mu - y) = 2 * 2^-1.5
    CHECK(grad_at("tweedie", 2, 1) == Approx(2 * std::pow(2.0, -1.5)).epsilon(1e-14));
    // y = 0: 2 mu^(2-p) / (2-p) = 2 * 2 / 0.5 = 8 at mu = 4; derivative 2 mu^(1-p) = 1
    CHECK(value_at("tweedie", 4, 0) == Approx(8.0).epsilon(1e-14));
    CHECK(grad_at("tweedie", 4, 0) == Approx(1.0).epsilon(1e-14));
    // p = 1.2, mu = 0.5, y = 3: the direct formula
    const double p = 1.2, mu = 0.5, y = 3;
    const double direct = 2 * (std::pow(y, 2 - p) / ((1 - p) * (2 - p)) - y * std::pow(mu, 1 - p) / (1 - p) +
                               std::pow(mu, 2 - p) / (2 - p));
    CHECK(value_at("tweedie", mu, y, {p}) == Approx(direct).epsilon(1e-13));
}

TEST_CASE("tweedie deviance is 0 with a zero gradient at mu = y, and keeps precision near it", "[loss][tweedie]") {
    CHECK(value_at("tweedie", 3, 3) == 0.0);
    CHECK(grad_at("tweedie", 3, 3) == 0.0);
    // second order: d(mu, y) ≈ (mu - y)^2 * y^-p  (the deviance is twice the negative log-likelihood)
    const double y = 3, mu = 3 * (1 + 1e-6);
    CHECK(value_at("tweedie", mu, y) == Approx((mu - y) * (mu - y) * std::pow(y, -1.5)).epsilon(1e-5));
    CHECK(value_at("tweedie", mu, y) > 0);
}

TEST_CASE("tweedie rejects non-positive means, negative targets and powers outside (1, 2)", "[loss][tweedie][validation]") {
    CHECK_THAT(run_double("tweedie", {1, 0}, {1, 1}).result.error, Catch::Contains("input[1]") && Catch::Contains("> 0"));
    CHECK_THAT(run_double("tweedie", {1, 1}, {1, -2}).result.error,
               Catch::Contains("target[1]") && Catch::Contains(">= 0"));
    for (double p : {1.0, 2.0, 0.5, 3.0}) {
        loss_options o;
        o.params = {p};
        CHECK_THAT(run_double("tweedie", {1}, {1}, o).result.error, Catch::Contains("power"));
    }
}
