#include "adapters/regularisation.hpp"

#include "adapters/configs.hpp"

#include <utility>

#include "losslab/limits.hpp"
#include "losslab/parameter.hpp"
#include "losslab/regularisation/elastic_net.hpp"

namespace losslab::wasm {

val elastic_net_defaults() {
    const regularisation::path_config c;
    val out = val::object();
    out.set("features", double(c.features));
    out.set("l1Ratio", c.l1_ratio);
    out.set("tol", c.tol);
    out.set("maxSweeps", double(c.max_sweeps));
    return out;
}

val elastic_net_path(const elastic_net_call& call) {
    regularisation::path_config c;
    status s = read_doubles("x", call.x, c.x);
    if (s.ok()) s = read_doubles("y", call.y, c.y);
    if (s.ok()) s = read_doubles("xVal", call.x_val, c.x_val);
    if (s.ok()) s = read_doubles("yVal", call.y_val, c.y_val);
    if (s.ok()) s = read_doubles("lambdas", call.lambdas, c.lambdas);
    // whole numbers a long holds; the core checks their documented ranges
    if (s.ok()) s = whole("features", call.features, -2147483648.0, 2147483647.0, c.features);
    if (s.ok()) s = whole("maxSweeps", call.max_sweeps, -2147483648.0, 2147483647.0, c.max_sweeps);
    c.l1_ratio = call.l1_ratio;
    c.tol = call.tol;
    regularisation::path_result r;
    if (s.ok()) s = regularisation::elastic_net_path(c, r);
    if (!s.ok()) return error_value(s.error);
    result o;
    o.array("lambdas", r.lambdas).array("coef", r.coef).array("intercept", r.intercept);
    o.array("trainMse", r.train_mse).array("valMse", r.val_mse).array("valSe", r.val_se).array("objective", r.objective);
    o.array("nonzero", r.nonzero).array("sweeps", r.sweeps);
    o.number("features", double(r.features)).number("lambdaMax", r.lambda_max).flag("converged", r.converged);
    return o.value();
}

namespace {

/// v against [lo, hi] (an open lower end with lo_open), in the core's words.
status in_range(const char* name, double v, double lo, double hi, bool lo_open = false, bool integer = false) {
    parameter p{name, 0, lo, hi, ""};
    p.min_inclusive = !lo_open;
    if (integer) p.kind = parameter::type::integer;
    return check_parameter("regularisationGeometry", p, v);
}

}  // namespace

val regularisation_geometry(const geometry_call& call) {
    std::vector<double> optimum;
    status s = read_doubles("optimum", call.optimum, optimum);
    if (s.ok() && optimum.size() != 2) s = status::failure("regularisationGeometry: optimum must have 2 values, got " + std::to_string(optimum.size()));
    const double rho = call.rho, budget = call.budget, l1_ratio = number_or(call.l1_ratio, 0.5);
    const double xmin = number_or(call.xmin, -3), xmax = number_or(call.xmax, 3);
    const double ymin = number_or(call.ymin, -3), ymax = number_or(call.ymax, 3);
    const double nx = number_or(call.nx, 60), ny = number_or(call.ny, 60);
    for (const status& check :
         {in_range("rho", rho, -0.99, 0.99), in_range("optimum[0]", s.ok() ? optimum[0] : 0, -1e6, 1e6),
          in_range("optimum[1]", s.ok() ? optimum[1] : 0, -1e6, 1e6), in_range("budget", budget, 0, 1e6, true),
          in_range("l1_ratio", l1_ratio, 0, 1), in_range("xmin", xmin, -1e6, 1e6), in_range("xmax", xmax, -1e6, 1e6),
          in_range("ymin", ymin, -1e6, 1e6), in_range("ymax", ymax, -1e6, 1e6), in_range("nx", nx, 2, 1000, false, true),
          in_range("ny", ny, 2, 1000, false, true)})
        if (s.ok() && !check.ok()) s = check;
    if (s.ok() && (xmax <= xmin || ymax <= ymin)) s = status::failure("regularisationGeometry: the box needs xmin < xmax and ymin < ymax");
    if (s.ok() && nx * ny > double(limits::grid_cells)) s = status::failure("regularisationGeometry: nx × ny is over the grid-cell limit");
    if (!s.ok()) return error_value(s.error);
    result o;
    for (const auto& [key, ratio] : {std::pair<const char*, double>{"l1", 1.0}, {"l2", 0.0}, {"elasticNet", l1_ratio}}) {
        regularisation::constrained_result c;
        s = regularisation::constrained_optimum(rho, optimum, budget, ratio, 180, c);
        if (!s.ok()) return error_value(s.error);
        result part;
        part.array("w", c.w).number("lambda", c.lambda).flag("active", c.active).array("boundary", c.boundary);
        o.nested(key, part);
    }
    std::vector<double> values;
    regularisation::quadratic_grid(rho, optimum, xmin, xmax, ymin, ymax, std::size_t(nx), std::size_t(ny), values);
    o.array("values", values).number("nx", double(nx)).number("ny", double(ny));
    o.number("xmin", xmin).number("xmax", xmax).number("ymin", ymin).number("ymax", ymax);
    return o.value();
}

}  // namespace losslab::wasm
