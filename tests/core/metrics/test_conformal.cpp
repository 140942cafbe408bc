// Split-conformal thresholds, conformity scores and interval metrics: hand-derived values, and
// the finite-sample guarantee measured over 1,000 seeded repetitions.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <vector>

#include "losslab/data/random.hpp"
#include "losslab/metrics/conformal.hpp"

using namespace losslab;

TEST_CASE("the conformal rank is the ceiling of (n + 1)(1 - alpha)", "[metrics][conformal]") {
    CHECK(metrics::conformal_rank(19, 0.1) == 18);  // 20 · 0.9 = 18 exactly: no rounding up to 19
    CHECK(metrics::conformal_rank(9, 0.1) == 9);    // 10 · 0.9 = 9: the largest of 9
    CHECK(metrics::conformal_rank(8, 0.1) == 9);    // 9 · 0.9 = 8.1 → 9 > 8: infinite
    CHECK(metrics::conformal_rank(100, 0.1) == 91); // 101 · 0.9 = 90.9 → 91
    CHECK(metrics::conformal_rank(10, 0.2) == 9);   // 11 · 0.8 = 8.8 → 9
    CHECK(metrics::conformal_rank(99, 0.05) == 95); // 100 · 0.95 = 95
    CHECK(metrics::conformal_rank(1, 0.5) == 1);    // 2 · 0.5 = 1
}

TEST_CASE("the conformal threshold is the k-th smallest score", "[metrics][conformal]") {
    // n = 19 scores 1..19 shuffled; α = 0.1 → k = 18 → threshold 18 (the second largest).
    std::vector<double> scores = {7, 3, 19, 12, 1, 15, 9, 18, 4, 11, 2, 16, 6, 14, 10, 5, 17, 8, 13};
    metrics::conformal_threshold t;
    REQUIRE(metrics::conformal_quantile(scores, 0.1, t).ok());
    CHECK(t.n == 19);
    CHECK(t.rank == 18);
    CHECK(t.threshold == 18);
    CHECK_FALSE(t.infinite);
    CHECK(t.level == Approx(0.9 * 20.0 / 19));
    CHECK(t.expected_coverage == Approx(18.0 / 20));
    CHECK(scores[0] == 7);  // the input is left as it was

    SECTION("ties: the k-th smallest counts repeated scores") {
        REQUIRE(metrics::conformal_quantile({0.5, 0.5, 0.5, 2, -1}, 0.4, t).ok());  // k = ⌈6 · 0.6⌉ = 4
        CHECK(t.rank == 4);
        CHECK(t.threshold == 0.5);  // sorted: −1, 0.5, 0.5, 0.5, 2
    }
    SECTION("too few scores for the level: +infinity, reported as such") {
        REQUIRE(metrics::conformal_quantile({1, 2, 3, 4, 5, 6, 7, 8}, 0.1, t).ok());  // k = 9 > 8
        CHECK(t.infinite);
        CHECK(t.rank == 9);
        CHECK(t.threshold == 0);
        CHECK(t.expected_coverage == 1);
        CHECK(t.level > 1);
    }
    SECTION("bad input is an error, not a number") {
        CHECK(metrics::conformal_quantile({}, 0.1, t).error == "scores is empty");
        CHECK(metrics::conformal_quantile({1}, 0, t).error == "alpha must be in (0, 1)");
        CHECK(metrics::conformal_quantile({1}, 1, t).error == "alpha must be in (0, 1)");
        CHECK(metrics::conformal_quantile({1, NAN}, 0.1, t).error == "scores[1] is not finite");
    }
}

TEST_CASE("conformity scores: absolute residual and CQR", "[metrics][conformal]") {
    std::vector<double> s;
    REQUIRE(metrics::residual_scores({1, 2, 3}, {1.5, 0, 3}, s).ok());
    CHECK(s == std::vector<double>{0.5, 2, 0});
    // band [0, 2]: y = 1 inside (score max(−1, −1) = −1), y = 3 above (1), y = −0.5 below (0.5),
    // y = 0 on the edge (0)
    REQUIRE(metrics::cqr_scores({0, 0, 0, 0}, {2, 2, 2, 2}, {1, 3, -0.5, 0}, s).ok());
    CHECK(s == std::vector<double>{-1, 1, 0.5, 0});
    CHECK(metrics::cqr_scores({0}, {1, 2}, {0}, s).error == "lower and upper lengths differ: 1 vs 2");
    CHECK(metrics::residual_scores({1}, {INFINITY}, s).error == "target[0] is not finite");
}

