#include <catch2/catch.hpp>
#include <cmath>

#include "loss_runner.hpp"

using namespace losslab::testing;
using losslab::losses::reduction;

namespace {
loss_options pairs(std::size_t dim, std::vector<double> params = {}) {
    loss_options o;
    o.classes = dim;
    o.params = std::move(params);
    return o;
}
}  // namespace

TEST_CASE("info_nce of matched orthogonal pairs is log1p(exp(-1/tau))", "[loss][info_nce]") {
    // sims = identity; each row: logsumexp(10, 0) - 10 = log1p(e^-10)
    const auto r = run_double("info_nce", {1, 0, 0, 1}, {1, 0, 0, 1}, pairs(2));
    REQUIRE(r.result.ok());
    CHECK(r.value == Approx(std::log1p(std::exp(-10.0))).epsilon(1e-14));
    const auto warm = run_double("info_nce", {1, 0, 0, 1}, {1, 0, 0, 1}, pairs(2, {1.0}));
    CHECK(warm.value == Approx(std::log1p(std::exp(-1.0))).epsilon(1e-14));
}

TEST_CASE("info_nce uses cosine similarity: anchor length changes only the gradient's scale", "[loss][info_nce]") {
    const std::vector<double> positives = {1, 2, 0, -1, 0.5, 3, 2, 2, -1};
    const std::vector<double> anchors = {0.3, 1, 0.2, -0.8, 1, 2, 1, 1.5, 0};
    auto scaled = anchors;
    for (std::size_t k = 0; k < 3; ++k) scaled[k] *= 4;  // anchor 0 four times longer
    const auto base = run_double("info_nce", anchors, positives, pairs(3, {0.5}));
    const auto longer = run_double("info_nce", scaled, positives, pairs(3, {0.5}));
    CHECK(longer.value == Approx(base.value).epsilon(1e-13));
    for (std::size_t k = 0; k < 3; ++k) CHECK(longer.grad[k] == Approx(base.grad[k] / 4).epsilon(1e-12));
    // the gradient is orthogonal to its anchor
    for (std::size_t i = 0; i < 3; ++i) {
        double dot = 0;
        for (std::size_t k = 0; k < 3; ++k) dot += anchors[i * 3 + k] * base.grad[i * 3 + k];
        CHECK(dot == Approx(0.0).margin(1e-14));
    }
}

TEST_CASE("info_nce per-sample values are softmax cross-entropies over the similarities", "[loss][info_nce]") {
    const std::vector<double> anchors = {3, 4, 1, 0}, positives = {0, 2, -1, 1};
    // cosines: a0=(0.6,0.8), a1=(1,0); b0=(0,1), b1=(-1,1)/sqrt2
    const double s00 = 0.8, s01 = (-0.6 + 0.8) / std::sqrt(2.0), s10 = 0, s11 = -1 / std::sqrt(2.0);
    loss_options o = pairs(2, {0.5});
    o.reduce = reduction::none;
    const auto r = run_double("info_nce", anchors, positives, o);
    CHECK(r.per_sample[0] == Approx(std::log(std::exp(s00 / 0.5) + std::exp(s01 / 0.5)) - s00 / 0.5).epsilon(1e-14));
    CHECK(r.per_sample[1] == Approx(std::log(std::exp(s10 / 0.5) + std::exp(s11 / 0.5)) - s11 / 0.5).epsilon(1e-14));
}

TEST_CASE("info_nce with one pair has no negatives and gives 0", "[loss][info_nce]") {
    const auto r = run_double("info_nce", {1, 2, 3}, {3, 2, 1}, pairs(3));
    CHECK(r.value == 0.0);
    CHECK(r.grad == std::vector<double>{0, 0, 0});
}

TEST_CASE("info_nce rejects zero-length embeddings and a bad temperature", "[loss][info_nce][validation]") {
    CHECK_THAT(run_double("info_nce", {1, 0, 0, 0}, {1, 0, 0, 1}, pairs(2)).result.error,
               Catch::Contains("anchor 1 has length 0"));
    CHECK_THAT(run_double("info_nce", {1, 0, 0, 1}, {0, 0, 0, 1}, pairs(2)).result.error,
               Catch::Contains("positive 0 has length 0"));
    CHECK_THAT(run_double("info_nce", {1, 0, 0, 1}, {1, 0}, pairs(2)).result.error, Catch::Contains("lengths differ"));
    CHECK_THAT(run_double("info_nce", {1, 0, 0, 1}, {1, 0, 0, 1}, pairs(2, {0})).result.error,
               Catch::Contains("temperature"));
}
