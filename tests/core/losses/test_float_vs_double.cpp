// The float path agrees with the double path on 10^5 seeded random inputs per loss, tails included:
// |float − double| <= 1e-5 · max(|float|, |double|) + floor, per sample value and per gradient
// entry (reduction none, so nothing is divided by N), and for the mean. Every float batch goes
// through the registry, so a loss with a fused float kernel (fast_path.hpp) is held to these bounds.
// The absolute floors (also in docs/losses.md):
//  - 1e-30 for every value and derivative: results below that underflow float or become subnormal
//    (focal at a saturated correct logit is e^-150 in double; the fused kernels flush it to 0);
//  - 2^-22 ≈ 2.4e-7 for bce_logits' derivative σ(x) − y with a soft label: a float kernel can
//    resolve that difference of two O(1) numbers only to the spacing of floats near 1.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "loss_runner.hpp"

using namespace losslab::testing;
using losslab::losses::reduction;

namespace {

struct sweep {
    std::string name;
    std::vector<double> params;
    std::size_t width;  ///< classes (rows), embedding size (pairs) or 0 (elementwise)
    std::size_t batches;
    std::function<void(rng&, std::vector<double>&, std::vector<double>&)> fill;
    double value_floor = 1e-30;
    double grad_floor = 1e-30;
};

/// Mostly moderate, with a tail of large and of tiny magnitudes.
double real_with_tails(rng& r, double scale = 10) {
    const double u = r.uniform();
    if (u < 0.05) return r.uniform(-1e4, 1e4);
    if (u < 0.10) return r.uniform(-1e-3, 1e-3);
    return r.uniform(-scale, scale);
}
double logit_with_tails(rng& r) {
    const double u = r.uniform();
    if (u < 0.05) return r.uniform(-1000, 1000);
    if (u < 0.10) return r.uniform(-60, 60);
    return r.uniform(-10, 10);
}
double probability_with_tails(rng& r) {
    const double u = r.uniform();
    if (u < 0.02) return r.chance(0.5) ? 0.0 : 1.0;
    if (u < 0.06) return r.uniform(0, 1e-6);
    if (u < 0.10) return 1 - r.uniform(0, 1e-6);
    return r.uniform();
}
double label(rng& r) { return r.chance(0.5) ? 1.0 : 0.0; }

/// Zero-inflated, right-skewed amounts (the data Tweedie is for).
double amount(rng& r) { return r.chance(0.4) ? 0.0 : std::exp(r.uniform(-5, 8)); }

void elementwise(std::vector<double>& in, std::vector<double>& tg, rng& r, double (*x)(rng&), double (*y)(rng&)) {
    for (std::size_t i = 0; i < in.size(); ++i) {
        in[i] = x(r);
        tg[i] = y(r);
    }
}

std::vector<sweep> sweeps() {
    auto regression = [](rng& r, std::vector<double>& in, std::vector<double>& tg) {
        elementwise(in, tg, r, [](rng& g) { return real_with_tails(g); }, [](rng& g) { return real_with_tails(g); });
    };
    auto binary_logits = [](rng& r, std::vector<double>& in, std::vector<double>& tg) {
        elementwise(in, tg, r, logit_with_tails, label);
    };
    auto soft_logits = [](rng& r, std::vector<double>& in, std::vector<double>& tg) {
        elementwise(in, tg, r, logit_with_tails, [](rng& g) { return g.chance(0.8) ? label(g) : g.uniform(); });
    };
    auto probabilities = [](rng& r, std::vector<double>& in, std::vector<double>& tg) {
        elementwise(in, tg, r, probability_with_tails, [](rng& g) { return g.chance(0.8) ? label(g) : g.uniform(); });
    };
    auto probabilities_binary = [](rng& r, std::vector<double>& in, std::vector<double>& tg) {
        elementwise(in, tg, r, probability_with_tails, label);
    };
    auto means = [](rng& r, std::vector<double>& in, std::vector<double>& tg) {
        elementwise(in, tg, r, [](rng& g) { return std::exp(g.uniform(-12, 12)); }, amount);
    };
    auto scores = [](rng& r, std::vector<double>& in, std::vector<double>& tg) {
        elementwise(in, tg, r, [](rng& g) { return g.chance(0.1) ? g.uniform(-50, 50) : g.uniform(-8, 8); }, amount);
    };
    auto class_rows = [](std::size_t k) {
        return [k](rng& r, std::vector<double>& in, std::vector<double>& tg) {
            for (std::size_t i = 0; i < tg.size(); ++i) {
                const double scale = r.chance(0.05) ? 1000 : (r.chance(0.1) ? 60 : 8);
                for (std::size_t j = 0; j < k; ++j) in[i * k + j] = r.uniform(-scale, scale);
                tg[i] = double(r.next() % k);
            }
        };
    };
    auto embeddings = [](rng& r, std::vector<double>& in, std::vector<double>& tg) {
        for (std::size_t i = 0; i < in.size(); ++i) {
            in[i] = r.uniform(-1, 1);
            tg[i] = in[i] + r.uniform(-0.8, 0.8);
        }
    };
    return {
        {"mse", {}, 0, 1, regression},
        {"mae", {}, 0, 1, regression},
        {"huber", {1.35}, 0, 1, regression},
        {"smooth_l1", {0.5}, 0, 1, regression},
        {"log_cosh", {}, 0, 1, regression},
        {"quantile", {0.9}, 0, 1, regression},
        {"tweedie", {1.5}, 0, 1, means},
        {"tweedie", {1.9}, 0, 1, means},
        {"tweedie_log", {1.5}, 0, 1, scores},
        {"tweedie_log", {1.1}, 0, 1, scores},
        {"asymmetric", {10, 1}, 0, 1, probabilities_binary},
        {"bce", {}, 0, 1, probabilities},
        {"brier", {}, 0, 1, probabilities_binary},
        {"bce_logits", {}, 0, 1, soft_logits, 1e-30, 0x1p-22},
        {"focal", {2, 0.25}, 0, 1, binary_logits},
        {"focal", {0.5, -1}, 0, 1, binary_logits},
        {"hinge", {}, 0, 1, binary_logits},
        {"squared_hinge", {}, 0, 1, binary_logits},
        {"cross_entropy", {0}, 5, 1, class_rows(5)},
        {"cross_entropy", {0.1}, 10, 1, class_rows(10)},
        {"multiclass_hinge", {}, 5, 1, class_rows(5)},
        {"info_nce", {0.1}, 16, 100, embeddings},  // 100 batches of 64 pairs x 16 dims
    };
}

struct worst {
    double excess = -1;  ///< |f − d| − allowed, at its largest
    std::size_t index = 0;
    double f = 0, d = 0;
    void see(double fv, double dv, double floor, std::size_t i) {
        const double e = std::fabs(fv - dv) - (1e-5 * std::max(std::fabs(fv), std::fabs(dv)) + floor);
        if (e > excess || !(fv == fv)) {
            excess = (fv == fv) ? e : HUGE_VAL;
            index = i;
            f = fv;
            d = dv;
        }
    }
};

}  // namespace

