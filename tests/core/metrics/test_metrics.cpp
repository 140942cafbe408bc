// Metrics against small cases computed by hand.
#include <catch2/catch.hpp>
#include <cmath>

#include "losslab/metrics/metrics.hpp"

using namespace losslab;

TEST_CASE("regression metrics on a hand-computed case", "[metrics]") {
    // residuals 1, −2, 0, 1; targets 1, 2, 3, 4 (mean 2.5, SS_tot = 5)
    metrics::regression_metrics m;
    REQUIRE(metrics::regression({2, 0, 3, 5}, {1, 2, 3, 4}, m).ok());
    CHECK(m.mae == Approx(1.0));
    CHECK(m.rmse == Approx(std::sqrt(6.0 / 4)));
    CHECK(m.r2 == Approx(1 - 6.0 / 5));
    REQUIRE(metrics::regression({3, 3}, {3, 3}, m).ok());
    CHECK(m.r2 == 1);
    CHECK_FALSE(metrics::regression({}, {}, m).ok());
    CHECK(metrics::regression({1, 2}, {1}, m).error.find("lengths differ") != std::string::npos);
}

TEST_CASE("binary metrics and the confusion matrix", "[metrics]") {
    // scores vs labels at 0.5: tp = 2 (0.9, 0.6), fp = 1 (0.7), fn = 1 (0.2), tn = 2 (0.1, 0.4)
    metrics::binary_metrics m;
    REQUIRE(metrics::binary({0.9, 0.6, 0.7, 0.2, 0.1, 0.4}, {1, 1, 0, 1, 0, 0}, 0.5, m).ok());
    CHECK(m.tp == 2);
    CHECK(m.fp == 1);
    CHECK(m.fn == 1);
    CHECK(m.tn == 2);
    CHECK(m.accuracy == Approx(4.0 / 6));
    CHECK(m.precision == Approx(2.0 / 3));
    CHECK(m.recall == Approx(2.0 / 3));
    CHECK(m.f1 == Approx(2.0 / 3));
    REQUIRE(metrics::binary({0.1, 0.2}, {0, 0}, 0.5, m).ok());
    CHECK(m.precision == 0);  // 0/0 → 0, as sklearn's zero_division=0
    CHECK(metrics::binary({0.1}, {2}, 0.5, m).error.find("must be 0 or 1") != std::string::npos);
}

TEST_CASE("multiclass confusion matrix and macro averages", "[metrics]") {
    metrics::multiclass_metrics m;
    REQUIRE(metrics::multiclass({0, 1, 2, 2, 1, 0}, {0, 1, 1, 2, 2, 0}, 3, m).ok());
    CHECK(m.confusion == std::vector<double>{2, 0, 0, 0, 1, 1, 0, 1, 1});
    CHECK(m.accuracy == Approx(4.0 / 6));
    CHECK(m.macro_precision == Approx((1 + 0.5 + 0.5) / 3));
    CHECK(m.macro_recall == Approx((1 + 0.5 + 0.5) / 3));
    CHECK(metrics::multiclass({0, 3}, {0, 1}, 3, m).error.find("predicted[1] = 3 is not a class index in [0, 3)") != std::string::npos);
}

TEST_CASE("ROC-AUC counts a tied positive-negative pair as one half", "[metrics][auc]") {
    metrics::curve c;
    // Positives 0.8, 0.5; negatives 0.5, 0.2. Pairs: (0.8>0.5) 1, (0.8>0.2) 1, (0.5=0.5) ½, (0.5>0.2) 1 → 3.5/4.
    REQUIRE(metrics::roc({0.8, 0.5, 0.5, 0.2}, {1, 1, 0, 0}, c).ok());
    CHECK(c.area == Approx(0.875));
    CHECK(c.x == std::vector<double>{0, 0, 0.5, 1});
    CHECK(c.y == std::vector<double>{0, 0.5, 1, 1});
    // All scores tied: the diagonal, AUC ½.
    REQUIRE(metrics::roc({0.3, 0.3, 0.3}, {1, 0, 1}, c).ok());
    CHECK(c.area == Approx(0.5));
    // Perfect ranking
    REQUIRE(metrics::roc({0.9, 0.8, 0.1}, {1, 1, 0}, c).ok());
    CHECK(c.area == 1);
    CHECK(metrics::roc({0.9, 0.8}, {1, 1}, c).error.find("both classes") != std::string::npos);
}

TEST_CASE("average precision is a step sum over distinct thresholds", "[metrics][auc]") {
    metrics::curve c;
    // Sorted: 0.9 (1), 0.8 (0), 0.7 (1), 0.6 (0). AP = ½·1 + ½·(2/3) = 5/6.
    REQUIRE(metrics::precision_recall({0.7, 0.9, 0.6, 0.8}, {1, 1, 0, 0}, c).ok());
    CHECK(c.area == Approx(5.0 / 6));
    // A tie between a positive and a negative at the top: precision ½ at recall ½ → AP = ½·½ + ½·(2/3)
    REQUIRE(metrics::precision_recall({0.9, 0.9, 0.7, 0.6}, {1, 0, 1, 0}, c).ok());
    CHECK(c.area == Approx(0.25 + 1.0 / 3));
    CHECK(c.x.front() == 0);
    CHECK(c.y.front() == 1);
}

TEST_CASE("calibration bins and ECE", "[metrics][calibration]") {
    metrics::calibration_metrics m;
    // Bin (0.0, 0.5]: p = 0.2, 0.4 with labels 0, 1 → conf 0.3, freq 0.5.
    // Bin (0.5, 1.0]: p = 0.9, 0.9 with labels 1, 1 → conf 0.9, freq 1.
    REQUIRE(metrics::calibration({0.2, 0.4, 0.9, 0.9}, {0, 1, 1, 1}, 2, m).ok());
    CHECK(m.count == std::vector<double>{2, 2});
    CHECK(m.confidence[0] == Approx(0.3));
    CHECK(m.frequency[1] == Approx(1));
    CHECK(m.ece == Approx(0.5 * 0.2 + 0.5 * 0.1));
    CHECK(metrics::calibration({1.2}, {1}, 10, m).error.find("outside [0, 1]") != std::string::npos);
}

TEST_CASE("pinball coverage", "[metrics]") {
    metrics::coverage_metrics m;
    // τ = 0.9: targets 1, 2, 3, 4 against predictions 3, 3, 3, 3 → covered 1, 2, 3 (3/4)
    REQUIRE(metrics::coverage({3, 3, 3, 3}, {1, 2, 3, 4}, 0.9, m).ok());
    CHECK(m.coverage == 0.75);
    // pinball: (0.1·2 + 0.1·1 + 0 + 0.9·1) / 4
    CHECK(m.pinball == Approx((0.2 + 0.1 + 0.9) / 4));
}
