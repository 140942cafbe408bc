#pragma once
// Helpers shared by the core tests: central differences in double and a relative comparison.
#include <cmath>
#include <functional>

namespace losslab::testing {

/// Central difference (f(x+h) − f(x−h)) / 2h, with h scaled to x. Exact to O(h²) away from kinks.
inline double central_difference(const std::function<double(double)>& f, double x, double h = 1e-6) {
    const double step = h * std::max(1.0, std::abs(x));
    return (f(x + step) - f(x - step)) / (2 * step);
}

/// |a − b| <= rel·max(|a|, |b|) + abs_floor.
inline bool close(double a, double b, double rel, double abs_floor = 0) {
    return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b)) + abs_floor;
}

}  // namespace losslab::testing
