#pragma once
/// Rosenbrock's valley  (a − x)² + b (y − x²)², a = 1, b = 100 (the classic constants, as
/// scipy.optimize.rosen); minimum (a, a²), value 0. A curved, flat-bottomed valley.
#include <vector>

#include "losslab/surfaces/info.hpp"

namespace losslab::surfaces {

struct rosenbrock {
    struct config {
        double a = 1;    ///< in [-3, 3]
        double b = 100;  ///< in [0.1, 1000]
    };
    static const surface_info& info() {
        static const surface_info i = {
            "rosenbrock",
            {{"a", 1, -3, 3, "position of the minimum (a, a²)"}, {"b", 100, 0.1, 1000, "steepness of the valley walls"}},
            {-2, 2, -1, 3},
            1e3,
            R"((a - x)^2 + b\,(y - x^2)^2)",
            "A curved, flat-bottomed valley: easy to find, slow to follow to the minimum."};
        return i;
    }
    static double value(const config& c, double x, double y) {
        return (c.a - x) * (c.a - x) + c.b * (y - x * x) * (y - x * x);
    }
    static void gradient(const config& c, double x, double y, double& gx, double& gy) {
        gx = -2 * (c.a - x) - 4 * c.b * x * (y - x * x);
        gy = 2 * c.b * (y - x * x);
    }
    static std::vector<point> minima(const config& c) { return {{c.a, c.a * c.a, 0}}; }
};

}  // namespace losslab::surfaces
