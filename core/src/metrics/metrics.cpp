#include "losslab/metrics/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>

#include "losslab/format.hpp"
#include "losslab/limits.hpp"

namespace losslab::metrics {
namespace {

status check_pair(const std::vector<double>& a, const std::vector<double>& b, const char* a_name,
                  const char* b_name) {
    if (a.empty()) return status::failure(std::string(a_name) + " is empty");
    if (a.size() != b.size()) {
        return status::failure(std::string(a_name) + " and " + b_name + " lengths differ: " + std::to_string(a.size()) +
                               " vs " + std::to_string(b.size()));
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!std::isfinite(a[i])) return status::failure(std::string(a_name) + "[" + std::to_string(i) + "] is not finite");
        if (!std::isfinite(b[i])) return status::failure(std::string(b_name) + "[" + std::to_string(i) + "] is not finite");
    }
    return status::success();
}

status check_binary_labels(const std::vector<double>& label) {
    for (std::size_t i = 0; i < label.size(); ++i) {
        if (label[i] != 0 && label[i] != 1) {
            return status::failure("label[" + std::to_string(i) + "] = " + std::to_string(label[i]) + " must be 0 or 1");
        }
    }
    return status::success();
}

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

/// Sample indices by decreasing score; ties stay together (in index order). The scores are sorted
/// together with their indices: sorting indices that look their scores up costs a cache miss per
/// comparison (12 s instead of 1 s for 8M samples).
std::vector<std::size_t> by_score(const std::vector<double>& score) {
    std::vector<std::pair<double, std::size_t>> keyed(score.size());
    for (std::size_t i = 0; i < score.size(); ++i) keyed[i] = {score[i], i};
    // ties broken by index: the order a stable sort would give, from the faster std::sort
    std::sort(keyed.begin(), keyed.end(),
              [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    std::vector<std::size_t> idx(score.size());
    for (std::size_t i = 0; i < keyed.size(); ++i) idx[i] = keyed[i].second;
    return idx;
}

/// Cumulative (fp, tp) at each distinct threshold, from the highest score down.
void counts_at_thresholds(const std::vector<double>& score, const std::vector<double>& label,
                          std::vector<double>& fps, std::vector<double>& tps, std::vector<double>& thresholds) {
    const auto idx = by_score(score);
    double fp = 0, tp = 0;
    for (std::size_t k = 0; k < idx.size(); ++k) {
        const std::size_t i = idx[k];
        (label[i] == 1 ? tp : fp) += 1;
        if (k + 1 == idx.size() || score[idx[k + 1]] != score[i]) {
            fps.push_back(fp);
            tps.push_back(tp);
            thresholds.push_back(score[i]);
        }
    }
}

status check_both_classes(const std::vector<double>& label, const char* what) {
    double positives = 0;
    for (double l : label) positives += l;
    if (positives == 0 || positives == double(label.size())) {
        return status::failure(std::string(what) + " needs both classes among the labels");
    }
    return status::success();
}

}  // namespace

status regression(const std::vector<double>& pred, const std::vector<double>& target, regression_metrics& out) {
    status s = check_pair(pred, target, "prediction", "target");
    if (!s.ok()) return s;
    // Residuals and deviations are divided by their largest magnitude before they are squared or
    // summed, so values up to the double range give finite metrics (r² + … would overflow at
    // |r| ~ 1e154). Only a residual that itself exceeds the range is an error.
    const std::size_t n = pred.size();
    double r_max = 0, t_max = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double r = pred[i] - target[i];
        if (!std::isfinite(r)) {
            return status::failure("prediction[" + std::to_string(i) + "] − target[" + std::to_string(i) +
                                   "] overflows the double range");
        }
        r_max = std::max(r_max, std::abs(r));
        t_max = std::max(t_max, std::abs(target[i]));
    }
    double mean = 0;  // of target / t_max
    for (double t : target) mean += t_max > 0 ? t / t_max / double(n) : 0;
    double abs_sum = 0, sq_sum = 0, total = 0;  // scaled by r_max, r_max² and t_max²
    for (std::size_t i = 0; i < n; ++i) {
        const double r = r_max > 0 ? (pred[i] - target[i]) / r_max : 0;
        const double d = t_max > 0 ? target[i] / t_max - mean : 0;
        abs_sum += std::abs(r) / double(n);
        sq_sum += r * r / double(n);
        total += d * d / double(n);
    }
    out.mae = abs_sum * r_max;
    out.rmse = std::sqrt(sq_sum) * r_max;
    // 1 − SSE/SST with both sums brought back to one scale (overflows only when r² truly does).
    if (total > 0) {
        const double scale = r_max / t_max;
        out.r2 = 1 - sq_sum / total * scale * scale;
    } else {
        out.r2 = sq_sum == 0 ? 1 : 0;
    }
    if (!std::isfinite(out.mae) || !std::isfinite(out.rmse) || !std::isfinite(out.r2)) {
        return status::failure("the metrics overflow the double range (prediction − target is too large "
                               "relative to the spread of the target)");
    }
    return status::success();
}

status check_costs(decision_costs costs) {
    for (const auto& [name, v] : {std::pair<const char*, double>{"fnCost", costs.fn}, {"fpCost", costs.fp}}) {
        if (!std::isfinite(v) || v < 0 || v > 1e6) {
            return status::failure(std::string(name) + " = " + format_number(v) + " is outside [0, 1e6]");
        }
    }
    return status::success();
}

double balanced_accuracy(double tn, double fp, double fn, double tp) {
    // sklearn: the mean of the per-class recalls over the classes present among the labels
    const double positives = tp + fn, negatives = tn + fp;
    if (positives > 0 && negatives > 0) return (tp / positives + tn / negatives) / 2;
    if (positives > 0) return tp / positives;
    if (negatives > 0) return tn / negatives;
    return 0;
}

double expected_cost(double tn, double fp, double fn, double tp, decision_costs costs) {
    const double n = tn + fp + fn + tp;
    return n > 0 ? (costs.fn * fn + costs.fp * fp) / n : 0;
}

status binary(const std::vector<double>& score, const std::vector<double>& label, double threshold,
              binary_metrics& out, decision_costs costs) {
    status s = check_pair(score, label, "score", "label");
    if (!s.ok()) return s;
    s = check_binary_labels(label);
    if (!s.ok()) return s;
    s = check_costs(costs);
    if (!s.ok()) return s;
    out = binary_metrics{};
    for (std::size_t i = 0; i < score.size(); ++i) {
        const bool predicted = score[i] >= threshold;
        if (label[i] == 1) (predicted ? out.tp : out.fn) += 1;
        else (predicted ? out.fp : out.tn) += 1;
    }
    const double n = double(score.size());
    out.accuracy = (out.tp + out.tn) / n;
    out.precision = ratio(out.tp, out.tp + out.fp);
    out.recall = ratio(out.tp, out.tp + out.fn);
    out.f1 = ratio(2 * out.tp, 2 * out.tp + out.fp + out.fn);
    out.balanced_accuracy = balanced_accuracy(out.tn, out.fp, out.fn, out.tp);
    out.expected_cost = expected_cost(out.tn, out.fp, out.fn, out.tp, costs);
    if (score.size() > 1) {
        // per-decision costs take three values: 0, c_FN (FN times) and c_FP (FP times)
        const double m = out.expected_cost;
        const double ss = out.fn * (costs.fn - m) * (costs.fn - m) + out.fp * (costs.fp - m) * (costs.fp - m) +
                          (out.tn + out.tp) * m * m;
        out.expected_cost_se = std::sqrt(std::max(0.0, ss / (n - 1)) / n);
    }
    return status::success();
}

status thresholds(const std::vector<double>& score, const std::vector<double>& label,
                  const std::vector<double>& grid, decision_costs costs, threshold_sweep& out) {
    status s = check_pair(score, label, "score", "label");
    if (!s.ok()) return s;
    s = check_binary_labels(label);
    if (!s.ok()) return s;
    s = check_costs(costs);
    if (!s.ok()) return s;
    if (grid.empty()) return status::failure("thresholds is empty");
    for (std::size_t k = 0; k < grid.size(); ++k) {
        if (!std::isfinite(grid[k])) return status::failure("thresholds[" + std::to_string(k) + "] is not finite");
    }
    std::vector<double> pos, neg;
    for (std::size_t i = 0; i < score.size(); ++i) (label[i] == 1 ? pos : neg).push_back(score[i]);
    std::sort(pos.begin(), pos.end());
    std::sort(neg.begin(), neg.end());
    out = threshold_sweep{};
    out.thresholds = grid;
    for (std::size_t k = 0; k < grid.size(); ++k) {
        // score >= t is positive: the count of scores at or above t
        const double tp = double(pos.end() - std::lower_bound(pos.begin(), pos.end(), grid[k]));
        const double fp = double(neg.end() - std::lower_bound(neg.begin(), neg.end(), grid[k]));
        const double fn = double(pos.size()) - tp, tn = double(neg.size()) - fp;
        out.tn.push_back(tn);
        out.fp.push_back(fp);
        out.fn.push_back(fn);
        out.tp.push_back(tp);
        out.cost.push_back(expected_cost(tn, fp, fn, tp, costs));
        out.balanced_accuracy.push_back(balanced_accuracy(tn, fp, fn, tp));
        if (k == 0 || out.cost[k] < out.best_cost) {
            out.best_cost = out.cost[k];
            out.best_threshold = grid[k];
        }
    }
    return status::success();
}

status multiclass(const std::vector<double>& predicted, const std::vector<double>& label, std::size_t classes,
                  multiclass_metrics& out) {
    status s = check_pair(predicted, label, "predicted", "label");
    if (!s.ok()) return s;
    if (classes < 2 || classes > std::size_t(limits::classes)) {
        return status::failure("classes = " + std::to_string(classes) + " is outside [2, " +
                               std::to_string(limits::classes) + "]");
    }
    for (std::size_t i = 0; i < label.size(); ++i) {
        for (const auto& [name, v] : {std::pair<const char*, double>{"predicted", predicted[i]}, {"label", label[i]}}) {
            if (v < 0 || v >= double(classes) || v != std::floor(v)) {
                return status::failure(std::string(name) + "[" + std::to_string(i) + "] = " + format_number(v) +
                                       " is not a class index in [0, " + std::to_string(classes) + ")");
            }
        }
    }
    out = multiclass_metrics{};
    out.classes = classes;
    out.confusion.assign(classes * classes, 0);
    double correct = 0;
    for (std::size_t i = 0; i < label.size(); ++i) {
        out.confusion[std::size_t(label[i]) * classes + std::size_t(predicted[i])] += 1;
        correct += predicted[i] == label[i];
    }
    out.accuracy = correct / double(label.size());
    for (std::size_t k = 0; k < classes; ++k) {
        double row = 0, col = 0;
        for (std::size_t j = 0; j < classes; ++j) {
            row += out.confusion[k * classes + j];
            col += out.confusion[j * classes + k];
        }
        const double tp = out.confusion[k * classes + k];
        const double p = ratio(tp, col), r = ratio(tp, row);
        out.macro_precision += p / double(classes);
        out.macro_recall += r / double(classes);
        out.macro_f1 += ratio(2 * tp, row + col) / double(classes);
    }
    return status::success();
}

status roc(const std::vector<double>& score, const std::vector<double>& label, curve& out) {
    status s = check_pair(score, label, "score", "label");
    if (!s.ok()) return s;
    s = check_binary_labels(label);
    if (!s.ok()) return s;
    s = check_both_classes(label, "ROC-AUC");
    if (!s.ok()) return s;
    std::vector<double> fps, tps, th;
    counts_at_thresholds(score, label, fps, tps, th);
    const double negatives = fps.back(), positives = tps.back();
    out = curve{};
    out.x.push_back(0);
    out.y.push_back(0);
    out.thresholds.push_back(th.front());  // nothing is positive above the top score
    for (std::size_t k = 0; k < fps.size(); ++k) {
        out.x.push_back(fps[k] / negatives);
        out.y.push_back(tps[k] / positives);
        out.thresholds.push_back(th[k]);
    }
    for (std::size_t k = 1; k < out.x.size(); ++k) out.area += (out.x[k] - out.x[k - 1]) * (out.y[k] + out.y[k - 1]) / 2;
    return status::success();
}

status precision_recall(const std::vector<double>& score, const std::vector<double>& label, curve& out) {
    status s = check_pair(score, label, "score", "label");
    if (!s.ok()) return s;
    s = check_binary_labels(label);
    if (!s.ok()) return s;
    s = check_both_classes(label, "PR-AUC");
    if (!s.ok()) return s;
    std::vector<double> fps, tps, th;
    counts_at_thresholds(score, label, fps, tps, th);
    const double positives = tps.back();
    out = curve{};
    // Starts at recall 0 with precision 1 (sklearn's convention for the curve's end point).
    out.x.push_back(0);
    out.y.push_back(1);
    out.thresholds.push_back(th.front());
    double previous_recall = 0;
    for (std::size_t k = 0; k < tps.size(); ++k) {
        const double recall = tps[k] / positives, precision = tps[k] / (tps[k] + fps[k]);
        out.x.push_back(recall);
        out.y.push_back(precision);
        out.thresholds.push_back(th[k]);
        out.area += (recall - previous_recall) * precision;
        previous_recall = recall;
    }
    return status::success();
}

status calibration(const std::vector<double>& prob, const std::vector<double>& label, std::size_t bins,
                   calibration_metrics& out) {
    status s = check_pair(prob, label, "probability", "label");
    if (!s.ok()) return s;
    s = check_binary_labels(label);
    if (!s.ok()) return s;
    if (bins < 1 || bins > 1000) return status::failure("bins must be in [1, 1000]");
    for (std::size_t i = 0; i < prob.size(); ++i) {
        if (prob[i] < 0 || prob[i] > 1) return status::failure("probability[" + std::to_string(i) + "] is outside [0, 1]");
    }
    out = calibration_metrics{};
    out.count.assign(bins, 0);
    out.confidence.assign(bins, 0);
    out.frequency.assign(bins, 0);
    for (std::size_t i = 0; i < prob.size(); ++i) {
        // Bin b holds (b/B, (b+1)/B]; 0 goes to the first bin.
        std::size_t b = prob[i] <= 0 ? 0 : std::size_t(std::ceil(prob[i] * double(bins))) - 1;
        if (b >= bins) b = bins - 1;
        out.count[b] += 1;
        out.confidence[b] += prob[i];
        out.frequency[b] += label[i];
    }
    const double n = double(prob.size());
    for (std::size_t b = 0; b < bins; ++b) {
        if (out.count[b] == 0) continue;
        out.confidence[b] /= out.count[b];
        out.frequency[b] /= out.count[b];
        out.ece += out.count[b] / n * std::abs(out.frequency[b] - out.confidence[b]);
    }
    return status::success();
}

status coverage(const std::vector<double>& quantile_pred, const std::vector<double>& target, double tau,
                coverage_metrics& out) {
    status s = check_pair(quantile_pred, target, "prediction", "target");
    if (!s.ok()) return s;
    if (!(tau > 0 && tau < 1)) return status::failure("tau must be in (0, 1)");
    out = coverage_metrics{};
    for (std::size_t i = 0; i < target.size(); ++i) {
        const double r = target[i] - quantile_pred[i];
        out.coverage += target[i] <= quantile_pred[i];
        out.pinball += r >= 0 ? tau * r : (tau - 1) * r;
    }
    out.coverage /= double(target.size());
    out.pinball /= double(target.size());
    if (!std::isfinite(out.pinball)) {
        return status::failure("the pinball loss overflows the double range (target − prediction is too large)");
    }
    return status::success();
}

}  // namespace losslab::metrics
