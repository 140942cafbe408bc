#pragma once
/// What the UI knows about a 2-D test surface: name, arguments, a good view, the escape box and
/// the formula. Each surface carries its own known minima (the ensmallen idea).
#include <string>
#include <vector>

#include "losslab/parameter.hpp"

namespace losslab::surfaces {

struct point {
    double x, y, value;
};

struct box {
    double xmin, xmax, ymin, ymax;
};

struct surface_info {
    std::string name;
    std::vector<parameter> params;
    box view;      ///< a good window for contour plots
    double bound;  ///< escape box |x|, |y| <= bound
    std::string latex;
    std::string description;
};

}  // namespace losslab::surfaces
