#pragma once
/// A 2-D loss surface with exact gradients and known minima, for the optimizer lessons. Each
/// surface lives in its own header (rosenbrock.hpp, beale.hpp, himmelblau.hpp, saddle.hpp,
/// quadratic.hpp, camel.hpp) with its formula, defaults, minima and metadata.
///
/// Bounding: each surface has an escape box (`bound`); an optimizer run stops and reports
/// divergence when the loss or a coordinate stops being finite or a coordinate leaves the box.
#include <vector>

#include "losslab/status.hpp"
#include "losslab/surfaces/spec.hpp"

namespace losslab::surfaces {

class surface {
public:
    /// Checks the arguments against their documented ranges (surface_info::params).
    static status create(const spec& s, surface& out);

    double value(double x, double y) const;
    void gradient(double x, double y, double& gx, double& gy) const;
    /// The minima for the current parameters (empty for the saddle).
    std::vector<point> minima() const;
    const surface_info& info() const { return info_of(spec_); }
    const spec& config() const { return spec_; }

    /// Values on an nx × ny grid over the box, row-major with y varying slowest (row j is
    /// y = ymin + j (ymax − ymin)/(ny − 1)), ready for a contour generator.
    void grid(const box& b, std::size_t nx, std::size_t ny, std::vector<double>& out) const;

private:
    spec spec_;
};

}  // namespace losslab::surfaces
