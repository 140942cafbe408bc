#pragma once
/// Two-dimensional loss surfaces with exact gradients and known minima, for the optimizer
/// lessons (the ensmallen idea: each test problem carries its own optimum).
///
///   rosenbrock   (a − x)² + b (y − x²)²                          a=1, b=100; minimum (a, a²), value 0
///   beale        (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²      minimum (3, 0.5), value 0
///   himmelblau   (x² + y − 11)² + (x + y² − 7)²                  four minima, value 0
///   saddle       x² − y²                                          no minimum: a saddle point at 0
///   quadratic    ½ (u² + κ v²), u = x cos a + y sin a, v = −x sin a + y cos a
///                kappa=10 (condition number), angle=0 (degrees); minimum (0, 0)
///   camel        (4 − 2.1x² + x⁴/3) x² + xy + (−4 + 4y²) y²       six-hump camel: six local minima,
///                two global at ±(0.0898, −0.7127), value −1.0316
///
/// Bounding: each surface has an escape box (`bound`); an optimizer run stops and reports
/// divergence when the loss or a coordinate stops being finite or a coordinate leaves the box.
/// The saddle is unbounded below, so descending it always "diverges": its box is |x|, |y| ≤ 10,
/// and a lesson shows the escape up to the step where the path leaves that box.
#include <string>
#include <vector>

#include "losslab/status.hpp"
#include "losslab/train/settings.hpp"

namespace losslab::surfaces {

struct point {
    double x, y, value;
};

struct surface_param {
    std::string name;
    double default_value, min, max;
    std::string description;
};

struct box {
    double xmin, xmax, ymin, ymax;
};

struct surface_info {
    std::string name;
    std::vector<surface_param> params;
    box view;   ///< a good window for contour plots
    double bound;  ///< escape box |x|, |y| <= bound
    std::string latex;
    std::string description;
};

const std::vector<surface_info>& all_surfaces();

class surface {
public:
    static status create(const std::string& name, const settings& params, surface& out);

    double value(double x, double y) const;
    void gradient(double x, double y, double& gx, double& gy) const;
    /// The minima for the current parameters (empty for the saddle).
    std::vector<point> minima() const;
    const surface_info& info() const { return *info_; }

    /// Values on an nx × ny grid over the box, row-major with y varying slowest (row j is
    /// y = ymin + j (ymax − ymin)/(ny − 1)), ready for a contour generator.
    void grid(const box& b, std::size_t nx, std::size_t ny, std::vector<double>& out) const;

private:
    enum class kind { rosenbrock, beale, himmelblau, saddle, quadratic, camel };
    kind kind_ = kind::quadratic;
    const surface_info* info_ = nullptr;
    double a_ = 1, b_ = 100, kappa_ = 10, cos_ = 1, sin_ = 0;
};

}  // namespace losslab::surfaces
