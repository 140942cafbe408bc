#pragma once
/// The six-hump camel  (4 − 2.1x² + x⁴/3) x² + xy + (−4 + 4y²) y²: six local minima, two global
/// at ±(0.0898, −0.7127), value −1.0316. No arguments.
#include <vector>

#include "losslab/surfaces/info.hpp"

namespace losslab::surfaces {

struct camel {
    struct config {};
    static const surface_info& info() {
        static const surface_info i = {
            "camel", {}, {-2, 2, -1.2, 1.2}, 1e3,
            R"(\left(4 - 2.1x^2 + \tfrac{x^4}{3}\right)x^2 + xy + (-4 + 4y^2)\,y^2)",
            "Six-hump camel: six local minima, two of them global."};
        return i;
    }
    static double value(const config&, double x, double y) {
        const double x2 = x * x, y2 = y * y;
        return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
    }
    static void gradient(const config&, double x, double y, double& gx, double& gy) {
        const double x2 = x * x;
        gx = 8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y;
        gy = x - 8 * y + 16 * y * y * y;
    }
    static std::vector<point> minima(const config& c) {
        std::vector<point> out = {{0.08984201310031807, -0.7126564030207396, 0},
                                  {-0.08984201310031807, 0.7126564030207396, 0},
                                  {-1.703606714969981, 0.7960835686726251, 0},
                                  {1.703606714969981, -0.7960835686726251, 0},
                                  {-1.6071047529201974, -0.5686514548841313, 0},
                                  {1.6071047529201974, 0.5686514548841313, 0}};
        for (auto& p : out) p.value = value(c, p.x, p.y);
        return out;
    }
};

}  // namespace losslab::surfaces
