// The registry's metadata is the single source of truth for the lessons: check it is complete.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "loss_runner.hpp"

using namespace losslab::testing;
using namespace losslab::losses;

TEST_CASE("the registry lists every loss of the lab with its metadata", "[loss][registry]") {
    std::set<std::string> names;
    for (const auto& info : all_loss_info()) {
        CAPTURE(info.name);
        names.insert(info.name);
        CHECK_FALSE(info.latex.empty());
        CHECK_FALSE(info.grad_latex.empty());
        CHECK_FALSE(info.description.empty());
        CHECK_FALSE(info.convention.empty());
        for (const auto& p : info.params) {
            CAPTURE(p.name);
            CHECK(std::isfinite(p.min));
            CHECK(std::isfinite(p.max));
            CHECK(p.min < p.max);
            CHECK((p.min_inclusive ? p.default_value >= p.min : p.default_value > p.min));
            CHECK((p.max_inclusive ? p.default_value <= p.max : p.default_value < p.max));
            CHECK_FALSE(p.description.empty());
        }
    }
    const std::set<std::string> expected = {"mse", "mae", "huber", "smooth_l1", "log_cosh", "quantile",
                                            "tweedie", "tweedie_log", "asymmetric", "bce", "bce_logits", "brier",
                                            "focal", "hinge", "squared_hinge", "cross_entropy",
                                            "multiclass_hinge", "info_nce"};
    CHECK(names == expected);
}

TEST_CASE("documented defaults are the issue's defaults", "[loss][registry]") {
    auto default_of = [](const char* loss, const char* param) {
        for (const auto& p : find_loss(loss)->params) {
            if (p.name == param) return p.default_value;
        }
        return -999.0;
    };
    CHECK(default_of("huber", "delta") == 1.0);
    CHECK(default_of("smooth_l1", "beta") == 1.0);
    CHECK(default_of("quantile", "tau") == 0.5);
    CHECK(default_of("tweedie", "power") == 1.5);
    CHECK(default_of("tweedie_log", "power") == 1.5);
    CHECK(default_of("asymmetric", "fn_cost") == 10.0);
    CHECK(default_of("asymmetric", "fp_cost") == 1.0);
    CHECK(default_of("focal", "gamma") == 2.0);
    CHECK(default_of("focal", "alpha") == 0.25);
    CHECK(default_of("cross_entropy", "label_smoothing") == 0.0);
    CHECK(default_of("info_nce", "temperature") == 0.1);
}

TEST_CASE("parameters outside their documented ranges are rejected with a sentence", "[loss][registry][validation]") {
    struct bad {
        const char* loss;
        std::vector<double> params;
        const char* mentions;
    };
    const std::vector<bad> cases = {
        {"huber", {0}, "delta = 0 is outside (0, 100]"},
        {"huber", {-1}, "delta"},
        {"quantile", {1}, "tau = 1 is outside (0, 1)"},
        {"focal", {-1}, "gamma = -1 is outside [0, 10]"},
        {"cross_entropy", {1}, "label_smoothing = 1 is outside [0, 1)"},
        {"tweedie", {2.5}, "power = 2.5 is outside (1, 2)"},
        {"info_nce", {0}, "temperature"},
        {"mse", {1}, "takes 0 parameter(s)"},
        {"huber", {std::nan("")}, "delta"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.loss, c.params);
        const auto* info = find_loss(c.loss);
        REQUIRE(info);
        loss_options o;
        o.params = c.params;
        o.classes = info->shape == layout::elementwise ? 0 : 1;
        const auto r = run_double(c.loss, {0.5}, {info->shape == layout::pairs ? 0.5 : 0.0}, o);
        CHECK_THAT(r.result.error, Catch::Contains(c.mentions));
        CHECK(r.grad[0] == -7.0);
    }
}

TEST_CASE("row losses need classes", "[loss][registry][validation]") {
    CHECK_THAT(run_double("cross_entropy", {1, 2}, {0}).result.error, Catch::Contains("classes must be at least 1"));
}

TEST_CASE("a chunk with mean_divisor reports its share of the whole batch's mean", "[loss][registry][chunks]") {
    // Two halves evaluated with mean_divisor = n add up to one evaluation of the whole: the values
    // sum to the mean, and every gradient element is the one the whole batch gives (bit for bit).
    const std::vector<float> x = {0.5f, -1.25f, 2.0f, 0.0f, 3.5f, -0.75f, 1.0f};
    const std::vector<float> y = {0.0f, 1.0f, 1.5f, -2.0f, 3.0f, 0.25f, 1.0f};
    const std::size_t n = x.size(), half = 3;
    for (const char* name : {"mse", "huber", "log_cosh", "tweedie"}) {  // fused kernels, and tweedie's reference code in float
        CAPTURE(name);
        const bool positive = std::string(name) == "tweedie";
        const std::vector<double> params = std::string(name) == "huber" ? std::vector<double>{1.0} : positive ? std::vector<double>{1.5} : std::vector<double>{};
        std::vector<float> xs = x, ys = y;
        if (positive) {
            for (auto& v : xs) v = std::abs(v) + 0.5f;
            for (auto& v : ys) v = std::abs(v);
        }
        batch<float> whole;
        whole.input = xs.data(), whole.input_size = n, whole.target = ys.data(), whole.target_size = n;
        std::vector<float> grad(n), grad_chunks(n);
        output<float> out{grad.data(), nullptr};
        REQUIRE(evaluate(name, params, whole, out).ok());
        double sum = 0;
        for (std::size_t start : {std::size_t(0), half}) {
            batch<float> chunk = whole;
            chunk.input = xs.data() + start, chunk.target = ys.data() + start;
            chunk.input_size = chunk.target_size = start == 0 ? half : n - half;
            chunk.mean_divisor = double(n);
            output<float> part{grad_chunks.data() + start, nullptr};
            REQUIRE(evaluate(name, params, chunk, part).ok());
            sum += part.value;
        }
        CHECK(sum == Approx(out.value).epsilon(1e-12));
        for (std::size_t i = 0; i < n; ++i) CHECK(grad_chunks[i] == grad[i]);
        // without the divisor each chunk is its own mean: the check above can fail
        batch<float> alone = whole;
        alone.input_size = alone.target_size = half;
        output<float> own{grad_chunks.data(), nullptr};
        REQUIRE(evaluate(name, params, alone, own).ok());
        CHECK(grad_chunks[0] != grad[0]);
    }
}