TEST_CASE("interval coverage, mean width and the Gneiting-Raftery interval score", "[metrics][conformal]") {
    // α = 0.2 (penalty 2/α = 10). Intervals [0, 2] for targets 1 (inside), 2 (on the edge),
    // 3 (1 above) and −0.5 (0.5 below): scores 2, 2, 2 + 10, 2 + 5.
    metrics::interval_metrics m;
    REQUIRE(metrics::interval({0, 0, 0, 0}, {2, 2, 2, 2}, {1, 2, 3, -0.5}, 0.2, m).ok());
    CHECK(m.covered == 2);
    CHECK(m.coverage == Approx(0.5));
    CHECK(m.mean_width == Approx(2));
    CHECK(m.interval_score == Approx((2 + 2 + 12 + 7) / 4.0));
    // widths differ: [0, 1] and [−1, 3] around 0.5 and 4: (1) + (4 + 10·1)
    REQUIRE(metrics::interval({0, -1}, {1, 3}, {0.5, 4}, 0.2, m).ok());
    CHECK(m.mean_width == Approx(2.5));
    CHECK(m.interval_score == Approx((1 + 14) / 2.0));
    CHECK(metrics::interval({1}, {0}, {0.5}, 0.2, m).error.find("lower[0] > upper[0]") != std::string::npos);
    CHECK(metrics::interval({0}, {1}, {0.5}, 1.5, m).error == "alpha must be in (0, 1)");
}

namespace {

/// One split-conformal repetition: a constant model fitted on `train` points (their mean),
/// n calibration points, one test point; y = 3 + (1 + x)·z with x uniform on [0, 5] and z
/// standard normal. Returns 1 when the test point lies in the interval built with rank k.
bool covered_once(data::rng& g, std::size_t n, std::size_t rank, bool cqr) {
    auto draw = [&g] {
        const double x = g.uniform(0, 5);
        return 3 + (1 + x) * g.normal();
    };
    double mean = 0;
    for (int i = 0; i < 10; ++i) mean += draw() / 10;
    std::vector<double> y(n);
    for (auto& v : y) v = draw();
    const double y_test = draw();
    std::vector<double> scores;
    const std::vector<double> pred(n, mean), lo(n, mean - 1), hi(n, mean + 1);
    REQUIRE((cqr ? metrics::cqr_scores(lo, hi, y, scores) : metrics::residual_scores(pred, y, scores)).ok());
    if (rank > n) return true;
    std::sort(scores.begin(), scores.end());
    const double q = scores[rank - 1];
    return cqr ? (mean - 1 - q <= y_test && y_test <= mean + 1 + q) : std::abs(y_test - mean) <= q;
}

double coverage_over(std::size_t repetitions, std::size_t n, std::size_t rank, bool cqr, std::uint64_t seed) {
    data::rng g(seed);
    double hits = 0;
    for (std::size_t r = 0; r < repetitions; ++r) hits += covered_once(g, n, rank, cqr);
    return hits / double(repetitions);
}

}  // namespace

TEST_CASE("split-conformal coverage over 1,000 seeded repetitions is within binomial tolerance of the guarantee",
          "[metrics][conformal][coverage]") {
    // For exchangeable continuous scores, P(covered) = k/(n + 1), inside [1 − α, 1 − α + 1/(n + 1)).
    // 1,000 repetitions, one test point each: a binomial share; allow 4 standard errors.
    const std::size_t repetitions = 1000;
    struct Case { std::size_t n; double alpha; };
    SECTION("absolute-residual and CQR scores at four (n, α)") {
        for (const Case c : {Case{19, 0.1}, Case{10, 0.2}, Case{50, 0.1}, Case{99, 0.05}}) {
            for (const bool cqr : {false, true}) {
                CAPTURE(c.n, c.alpha, cqr);
                const std::size_t k = metrics::conformal_rank(c.n, c.alpha);
                const double p = double(k) / double(c.n + 1);
                const double se = std::sqrt(p * (1 - p) / double(repetitions));
                const double measured = coverage_over(repetitions, c.n, k, cqr, 20 + c.n);
                CAPTURE(k, p, se, measured);
                CHECK(measured >= 1 - c.alpha - 4 * se);
                CHECK(measured <= 1 - c.alpha + 1.0 / double(c.n + 1) + 4 * se);
                CHECK(std::abs(measured - p) <= 4 * se);
            }
        }
    }
    SECTION("the test can fail: without the (1 + 1/n) correction n = 10, α = 0.2 under-covers") {
        // The plain empirical quantile is the ⌈n(1 − α)⌉ = 8th of 10 scores: coverage 8/11 = 0.727.
        const double se = std::sqrt(0.8 * 0.2 / double(repetitions));
        const double measured = coverage_over(repetitions, 10, 8, false, 30);
        CAPTURE(measured);
        CHECK(measured < 0.8 - 3 * se);
    }
    SECTION("an infinite threshold covers every point") {
        CHECK(coverage_over(200, 8, metrics::conformal_rank(8, 0.1), false, 40) == 1);
    }
}
