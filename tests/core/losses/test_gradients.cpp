// Every loss's gradient against central differences of its value, in double, away from kinks.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "loss_runner.hpp"
#include "support/numeric.hpp"

using namespace losslab::testing;
using losslab::losses::reduction;

namespace {

struct elementwise_case {
    std::string name;
    std::vector<double> params;
    std::vector<std::pair<double, double>> points;  // (input, target), none of them on a kink
};

std::vector<elementwise_case> elementwise_cases() {
    const std::vector<std::pair<double, double>> real = {{0.3, 1}, {-1.7, -2}, {4.2, 0.5}, {-30, 2}, {0.01, 0}};
    const std::vector<std::pair<double, double>> logits = {{0, 1}, {2, 0}, {-1.5, 1}, {6, 1}, {-8, 0}, {0.4, 0}};
    return {
        {"mse", {}, real},
        {"mae", {}, real},
        {"huber", {1}, real},
        {"huber", {0.25}, real},
        {"smooth_l1", {1}, real},
        {"smooth_l1", {0}, real},
        {"smooth_l1", {3}, real},
        {"log_cosh", {}, real},
        {"quantile", {0.9}, real},
        {"quantile", {0.2}, real},
        {"tweedie", {1.5}, {{2, 1}, {0.3, 4}, {5, 0}, {1e-3, 2}, {40, 3}}},
        {"tweedie", {1.1}, {{2, 1}, {0.3, 4}, {5, 0}}},
        {"tweedie", {1.9}, {{2, 1}, {0.3, 4}, {5, 0}}},
        {"tweedie_log", {1.5}, {{0, 2}, {-3, 0}, {2.5, 1}, {-10, 5}, {7, 0.5}}},
        {"tweedie_log", {1.2}, {{0, 2}, {-3, 0}, {2.5, 1}}},
        {"asymmetric", {10, 1}, {{0.3, 1}, {0.7, 0}}},
        {"bce", {}, {{0.8, 1}, {0.3, 0}, {0.6, 0.3}, {0.01, 1}, {0.999, 0}}},
        {"brier", {}, {{0.3, 1}, {0.7, 0}, {0.05, 0}, {0.98, 1}, {0.5, 1}}},
        {"bce_logits", {}, {{0, 1}, {2, 0}, {-1.5, 0.3}, {20, 1}, {-8, 1}}},
        {"focal", {2, 0.25}, logits},
        {"focal", {2, -1}, logits},
        {"focal", {0.5, 0.25}, logits},
        {"focal", {0, -1}, logits},
        {"focal", {5, 0.9}, logits},
        {"hinge", {}, {{0.3, 1}, {0.5, 0}, {3, 1}, {-2, 0}, {-4, 1}}},
        {"squared_hinge", {}, {{0.3, 1}, {0.5, 0}, {3, 1}, {-2, 0}, {-4, 1}}},
    };
}

/// Central differences of a whole batch's reduced value with respect to each input.
void check_batch_gradient(const std::string& name, const std::vector<double>& input, const std::vector<double>& target,
                          const loss_options& o, double rel = 1e-6, double abs = 1e-9) {
    const auto r = run_double(name, input, target, o);
    REQUIRE(r.result.ok());
    for (std::size_t i = 0; i < input.size(); ++i) {
        CAPTURE(name, i);
        auto f = [&](double x) {
            auto moved = input;
            moved[i] = x;
            return run_double(name, moved, target, o).value;
        };
        CHECK(close(r.grad[i], central_difference(f, input[i]), rel, abs));
    }
}

}  // namespace

TEST_CASE("every elementwise gradient matches central differences", "[loss][gradient]") {
    const auto c = GENERATE(from_range(elementwise_cases()));
    for (const auto& point : c.points) {
        const double x = point.first, y = point.second;  // named copies: lambdas cannot capture bindings in C++17
        CAPTURE(c.name, c.params, x, y);
        auto f = [&](double v) { return value_at(c.name, v, y, c.params); };
        const double numeric = central_difference(f, x);
        CHECK(close(grad_at(c.name, x, y, c.params), numeric, 1e-6, 1e-9));
    }
}

TEST_CASE("batch gradients match central differences of the reduced value", "[loss][gradient][reduction]") {
    const std::vector<double> weights = {0.5, 2, 1, 3};
    loss_options o;
    o.params = {1.0};
    const auto reduce = GENERATE(reduction::mean, reduction::sum);
    o.reduce = reduce;
    SECTION("huber without weights") { check_batch_gradient("huber", {0.2, 3, -4, 0.7}, {0, 0, 0, 1}, o); }
    SECTION("huber with sample weights") {
        o.weights = &weights;
        check_batch_gradient("huber", {0.2, 3, -4, 0.7}, {0, 0, 0, 1}, o);
    }
}

TEST_CASE("cross_entropy gradients match central differences", "[loss][gradient][cross_entropy]") {
    const std::vector<double> logits = {2, 1, 0.1, -0.7, 0.5, 2.5, 0.3, 1.9, -3, 0, 4, 1};
    const std::vector<double> target = {0, 3, 2};
    const std::vector<double> class_weights = {0.5, 1, 2, 1.5}, weights = {1, 0.2, 3};
    loss_options o;
    o.classes = 4;
    o.params = {GENERATE(0.0, 0.1, 0.6)};
    o.reduce = GENERATE(reduction::mean, reduction::sum);
    CAPTURE(o.params[0]);
    SECTION("plain") { check_batch_gradient("cross_entropy", logits, target, o); }
    SECTION("class weights") {
        o.class_weights = &class_weights;
        check_batch_gradient("cross_entropy", logits, target, o);
    }
    SECTION("class and sample weights") {
        o.class_weights = &class_weights;
        o.weights = &weights;
        check_batch_gradient("cross_entropy", logits, target, o);
    }
}

TEST_CASE("multiclass_hinge gradients match central differences away from ties", "[loss][gradient][multiclass_hinge]") {
    const std::vector<double> logits = {2, 1.3, 0.1, -0.7, 0.5, 2.5, 0.3, 1.9, -3, 0.2, 4, 1};
    const std::vector<double> class_weights = {0.5, 1, 2, 1.5};
    loss_options o;
    o.classes = 4;
    check_batch_gradient("multiclass_hinge", logits, {0, 3, 2}, o);
    o.class_weights = &class_weights;
    check_batch_gradient("multiclass_hinge", logits, {1, 0, 3}, o);
}

TEST_CASE("info_nce gradients with respect to the anchors match central differences", "[loss][gradient][info_nce]") {
    rng random(17);
    const std::size_t n = 5, dim = 4;
    std::vector<double> anchors(n * dim), positives(n * dim);
    for (auto& v : anchors) v = random.uniform(-1, 1);
    for (std::size_t i = 0; i < n * dim; ++i) positives[i] = anchors[i] + random.uniform(-0.6, 0.6);
    loss_options o;
    o.classes = dim;
    o.params = {GENERATE(0.1, 0.5, 2.0)};
    CAPTURE(o.params[0]);
    check_batch_gradient("info_nce", anchors, positives, o, 1e-6, 1e-8);
    const std::vector<double> weights = {1, 0, 2, 0.5, 1};
    o.weights = &weights;
    check_batch_gradient("info_nce", anchors, positives, o, 1e-6, 1e-8);
}
