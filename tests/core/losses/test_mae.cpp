#include <catch2/catch.hpp>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("mae of a hand-computed batch is the mean absolute residual", "[loss][mae]") {
    // residuals 1, -2, 3 -> mean |r| = 2; gradient sign(r)/N
    const auto r = run_double("mae", {2, 0, 6}, {1, 2, 3});
    REQUIRE(r.result.ok());
    CHECK(r.value == Approx(2.0));
    CHECK(r.grad == std::vector<double>{1.0 / 3, -1.0 / 3, 1.0 / 3});
}

TEST_CASE("mae gradient at a zero residual is 0", "[loss][mae]") {
    CHECK(grad_at("mae", 4.5, 4.5) == 0.0);
    CHECK(value_at("mae", 4.5, 4.5) == 0.0);
    CHECK(grad_at("mae", 4.5 + 1e-12, 4.5) == 1.0);
    CHECK(grad_at("mae", -1e-300, 0) == -1.0);
}
