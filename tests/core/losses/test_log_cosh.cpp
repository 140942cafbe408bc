#include <catch2/catch.hpp>
#include <cmath>

#include "loss_runner.hpp"

using namespace losslab::testing;

TEST_CASE("log_cosh at 1000 is 1000 - log 2, without overflow", "[loss][log_cosh]") {
    // cosh(1000) overflows a double; the stable form gives 1000 - log 2 + log1p(e^-2000)
    CHECK(value_at("log_cosh", 1000, 0) == Approx(999.306852819440).epsilon(1e-14));
    CHECK(value_at("log_cosh", 0, -1000) == Approx(1000 - std::log(2.0)).epsilon(1e-15));
    CHECK(grad_at("log_cosh", 1000, 0) == 1.0);
    CHECK(grad_at("log_cosh", -1000, 0) == -1.0);
}

TEST_CASE("log_cosh matches log(cosh r) and tanh r at moderate residuals", "[loss][log_cosh]") {
    for (double r : {-5.0, -1.0, -0.3, 0.999, 1.0, 2.5, 20.0}) {
        CAPTURE(r);
        CHECK(value_at("log_cosh", r, 0) == Approx(std::log(std::cosh(r))).epsilon(1e-13));
        CHECK(grad_at("log_cosh", r, 0) == Approx(std::tanh(r)).epsilon(1e-15));
    }
    // near 0 it is r^2/2 - r^4/12 to full relative precision
    const double r = 1e-6;
    CHECK(value_at("log_cosh", r, 0) == Approx(r * r / 2 - r * r * r * r / 12).epsilon(1e-14));
}
