#include "adapters/conformal.hpp"

#include <vector>

#include "losslab/metrics/conformal.hpp"

namespace losslab::wasm {
namespace {

/// Arrays under the names of the JS API's arguments, so errors name them.
status read_all(std::initializer_list<std::pair<const char*, const val*>> arrays, std::vector<std::vector<double>>& out) {
    out.clear();
    for (const auto& [name, array] : arrays) {
        out.emplace_back();
        status s = read_doubles(name, *array, out.back());
        if (!s.ok()) return s;
    }
    return status::success();
}

val finish(const char* what, const status& s, const result& o) {
    return s.ok() ? o.value() : error_value(std::string("metrics.") + what + ": " + s.error);
}

val scores_result(const char* what, const status& s, const std::vector<double>& scores) {
    result o;
    o.array("scores", scores);
    return finish(what, s, o);
}

}  // namespace

val metrics_conformal(const val& scores, double alpha) {
    std::vector<std::vector<double>> a;
    status s = read_all({{"scores", &scores}}, a);
    metrics::conformal_threshold t;
    if (s.ok()) s = metrics::conformal_quantile(a[0], alpha, t);
    result o;
    o.number("n", double(t.n)).number("rank", double(t.rank)).number("level", t.level);
    o.number("expectedCoverage", t.expected_coverage).flag("infinite", t.infinite);
    // +∞ never crosses as a number: null, with `infinite` saying why.
    if (t.infinite) o.null("threshold");
    else o.number("threshold", t.threshold);
    return finish("conformal", s, o);
}

val metrics_residual_scores(const val& prediction, const val& target) {
    std::vector<std::vector<double>> a;
    std::vector<double> scores;
    status s = read_all({{"prediction", &prediction}, {"target", &target}}, a);
    if (s.ok()) s = metrics::residual_scores(a[0], a[1], scores);
    return scores_result("residualScores", s, scores);
}

val metrics_cqr_scores(const val& lower, const val& upper, const val& target) {
    std::vector<std::vector<double>> a;
    std::vector<double> scores;
    status s = read_all({{"lower", &lower}, {"upper", &upper}, {"target", &target}}, a);
    if (s.ok()) s = metrics::cqr_scores(a[0], a[1], a[2], scores);
    return scores_result("cqrScores", s, scores);
}

val metrics_interval(const val& lower, const val& upper, const val& target, double alpha) {
    std::vector<std::vector<double>> a;
    status s = read_all({{"lower", &lower}, {"upper", &upper}, {"target", &target}}, a);
    metrics::interval_metrics m;
    if (s.ok()) s = metrics::interval(a[0], a[1], a[2], alpha, m);
    result o;
    o.number("coverage", m.coverage).number("covered", m.covered).number("meanWidth", m.mean_width);
    o.number("intervalScore", m.interval_score);
    return finish("interval", s, o);
}

}  // namespace losslab::wasm
