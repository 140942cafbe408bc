// Schedules: the closed forms against torch's step-by-step ("chainable") recursions, exact step
// boundaries and exact endpoints.
#include <catch2/catch.hpp>
#include <cmath>

#include "losslab/schedules/schedule.hpp"
#include "support/numeric.hpp"

using namespace losslab;
using losslab::testing::close;

namespace {
constexpr double pi = 3.14159265358979323846;

namespace sc = schedules;

sc::schedule make(const sc::spec& spec, double lr, const sc::warmup::config& warmup = {}) {
    sc::schedule out;
    const status st = sc::schedule::create(spec, warmup, lr, 0, out);
    INFO(st.error);
    REQUIRE(st.ok());
    return out;
}

sc::spec step(long step_size, double gamma) {
    sc::step::config c;
    c.step_size = step_size;
    c.gamma = gamma;
    return c;
}
sc::spec exponential(double gamma) {
    sc::exponential::config c;
    c.gamma = gamma;
    return c;
}
sc::spec cosine(long T_max, double eta_min) {
    sc::cosine::config c;
    c.T_max = T_max;
    c.eta_min = eta_min;
    return c;
}
sc::spec warm_restarts(long T_0, long T_mult, double eta_min) {
    sc::cosine_warm_restarts::config c;
    c.T_0 = T_0;
    c.T_mult = T_mult;
    c.eta_min = eta_min;
    return c;
}
sc::one_cycle::config one_cycle(double max_lr, long total_steps) {
    sc::one_cycle::config c;
    c.max_lr = max_lr;
    c.total_steps = total_steps;
    return c;
}
}  // namespace

TEST_CASE("closed-form schedules equal torch's step-by-step recursions", "[schedules]") {
    const double base = 0.1;
    SECTION("step: multiply by gamma when t is a multiple of step_size") {
        const auto s = make(step(7, 0.5), base);
        double lr = base;
        for (long t = 0; t < 300; ++t) {
            if (t > 0 && t % 7 == 0) lr *= 0.5;
            CHECK(close(s.lr(t), lr, 1e-13));
        }
    }
    SECTION("exponential") {
        const auto s = make(exponential(0.98), base);
        double lr = base;
        for (long t = 0; t < 300; ++t) {
            if (t > 0) lr *= 0.98;
            CHECK(close(s.lr(t), lr, 1e-12));
        }
    }
    SECTION("cosine, including past T_max") {
        const double eta_min = 1e-3;
        const long T = 50;
        const auto s = make(cosine(T, eta_min), base);
        double lr = base;
        for (long t = 0; t < 300; ++t) {
            if (t > 0) {
                if ((t - 1 - T) % (2 * T) == 0) {
                    lr = lr + (base - eta_min) * (1 - std::cos(pi / double(T))) / 2;
                } else {
                    lr = (1 + std::cos(pi * double(t) / double(T))) / (1 + std::cos(pi * double(t - 1) / double(T))) *
                             (lr - eta_min) + eta_min;
                }
            }
            CAPTURE(t);
            CHECK(close(s.lr(t), lr, 1e-10, 1e-15));
        }
    }
    SECTION("cosine warm restarts count T_cur up and multiply the period by T_mult") {
        const auto s = make(warm_restarts(10, 2, 0.01), base);
        long t_cur = 0, t_i = 10;
        for (long t = 0; t < 300; ++t) {
            if (t > 0) {
                t_cur += 1;
                if (t_cur >= t_i) {
                    t_cur -= t_i;
                    t_i *= 2;
                }
            }
            const double expected = 0.01 + (base - 0.01) * (1 + std::cos(pi * double(t_cur) / double(t_i))) / 2;
            CHECK(s.lr(t) == expected);
        }
        CHECK(s.lr(10) == base);  // restarts at 10, 30, 70, 150
        CHECK(s.lr(30) == base);
        CHECK(s.lr(70) == base);
    }
    SECTION("linear warmup then the main schedule shifted by warmup_steps") {
        sc::warmup::config warmup;
        warmup.start_factor = 0.25;
        warmup.warmup_steps = 4;
        const auto s = make(step(10, 0.5), base, warmup);
        // torch's LinearLR recursion: lr_t = lr_{t-1} (1 + (1 − f) / (W f + (t − 1)(1 − f)))
        double lr = base * 0.25;
        for (long t = 0; t < 4; ++t) {
            if (t > 0) lr *= 1 + (1 - 0.25) / (4 * 0.25 + double(t - 1) * (1 - 0.25));
            CHECK(close(s.lr(t), lr, 1e-14));
        }
        CHECK(s.lr(4) == base);
        CHECK(s.lr(13) == base);
        CHECK(s.lr(14) == base * 0.5);
    }
}

