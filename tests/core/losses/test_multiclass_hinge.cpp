#include <catch2/catch.hpp>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("multiclass_hinge reproduces torch.nn.MultiMarginLoss's documented example", "[loss][multiclass_hinge]") {
    // x = [0.1, 0.2, 0.4, 0.8], y = 3: (0.3 + 0.4 + 0.6) / 4 = 0.325
    loss_options o;
    o.classes = 4;
    const auto r = run_double("multiclass_hinge", {0.1, 0.2, 0.4, 0.8}, {3}, o);
    REQUIRE(r.result.ok());
    CHECK(r.value == Approx(0.325).epsilon(1e-14));
    CHECK(r.grad == std::vector<double>{0.25, 0.25, 0.25, -0.75});
}

TEST_CASE("multiclass_hinge ignores satisfied margins, with 0 gradient exactly at the margin",
          "[loss][multiclass_hinge]") {
    loss_options o;
    o.classes = 3;
    // class 0 leads class 1 by exactly 1 (margin 0) and class 2 by 0.5 (violated by 0.5)
    const auto r = run_double("multiclass_hinge", {2, 1, 1.5}, {0}, o);
    CHECK(r.value == Approx(0.5 / 3));
    CHECK(r.grad[1] == 0.0);
    CHECK(r.grad[2] == Approx(1.0 / 3));
    CHECK(r.grad[0] == Approx(-1.0 / 3));
}

TEST_CASE("multiclass_hinge class weights scale a sample and keep torch's plain mean", "[loss][multiclass_hinge]") {
    const std::vector<double> w = {1, 1, 1, 2};
    loss_options o;
    o.classes = 4;
    o.class_weights = &w;
    // row 1 (y = 3): 2 * 0.325; row 2 (y = 0): (1.1 + 1.3 + 1.7) / 4 = 1.025; mean over 2 rows
    const auto r = run_double("multiclass_hinge", {0.1, 0.2, 0.4, 0.8, 0.1, 0.2, 0.4, 0.8}, {3, 0}, o);
    REQUIRE(r.result.ok());
    CHECK(r.value == Approx((0.65 + 1.025) / 2).epsilon(1e-14));
}
