#include "adapters/metrics.hpp"

#include <vector>

#include "adapters/configs.hpp"
#include "losslab/limits.hpp"
#include "losslab/metrics/metrics.hpp"

namespace losslab::wasm {
namespace {

result curve(const metrics::curve& c) {
    result o;
    o.array("x", c.x).array("y", c.y).array("thresholds", c.thresholds).number("area", c.area);
    return o;
}

/// Two arrays under the names of the API's arguments.
status read_pair(const char* a_name, const val& a, std::vector<double>& a_out, const char* b_name, const val& b,
                 std::vector<double>& b_out) {
    status s = read_doubles(a_name, a, a_out);
    return s.ok() ? read_doubles(b_name, b, b_out) : s;
}

/// The result, or the error prefixed with the metric's name in the JS API.
val finish(const char* what, const status& s, const result& o) {
    return s.ok() ? o.value() : error_value(std::string("metrics.") + what + ": " + s.error);
}

}  // namespace

val metrics_regression(const val& prediction, const val& target) {
    std::vector<double> a, b;
    status s = read_pair("prediction", prediction, a, "target", target, b);
    metrics::regression_metrics m;
    if (s.ok()) s = metrics::regression(a, b, m);
    result o;
    o.number("mae", m.mae).number("rmse", m.rmse).number("r2", m.r2);
    return finish("regression", s, o);
}

val metrics_binary(const val& score, const val& label, double threshold, double fn_cost, double fp_cost) {
    std::vector<double> a, b;
    status s = read_pair("score", score, a, "label", label, b);
    metrics::binary_metrics m;
    if (s.ok()) s = metrics::binary(a, b, threshold, m, {fn_cost, fp_cost});
    result o;
    if (s.ok()) {
        o.number("accuracy", m.accuracy).number("precision", m.precision).number("recall", m.recall).number("f1", m.f1);
        o.number("balancedAccuracy", m.balanced_accuracy).number("expectedCost", m.expected_cost);
        o.number("expectedCostSe", m.expected_cost_se);
        const double cm[4] = {m.tn, m.fp, m.fn, m.tp};
        o.array("confusion", cm, 4);
        metrics::curve roc, pr;
        // AUCs need both classes; without them the curves are left out rather than failing.
        if (metrics::roc(a, b, roc).ok() && metrics::precision_recall(a, b, pr).ok()) {
            o.nested("roc", curve(roc)).nested("pr", curve(pr));
            o.number("rocAuc", roc.area).number("prAuc", pr.area);
        }
    }
    return finish("binary", s, o);
}

val metrics_thresholds(const val& score, const val& label, const val& thresholds, double fn_cost, double fp_cost) {
    std::vector<double> a, b, grid;
    status s = read_pair("score", score, a, "label", label, b);
    if (s.ok() && thresholds.isUndefined()) {
        for (int k = 0; k <= 100; ++k) grid.push_back(k / 100.0);  // probabilities: 0, 0.01, …, 1
    } else if (s.ok()) {
        s = read_doubles("thresholds", thresholds, grid);
    }
    metrics::threshold_sweep m;
    if (s.ok()) s = metrics::thresholds(a, b, grid, {fn_cost, fp_cost}, m);
    result o;
    o.array("thresholds", m.thresholds).array("tn", m.tn).array("fp", m.fp).array("fn", m.fn).array("tp", m.tp);
    o.array("cost", m.cost).array("balancedAccuracy", m.balanced_accuracy);
    o.number("bestThreshold", m.best_threshold).number("bestCost", m.best_cost);
    return finish("thresholds", s, o);
}

val metrics_multiclass(const val& predicted, const val& label, double classes) {
    std::vector<double> a, b;
    long k = 0;
    status s = whole("classes", classes, 2, double(limits::classes), k);
    if (s.ok()) s = read_pair("predicted", predicted, a, "label", label, b);
    metrics::multiclass_metrics m;
    if (s.ok()) s = metrics::multiclass(a, b, std::size_t(k), m);
    result o;
    o.array("confusion", m.confusion).number("accuracy", m.accuracy).number("macroPrecision", m.macro_precision);
    o.number("macroRecall", m.macro_recall).number("macroF1", m.macro_f1);
    return finish("multiclass", s, o);
}

namespace {

val curve_metric(const char* what, const val& score, const val& label,
                 status (*compute)(const std::vector<double>&, const std::vector<double>&, metrics::curve&)) {
    std::vector<double> a, b;
    status s = read_pair("score", score, a, "label", label, b);
    metrics::curve c;
    if (s.ok()) s = compute(a, b, c);
    return finish(what, s, curve(c));
}

}  // namespace

val metrics_roc(const val& score, const val& label) { return curve_metric("roc", score, label, &metrics::roc); }
val metrics_pr(const val& score, const val& label) { return curve_metric("pr", score, label, &metrics::precision_recall); }

val metrics_calibration(const val& probability, const val& label, double bins) {
    std::vector<double> a, b;
    long k = 0;
    status s = whole("bins", bins, 1, 1000, k);
    if (s.ok()) s = read_pair("probability", probability, a, "label", label, b);
    metrics::calibration_metrics m;
    if (s.ok()) s = metrics::calibration(a, b, std::size_t(k), m);
    result o;
    o.array("count", m.count).array("confidence", m.confidence).array("frequency", m.frequency).number("ece", m.ece);
    return finish("calibration", s, o);
}

val metrics_coverage(const val& prediction, const val& target, double tau) {
    std::vector<double> a, b;
    status s = read_pair("prediction", prediction, a, "target", target, b);
    metrics::coverage_metrics m;
    if (s.ok()) s = metrics::coverage(a, b, tau, m);
    result o;
    o.number("coverage", m.coverage).number("pinball", m.pinball);
    return finish("coverage", s, o);
}

}  // namespace losslab::wasm
