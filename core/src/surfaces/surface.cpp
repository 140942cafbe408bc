#include "losslab/surfaces/surface.hpp"

#include <cmath>

namespace losslab::surfaces {
namespace {
constexpr double pi = 3.14159265358979323846;
}

const std::vector<surface_info>& all_surfaces() {
    static const std::vector<surface_info> infos = {
        {"rosenbrock",
         {{"a", 1, -3, 3, "position of the minimum (a, a²)"}, {"b", 100, 0.1, 1000, "steepness of the valley walls"}},
         {-2, 2, -1, 3},
         1e3,
         R"((a - x)^2 + b\,(y - x^2)^2)",
         "A curved, flat-bottomed valley: easy to find, slow to follow to the minimum."},
        {"beale", {}, {-4.5, 4.5, -4.5, 4.5}, 1e3,
         R"((1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2)",
         "Flat plateaus and sharp ridges; the minimum sits at (3, 0.5)."},
        {"himmelblau", {}, {-5, 5, -5, 5}, 1e3, R"((x^2 + y - 11)^2 + (x + y^2 - 7)^2)",
         "Four equal minima: where you start decides where you end."},
        {"saddle", {}, {-2, 2, -2, 2}, 10, R"(x^2 - y^2)",
         "A saddle point at the origin: plain gradient descent started on the ridge stays there."},
        {"quadratic",
         {{"kappa", 10, 1, 1000, "condition number: curvature ratio of the two axes"},
          {"angle", 0, -90, 90, "rotation of the axes, in degrees"}},
         {-3, 3, -3, 3},
         1e3,
         R"(\tfrac12\left(u^2 + \kappa v^2\right),\ u = x\cos a + y\sin a,\ v = -x\sin a + y\cos a)",
         "An elongated bowl: the larger kappa, the more plain gradient descent zig-zags."},
        {"camel", {}, {-2, 2, -1.2, 1.2}, 1e3, R"(\left(4 - 2.1x^2 + \tfrac{x^4}{3}\right)x^2 + xy + (-4 + 4y^2)\,y^2)",
         "Six-hump camel: six local minima, two of them global."},
    };
    return infos;
}

status surface::create(const std::string& name, const settings& params, surface& out) {
    out = surface{};
    for (const auto& info : all_surfaces()) {
        if (info.name == name) out.info_ = &info;
    }
    if (!out.info_) {
        std::string msg = "unknown surface '" + name + "'; known surfaces:";
        for (const auto& info : all_surfaces()) msg += " " + info.name;
        return status::failure(msg);
    }
    reader r(params, name);
    std::vector<double> values;
    for (const auto& p : out.info_->params) values.push_back(r.number(p.name, p.default_value, p.min, p.max));
    status s = r.finish();
    if (!s.ok()) return s;
    if (name == "rosenbrock") {
        out.kind_ = kind::rosenbrock;
        out.a_ = values[0];
        out.b_ = values[1];
    } else if (name == "beale") {
        out.kind_ = kind::beale;
    } else if (name == "himmelblau") {
        out.kind_ = kind::himmelblau;
    } else if (name == "saddle") {
        out.kind_ = kind::saddle;
    } else if (name == "quadratic") {
        out.kind_ = kind::quadratic;
        out.kappa_ = values[0];
        out.cos_ = std::cos(values[1] * pi / 180);
        out.sin_ = std::sin(values[1] * pi / 180);
    } else {
        out.kind_ = kind::camel;
    }
    return status::success();
}

double surface::value(double x, double y) const {
    switch (kind_) {
        case kind::rosenbrock: return (a_ - x) * (a_ - x) + b_ * (y - x * x) * (y - x * x);
        case kind::beale: {
            const double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y * y, t3 = 2.625 - x + x * y * y * y;
            return t1 * t1 + t2 * t2 + t3 * t3;
        }
        case kind::himmelblau: {
            const double p = x * x + y - 11, q = x + y * y - 7;
            return p * p + q * q;
        }
        case kind::saddle: return x * x - y * y;
        case kind::quadratic: {
            const double u = x * cos_ + y * sin_, v = -x * sin_ + y * cos_;
            return 0.5 * (u * u + kappa_ * v * v);
        }
        case kind::camel: {
            const double x2 = x * x, y2 = y * y;
            return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
        }
    }
    return 0;
}

void surface::gradient(double x, double y, double& gx, double& gy) const {
    switch (kind_) {
        case kind::rosenbrock:
            gx = -2 * (a_ - x) - 4 * b_ * x * (y - x * x);
            gy = 2 * b_ * (y - x * x);
            return;
        case kind::beale: {
            const double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y * y, t3 = 2.625 - x + x * y * y * y;
            gx = 2 * t1 * (y - 1) + 2 * t2 * (y * y - 1) + 2 * t3 * (y * y * y - 1);
            gy = 2 * t1 * x + 2 * t2 * 2 * x * y + 2 * t3 * 3 * x * y * y;
            return;
        }
        case kind::himmelblau: {
            const double p = x * x + y - 11, q = x + y * y - 7;
            gx = 4 * x * p + 2 * q;
            gy = 2 * p + 4 * y * q;
            return;
        }
        case kind::saddle:
            gx = 2 * x;
            gy = -2 * y;
            return;
        case kind::quadratic: {
            // ∇ = Rᵀ diag(1, κ) R (x, y): chain rule through the rotation.
            const double u = x * cos_ + y * sin_, v = -x * sin_ + y * cos_;
            gx = u * cos_ - kappa_ * v * sin_;
            gy = u * sin_ + kappa_ * v * cos_;
            return;
        }
        case kind::camel: {
            const double x2 = x * x;
            gx = 8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y;
            gy = x - 8 * y + 16 * y * y * y;
            return;
        }
    }
}

std::vector<point> surface::minima() const {
    switch (kind_) {
        case kind::rosenbrock: return {{a_, a_ * a_, 0}};
        case kind::beale: return {{3, 0.5, 0}};
        case kind::himmelblau:
            // Located by Newton's method to full double precision.
            return {{3, 2, 0},
                    {-2.805118086952745, 3.131312518250573, 0},
                    {-3.779310253377747, -3.283185991286169, 0},
                    {3.5844283403304917, -1.8481265269644034, 0}};
        case kind::saddle: return {};
        case kind::quadratic: return {{0, 0, 0}};
        case kind::camel: {
            std::vector<point> out = {{0.08984201310031807, -0.7126564030207396, 0},
                                      {-0.08984201310031807, 0.7126564030207396, 0},
                                      {-1.703606714969981, 0.7960835686726251, 0},
                                      {1.703606714969981, -0.7960835686726251, 0},
                                      {-1.6071047529201974, -0.5686514548841313, 0},
                                      {1.6071047529201974, 0.5686514548841313, 0}};
            for (auto& p : out) p.value = value(p.x, p.y);
            return out;
        }
    }
    return {};
}

void surface::grid(const box& b, std::size_t nx, std::size_t ny, std::vector<double>& out) const {
    out.resize(nx * ny);
    for (std::size_t j = 0; j < ny; ++j) {
        const double y = ny > 1 ? b.ymin + (b.ymax - b.ymin) * double(j) / double(ny - 1) : b.ymin;
        for (std::size_t i = 0; i < nx; ++i) {
            const double x = nx > 1 ? b.xmin + (b.xmax - b.xmin) * double(i) / double(nx - 1) : b.xmin;
            out[j * nx + i] = value(x, y);
        }
    }
}

}  // namespace losslab::surfaces
