#include <catch2/catch.hpp>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("asymmetric loss charges fn_cost for a missed positive and fp_cost for a false alarm", "[loss][asymmetric]") {
    // fn_cost 10, fp_cost 1: p = 0.3 on a positive costs 10 * 0.7; on a negative 1 * 0.3
    CHECK(value_at("asymmetric", 0.3, 1) == Approx(7.0));
    CHECK(value_at("asymmetric", 0.3, 0) == Approx(0.3));
    CHECK(grad_at("asymmetric", 0.3, 1) == Approx(-10.0));
    CHECK(grad_at("asymmetric", 0.3, 0) == Approx(1.0));
    CHECK(value_at("asymmetric", 0.25, 1, {20, 2}) == Approx(15.0));
    CHECK(grad_at("asymmetric", 0.25, 0, {20, 2}) == Approx(2.0));
}

TEST_CASE("asymmetric loss checks probabilities, labels and costs", "[loss][asymmetric][validation]") {
    CHECK_THAT(run_double("asymmetric", {1.2}, {1}).result.error, Catch::Contains("input[0]") && Catch::Contains("[0, 1]"));
    CHECK_THAT(run_double("asymmetric", {0.5}, {2}).result.error, Catch::Contains("target[0]") && Catch::Contains("0 or 1"));
    loss_options o;
    o.params = {-1, 1};
    CHECK_THAT(run_double("asymmetric", {0.5}, {1}, o).result.error, Catch::Contains("fn_cost"));
}
