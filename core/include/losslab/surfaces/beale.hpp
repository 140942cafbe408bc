#pragma once
/// Beale's function  (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²; minimum (3, 0.5),
/// value 0. Flat plateaus and sharp ridges. No arguments.
#include <vector>

#include "losslab/surfaces/info.hpp"

namespace losslab::surfaces {

struct beale {
    struct config {};
    static const surface_info& info() {
        static const surface_info i = {"beale", {}, {-4.5, 4.5, -4.5, 4.5}, 1e3,
                                       R"((1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2)",
                                       "Flat plateaus and sharp ridges; the minimum sits at (3, 0.5)."};
        return i;
    }
    static double value(const config&, double x, double y) {
        const double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y * y, t3 = 2.625 - x + x * y * y * y;
        return t1 * t1 + t2 * t2 + t3 * t3;
    }
    static void gradient(const config&, double x, double y, double& gx, double& gy) {
        const double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y * y, t3 = 2.625 - x + x * y * y * y;
        gx = 2 * t1 * (y - 1) + 2 * t2 * (y * y - 1) + 2 * t3 * (y * y * y - 1);
        gy = 2 * t1 * x + 2 * t2 * 2 * x * y + 2 * t3 * 3 * x * y * y;
    }
    static std::vector<point> minima(const config&) { return {{3, 0.5, 0}}; }
};

}  // namespace losslab::surfaces
