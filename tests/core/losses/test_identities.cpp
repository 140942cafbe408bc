// Identities between losses, and the reduction rules every loss shares.
#include <catch2/catch.hpp>
#include <cmath>

#include "loss_runner.hpp"

using namespace losslab::testing;
using losslab::losses::all_loss_info;
using losslab::losses::layout;
using losslab::losses::reduction;

TEST_CASE("huber(delta) equals delta times smooth_l1(beta = delta)", "[loss][identity][huber][smooth_l1]") {
    const double delta = GENERATE(0.1, 1.0, 1.35, 7.0);
    for (double r : {-20.0, -1.0, -0.05, 0.0, 0.3, 1.35, 2.0, 50.0}) {
        CAPTURE(delta, r);
        CHECK(value_at("huber", r, 0, {delta}) == Approx(delta * value_at("smooth_l1", r, 0, {delta})).epsilon(1e-14));
        CHECK(grad_at("huber", r, 0, {delta}) == Approx(delta * grad_at("smooth_l1", r, 0, {delta})).epsilon(1e-14));
    }
}

TEST_CASE("quantile(0.5) equals half the MAE, gradients included", "[loss][identity][quantile][mae]") {
    for (double r : {-3.0, -1e-9, 0.0, 0.25, 8.0}) {
        CAPTURE(r);
        CHECK(value_at("quantile", r, 0, {0.5}) == 0.5 * value_at("mae", r, 0));
        CHECK(grad_at("quantile", r, 0, {0.5}) == 0.5 * grad_at("mae", r, 0));
    }
}

TEST_CASE("bce of sigmoid(x) equals bce_logits(x) for |x| <= 15", "[loss][identity][bce][bce_logits]") {
    for (double x = -15; x <= 15; x += 0.75) {
        for (double y : {0.0, 1.0, 0.3}) {
            CAPTURE(x, y);
            const double p = 1 / (1 + std::exp(-x));
            CHECK(value_at("bce", p, y) == Approx(value_at("bce_logits", x, y)).epsilon(1e-8));
            // chain rule: d/dx = d/dp * p (1 - p)
            CHECK(grad_at("bce", p, y) * p * (1 - p) == Approx(grad_at("bce_logits", x, y)).epsilon(1e-8).margin(1e-15));
        }
    }
}

TEST_CASE("sum is N times mean, and none returns the per-sample terms, for every loss", "[loss][identity][reduction]") {
    const auto info = GENERATE(from_range(all_loss_info()));
    CAPTURE(info.name);
    rng random(5);
    const std::size_t n = 6, width = info.shape == layout::elementwise ? 1 : 3;
    std::vector<double> input(n * width), target(info.shape == layout::pairs ? n * width : n);
    for (auto& v : input) v = info.name == "tweedie" ? random.uniform(0.1, 3) : random.uniform(0.05, 0.95);
    for (std::size_t i = 0; i < target.size(); ++i) {
        switch (info.target) {
            case losslab::losses::domain::binary: target[i] = double(i % 2); break;
            case losslab::losses::domain::class_index: target[i] = double(i % width); break;
            default: target[i] = random.uniform(0.05, 0.95);
        }
    }
    loss_options o;
    o.classes = info.shape == layout::elementwise ? 0 : width;
    const auto mean = run_double(info.name, input, target, o);
    o.reduce = reduction::sum;
    const auto sum = run_double(info.name, input, target, o);
    o.reduce = reduction::none;
    const auto none = run_double(info.name, input, target, o);
    REQUIRE(mean.result.ok());
    CHECK(sum.value == Approx(double(n) * mean.value).epsilon(1e-13));
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) total += none.per_sample[i];
    CHECK(total == Approx(sum.value).epsilon(1e-13));
    for (std::size_t i = 0; i < input.size(); ++i) {
        CHECK(sum.grad[i] == Approx(double(n) * mean.grad[i]).epsilon(1e-13).margin(1e-300));
        CHECK(none.grad[i] == Approx(sum.grad[i]).epsilon(1e-15).margin(1e-300));
    }
    // per-sample weights: mean is sum_i w_i l_i / sum_i w_i
    const std::vector<double> weights = {1, 0, 2, 0.5, 3, 1};
    o.weights = &weights;
    o.reduce = reduction::mean;
    const auto weighted = run_double(info.name, input, target, o);
    double expected = 0;
    for (std::size_t i = 0; i < n; ++i) expected += weights[i] * none.per_sample[i];
    CHECK(weighted.value == Approx(expected / 7.5).epsilon(1e-13));
}

TEST_CASE("an empty batch reduces to 0 with nothing written, for every loss", "[loss][reduction][empty]") {
    const auto info = GENERATE(from_range(all_loss_info()));
    CAPTURE(info.name);
    loss_options o;
    o.classes = info.shape == layout::elementwise ? 0 : 3;
    for (auto reduce : {reduction::mean, reduction::sum, reduction::none}) {
        o.reduce = reduce;
        const auto r = run_double(info.name, {}, {}, o);
        REQUIRE(r.result.ok());
        CHECK(r.value == 0.0);
        CHECK(r.per_sample[0] == -7.0);
    }
}
