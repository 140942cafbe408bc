#include "adapters/conformal.hpp"

#include <limits>
#include <vector>

#include "losslab/metrics/conformal.hpp"

namespace losslab::wasm {
namespace {

constexpr double unbounded = std::numeric_limits<double>::infinity();

/// The arrays of one kind, under the names of the JS API's arguments so errors name them.
std::vector<std::string> array_names(const std::string& kind) {
    if (kind == "conformal") return {"scores"};
    if (kind == "residualScores") return {"prediction", "target"};
    return {"lower", "upper", "target"};  // cqrScores, interval
}

}  // namespace

bool is_conformal_kind(const std::string& kind) {
    return kind == "conformal" || kind == "residualScores" || kind == "cqrScores" || kind == "interval";
}

val conformal_metrics(const std::string& kind, const val& options) {
    settings args;
    status s = read_settings(options, args);
    if (!s.ok()) return error_value(s.error);
    reader r(args, "metrics." + kind);
    std::vector<std::vector<double>> a;
    for (const std::string& key : array_names(kind)) {
        if (!args.arrays.count(key) && !args.has(key)) r.fail("needs " + key + ", an array of numbers");
        a.push_back(r.array(key, {}, 0, -unbounded, unbounded));
    }
    const bool needs_alpha = kind == "conformal" || kind == "interval";
    const double alpha = needs_alpha ? r.number("alpha", 0.1, 0, 1, false, false) : 0;
    if (needs_alpha && !args.has("alpha")) r.fail("needs alpha, the miscoverage level in (0, 1)");
    if (!(s = r.finish()).ok()) return error_value(s.error);
    result o;
    if (kind == "conformal") {
        metrics::conformal_threshold t;
        s = metrics::conformal_quantile(a[0], alpha, t);
        o.number("n", double(t.n)).number("rank", double(t.rank)).number("level", t.level);
        o.number("expectedCoverage", t.expected_coverage).flag("infinite", t.infinite);
        // +∞ never crosses as a number: null, with `infinite` saying why.
        if (t.infinite) o.null("threshold");
        else o.number("threshold", t.threshold);
    } else if (kind == "residualScores" || kind == "cqrScores") {
        std::vector<double> scores;
        s = kind == "residualScores" ? metrics::residual_scores(a[0], a[1], scores) : metrics::cqr_scores(a[0], a[1], a[2], scores);
        o.array("scores", scores);
    } else {
        metrics::interval_metrics m;
        s = metrics::interval(a[0], a[1], a[2], alpha, m);
        o.number("coverage", m.coverage).number("covered", m.covered).number("meanWidth", m.mean_width);
        o.number("intervalScore", m.interval_score);
    }
    if (!s.ok()) return error_value("metrics." + kind + ": " + s.error);
    return o.value();
}

}  // namespace losslab::wasm
