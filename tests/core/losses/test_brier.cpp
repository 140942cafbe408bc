#include <catch2/catch.hpp>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("brier loss is the squared error of the probability, as sklearn's brier_score_loss", "[loss][brier]") {
    // (0.3 − 1)² = 0.49, gradient 2 (0.3 − 1) = −1.4; (0.3 − 0)² = 0.09, gradient 0.6
    CHECK(value_at("brier", 0.3, 1) == Approx(0.49));
    CHECK(grad_at("brier", 0.3, 1) == Approx(-1.4));
    CHECK(value_at("brier", 0.3, 0) == Approx(0.09));
    CHECK(grad_at("brier", 0.3, 0) == Approx(0.6));
    // the sklearn docstring's example: brier_score_loss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]) = 0.0375
    const auto r = run_double("brier", {0.1, 0.9, 0.8, 0.3}, {0, 1, 1, 0});
    REQUIRE(r.result.ok());
    CHECK(r.value == Approx(0.0375));
    // bounded: a confident mistake costs 1, not without bound as in log loss
    CHECK(value_at("brier", 0.0, 1) == Approx(1.0));
    CHECK(grad_at("brier", 1.0, 0) == Approx(2.0));
}

TEST_CASE("brier loss's expected value is smallest at the true probability", "[loss][brier]") {
    // E[l] = q (1 − p)² + (1 − q) p² = (p − q)² + q (1 − q): minimum q (1 − q) at p = q
    for (double q : {0.05, 0.3, 0.5, 0.9}) {
        CAPTURE(q);
        auto expected = [&](double p) { return q * value_at("brier", p, 1) + (1 - q) * value_at("brier", p, 0); };
        CHECK(expected(q) == Approx(q * (1 - q)));
        CHECK(expected(q + 0.01) > expected(q));
        CHECK(expected(q - 0.01) > expected(q));
        CHECK(q * grad_at("brier", q, 1) + (1 - q) * grad_at("brier", q, 0) == Approx(0).margin(1e-15));
    }
}

TEST_CASE("brier loss checks probabilities and labels", "[loss][brier][validation]") {
    CHECK_THAT(run_double("brier", {1.2}, {1}).result.error, Catch::Contains("input[0]") && Catch::Contains("[0, 1]"));
    CHECK_THAT(run_double("brier", {0.5}, {0.5}).result.error, Catch::Contains("target[0]") && Catch::Contains("0 or 1"));
}
