// Optimizers against hand-derived updates (one parameter θ₀ = 1, lr = 0.1, the fixed gradient
// sequence 1, 2, −1), plus limits and convergence on the shared surfaces.
#include <catch2/catch.hpp>
#include <cmath>

#include "losslab/optim/optimizer.hpp"
#include "losslab/optim/trajectory.hpp"
#include "support/numeric.hpp"

using namespace losslab;
using losslab::testing::close;

namespace {

/// Runs the optimizer on θ₀ = 1 for the given gradient sequence; returns θ after each step.
std::vector<double> run(const optim::spec& spec, const std::vector<double>& grads) {
    optim::optimizer opt;
    const status s = optim::optimizer::create(spec, opt);
    INFO(s.error);
    REQUIRE(s.ok());
    opt.reset(1);
    std::vector<double> theta = {1}, out;
    for (double g : grads) {
        opt.step(theta, {g}, opt.lr());
        out.push_back(theta[0]);
    }
    return out;
}

// Each optimizer's config with its lr (torch's defaults otherwise), and `set` applied to it.
template <class C>
C with_lr(double lr) {
    C c;
    c.lr = lr;
    return c;
}
optim::sgd::config sgd(double lr) { return with_lr<optim::sgd::config>(lr); }
optim::rmsprop::config rmsprop(double lr) { return with_lr<optim::rmsprop::config>(lr); }
optim::adagrad::config adagrad(double lr) { return with_lr<optim::adagrad::config>(lr); }
optim::adam::config adam(double lr) { return with_lr<optim::adam::config>(lr); }
optim::adamw::config adamw(double lr) { return with_lr<optim::adamw::config>(lr); }
template <class C, class F>
C with(C c, F set) {
    set(c);
    return c;
}

const std::vector<double> sequence = {1, 2, -1};

}  // namespace

TEST_CASE("sgd with momentum matches hand-derived steps", "[optim][sgd]") {
    SECTION("plain") {
        const auto t = run(sgd(0.1), sequence);
        CHECK(t[0] == Approx(0.9).epsilon(1e-15));
        CHECK(t[1] == Approx(0.7).epsilon(1e-15));
        CHECK(t[2] == Approx(0.8).epsilon(1e-15));
    }
    SECTION("momentum 0.9: b = 1, 2.9, 1.61") {
        const auto t = run(with(sgd(0.1), [](auto& c) { c.momentum = 0.9; }), sequence);
        CHECK(t[0] == Approx(0.9).epsilon(1e-14));
        CHECK(t[1] == Approx(0.61).epsilon(1e-14));
        CHECK(t[2] == Approx(0.449).epsilon(1e-14));
    }
    SECTION("nesterov: d = 1.9, 4.61, 0.449") {
        const auto t = run(with(sgd(0.1), [](auto& c) { c.momentum = 0.9; c.nesterov = true; }), sequence);
        CHECK(t[0] == Approx(0.81).epsilon(1e-14));
        CHECK(t[1] == Approx(0.349).epsilon(1e-14));
        CHECK(t[2] == Approx(0.3041).epsilon(1e-13));
    }
    SECTION("dampening 0.5 skips the first step's dampening, as torch") {
        const auto t = run(with(sgd(0.1), [](auto& c) { c.momentum = 0.9; c.dampening = 0.5; }), sequence);
        CHECK(t[0] == Approx(0.9).epsilon(1e-14));
        CHECK(t[1] == Approx(0.71).epsilon(1e-14));
        CHECK(t[2] == Approx(0.589).epsilon(1e-14));
    }
    SECTION("weight_decay 0.5 adds 0.5 θ to the gradient") {
        const auto t = run(with(sgd(0.1), [](auto& c) { c.weight_decay = 0.5; }), sequence);
        CHECK(t[0] == Approx(0.85).epsilon(1e-14));
        CHECK(t[1] == Approx(0.6075).epsilon(1e-14));
        CHECK(t[2] == Approx(0.677125).epsilon(1e-14));
    }
}

