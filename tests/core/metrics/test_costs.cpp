// Balanced accuracy, expected cost and the threshold sweep against hand-computed cases.
#include <catch2/catch.hpp>
#include <cmath>

#include "losslab/metrics/metrics.hpp"

using namespace losslab;

namespace {
// scores vs labels at 0.5: tp = 2 (0.9, 0.6), fp = 1 (0.7), fn = 1 (0.2), tn = 2 (0.1, 0.4)
const std::vector<double> score = {0.9, 0.6, 0.7, 0.2, 0.1, 0.4};
const std::vector<double> label = {1, 1, 0, 1, 0, 0};
}  // namespace

TEST_CASE("balanced accuracy is the mean recall over the classes present, as sklearn's", "[metrics][costs]") {
    metrics::binary_metrics m;
    REQUIRE(metrics::binary(score, label, 0.5, m).ok());
    CHECK(m.balanced_accuracy == Approx((2.0 / 3 + 2.0 / 3) / 2));
    // imbalanced: 1 positive of 5, missed; 4 negatives right. Accuracy 0.8, balanced accuracy 0.5
    REQUIRE(metrics::binary({0.1, 0.2, 0.3, 0.1, 0.4}, {1, 0, 0, 0, 0}, 0.5, m).ok());
    CHECK(m.accuracy == Approx(0.8));
    CHECK(m.balanced_accuracy == Approx(0.5));
    // one class only: sklearn averages over the classes present, so it is that class's recall
    CHECK(metrics::balanced_accuracy(0, 0, 1, 3) == Approx(0.75));
    CHECK(metrics::balanced_accuracy(3, 1, 0, 0) == Approx(0.75));
}

TEST_CASE("expected cost per decision charges c_FN per miss and c_FP per false alarm", "[metrics][costs]") {
    metrics::binary_metrics m;
    // default costs 1:1: the error rate
    REQUIRE(metrics::binary(score, label, 0.5, m).ok());
    CHECK(m.expected_cost == Approx(2.0 / 6));
    // FN:FP = 10:1 at 0.5: (10·1 + 1·1) / 6
    REQUIRE(metrics::binary(score, label, 0.5, m, {10, 1}).ok());
    CHECK(m.expected_cost == Approx(11.0 / 6));
    // per-decision costs {0, 10, 1, 0, 0, 0}: mean 11/6, sample variance Σ(c − m)²/5, se = sd/√6
    const double mean = 11.0 / 6;
    const double ss = 4 * mean * mean + (10 - mean) * (10 - mean) + (1 - mean) * (1 - mean);
    CHECK(m.expected_cost_se == Approx(std::sqrt(ss / 5 / 6)));
    // at 0.15 only 0.1 is negative: fn = 0, fp = 2 (0.7, 0.4): cost 2/6
    REQUIRE(metrics::binary(score, label, 0.15, m, {10, 1}).ok());
    CHECK(m.fn == 0);
    CHECK(m.expected_cost == Approx(2.0 / 6));
    CHECK(metrics::expected_cost(2, 1, 1, 2, {10, 1}) == Approx(11.0 / 6));
}

TEST_CASE("the threshold sweep counts score >= t as positive at every threshold", "[metrics][costs]") {
    metrics::threshold_sweep sweep;
    REQUIRE(metrics::thresholds(score, label, {0, 0.15, 0.5, 0.65, 1}, {10, 1}, sweep).ok());
    // t = 0: all positive (fp = 3); 0.15: fp = 2; 0.5: tp 2 fp 1; 0.65: tp 1 (0.9) fp 1 (0.7); 1: none
    CHECK(sweep.tp == std::vector<double>{3, 3, 2, 1, 0});
    CHECK(sweep.fp == std::vector<double>{3, 2, 1, 1, 0});
    CHECK(sweep.fn == std::vector<double>{0, 0, 1, 2, 3});
    CHECK(sweep.tn == std::vector<double>{0, 1, 2, 2, 3});
    CHECK(sweep.cost[0] == Approx(3.0 / 6));
    CHECK(sweep.cost[1] == Approx(2.0 / 6));
    CHECK(sweep.cost[4] == Approx(30.0 / 6));
    CHECK(sweep.best_threshold == 0.15);
    CHECK(sweep.best_cost == Approx(2.0 / 6));
    CHECK(sweep.balanced_accuracy[2] == Approx(2.0 / 3));
    // the sweep agrees with binary() at each threshold, ties included (a score equal to t is positive)
    for (double t : {0.0, 0.2, 0.4, 0.6, 0.7, 0.9, 0.95}) {
        CAPTURE(t);
        metrics::binary_metrics m;
        REQUIRE(metrics::binary(score, label, t, m, {5, 2}).ok());
        REQUIRE(metrics::thresholds(score, label, {t}, {5, 2}, sweep).ok());
        CHECK(sweep.tp[0] == m.tp);
        CHECK(sweep.fp[0] == m.fp);
        CHECK(sweep.cost[0] == Approx(m.expected_cost));
        CHECK(sweep.balanced_accuracy[0] == Approx(m.balanced_accuracy));
    }
}

TEST_CASE("costs and thresholds are checked", "[metrics][costs][validation]") {
    metrics::binary_metrics m;
    metrics::threshold_sweep sweep;
    CHECK_THAT(metrics::binary(score, label, 0.5, m, {-1, 1}).error, Catch::Contains("fnCost"));
    CHECK_THAT(metrics::binary(score, label, 0.5, m, {1, NAN}).error, Catch::Contains("fpCost"));
    CHECK_THAT(metrics::thresholds(score, label, {}, {}, sweep).error, Catch::Contains("thresholds is empty"));
    CHECK_THAT(metrics::thresholds(score, label, {0.5, INFINITY}, {}, sweep).error, Catch::Contains("thresholds[1]"));
    CHECK_THAT(metrics::thresholds(score, {1, 1, 0, 2, 0, 0}, {0.5}, {}, sweep).error, Catch::Contains("label[3]"));
}
