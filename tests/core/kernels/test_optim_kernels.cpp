// Fused float optimizer kernels (losslab/kernels) against a plain scalar double implementation of
// the same torch.optim update, written here line by line from the torch documentation's
// pseudo-code, over several steps with a new gradient each step.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "losslab/kernels/adam.hpp"
#include "losslab/kernels/rmsprop.hpp"
#include "losslab/kernels/sgd_momentum.hpp"

using namespace losslab::kernels;

namespace {

struct rng {
    std::uint64_t state;
    double uniform() {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return double(state >> 11) * 0x1p-53;
    }
    double range(double lo, double hi) { return lo + (hi - lo) * uniform(); }
};

/// A gradient for step `t`: mixed scales, some exact zeros, some large.
std::vector<float> gradient(std::size_t n, std::uint64_t seed) {
    rng r{seed};
    std::vector<float> g(n);
    for (float& v : g) {
        const double pick = r.uniform();
        v = pick < 0.05 ? 0.0f : pick < 0.15 ? float(r.range(-100, 100)) : float(r.range(-1, 1) * std::pow(10.0, r.range(-6, 0)));
    }
    return g;
}

std::vector<float> initial_params(std::size_t n) {
    rng r{99};
    std::vector<float> p(n);
    for (float& v : p) v = float(r.range(-3, 3));
    return p;
}

/// |a − b| <= 1e-5 |b| + floor for every element.
void check_close(const std::vector<float>& got, const std::vector<double>& want, double floor) {
    for (std::size_t i = 0; i < want.size(); ++i) {
        CAPTURE(i, got[i], want[i]);
        REQUIRE(std::fabs(double(got[i]) - want[i]) <= 1e-5 * std::fabs(want[i]) + floor);
    }
}

constexpr std::size_t n = 1003;  // not a multiple of the lane count: the tail is covered
constexpr int steps = 8;

}  // namespace

TEST_CASE("fused adam and adamw follow torch.optim over eight steps", "[kernels][adam]") {
    for (const bool decoupled : {false, true}) {
        for (const double weight_decay : {0.0, 0.05}) {
            CAPTURE(decoupled, weight_decay);
            adam_config c;
            c.lr = 1e-2;
            c.weight_decay = weight_decay;
            c.decoupled = decoupled;
            std::vector<float> p = initial_params(n), m(n, 0.0f), v(n, 0.0f);
            std::vector<double> rp(p.begin(), p.end()), rm(n, 0.0), rv(n, 0.0);
            for (int t = 1; t <= steps; ++t) {
                const std::vector<float> g = gradient(n, std::uint64_t(t));
                adam_step(c, std::uint64_t(t), p.data(), g.data(), m.data(), v.data(), n);
                for (std::size_t i = 0; i < n; ++i) {
                    double grad = g[i];
                    if (decoupled) rp[i] *= 1 - c.lr * c.weight_decay;
                    else grad += c.weight_decay * rp[i];
                    rm[i] = c.beta1 * rm[i] + (1 - c.beta1) * grad;
                    rv[i] = c.beta2 * rv[i] + (1 - c.beta2) * grad * grad;
                    const double m_hat = rm[i] / (1 - std::pow(c.beta1, t));
                    const double v_hat = rv[i] / (1 - std::pow(c.beta2, t));
                    rp[i] -= c.lr * m_hat / (std::sqrt(v_hat) + c.eps);
                }
            }
            check_close(p, rp, 1e-6);
        }
    }
}

TEST_CASE("adam's first step moves each parameter by lr against the gradient's sign", "[kernels][adam]") {
    // m̂ = g and v̂ = g² after one step, so the update is −lr · g / (|g| + ε).
    adam_config c;
    c.lr = 0.1;
    std::vector<float> p = {1.0f, 1.0f, 1.0f, 1.0f, 1.0f}, m(5, 0.0f), v(5, 0.0f);
    const std::vector<float> g = {2.0f, -0.5f, 1e-3f, 0.0f, -40.0f};
    adam_step(c, 1, p.data(), g.data(), m.data(), v.data(), 5);
    CHECK(p[0] == Approx(0.9));
    CHECK(p[1] == Approx(1.1));
    CHECK(p[2] == Approx(1.0 - 0.1 * 1e-3 / (1e-3 + 1e-8)));
    CHECK(p[3] == 1.0f);
    CHECK(p[4] == Approx(1.1));
}