TEST_CASE("rmsprop matches hand-derived steps", "[optim][rmsprop]") {
    const double eps = 1e-8;
    SECTION("plain: v = 0.01, 0.0499, 0.059401") {
        const auto t = run(rmsprop(0.1), sequence);
        const double t1 = 1 - 0.1 * 1 / (std::sqrt(0.01) + eps);
        const double t2 = t1 - 0.1 * 2 / (std::sqrt(0.0499) + eps);
        const double t3 = t2 + 0.1 * 1 / (std::sqrt(0.059401) + eps);
        CHECK(t[0] == Approx(t1).margin(1e-14));
        CHECK(t[1] == Approx(t2).epsilon(1e-13));
        CHECK(t[2] == Approx(t3).epsilon(1e-13));
    }
    SECTION("centered subtracts the squared mean gradient: ḡ = 0.01, 0.0299, 0.019601") {
        const auto t = run(with(rmsprop(0.1), [](auto& c) { c.centered = true; }), sequence);
        const double t1 = 1 - 0.1 / (std::sqrt(0.01 - 0.0001) + eps);
        const double t2 = t1 - 0.2 / (std::sqrt(0.0499 - 0.0299 * 0.0299) + eps);
        const double t3 = t2 + 0.1 / (std::sqrt(0.059401 - 0.019601 * 0.019601) + eps);
        CHECK(t[0] == Approx(t1).margin(1e-14));
        CHECK(t[1] == Approx(t2).epsilon(1e-13));
        CHECK(t[2] == Approx(t3).epsilon(1e-13));
    }
    SECTION("momentum accumulates g / s") {
        const auto t = run(with(rmsprop(0.1), [](auto& c) { c.momentum = 0.5; }), sequence);
        const double b1 = 1 / (0.1 + eps), b2 = 0.5 * b1 + 2 / (std::sqrt(0.0499) + eps);
        const double b3 = 0.5 * b2 - 1 / (std::sqrt(0.059401) + eps);
        CHECK(t[0] == Approx(1 - 0.1 * b1).margin(1e-13));
        CHECK(t[1] == Approx(1 - 0.1 * (b1 + b2)).epsilon(1e-13));
        CHECK(t[2] == Approx(1 - 0.1 * (b1 + b2 + b3)).epsilon(1e-13));
    }
}

TEST_CASE("adagrad matches hand-derived steps", "[optim][adagrad]") {
    const double eps = 1e-10;
    SECTION("sum = 1, 5, 6") {
        const auto t = run(adagrad(0.1), sequence);
        const double t1 = 1 - 0.1 / (1 + eps), t2 = t1 - 0.2 / (std::sqrt(5.0) + eps),
                     t3 = t2 + 0.1 / (std::sqrt(6.0) + eps);
        CHECK(t[0] == Approx(t1).epsilon(1e-14));
        CHECK(t[1] == Approx(t2).epsilon(1e-14));
        CHECK(t[2] == Approx(t3).epsilon(1e-14));
    }
    SECTION("initial_accumulator_value 1 and lr_decay 0.5") {
        const auto t = run(with(adagrad(0.1), [](auto& c) { c.initial_accumulator_value = 1; c.lr_decay = 0.5; }), sequence);
        const double t1 = 1 - 0.1 / (std::sqrt(2.0) + eps);
        const double t2 = t1 - (0.1 / 1.5) * 2 / (std::sqrt(6.0) + eps);
        const double t3 = t2 + (0.1 / 2) / (std::sqrt(7.0) + eps);
        CHECK(t[0] == Approx(t1).epsilon(1e-14));
        CHECK(t[1] == Approx(t2).epsilon(1e-14));
        CHECK(t[2] == Approx(t3).epsilon(1e-14));
    }
}

