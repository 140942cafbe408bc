#include <catch2/catch.hpp>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("smooth_l1 matches torch.nn.SmoothL1Loss on both sides of beta", "[loss][smooth_l1]") {
    // beta = 1: r = 0.5 -> 0.5 * 0.25 / 1 = 0.125; r = 3 -> 3 - 0.5 = 2.5
    CHECK(value_at("smooth_l1", 0.5, 0) == Approx(0.125));
    CHECK(value_at("smooth_l1", 3, 0) == Approx(2.5));
    // beta = 2: r = 1 -> 0.5 / 2 = 0.25; r = -3 -> 3 - 1 = 2
    CHECK(value_at("smooth_l1", 1, 0, {2}) == Approx(0.25));
    CHECK(value_at("smooth_l1", -3, 0, {2}) == Approx(2.0));
    CHECK(grad_at("smooth_l1", 1, 0, {2}) == Approx(0.5));
    CHECK(grad_at("smooth_l1", -3, 0, {2}) == Approx(-1.0));
}

TEST_CASE("smooth_l1 with beta = 0 is exactly L1", "[loss][smooth_l1]") {
    for (double r : {-3.0, -0.25, 0.0, 1e-9, 2.0}) {
        CAPTURE(r);
        CHECK(value_at("smooth_l1", r, 0, {0}) == value_at("mae", r, 0));
        CHECK(grad_at("smooth_l1", r, 0, {0}) == grad_at("mae", r, 0));
    }
}

TEST_CASE("smooth_l1 rejects a negative beta", "[loss][smooth_l1][validation]") {
    loss_options o;
    o.params = {-0.5};
    CHECK_THAT(run_double("smooth_l1", {1}, {0}, o).result.error, Catch::Contains("beta"));
}
