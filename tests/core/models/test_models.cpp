// Each model's backward pass against central differences of Σ_i c_i·output_i, for random c (the
// role d(loss)/d(output) plays in training).
#include <catch2/catch.hpp>
#include <cmath>

#include "losslab/data/random.hpp"
#include "losslab/models/model.hpp"
#include "support/numeric.hpp"

using namespace losslab;
using losslab::testing::central_difference;

namespace {
models::model make(const std::string& name, std::size_t features, std::size_t classes,
                   std::initializer_list<long> hidden = {}, models::activation activation = models::activation::tanh) {
    models::config c;
    REQUIRE(models::default_config(name, c));
    if (hidden.size()) c.hidden = hidden;
    c.act = activation;
    models::model m;
    const status st = models::model::create(c, features, classes, m);
    INFO(st.error);
    REQUIRE(st.ok());
    return m;
}

void check_gradient(const models::model& m, std::uint64_t seed) {
    const std::size_t n = 7, f = m.features(), k = m.outputs();
    data::rng g(seed);
    std::vector<double> x(n * f), c(n * k), theta;
    for (double& v : x) v = g.normal();
    for (double& v : c) v = g.normal();
    m.initialize(seed, theta);
    auto weighted_output = [&](const std::vector<double>& th) {
        std::vector<double> out(n * k);
        m.forward(th.data(), x.data(), n, out.data());
        double sum = 0;
        for (std::size_t i = 0; i < out.size(); ++i) sum += c[i] * out[i];
        return sum;
    };
    std::vector<double> grad(m.parameter_count());
    m.backward(theta.data(), x.data(), n, c.data(), grad.data());
    for (std::size_t p = 0; p < theta.size(); ++p) {
        const double numeric = central_difference(
            [&](double v) {
                auto th = theta;
                th[p] = v;
                return weighted_output(th);
            },
            theta[p]);
        CAPTURE(m.name(), p);
        CHECK(grad[p] == Approx(numeric).epsilon(1e-6).margin(1e-8));
    }
}
}  // namespace

TEST_CASE("every model's gradient matches central differences", "[models]") {
    check_gradient(make("linear", 3, 0), 1);
    check_gradient(make("logistic", 2, 2), 2);
    check_gradient(make("loglink", 1, 0), 3);
    check_gradient(make("softmax", 2, 4), 4);
    check_gradient(make("mlp", 2, 2, {8}, models::activation::tanh), 5);
    check_gradient(make("mlp", 2, 3, {6, 5}, models::activation::tanh), 6);
    check_gradient(make("mlp", 3, 0, {4, 4}, models::activation::relu), 7);
}

TEST_CASE("model layouts and seeded initialisation", "[models]") {
    const auto linear = make("linear", 3, 0);
    CHECK(linear.parameter_count() == 4);
    CHECK(linear.weight_mask() == std::vector<std::uint8_t>{1, 1, 1, 0});
    const auto softmax = make("softmax", 2, 3);
    CHECK(softmax.parameter_count() == 2 * 3 + 3);
    CHECK(softmax.outputs() == 3);
    const auto mlp = make("mlp", 2, 3, {16, 8});
    CHECK(mlp.parameter_count() == (2 * 16 + 16) + (16 * 8 + 8) + (8 * 3 + 3));
    std::vector<double> a, b, c;
    mlp.initialize(42, a);
    mlp.initialize(42, b);
    mlp.initialize(43, c);
    CHECK(a == b);
    CHECK(a != c);
    // torch.nn.Linear's bound 1/√fan_in: the first layer has fan_in 2
    for (std::size_t i = 0; i < 48; ++i) CHECK(std::abs(a[i]) <= 1 / std::sqrt(2.0));
}

TEST_CASE("model configs are checked", "[models]") {
    models::model m;
    models::config c;
    CHECK_FALSE(models::default_config("svm", c));
    REQUIRE(models::default_config("mlp", c));
    c.hidden = {128};
    CHECK(models::model::create(c, 2, 2, m).error.find("hidden[0] = 128 is outside [1, 64]") != std::string::npos);
    c.hidden = {4, 4, 4};
    CHECK(models::model::create(c, 2, 2, m).error.find("1 or 2") != std::string::npos);
}