TEST_CASE("fused sgd with momentum follows torch.optim.SGD over eight steps", "[kernels][sgd]") {
    for (const bool nesterov : {false, true}) {
        for (const double dampening : {0.0, 0.3}) {
            for (const double momentum : {0.0, 0.9}) {
                if (nesterov && dampening != 0) continue;  // torch forbids nesterov with dampening
                CAPTURE(nesterov, dampening, momentum);
                sgd_config c;
                c.lr = 0.05;
                c.momentum = momentum;
                c.dampening = dampening;
                c.weight_decay = 0.01;
                c.nesterov = nesterov;
                std::vector<float> p = initial_params(n), buf(n, 0.0f);
                std::vector<double> rp(p.begin(), p.end()), rb(n, 0.0);
                for (int t = 1; t <= steps; ++t) {
                    const std::vector<float> g = gradient(n, std::uint64_t(100 + t));
                    sgd_momentum_step(c, t == 1, p.data(), g.data(), buf.data(), n);
                    for (std::size_t i = 0; i < n; ++i) {
                        double d = double(g[i]) + c.weight_decay * rp[i];
                        if (momentum != 0) {
                            rb[i] = t == 1 ? d : momentum * rb[i] + (1 - dampening) * d;
                            d = nesterov ? d + momentum * rb[i] : rb[i];
                        }
                        rp[i] -= c.lr * d;
                    }
                }
                check_close(p, rp, 1e-6);
            }
        }
    }
}

TEST_CASE("fused rmsprop follows torch.optim.RMSprop over eight steps", "[kernels][rmsprop]") {
    for (const bool centered : {false, true}) {
        for (const double momentum : {0.0, 0.8}) {
            CAPTURE(centered, momentum);
            rmsprop_config c;
            c.lr = 1e-3;
            c.momentum = momentum;
            c.centered = centered;
            c.weight_decay = 0.02;
            std::vector<float> p = initial_params(n), sq(n, 0.0f), avg(n, 0.0f), buf(n, 0.0f);
            std::vector<double> rp(p.begin(), p.end()), rsq(n, 0.0), ravg(n, 0.0), rbuf(n, 0.0);
            for (int t = 1; t <= steps; ++t) {
                const std::vector<float> g = gradient(n, std::uint64_t(200 + t));
                rmsprop_step(c, p.data(), g.data(), sq.data(), centered ? avg.data() : nullptr,
                             momentum != 0 ? buf.data() : nullptr, n);
                for (std::size_t i = 0; i < n; ++i) {
                    const double grad = double(g[i]) + c.weight_decay * rp[i];
                    rsq[i] = c.alpha * rsq[i] + (1 - c.alpha) * grad * grad;
                    double denom;
                    if (centered) {
                        ravg[i] = c.alpha * ravg[i] + (1 - c.alpha) * grad;
                        denom = std::sqrt(rsq[i] - ravg[i] * ravg[i]) + c.eps;
                    } else {
                        denom = std::sqrt(rsq[i]) + c.eps;
                    }
                    if (momentum != 0) {
                        rbuf[i] = momentum * rbuf[i] + grad / denom;
                        rp[i] -= c.lr * rbuf[i];
                    } else {
                        rp[i] -= c.lr * grad / denom;
                    }
                }
            }
            check_close(p, rp, 1e-6);
            check_close(sq, rsq, 1e-12);
        }
    }
}

TEST_CASE("fused kernels update each parameter identically whatever the tensor length", "[kernels]") {
    const std::vector<float> g = gradient(37, 5);
    std::vector<float> full_p = initial_params(37), full_m(37, 0.0f), full_v(37, 0.0f);
    adam_step(adam_config{}, 1, full_p.data(), g.data(), full_m.data(), full_v.data(), 37);
    for (const std::size_t len : {1, 2, 3, 5, 6, 7, 33}) {
        CAPTURE(len);
        std::vector<float> p = initial_params(37), m(37, 0.0f), v(37, 0.0f);
        adam_step(adam_config{}, 1, p.data(), g.data(), m.data(), v.data(), len);
        for (std::size_t i = 0; i < len; ++i) CHECK(p[i] == full_p[i]);
        for (std::size_t i = len; i < 37; ++i) CHECK(m[i] == 0.0f);  // nothing past the end is touched
    }
}
