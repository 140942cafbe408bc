#include <catch2/catch.hpp>
#include <cmath>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("bce_logits is softplus(x) - x y with gradient sigmoid(x) - y", "[loss][bce_logits]") {
    CHECK(value_at("bce_logits", 0, 1) == Approx(std::log(2.0)).epsilon(1e-15));
    CHECK(value_at("bce_logits", 0, 0) == Approx(std::log(2.0)).epsilon(1e-15));
    CHECK(grad_at("bce_logits", 0, 1) == Approx(-0.5));
    CHECK(value_at("bce_logits", 2, 1) == Approx(std::log1p(std::exp(-2.0))).epsilon(1e-15));
    CHECK(grad_at("bce_logits", 2, 1) == Approx(-1 / (1 + std::exp(2.0))).epsilon(1e-15));
    CHECK(grad_at("bce_logits", 2, 0) == Approx(1 / (1 + std::exp(-2.0))).epsilon(1e-15));
    // soft target 0.3 at x = -1.5: log(1 + e^-1.5) + 1.5 - (-1.5)(0.3)... = softplus(-1.5) + 0.45
    CHECK(value_at("bce_logits", -1.5, 0.3) == Approx(std::log1p(std::exp(-1.5)) + 0.45).epsilon(1e-14));
    CHECK(grad_at("bce_logits", -1.5, 0.3) == Approx(1 / (1 + std::exp(1.5)) - 0.3).epsilon(1e-14));
}

TEST_CASE("bce_logits is exact at logits of +-1000", "[loss][bce_logits][extreme]") {
    CHECK(value_at("bce_logits", 1000, 1) == 0.0);
    CHECK(value_at("bce_logits", -1000, 1) == 1000.0);
    CHECK(value_at("bce_logits", 1000, 0) == 1000.0);
    CHECK(grad_at("bce_logits", -1000, 1) == -1.0);
    CHECK(grad_at("bce_logits", 1000, 0) == 1.0);
    CHECK(grad_at("bce_logits", 1000, 1) == 0.0);
    // far from saturation in float terms, the small gradient keeps its relative precision
    CHECK(grad_at("bce_logits", 30, 1) == Approx(-std::exp(-30.0)).epsilon(1e-12));
}