TEST_CASE("the float path agrees with the double path on 1e5 random inputs per loss", "[loss][float]") {
    const auto s = GENERATE(from_range(sweeps()));
    CAPTURE(s.name, s.params);
    rng random(20261122);
    worst value, grad, mean;
    const std::size_t per_batch = s.batches > 1 ? 64 : (s.width ? 100000 / s.width : 100000);
    for (std::size_t b = 0; b < s.batches; ++b) {
        const std::size_t samples = per_batch;
        const std::size_t inputs = samples * std::max<std::size_t>(1, s.width);
        std::vector<double> in(inputs), tg(s.name == "info_nce" ? inputs : samples);
        s.fill(random, in, tg);
        // round to float first: both paths see exactly the same numbers
        for (auto& v : in) v = double(float(v));
        for (auto& v : tg) v = double(float(v));
        loss_options o;
        o.params = s.params;
        o.classes = s.width;
        o.reduce = reduction::none;
        const auto f = run_loss<float>(s.name, in, tg, o);
        const auto d = run_loss<double>(s.name, in, tg, o);
        REQUIRE(f.result.ok());
        REQUIRE(d.result.ok());
        for (std::size_t i = 0; i < samples; ++i) value.see(f.per_sample[i], d.per_sample[i], s.value_floor, i);
        for (std::size_t i = 0; i < inputs; ++i) grad.see(f.grad[i], d.grad[i], s.grad_floor, i);
        o.reduce = reduction::mean;
        mean.see(run_loss<float>(s.name, in, tg, o).value, run_loss<double>(s.name, in, tg, o).value, s.value_floor, b);
    }
    auto show = [](const worst& w) {
        char text[96];
        std::snprintf(text, sizeof text, "#%zu float %.9g double %.17g", w.index, w.f, w.d);
        return std::string(text);
    };
    const std::string worst_value = show(value), worst_grad = show(grad), worst_mean = show(mean);
    CAPTURE(worst_value, worst_grad, worst_mean);
    CHECK(value.excess <= 0);
    CHECK(grad.excess <= 0);
    CHECK(mean.excess <= 0);
}
