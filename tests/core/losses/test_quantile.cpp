#include <catch2/catch.hpp>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("quantile loss is the pinball loss of sklearn.metrics.mean_pinball_loss", "[loss][quantile]") {
    // tau = 0.9: under-prediction by 2 costs 0.9 * 2, over-prediction by 2 costs 0.1 * 2
    CHECK(value_at("quantile", 1, 3, {0.9}) == Approx(1.8));
    CHECK(value_at("quantile", 5, 3, {0.9}) == Approx(0.2));
    CHECK(grad_at("quantile", 1, 3, {0.9}) == Approx(-0.9));
    CHECK(grad_at("quantile", 5, 3, {0.9}) == Approx(0.1));
    // the batch mean: (1.8 + 0.2) / 2
    loss_options o;
    o.params = {0.9};
    CHECK(run_double("quantile", {1, 5}, {3, 3}, o).value == Approx(1.0));
}

TEST_CASE("quantile gradient at a zero residual is 0", "[loss][quantile]") {
    CHECK(grad_at("quantile", 2, 2, {0.9}) == 0.0);
    CHECK(grad_at("quantile", 2, 2, {0.1}) == 0.0);
    CHECK(value_at("quantile", 2, 2, {0.9}) == 0.0);
}

TEST_CASE("quantile loss is minimised by the tau-quantile of a sample", "[loss][quantile]") {
    // targets 1..10 with tau = 0.75: the slope over a constant prediction c is
    // -0.75 #(y > c) + 0.25 #(y < c): -0.5 on (7, 8), +0.5 on (8, 9), so the minimum is at c = 8
    std::vector<double> target;
    for (int k = 1; k <= 10; ++k) target.push_back(k);
    loss_options o;
    o.params = {0.75};
    auto total = [&](double c) { return run_double("quantile", std::vector<double>(10, c), target, o).value; };
    CHECK(total(8) < total(7.5));
    CHECK(total(8) < total(8.5));
    CHECK(total(8) < total(7.999));
    CHECK(total(8) < total(8.001));
}

TEST_CASE("quantile rejects tau outside (0, 1)", "[loss][quantile][validation]") {
    for (double tau : {0.0, 1.0, -0.2, 1.5}) {
        CAPTURE(tau);
        loss_options o;
        o.params = {tau};
        CHECK_THAT(run_double("quantile", {1}, {0}, o).result.error, Catch::Contains("tau") && Catch::Contains("(0, 1)"));
    }
}
