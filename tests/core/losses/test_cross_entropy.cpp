#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "loss_runner.hpp"

using namespace losslab::testing;
using losslab::losses::reduction;

namespace {

/// -log softmax(x)_c computed the textbook way (fine for the moderate logits used here).
double hard_ce(const std::vector<double>& x, std::size_t c) {
    double sum = 0;
    for (double v : x) sum += std::exp(v);
    return std::log(sum) - x[c];
}

loss_options rows(std::size_t k, std::vector<double> params = {}) {
    loss_options o;
    o.classes = k;
    o.params = std::move(params);
    return o;
}

}  // namespace

TEST_CASE("cross_entropy reproduces the reference example", "[loss][cross_entropy]") {
    // logits [[2, 1, 0.1], [0.5, 2.5, 0.3]], targets [0, 1]: torch prints 0.3185
    const auto r = run_double("cross_entropy", {2, 1, 0.1, 0.5, 2.5, 0.3}, {0, 1}, rows(3));
    REQUIRE(r.result.ok());
    const double row0 = std::log(std::exp(2.0) + std::exp(1.0) + std::exp(0.1)) - 2.0;
    const double row1 = std::log(std::exp(0.5) + std::exp(2.5) + std::exp(0.3)) - 2.5;
    CHECK(r.value == Approx((row0 + row1) / 2).epsilon(1e-14));
    CHECK(r.value == Approx(0.3185).margin(5e-5));
    // gradient (softmax - onehot) / N
    const double z0 = std::exp(2.0) + std::exp(1.0) + std::exp(0.1);
    CHECK(r.grad[0] == Approx((std::exp(2.0) / z0 - 1) / 2).epsilon(1e-13));
    CHECK(r.grad[1] == Approx(std::exp(1.0) / z0 / 2).epsilon(1e-13));
    CHECK(r.grad[2] == Approx(std::exp(0.1) / z0 / 2).epsilon(1e-13));
}

TEST_CASE("cross_entropy is invariant to a constant added to a row, and its gradient rows sum to 0",
          "[loss][cross_entropy][identity]") {
    const std::vector<double> logits = {2, 1, 0.1, -0.7, 0.5, 2.5, 0.3, 1.9, -3, 0, 4, 1};
    const std::vector<double> target = {0, 3, 2};
    for (double eps : {0.0, 0.2}) {
        CAPTURE(eps);
        const auto base = run_double("cross_entropy", logits, target, rows(4, {eps}));
        auto shifted_logits = logits;
        const double shift[3] = {100, -250, 0.125};
        for (std::size_t i = 0; i < 12; ++i) shifted_logits[i] += shift[i / 4];
        const auto shifted = run_double("cross_entropy", shifted_logits, target, rows(4, {eps}));
        CHECK(shifted.value == Approx(base.value).epsilon(1e-12));
        for (std::size_t i = 0; i < 12; ++i) CHECK(shifted.grad[i] == Approx(base.grad[i]).margin(1e-13));
        for (std::size_t row = 0; row < 3; ++row) {
            const double sum = std::accumulate(base.grad.begin() + row * 4, base.grad.begin() + row * 4 + 4, 0.0);
            CHECK(sum == Approx(0.0).margin(1e-15));
        }
    }
}

TEST_CASE("cross_entropy with label_smoothing = 0 is the hard cross-entropy", "[loss][cross_entropy][identity]") {
    const std::vector<double> logits = {0.3, -1.2, 2.2, 0.0, 1.0, 1.0};
    const auto r = run_double("cross_entropy", logits, {2, 0}, rows(3, {0.0}));
    CHECK(r.value == Approx((hard_ce({0.3, -1.2, 2.2}, 2) + hard_ce({0.0, 1.0, 1.0}, 0)) / 2).epsilon(1e-14));
}

TEST_CASE("cross_entropy label smoothing spreads epsilon over the K classes", "[loss][cross_entropy]") {
    // K = 3, eps = 0.3: target distribution (0.8, 0.1, 0.1) on class 0
    const std::vector<double> x = {1.5, -0.5, 0.25};
    const auto r = run_double("cross_entropy", x, {0}, rows(3, {0.3}));
    const double expected = 0.8 * hard_ce(x, 0) + 0.1 * hard_ce(x, 1) + 0.1 * hard_ce(x, 2);
    CHECK(r.value == Approx(expected).epsilon(1e-14));
}

