#include <catch2/catch.hpp>
#include <cmath>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("focal at p_t = 0.9 with gamma = 2 weighs exactly 100x less than BCE", "[loss][focal]") {
    const double logit = std::log(9.0);  // sigma(log 9) = 0.9
    // y = 1 with x = log 9 and y = 0 with x = -log 9 both have p_t = 0.9
    for (double y : {1.0, 0.0}) {
        CAPTURE(y);
        const double x = y == 1 ? logit : -logit;
        const double focal = value_at("focal", x, y, {2, -1});
        const double bce = value_at("bce_logits", x, y);
        CHECK(bce == Approx(-std::log(0.9)).epsilon(1e-14));
        CHECK(bce / focal == Approx(100.0).epsilon(1e-12));
    }
}

TEST_CASE("focal follows torchvision's alpha weighting", "[loss][focal]") {
    const double logit = std::log(9.0);
    // alpha = 0.25: positives weighted 0.25, negatives 0.75
    CHECK(value_at("focal", logit, 1) == Approx(0.25 * 0.01 * -std::log(0.9)).epsilon(1e-12));
    CHECK(value_at("focal", -logit, 0) == Approx(0.75 * 0.01 * -std::log(0.9)).epsilon(1e-12));
    // a hard example: p_t = 0.1 with gamma = 2 keeps 0.81 of the cross-entropy
    CHECK(value_at("focal", -logit, 1, {2, -1}) == Approx(0.81 * -std::log(0.1)).epsilon(1e-12));
}

TEST_CASE("focal's gradient matches the derivative of its p_t form", "[loss][focal]") {
    // d/dx of -(1 - p)^g log p for y = 1, p = sigma(x): p(1-p) [g (1-p)^(g-1) log p - (1-p)^g / p]
    for (double g : {0.0, 0.5, 2.0, 3.7}) {
        for (double x : {-3.0, -0.4, 0.0, 1.1, 4.0}) {
            CAPTURE(g, x);
            const double p = 1 / (1 + std::exp(-x));
            const double expected = p * (1 - p) * (g * std::pow(1 - p, g - 1) * std::log(p) - std::pow(1 - p, g) / p);
            CHECK(grad_at("focal", x, 1, {g, -1}) == Approx(expected).epsilon(1e-12).margin(1e-300));
        }
    }
}

TEST_CASE("focal with gamma = 0 and alpha disabled equals bce_logits", "[loss][focal]") {
    for (double x : {-30.0, -2.0, 0.0, 0.7, 12.0}) {
        for (double y : {0.0, 1.0}) {
            CAPTURE(x, y);
            CHECK(value_at("focal", x, y, {0, -1}) == Approx(value_at("bce_logits", x, y)).epsilon(1e-15));
            CHECK(grad_at("focal", x, y, {0, -1}) == Approx(grad_at("bce_logits", x, y)).epsilon(1e-15));
        }
    }
}

TEST_CASE("focal rejects gamma < 0 and non-binary labels", "[loss][focal][validation]") {
    loss_options o;
    o.params = {-0.5};
    CHECK_THAT(run_double("focal", {0}, {1}, o).result.error, Catch::Contains("gamma"));
    CHECK_THAT(run_double("focal", {0}, {0.5}).result.error, Catch::Contains("0 or 1"));
}
