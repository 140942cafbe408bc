#include <catch2/catch.hpp>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("huber is quadratic inside delta and linear outside, as torch.nn.HuberLoss", "[loss][huber]") {
    // delta = 1: r = 0.5 -> 0.125; r = 3 -> 1 * (3 - 0.5) = 2.5; r = -2 -> 1.5
    CHECK(value_at("huber", 0.5, 0) == Approx(0.125));
    CHECK(value_at("huber", 3, 0) == Approx(2.5));
    CHECK(value_at("huber", -2, 0) == Approx(1.5));
    // delta = 2: r = 3 -> 2 * (3 - 1) = 4; r = 1.5 -> 1.125
    CHECK(value_at("huber", 3, 0, {2}) == Approx(4.0));
    CHECK(value_at("huber", 1.5, 0, {2}) == Approx(1.125));
    // both branches meet at |r| = delta: 0.5 * delta^2
    CHECK(value_at("huber", 1.35, 0, {1.35}) == Approx(0.5 * 1.35 * 1.35));
}

TEST_CASE("huber gradient is clipped at delta", "[loss][huber]") {
    CHECK(grad_at("huber", 0.5, 0) == Approx(0.5));
    CHECK(grad_at("huber", 30, 0) == Approx(1.0));
    CHECK(grad_at("huber", -30, 0) == Approx(-1.0));
    CHECK(grad_at("huber", 30, 0, {2.5}) == Approx(2.5));
    CHECK(grad_at("huber", -1e300, 0, {2.5}) == Approx(-2.5));
}

TEST_CASE("huber rejects a non-positive delta", "[loss][huber][validation]") {
    loss_options o;
    o.params = {0};
    CHECK_THAT(run_double("huber", {1}, {0}, o).result.error, Catch::Contains("delta") && Catch::Contains("(0, 100]"));
    o.params = {-1};
    CHECK_FALSE(run_double("huber", {1}, {0}, o).result.ok());
}
