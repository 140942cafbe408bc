#include <catch2/catch.hpp>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("squared_hinge squares the hinge and is smooth at the margin", "[loss][squared_hinge]") {
    CHECK(value_at("squared_hinge", 0.3, 1) == Approx(0.49));
    CHECK(grad_at("squared_hinge", 0.3, 1) == Approx(-1.4));
    CHECK(value_at("squared_hinge", 0.5, 0) == Approx(2.25));
    CHECK(grad_at("squared_hinge", 0.5, 0) == Approx(3.0));
    CHECK(value_at("squared_hinge", 1, 1) == 0.0);
    CHECK(grad_at("squared_hinge", 1, 1) == 0.0);
    CHECK(grad_at("squared_hinge", 3, 1) == 0.0);
}
