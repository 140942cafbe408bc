#include "losslab/metrics/conformal.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace losslab::metrics {
namespace {

status check_arrays(const std::vector<const std::vector<double>*>& arrays, const std::vector<const char*>& names) {
    const std::size_t n = arrays[0]->size();
    if (n == 0) return status::failure(std::string(names[0]) + " is empty");
    for (std::size_t a = 0; a < arrays.size(); ++a) {
        const auto& v = *arrays[a];
        if (v.size() != n) {
            return status::failure(std::string(names[0]) + " and " + names[a] + " lengths differ: " + std::to_string(n) +
                                   " vs " + std::to_string(v.size()));
        }
        for (std::size_t i = 0; i < n; ++i)
            if (!std::isfinite(v[i])) return status::failure(std::string(names[a]) + "[" + std::to_string(i) + "] is not finite");
    }
    return status::success();
}

status check_alpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) return status::failure("alpha must be in (0, 1)");
    return status::success();
}

}  // namespace

std::size_t conformal_rank(std::size_t n, double alpha) {
    const double product = double(n + 1) * (1 - alpha);
    return std::size_t(std::ceil(product - 1e-9));
}

status conformal_quantile(const std::vector<double>& scores, double alpha, conformal_threshold& out) {
    status s = check_alpha(alpha);
    if (!s.ok()) return s;
    if (!(s = check_arrays({&scores}, {"scores"})).ok()) return s;
    out = conformal_threshold{};
    out.n = scores.size();
    out.rank = conformal_rank(out.n, alpha);
    out.level = (1 - alpha) * (1 + 1 / double(out.n));
    out.infinite = out.rank > out.n;
    out.expected_coverage = out.infinite ? 1 : double(out.rank) / double(out.n + 1);
    if (out.infinite) return status::success();
    std::vector<double> sorted = scores;
    auto kth = sorted.begin() + std::ptrdiff_t(out.rank - 1);
    std::nth_element(sorted.begin(), kth, sorted.end());
    out.threshold = *kth;
    return status::success();
}

status residual_scores(const std::vector<double>& prediction, const std::vector<double>& target, std::vector<double>& out) {
    status s = check_arrays({&prediction, &target}, {"prediction", "target"});
    if (!s.ok()) return s;
    out.resize(target.size());
    for (std::size_t i = 0; i < target.size(); ++i) out[i] = std::abs(target[i] - prediction[i]);
    if (std::any_of(out.begin(), out.end(), [](double v) { return !std::isfinite(v); }))
        return status::failure("a score overflows the double range (target − prediction is too large)");
    return status::success();
}

status cqr_scores(const std::vector<double>& lower, const std::vector<double>& upper, const std::vector<double>& target,
                  std::vector<double>& out) {
    status s = check_arrays({&lower, &upper, &target}, {"lower", "upper", "target"});
    if (!s.ok()) return s;
    out.resize(target.size());
    for (std::size_t i = 0; i < target.size(); ++i) out[i] = std::max(lower[i] - target[i], target[i] - upper[i]);
    if (std::any_of(out.begin(), out.end(), [](double v) { return !std::isfinite(v); }))
        return status::failure("a score overflows the double range (target − bound is too large)");
    return status::success();
}

status interval(const std::vector<double>& lower, const std::vector<double>& upper, const std::vector<double>& target,
                double alpha, interval_metrics& out) {
    status s = check_alpha(alpha);
    if (!s.ok()) return s;
    if (!(s = check_arrays({&lower, &upper, &target}, {"lower", "upper", "target"})).ok()) return s;
    for (std::size_t i = 0; i < lower.size(); ++i) {
        if (lower[i] > upper[i]) {
            return status::failure("lower[" + std::to_string(i) + "] > upper[" + std::to_string(i) +
                                   "]: a crossed interval (sort or repair the bounds first)");
        }
    }
    out = interval_metrics{};
    const double penalty = 2 / alpha;
    for (std::size_t i = 0; i < target.size(); ++i) {
        const double l = lower[i], u = upper[i], y = target[i];
        out.covered += l <= y && y <= u;
        out.mean_width += u - l;
        out.interval_score += (u - l) + (y < l ? penalty * (l - y) : 0) + (y > u ? penalty * (y - u) : 0);
    }
    const double n = double(target.size());
    out.coverage = out.covered / n;
    out.mean_width /= n;
    out.interval_score /= n;
    if (!std::isfinite(out.mean_width) || !std::isfinite(out.interval_score))
        return status::failure("the interval score overflows the double range (bounds or targets are too large)");
    return status::success();
}

}  // namespace losslab::metrics
