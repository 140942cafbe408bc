// Saturated inputs give finite values and gradients (no NaN, no infinity) in float and double.
#include <catch2/catch.hpp>
#include <cmath>

#include "loss_runner.hpp"

using namespace losslab::testing;

namespace {

template <class T>
void require_finite(const loss_run<T>& r) {
    REQUIRE(r.result.ok());
    CHECK(std::isfinite(r.value));
    for (T g : r.grad) CHECK(std::isfinite(g));
}

template <class T>
void check_finite_both(const std::string& name, const std::vector<double>& input, const std::vector<double>& target,
                       const loss_options& o = {}) {
    CAPTURE(name);
    require_finite(run_loss<double>(name, input, target, o));
    require_finite(run_loss<float>(name, input, target, o));
}

}  // namespace

TEST_CASE("logits of +-1000 give finite values and gradients", "[loss][extreme]") {
    const std::vector<double> logits = {1000, -1000, 1000, -1000}, labels = {1, 1, 0, 0};
    for (const char* name : {"bce_logits", "focal", "hinge", "squared_hinge", "log_cosh", "huber", "smooth_l1", "mae",
                             "quantile"}) {
        check_finite_both<double>(name, logits, labels);
    }
    loss_options rows;
    rows.classes = 3;
    for (const char* name : {"cross_entropy", "multiclass_hinge"}) {
        check_finite_both<double>(name, {1000, -1000, 0, -1000, 1000, 1000, 0, 0, -1000}, {1, 0, 2}, rows);
    }
    rows.params = {0.1};
    check_finite_both<double>("cross_entropy", {1000, -1000, 0, -1000, 1000, 1000, 0, 0, -1000}, {1, 0, 2}, rows);
    // the exact values: a confidently wrong row costs the logit gap, a right one 0
    loss_options plain;
    plain.classes = 2;
    plain.reduce = losslab::losses::reduction::none;
    const auto r = run_double("cross_entropy", {1000, -1000, 1000, -1000}, {1, 0}, plain);
    CHECK(r.per_sample[0] == 2000.0);
    CHECK(r.per_sample[1] == 0.0);
    CHECK(r.grad == std::vector<double>{1, -1, 0, 0});
}

TEST_CASE("bce at p in {0, 1} is finite for every target", "[loss][extreme][bce]") {
    check_finite_both<double>("bce", {0, 0, 1, 1, 0, 1}, {0, 1, 0, 1, 0.5, 0.5});
}

TEST_CASE("tweedie with y = 0 and scores from -50 to 50 is finite", "[loss][extreme][tweedie][tweedie_log]") {
    std::vector<double> scores, means, zeros;
    for (double r = -50; r <= 50; r += 2.5) {
        scores.push_back(r);
        means.push_back(std::exp(r));
        zeros.push_back(0);
    }
    for (double p : {1.01, 1.5, 1.99}) {
        loss_options o;
        o.params = {p};
        CAPTURE(p);
        check_finite_both<double>("tweedie_log", scores, zeros, o);
        check_finite_both<double>("tweedie", means, zeros, o);
        // positive targets at the same extremes
        check_finite_both<double>("tweedie_log", scores, std::vector<double>(scores.size(), 3.5), o);
    }
}

TEST_CASE("focal at logits of +-100 with gamma = 0.5 is finite", "[loss][extreme][focal]") {
    for (double gamma : {0.0, 0.25, 0.5, 2.0, 10.0}) {
        loss_options o;
        o.params = {gamma, 0.25};
        CAPTURE(gamma);
        check_finite_both<double>("focal", {100, -100, 100, -100, 1000, -1000}, {1, 1, 0, 0, 1, 1}, o);
    }
    // the confidently wrong example keeps the full cross-entropy and a gradient of -alpha
    CHECK(value_at("focal", -100, 1, {0.5, 0.25}) == Approx(0.25 * 100).epsilon(1e-14));
    CHECK(grad_at("focal", -100, 1, {0.5, 0.25}) == Approx(-0.25).epsilon(1e-14));
    // the confidently right one contributes almost nothing, and its gradient vanishes smoothly
    CHECK(value_at("focal", 100, 1, {0.5, 0.25}) == Approx(0.25 * std::exp(-100.0) * std::exp(-50.0)).epsilon(1e-12));
    CHECK(grad_at("focal", 100, 1, {0.5, 0.25}) < 0);
}

TEST_CASE("info_nce with huge and tiny embeddings is finite", "[loss][extreme][info_nce]") {
    loss_options o;
    o.classes = 2;
    o.params = {0.01};
    check_finite_both<double>("info_nce", {1e30, 1e30, -1e-30, 1e-30, 3, -4}, {1e-30, 1, 1e30, -1e30, 4, 3}, o);
}
