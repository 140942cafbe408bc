#include <catch2/catch.hpp>
#include <vector>

#include "losslab/losses/mse.hpp"
#include "losslab/losses/registry.hpp"
#include "support/numeric.hpp"

using namespace losslab::losses;
using losslab::testing::central_difference;

namespace {

// Evaluates the named loss in double over the given vectors.
struct run_result {
    losslab::status status;
    double value = 0;
    std::vector<double> grad;
    std::vector<double> per_sample;
};

run_result run(const char* name, const std::vector<double>& input, const std::vector<double>& target,
               reduction reduce = reduction::mean, const std::vector<double>* weights = nullptr) {
    run_result r;
    r.grad.assign(input.size(), -7.0);
    r.per_sample.assign(input.size(), -7.0);
    batch<double> b;
    b.input = input.data();
    b.input_size = input.size();
    b.target = target.data();
    b.target_size = target.size();
    if (weights) {
        b.weights = weights->data();
        b.weights_size = weights->size();
    }
    b.reduce = reduce;
    output<double> out{r.grad.data(), r.per_sample.data()};
    r.status = evaluate(name, {}, b, out);
    r.value = out.value;
    return r;
}

}  // namespace

TEST_CASE("mse of a hand-computed batch is the mean squared residual", "[loss][mse]") {
    // residuals 1, -2, 3 -> squares 1, 4, 9 -> mean 14/3; grad 2r/N
    const auto r = run("mse", {2, 0, 6}, {1, 2, 3});
    REQUIRE(r.status.ok());
    CHECK(r.value == Approx(14.0 / 3.0));
    CHECK(r.grad[0] == Approx(2.0 / 3.0));
    CHECK(r.grad[1] == Approx(-4.0 / 3.0));
    CHECK(r.grad[2] == Approx(2.0));
}

TEST_CASE("mse gradient matches central differences", "[loss][mse][gradient]") {
    const std::vector<double> input = {0.3, -1.7, 4.2, 10.0};
    const std::vector<double> target = {1.0, -2.0, 0.5, -3.0};
    const auto r = run("mse", input, target);
    for (std::size_t i = 0; i < input.size(); ++i) {
        CAPTURE(i);
        auto f = [&](double x) {
            auto moved = input;
            moved[i] = x;
            return run("mse", moved, target).value;
        };
        CHECK(r.grad[i] == Approx(central_difference(f, input[i])).epsilon(1e-7));
    }
}

TEST_CASE("mse reductions: sum is N times mean and none returns per-sample values", "[loss][mse][reduction]") {
    const std::vector<double> input = {1, 2, 3, 4, 5};
    const std::vector<double> target = {0, 0, 0, 0, 0};
    const auto mean = run("mse", input, target, reduction::mean);
    const auto sum = run("mse", input, target, reduction::sum);
    const auto none = run("mse", input, target, reduction::none);
    CHECK(sum.value == Approx(5 * mean.value));
    CHECK(sum.value == Approx(55.0));
    CHECK(none.per_sample == std::vector<double>{1, 4, 9, 16, 25});
    CHECK(none.grad[3] == Approx(8.0));
}

TEST_CASE("mse with weights is the weighted mean", "[loss][mse][reduction]") {
    const std::vector<double> weights = {3, 1};
    const auto r = run("mse", {1, 2}, {0, 0}, reduction::mean, &weights);
    REQUIRE(r.status.ok());
    CHECK(r.value == Approx((3 * 1 + 1 * 4) / 4.0));
    CHECK(r.grad[0] == Approx(3 * 2 * 1 / 4.0));
}

TEST_CASE("an empty batch reduces to zero", "[loss][mse][reduction]") {
    const auto r = run("mse", {}, {});
    REQUIRE(r.status.ok());
    CHECK(r.value == 0.0);
}

TEST_CASE("bad batches are reported as errors and leave the output untouched", "[loss][validation]") {
    SECTION("mismatched lengths") {
        const auto r = run("mse", {1, 2, 3}, {1, 2});
        CHECK_THAT(r.status.error, Catch::Contains("lengths differ"));
        CHECK(r.grad[0] == -7.0);
    }
    SECTION("NaN in the input") {
        const auto r = run("mse", {1, std::nan(""), 3}, {1, 2, 3});
        CHECK_THAT(r.status.error, Catch::Contains("input[1]") && Catch::Contains("NaN"));
    }
    SECTION("infinite target") {
        const auto r = run("mse", {1, 2}, {1, HUGE_VAL});
        CHECK_THAT(r.status.error, Catch::Contains("target[1]") && Catch::Contains("infinite"));
    }
    SECTION("negative weight") {
        const std::vector<double> weights = {1, -1};
        const auto r = run("mse", {1, 2}, {1, 2}, reduction::mean, &weights);
        CHECK_THAT(r.status.error, Catch::Contains("weights[1]"));
    }
    SECTION("unknown loss") {
        const auto r = run("no_such_loss", {1}, {1});
        CHECK_THAT(r.status.error, Catch::Contains("unknown loss 'no_such_loss'") && Catch::Contains("mse"));
    }
}

TEST_CASE("the float path agrees with the double path for mse", "[loss][mse][float]") {
    std::vector<float> input = {0.25f, -3.5f, 100.0f}, target = {1.0f, 2.0f, -7.0f}, grad(3);
    batch<float> b;
    b.input = input.data();
    b.input_size = 3;
    b.target = target.data();
    b.target_size = 3;
    output<float> out{grad.data(), nullptr};
    REQUIRE(evaluate("mse", {}, b, out).ok());
    const auto ref = run("mse", {0.25, -3.5, 100.0}, {1.0, 2.0, -7.0});
    CHECK(out.value == Approx(ref.value).epsilon(1e-6));
    for (int i = 0; i < 3; ++i) CHECK(grad[i] == Approx(ref.grad[i]).epsilon(1e-6));
}