TEST_CASE("adam matches hand-derived steps", "[optim][adam]") {
    const double eps = 1e-8;
    SECTION("m = 0.1, 0.29, 0.161; v = 0.001, 0.004999, 0.005994001") {
        const auto t = run(adam(0.1), sequence);
        const double t1 = 1 - 0.1 * 1 / (1 + eps);
        const double t2 = t1 - 0.1 * (0.29 / 0.19) / (std::sqrt(0.004999 / 0.001999) + eps);
        const double t3 = t2 - 0.1 * (0.161 / 0.271) / (std::sqrt(0.005994001 / 0.002997001) + eps);
        CHECK(t[0] == Approx(t1).epsilon(1e-13));
        CHECK(t[1] == Approx(t2).epsilon(1e-12));
        CHECK(t[2] == Approx(t3).epsilon(1e-12));
    }
    SECTION("without bias correction the first step is lr·m/(√v + ε) = 0.1·0.1/√0.001") {
        const auto t = run(with(adam(0.1), [](auto& c) { c.bias_correction = false; }), sequence);
        CHECK(t[0] == Approx(1 - 0.1 * 0.1 / (std::sqrt(0.001) + eps)).epsilon(1e-13));
        CHECK(t[1] == Approx(t[0] - 0.1 * 0.29 / (std::sqrt(0.004999) + eps)).epsilon(1e-13));
    }
    SECTION("amsgrad keeps the largest v: 0.1 after gradients 10, 0.1") {
        const auto t = run(with(adam(0.1), [](auto& c) { c.amsgrad = true; }), {10, 0.1, 0.1});
        const double t1 = 1 - 0.1 * 10 / (10 + eps);  // m̂ = 10, √v̂ = 10
        const double t2 = t1 - 0.1 * (0.91 / 0.19) / (std::sqrt(0.1 / 0.001999) + eps);
        CHECK(t[0] == Approx(t1).epsilon(1e-13));
        CHECK(t[1] == Approx(t2).epsilon(1e-12));
        const auto plain = run(adam(0.1), {10, 0.1, 0.1});
        CHECK(plain[1] < t[1]);  // the smaller v of plain Adam gives a larger step
    }
    SECTION("L2 weight_decay adds λθ to the gradient before the moments") {
        const auto t = run(with(adam(0.1), [](auto& c) { c.weight_decay = 0.5; }), sequence);
        CHECK(t[0] == Approx(1 - 0.1 / (1 + eps / 1.5)).epsilon(1e-13));  // m̂ = 1.5, √v̂ = 1.5
    }
    SECTION("betas given as an array") {
        const auto t = run(with(adam(0.1), [](auto& c) { c.beta1 = 0.5, c.beta2 = 0.9; }), sequence);
        // m1 = 0.5, v1 = 0.1 → m̂ = 1, v̂ = 1
        CHECK(t[0] == Approx(1 - 0.1 / (1 + eps)).epsilon(1e-13));
        const double m2 = 0.25 + 1, v2 = 0.09 + 0.4;
        CHECK(t[1] == Approx(t[0] - 0.1 * (m2 / 0.75) / (std::sqrt(v2 / 0.19) + eps)).epsilon(1e-12));
    }
}

TEST_CASE("adamw decays decoupled from the adaptive step", "[optim][adamw]") {
    SECTION("first steps: θ (1 − lr λ) then the Adam step") {
        const auto t = run(with(adamw(0.1), [](auto& c) { c.weight_decay = 0.1; }), sequence);
        const double t1 = 1 * (1 - 0.01) - 0.1 / (1 + 1e-8);
        CHECK(t[0] == Approx(t1).epsilon(1e-13));
        const double t2 = t1 * 0.99 - 0.1 * (0.29 / 0.19) / (std::sqrt(0.004999 / 0.001999) + 1e-8);
        CHECK(t[1] == Approx(t2).epsilon(1e-12));
    }
    SECTION("with a zero gradient θ shrinks by exactly (1 − lr λ) per step") {
        optim::optimizer opt;
        REQUIRE(optim::optimizer::create(with(adamw(0.1), [](auto& c) { c.weight_decay = 0.01; }), opt).ok());
        std::vector<double> theta = {2, -3}, zero = {0, 0};
        opt.reset(2);
        for (int step = 0; step < 50; ++step) {
            const std::vector<double> before = theta;
            opt.step(theta, zero, 0.1);
            CHECK(theta[0] == before[0] * (1 - 0.1 * 0.01));
            CHECK(theta[1] == before[1] * (1 - 0.1 * 0.01));
        }
        CHECK(theta[0] == Approx(2 * std::pow(0.999, 50)).epsilon(1e-13));
    }
}

