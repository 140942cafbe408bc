#pragma once
/// Himmelblau's function  (x² + y − 11)² + (x + y² − 7)²: four minima, value 0. No arguments.
#include <vector>

#include "losslab/surfaces/info.hpp"

namespace losslab::surfaces {

struct himmelblau {
    struct config {};
    static const surface_info& info() {
        static const surface_info i = {"himmelblau", {}, {-5, 5, -5, 5}, 1e3, R"((x^2 + y - 11)^2 + (x + y^2 - 7)^2)",
                                       "Four equal minima: where you start decides where you end."};
        return i;
    }
    static double value(const config&, double x, double y) {
        const double p = x * x + y - 11, q = x + y * y - 7;
        return p * p + q * q;
    }
    static void gradient(const config&, double x, double y, double& gx, double& gy) {
        const double p = x * x + y - 11, q = x + y * y - 7;
        gx = 4 * x * p + 2 * q;
        gy = 2 * p + 4 * y * q;
    }
    /// Located by Newton's method to full double precision.
    static std::vector<point> minima(const config&) {
        return {{3, 2, 0},
                {-2.805118086952745, 3.131312518250573, 0},
                {-3.779310253377747, -3.283185991286169, 0},
                {3.5844283403304917, -1.8481265269644034, 0}};
    }
};

}  // namespace losslab::surfaces