TEST_CASE("step schedule boundaries are exact", "[schedules]") {
    const auto s = make(step(30, 0.5), 0.08);
    CHECK(s.lr(0) == 0.08);
    CHECK(s.lr(29) == 0.08);
    CHECK(s.lr(30) == 0.04);
    CHECK(s.lr(59) == 0.04);
    CHECK(s.lr(60) == 0.02);
}

TEST_CASE("cosine endpoints are exact", "[schedules]") {
    const auto s = make(cosine(150, 1e-4), 0.1);
    CHECK(s.lr(0) == 0.1);
    CHECK(s.lr(150) == 1e-4);
    CHECK(s.lr(75) == Approx((0.1 + 1e-4) / 2).epsilon(1e-14));
}

TEST_CASE("one_cycle follows torch's OneCycleLR phases", "[schedules][one_cycle]") {
    const auto s = make(one_cycle(1.0, 100), 0.5);
    const double initial = 1.0 / 25, min_lr = initial / 1e4;
    CHECK(s.lr(0) == Approx(initial).epsilon(1e-15));
    CHECK(s.lr(29) == Approx(1.0).epsilon(1e-15));  // end of phase 1: pct_start·total − 1
    CHECK(s.lr(99) == Approx(min_lr).epsilon(1e-12));
    // mid phase 1: pct = 14.5/29 → cos annealing between initial and max
    const double pct = 14.0 / 29;
    CHECK(s.lr(14) == Approx(1.0 + (initial - 1.0) / 2 * (std::cos(pi * pct) + 1)).epsilon(1e-14));
    CHECK(s.cycles_momentum());
    CHECK(s.momentum(0) == Approx(0.95));
    CHECK(s.momentum(29) == Approx(0.85));
    CHECK(s.momentum(99) == Approx(0.95));
    auto three_phase = one_cycle(1.0, 100);
    three_phase.anneal_strategy = sc::one_cycle::anneal::linear;
    three_phase.three_phase = true;
    const auto linear = make(three_phase, 0.5);
    CHECK(linear.lr(0) == initial);
    CHECK(linear.lr(29) == 1.0);
    CHECK(linear.lr(58) == Approx(initial).epsilon(1e-15));  // back down at 2·pct_start·total − 2
    CHECK(linear.lr(99) == Approx(min_lr).epsilon(1e-12));
    CHECK(linear.lr(14) == Approx(initial + (1.0 - initial) * 14.0 / 29).epsilon(1e-14));
}

TEST_CASE("schedule arguments are checked", "[schedules]") {
    // (Unknown argument names are the JS API's to reject: tests/web/configs.test.ts.)
    sc::schedule s;
    CHECK(sc::schedule::create(sc::cosine::config{}, {}, 0.1, 0, s).error.find("needs T_max") != std::string::npos);
    sc::spec unknown;
    CHECK_FALSE(sc::default_spec("triangle", unknown));
    CHECK(sc::schedule::create(step(10, -0.5), {}, 0.1, 0, s).error.find("gamma = -0.5 is outside") != std::string::npos);
    CHECK(sc::schedule::create(one_cycle(1.0, 0), {}, 0.1, 0, s).error.find("needs total_steps") != std::string::npos);
}
