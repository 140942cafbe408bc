#include <catch2/catch.hpp>
#include <cmath>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("bce on probabilities matches torch.nn.BCELoss", "[loss][bce]") {
    CHECK(value_at("bce", 0.8, 1) == Approx(-std::log(0.8)).epsilon(1e-15));
    CHECK(value_at("bce", 0.8, 0) == Approx(-std::log(0.2)).epsilon(1e-14));
    // derivative (p - y) / (p (1 - p)): -0.2 / 0.16 and 0.8 / 0.16
    CHECK(grad_at("bce", 0.8, 1) == Approx(-1.25).epsilon(1e-14));
    CHECK(grad_at("bce", 0.8, 0) == Approx(5.0).epsilon(1e-14));
    // a soft target: -(0.3 log 0.6 + 0.7 log 0.4)
    CHECK(value_at("bce", 0.6, 0.3) == Approx(-(0.3 * std::log(0.6) + 0.7 * std::log(0.4))).epsilon(1e-14));
}

TEST_CASE("bce clamps its logs at -100 and keeps the gradient finite at p in {0, 1}", "[loss][bce]") {
    CHECK(value_at("bce", 0, 1) == 100.0);
    CHECK(value_at("bce", 1, 0) == 100.0);
    CHECK(value_at("bce", 0, 0) == 0.0);
    CHECK(value_at("bce", 1, 1) == 0.0);
    // torch's backward: (p - y) / max(p (1 - p), 1e-12)
    CHECK(grad_at("bce", 0, 1) == Approx(-1e12));
    CHECK(grad_at("bce", 1, 0) == Approx(1e12));
    CHECK(grad_at("bce", 0, 0) == 0.0);
    CHECK(grad_at("bce", 1, 1) == 0.0);
    CHECK(grad_at("bce", 0, 0.25) == Approx(-0.25e12));
    // e^-100 is where the clamp starts: below it the value stays at 100
    CHECK(value_at("bce", 1e-50, 1) == 100.0);
}
