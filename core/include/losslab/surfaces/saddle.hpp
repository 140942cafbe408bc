#pragma once
/// The saddle  x² − y²: no minimum, a saddle point at 0. It is unbounded below, so descending it
/// always "diverges": its escape box is |x|, |y| ≤ 10, and a lesson shows the escape up to the
/// step where the path leaves that box. No arguments.
#include <vector>

#include "losslab/surfaces/info.hpp"

namespace losslab::surfaces {

struct saddle {
    struct config {};
    static const surface_info& info() {
        static const surface_info i = {
            "saddle", {}, {-2, 2, -2, 2}, 10, R"(x^2 - y^2)",
            "A saddle point at the origin: plain gradient descent started on the ridge stays there."};
        return i;
    }
    static double value(const config&, double x, double y) { return x * x - y * y; }
    static void gradient(const config&, double x, double y, double& gx, double& gy) {
        gx = 2 * x;
        gy = -2 * y;
    }
    static std::vector<point> minima(const config&) { return {}; }
};

}  // namespace losslab::surfaces
