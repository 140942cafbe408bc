#pragma once
/// A rotated, elongated bowl  ½ (u² + κ v²), u = x cos a + y sin a, v = −x sin a + y cos a, with
/// condition number kappa = 10 and angle a = 0 degrees by default; minimum (0, 0).
#include <cmath>
#include <vector>

#include "losslab/surfaces/info.hpp"

namespace losslab::surfaces {

struct quadratic {
    struct config {
        double kappa = 10;  ///< in [1, 1000]
        double angle = 0;   ///< degrees, in [-90, 90]
    };
    static const surface_info& info() {
        static const surface_info i = {
            "quadratic",
            {{"kappa", 10, 1, 1000, "condition number: curvature ratio of the two axes"},
             {"angle", 0, -90, 90, "rotation of the axes, in degrees"}},
            {-3, 3, -3, 3},
            1e3,
            R"(\tfrac12\left(u^2 + \kappa v^2\right),\ u = x\cos a + y\sin a,\ v = -x\sin a + y\cos a)",
            "An elongated bowl: the larger kappa, the more plain gradient descent zig-zags."};
        return i;
    }
    static double value(const config& c, double x, double y) {
        const double co = cos_a(c), si = sin_a(c);
        const double u = x * co + y * si, v = -x * si + y * co;
        return 0.5 * (u * u + c.kappa * v * v);
    }
    /// ∇ = Rᵀ diag(1, κ) R (x, y): chain rule through the rotation.
    static void gradient(const config& c, double x, double y, double& gx, double& gy) {
        const double co = cos_a(c), si = sin_a(c);
        const double u = x * co + y * si, v = -x * si + y * co;
        gx = u * co - c.kappa * v * si;
        gy = u * si + c.kappa * v * co;
    }
    static std::vector<point> minima(const config&) { return {{0, 0, 0}}; }

private:
    static double cos_a(const config& c) { return std::cos(c.angle * 3.14159265358979323846 / 180); }
    static double sin_a(const config& c) { return std::sin(c.angle * 3.14159265358979323846 / 180); }
};

}  // namespace losslab::surfaces
