#include <catch2/catch.hpp>
#include <cmath>

#include "losslab/surfaces/surface.hpp"
#include "support/numeric.hpp"

using namespace losslab;
using losslab::testing::central_difference;

namespace {
/// The named surface with its default parameters.
surfaces::surface make(const std::string& name) {
    surfaces::spec spec;
    REQUIRE(surfaces::default_spec(name, spec));
    surfaces::surface s;
    REQUIRE(surfaces::surface::create(spec, s).ok());
    return s;
}
/// The rotated quadratic with condition number kappa and angle in degrees.
surfaces::spec quadratic(double kappa, double angle) {
    surfaces::quadratic::config c;
    c.kappa = kappa;
    c.angle = angle;
    return c;
}
}  // namespace

TEST_CASE("every surface's gradient matches central differences", "[surfaces]") {
    for (const auto& info : surfaces::all_surfaces()) {
        surfaces::surface s = make(info.name);
        if (info.name == "quadratic") REQUIRE(surfaces::surface::create(quadratic(25, 30), s).ok());
        for (const auto& point : {std::pair{0.3, -0.7}, std::pair{-1.2, 1.1}, std::pair{2.0, 0.5}, std::pair{-0.4, -1.9}}) {
            // plain locals: clang 14 (em++) cannot capture structured bindings in a lambda
            const double x = point.first, y = point.second;
            CAPTURE(info.name, x, y);
            double gx, gy;
            s.gradient(x, y, gx, gy);
            const double nx = central_difference([&](double v) { return s.value(v, y); }, x);
            const double ny = central_difference([&](double v) { return s.value(x, v); }, y);
            CHECK(gx == Approx(nx).epsilon(1e-6).margin(1e-6));
            CHECK(gy == Approx(ny).epsilon(1e-6).margin(1e-6));
        }
    }
}

TEST_CASE("the advertised minima are stationary points with the advertised values", "[surfaces]") {
    for (const auto& info : surfaces::all_surfaces()) {
        const surfaces::surface s = make(info.name);
        const auto minima = s.minima();
        if (info.name == "saddle") CHECK(minima.empty());
        for (const auto& m : minima) {
            CAPTURE(info.name, m.x, m.y);
            double gx, gy;
            s.gradient(m.x, m.y, gx, gy);
            CHECK(std::abs(gx) < 1e-9);
            CHECK(std::abs(gy) < 1e-9);
            CHECK(s.value(m.x, m.y) == Approx(m.value).margin(1e-12));
            // a minimum, not a saddle: every nearby point is higher
            for (double a = 0; a < 6.28; a += 0.5) CHECK(s.value(m.x + 1e-3 * std::cos(a), m.y + 1e-3 * std::sin(a)) > m.value);
        }
    }
    const surfaces::surface camel = make("camel");
    CHECK(camel.minima().size() == 6);
    CHECK(camel.minima()[0].value == Approx(-1.0316284534898774).epsilon(1e-14));
}

TEST_CASE("the rotated quadratic has curvatures 1 and kappa along the rotated axes", "[surfaces]") {
    surfaces::surface s;
    REQUIRE(surfaces::surface::create(quadratic(10, 45), s).ok());
    const double c = std::sqrt(0.5);
    CHECK(s.value(c, c) == Approx(0.5));        // along u
    CHECK(s.value(-c, c) == Approx(0.5 * 10));  // along v
}

TEST_CASE("the surface grid is row-major with x varying fastest", "[surfaces]") {
    const surfaces::surface s = make("saddle");
    std::vector<double> grid;
    s.grid({-1, 1, 0, 2}, 3, 2, grid);
    REQUIRE(grid.size() == 6);
    CHECK(grid[0] == 1);   // (-1, 0)
    CHECK(grid[1] == 0);   // (0, 0)
    CHECK(grid[5] == -3);  // (1, 2)
}

TEST_CASE("unknown surfaces and out-of-range parameters are rejected", "[surfaces]") {
    surfaces::spec unknown;
    CHECK_FALSE(surfaces::default_spec("ackley", unknown));
    surfaces::surface s;
    CHECK(surfaces::surface::create(quadratic(0.5, 0), s).error.find("kappa = 0.5 is outside [1, 1000]") !=
          std::string::npos);
}
