#include <catch2/catch.hpp>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("hinge maps labels {0, 1} to -1/+1 and is zero beyond the margin", "[loss][hinge]") {
    CHECK(value_at("hinge", 0.3, 1) == Approx(0.7));
    CHECK(grad_at("hinge", 0.3, 1) == -1.0);
    CHECK(value_at("hinge", 0.5, 0) == Approx(1.5));
    CHECK(grad_at("hinge", 0.5, 0) == 1.0);
    CHECK(value_at("hinge", -2, 0) == 0.0);
    CHECK(grad_at("hinge", -2, 0) == 0.0);
    CHECK(value_at("hinge", 4, 1) == 0.0);
}

TEST_CASE("hinge gradient at the margin is 0", "[loss][hinge]") {
    CHECK(value_at("hinge", 1, 1) == 0.0);
    CHECK(grad_at("hinge", 1, 1) == 0.0);
    CHECK(grad_at("hinge", -1, 0) == 0.0);
}

TEST_CASE("hinge rejects labels other than 0 and 1", "[loss][hinge][validation]") {
    CHECK_THAT(run_double("hinge", {0.3}, {-1}).result.error, Catch::Contains("target[0]") && Catch::Contains("0 or 1"));
}