TEST_CASE("cross_entropy with K = 2 and epsilon = 0.1 is optimal at softmax 0.95 / 0.05",
          "[loss][cross_entropy][identity]") {
    const auto at_optimum = run_double("cross_entropy", {std::log(0.95), std::log(0.05)}, {0}, rows(2, {0.1}));
    CHECK(at_optimum.grad[0] == Approx(0.0).margin(1e-15));
    CHECK(at_optimum.grad[1] == Approx(0.0).margin(1e-15));
    // more confident than 0.95 is pushed back, less confident is pulled up
    const auto too_sure = run_double("cross_entropy", {std::log(0.99), std::log(0.01)}, {0}, rows(2, {0.1}));
    CHECK(too_sure.grad[0] > 0);
    const auto unsure = run_double("cross_entropy", {std::log(0.9), std::log(0.1)}, {0}, rows(2, {0.1}));
    CHECK(unsure.grad[0] < 0);
    // and the value there is the entropy of (0.95, 0.05), the smallest it can be
    CHECK(at_optimum.value == Approx(-(0.95 * std::log(0.95) + 0.05 * std::log(0.05))).epsilon(1e-14));
    CHECK(too_sure.value > at_optimum.value);
    CHECK(unsure.value > at_optimum.value);
}

TEST_CASE("cross_entropy class weights follow torch's weighted mean, also with label smoothing",
          "[loss][cross_entropy][weights]") {
    const std::vector<double> a = {2, 1, 0.1}, b = {0.5, 2.5, 0.3};
    const std::vector<double> w = {1, 2, 0.5};
    loss_options o = rows(3);
    o.class_weights = &w;
    SECTION("without smoothing: sum of w[y] nll / sum of w[y]") {
        const auto r = run_double("cross_entropy", {2, 1, 0.1, 0.5, 2.5, 0.3}, {0, 1}, o);
        REQUIRE(r.result.ok());
        CHECK(r.value == Approx((1 * hard_ce(a, 0) + 2 * hard_ce(b, 1)) / 3).epsilon(1e-14));
    }
    SECTION("with smoothing: torch adds (eps/K) sum_k w_k nll_k per sample, still over sum of w[y]") {
        o.params = {0.2};
        const auto r = run_double("cross_entropy", {2, 1, 0.1, 0.5, 2.5, 0.3}, {0, 1}, o);
        auto smooth = [&](const std::vector<double>& x) {
            return w[0] * hard_ce(x, 0) + w[1] * hard_ce(x, 1) + w[2] * hard_ce(x, 2);
        };
        const double per_a = 0.8 * 1 * hard_ce(a, 0) + 0.2 / 3 * smooth(a);
        const double per_b = 0.8 * 2 * hard_ce(b, 1) + 0.2 / 3 * smooth(b);
        CHECK(r.value == Approx((per_a + per_b) / 3).epsilon(1e-14));
        o.reduce = reduction::none;
        const auto none = run_double("cross_entropy", {2, 1, 0.1, 0.5, 2.5, 0.3}, {0, 1}, o);
        CHECK(none.per_sample[0] == Approx(per_a).epsilon(1e-14));
        CHECK(none.per_sample[1] == Approx(per_b).epsilon(1e-14));
        o.reduce = reduction::sum;
        CHECK(run_double("cross_entropy", {2, 1, 0.1, 0.5, 2.5, 0.3}, {0, 1}, o).value ==
              Approx(per_a + per_b).epsilon(1e-14));
    }
}

TEST_CASE("cross_entropy rejects bad labels, smoothing and class weights", "[loss][cross_entropy][validation]") {
    CHECK_THAT(run_double("cross_entropy", {1, 2, 3}, {3}, rows(3)).result.error,
               Catch::Contains("target[0]") && Catch::Contains("class index"));
    CHECK_THAT(run_double("cross_entropy", {1, 2, 3}, {0.5}, rows(3)).result.error, Catch::Contains("class index"));
    CHECK_THAT(run_double("cross_entropy", {1, 2, 3, 4}, {0}, rows(3)).result.error, Catch::Contains("multiple of classes"));
    CHECK_THAT(run_double("cross_entropy", {1, 2, 3}, {0, 1}, rows(3)).result.error, Catch::Contains("lengths differ"));
    CHECK_THAT(run_double("cross_entropy", {1, 2, 3}, {0}, rows(3, {1.0})).result.error,
               Catch::Contains("label_smoothing") && Catch::Contains("[0, 1)"));
    CHECK_FALSE(run_double("cross_entropy", {1, 2, 3}, {0}, rows(3, {-0.1})).result.ok());
    const std::vector<double> two = {1, 1}, negative = {1, -1, 1};
    loss_options o = rows(3);
    o.class_weights = &two;
    CHECK_THAT(run_double("cross_entropy", {1, 2, 3}, {0}, o).result.error, Catch::Contains("classWeights has 2"));
    o.class_weights = &negative;
    CHECK_THAT(run_double("cross_entropy", {1, 2, 3}, {0}, o).result.error, Catch::Contains("classWeights[1]"));
    const std::vector<double> three = {1, 1, 1};
    loss_options elementwise;
    elementwise.class_weights = &three;
    CHECK_THAT(run_double("mse", {1}, {1}, elementwise).result.error, Catch::Contains("does not take class weights"));
}
