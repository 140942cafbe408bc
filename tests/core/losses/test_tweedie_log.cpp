#include <catch2/catch.hpp>
#include <cmath>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("tweedie_log is sklearn's HalfTweedieLoss on the raw score", "[loss][tweedie_log]") {
    // p = 1.5, r = 0, y = 2: e^0 / 0.5 - 2 e^0 / (-0.5) = 2 + 4 = 6; gradient 1 - 2 = -1
    CHECK(value_at("tweedie_log", 0, 2) == Approx(6.0).epsilon(1e-15));
    CHECK(grad_at("tweedie_log", 0, 2) == Approx(-1.0).epsilon(1e-15));
    // p = 1.3, r = 1.7, y = 0.4
    const double p = 1.3, r = 1.7, y = 0.4;
    CHECK(value_at("tweedie_log", r, y, {p}) ==
          Approx(std::exp((2 - p) * r) / (2 - p) - y * std::exp((1 - p) * r) / (1 - p)).epsilon(1e-14));
    CHECK(grad_at("tweedie_log", r, y, {p}) ==
          Approx(std::exp((2 - p) * r) - y * std::exp((1 - p) * r)).epsilon(1e-14));
}

TEST_CASE("tweedie_log is stationary where the mean exp(r) equals the target", "[loss][tweedie_log]") {
    CHECK(grad_at("tweedie_log", std::log(2.5), 2.5) == Approx(0.0).margin(1e-15));
    CHECK(grad_at("tweedie_log", std::log(2.5), 2.5, {1.8}) == Approx(0.0).margin(1e-15));
}

TEST_CASE("tweedie_log with a zero target keeps pushing the score down", "[loss][tweedie_log]") {
    // y = 0 leaves e^{(2-p) r} / (2-p), decreasing towards r -> -inf
    CHECK(value_at("tweedie_log", -3, 0) == Approx(std::exp(-1.5) / 0.5));
    CHECK(grad_at("tweedie_log", -3, 0) == Approx(std::exp(-1.5)));
    CHECK(grad_at("tweedie_log", -50, 0) > 0);
}

TEST_CASE("tweedie_log rejects negative targets and powers outside (1, 2)", "[loss][tweedie_log][validation]") {
    CHECK_THAT(run_double("tweedie_log", {0}, {-1}).result.error, Catch::Contains("target[0]") && Catch::Contains(">= 0"));
    loss_options o;
    o.params = {2};
    CHECK_THAT(run_double("tweedie_log", {0}, {1}, o).result.error, Catch::Contains("power"));
}
