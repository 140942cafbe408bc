#include "adapters/regularisation.hpp"

#include "adapters/configs.hpp"

#include "losslab/limits.hpp"
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

val regularisation_geometry(const val& options) {
    settings args;
    status s = read_settings(options, args);
    if (!s.ok()) return error_value(s.error);
    reader r(args, "regularisationGeometry");
    const double rho = r.number("rho", 0, -0.99, 0.99);
    const std::vector<double> optimum = r.array("optimum", {1, 1}, 2, -1e6, 1e6);
    const double budget = r.number("budget", 1, 0, 1e6, false);
    const double l1_ratio = r.number("l1_ratio", 0.5, 0, 1);
    const double xmin = r.number("xmin", -3, -1e6, 1e6), xmax = r.number("xmax", 3, -1e6, 1e6);
    const double ymin = r.number("ymin", -3, -1e6, 1e6), ymax = r.number("ymax", 3, -1e6, 1e6);
    const long nx = r.integer("nx", 60, 2, 1000), ny = r.integer("ny", 60, 2, 1000);
    if (xmax <= xmin || ymax <= ymin) r.fail("the box needs xmin < xmax and ymin < ymax");
    if (double(nx) * double(ny) > double(limits::grid_cells)) r.fail("nx × ny is over the grid-cell limit");
    s = r.finish();
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