TEST_CASE("momentum under a constant gradient tends to g / (1 - momentum)", "[optim][sgd]") {
    for (double mu : {0.5, 0.9, 0.99}) {
        CAPTURE(mu);
        optim::optimizer opt;
        REQUIRE(optim::optimizer::create(with(sgd(0.01), [&](auto& c) { c.momentum = mu; }), opt).ok());
        std::vector<double> theta = {0};
        opt.reset(1);
        for (int i = 0; i < 3000; ++i) opt.step(theta, {2.0}, 0.01);
        CHECK(opt.first()[0] == Approx(2 / (1 - mu)).epsilon(1e-9));
        CHECK(opt.last_step()[0] == Approx(-0.01 * 2 / (1 - mu)).epsilon(1e-9));
    }
}

TEST_CASE("optimizer arguments are checked with clear messages", "[optim]") {
    // (Unknown argument names are the JS API's to reject: tests/web/configs.test.ts.)
    optim::spec unknown;
    CHECK_FALSE(optim::default_spec("adamax", unknown));
    optim::optimizer opt;
    CHECK(optim::optimizer::create(sgd(0), opt).error.find("lr = 0 is outside (0, inf]") != std::string::npos);
    CHECK(optim::optimizer::create(with(adam(0.001), [](auto& c) { c.beta2 = 1.0; }), opt).error.find("betas[1] = 1 is outside [0, 1)") !=
          std::string::npos);
    CHECK(optim::optimizer::create(with(sgd(0.001), [](auto& c) { c.nesterov = true; }), opt).error.find("nesterov needs momentum") !=
          std::string::npos);
}

TEST_CASE("every optimizer lowers the loss on the quadratic and on Rosenbrock", "[optim][convergence]") {
    const auto momentum = [](auto& c) { c.momentum = 0.9; };
    const optim::spec quadratic_setups[] = {
        sgd(0.05),   with(sgd(0.02), momentum), rmsprop(0.01),
        adagrad(0.5), adam(0.05),                adamw(0.05),
    };
    const optim::spec rosenbrock_setups[] = {
        sgd(0.001),  with(sgd(0.0002), momentum), rmsprop(0.002),
        adagrad(0.1), adam(0.02),                  adamw(0.02),
    };
    for (const auto& [problem_name, setups, start_x, start_y, steps] :
         {std::make_tuple("quadratic", quadratic_setups, 2.0, 2.0, 300L),
          std::make_tuple("rosenbrock", rosenbrock_setups, -1.5, 2.0, 2000L)}) {
        for (int i = 0; i < 6; ++i) {
            CAPTURE(problem_name, optim::name_of(setups[i]), i);
            optim::run_config c;
            REQUIRE(surfaces::default_spec(problem_name, c.surface));
            c.optimizer = setups[i];
            c.start_x = start_x;
            c.start_y = start_y;
            c.steps = steps;
            optim::trajectory t;
            REQUIRE(optim::optimize(c, t).ok());
            REQUIRE_FALSE(t.diverged);
            CHECK(t.loss.back() < (std::string(problem_name) == "quadratic" ? 0.01 : 0.2) * t.loss.front());
        }
    }
}

TEST_CASE("optimize records every step and stops before a point that leaves the box", "[optim][trajectory]") {
    optim::run_config c;
    REQUIRE(surfaces::default_spec("saddle", c.surface));
    c.optimizer = sgd(0.1);
    c.start_x = 1;
    c.start_y = 0.01;
    c.steps = 100;
    optim::trajectory t;
    REQUIRE(optim::optimize(c, t).ok());
    // y grows by 1.2 per step: 0.01·1.2^k > 10 first at k = 38.
    REQUIRE(t.diverged);
    CHECK(t.diverged_step == 38);
    CHECK(t.path.size() == 2 * 38);
    CHECK(t.lr.size() == 37);
    CHECK(t.loss.size() == 38);
    for (double v : t.path) CHECK(std::abs(v) <= 10);
}
