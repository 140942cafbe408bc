// output_bias: the prior-probability initialisation of the focal loss paper (Lin et al. 2017).
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "losslab/models/model.hpp"

using namespace losslab;

namespace {
models::config with_bias(const std::string& name, double bias, std::initializer_list<long> hidden = {}) {
    models::config c;
    REQUIRE(models::default_config(name, c));
    if (hidden.size()) c.hidden = hidden;
    c.has_output_bias = true;
    c.output_bias = bias;
    return c;
}

models::model make_with_bias(const std::string& name, double bias, std::initializer_list<long> hidden = {}) {
    models::model m;
    const status st = models::model::create(with_bias(name, bias, hidden), 2, 2, m);
    INFO(st.error);
    REQUIRE(st.ok());
    return m;
}
}  // namespace

TEST_CASE("output_bias starts a binary model at the prior probability", "[model][output_bias]") {
    const double prior = 1.0 / 101.0;  // one positive per hundred negatives
    const double bias = std::log(prior / (1 - prior));
    for (const char* name : {"logistic", "mlp"}) {
        CAPTURE(name);
        const auto m = make_with_bias(name, bias, std::string(name) == "mlp" ? std::initializer_list<long>{8} : std::initializer_list<long>{});
        std::vector<double> theta;
        m.initialize(3, theta);
        REQUIRE(theta.back() == bias);
        // With the input at the origin a logistic model outputs exactly its bias: σ(bias) = π.
        if (std::string(name) == "logistic") {
            const std::vector<double> x = {0, 0};
            double z = 0;
            m.forward(theta.data(), x.data(), 1, &z);
            CHECK(1 / (1 + std::exp(-z)) == Approx(prior).epsilon(1e-12));
        }
    }
}

TEST_CASE("output_bias leaves the weights as the same seed draws them", "[model][output_bias]") {
    models::config plain;
    REQUIRE(models::default_config("logistic", plain));
    models::model a;
    REQUIRE(models::model::create(plain, 2, 2, a).ok());
    const auto b = make_with_bias("logistic", -4.6);
    std::vector<double> ta, tb;
    a.initialize(7, ta);
    b.initialize(7, tb);
    REQUIRE(ta.size() == tb.size());
    for (std::size_t i = 0; i + 1 < ta.size(); ++i) CHECK(ta[i] == tb[i]);
    CHECK(tb.back() == -4.6);
}

TEST_CASE("output_bias out of range is an error, not an abort", "[model][output_bias]") {
    models::model m;
    const status st = models::model::create(with_bias("logistic", 1e9), 2, 2, m);
    CHECK_FALSE(st.ok());
    CHECK(st.error.find("output_bias") != std::string::npos);
}
