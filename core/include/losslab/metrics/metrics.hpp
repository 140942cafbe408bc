#pragma once
/// Evaluation metrics, with the conventions of scikit-learn where one exists:
///
///   regression   MAE, RMSE, R² = 1 − SS_res / SS_tot (R² = 0 when the targets are constant and the
///                fit is not exact, 1 when exact; sklearn's convention)
///   binary       at a threshold on the score: confusion matrix [[tn, fp], [fn, tp]], accuracy,
///                precision tp/(tp+fp), recall tp/(tp+fn), F1; 0 where a ratio is 0/0
///                (sklearn's zero_division=0); balanced accuracy = the mean over the classes present
///                of each class's recall (sklearn's balanced_accuracy_score: (TPR + TNR) / 2 with both
///                classes, the one recall with one); expected cost per decision at costs c_FN, c_FP:
///                (c_FN·FN + c_FP·FP) / N, with the standard error of that mean, sd / √N (sample sd
///                of the N per-decision costs, 0 when N = 1)
///   thresholds   the same counts at each of a list of thresholds (the threshold sweep), with the
///                expected cost and balanced accuracy at each: the cost over thresholds, and its
///                minimum (the first threshold of the list that attains it)
///   multiclass   K×K confusion matrix (row = true class, column = predicted), accuracy, and
///                macro-averaged precision, recall and F1
///   roc          ROC curve over the distinct scores, from (0, 0) to (1, 1); tied scores form
///                one point, so a tie between a positive and a negative is a diagonal segment
///                that counts ½ (the Mann–Whitney AUC). AUC by the trapezoid rule.
///   pr           precision–recall curve over the distinct scores (recall increasing) and the
///                average precision AP = Σ (R_k − R_{k−1}) P_k (sklearn's
///                average_precision_score: a step function, no interpolation)
///   calibration  equal-width bins of the predicted probability: per bin the count, mean
///                confidence and observed frequency; ECE = Σ_b (n_b / N) |freq_b − conf_b|
///   coverage     for quantile predictions q of level τ: the fraction of targets y ≤ q (it should
///                be close to τ) and the mean pinball loss
#include <cstddef>
#include <vector>

#include "losslab/status.hpp"

namespace losslab::metrics {

struct regression_metrics {
    double mae = 0, rmse = 0, r2 = 0;
};
status regression(const std::vector<double>& pred, const std::vector<double>& target, regression_metrics& out);

struct binary_metrics {
    double tn = 0, fp = 0, fn = 0, tp = 0;
    double accuracy = 0, precision = 0, recall = 0, f1 = 0;
    double balanced_accuracy = 0;
    double expected_cost = 0, expected_cost_se = 0;  ///< per decision, at the costs given
};
/// Costs of the two kinds of mistake (a correct decision costs 0).
struct decision_costs {
    double fn = 1, fp = 1;
};
/// `score` may be a probability or any score; a sample is predicted positive when score >= threshold.
/// The default costs (1, 1) make the expected cost the error rate.
status binary(const std::vector<double>& score, const std::vector<double>& label, double threshold,
              binary_metrics& out, decision_costs costs = {});

/// Balanced accuracy and expected cost per decision from the four counts (sklearn's definitions).
double balanced_accuracy(double tn, double fp, double fn, double tp);
double expected_cost(double tn, double fp, double fn, double tp, decision_costs costs);

struct threshold_sweep {
    std::vector<double> thresholds, tn, fp, fn, tp, cost, balanced_accuracy;
    double best_threshold = 0, best_cost = 0;
};
/// The confusion counts, expected cost and balanced accuracy at each threshold (score >= t is positive).
status thresholds(const std::vector<double>& score, const std::vector<double>& label,
                  const std::vector<double>& thresholds, decision_costs costs, threshold_sweep& out);

struct multiclass_metrics {
    std::size_t classes = 0;
    std::vector<double> confusion;  ///< K×K, row = true class
    double accuracy = 0, macro_precision = 0, macro_recall = 0, macro_f1 = 0;
};
/// `predicted` and `label` hold class indices in [0, classes).
status multiclass(const std::vector<double>& predicted, const std::vector<double>& label, std::size_t classes,
                  multiclass_metrics& out);

struct curve {
    std::vector<double> x, y, thresholds;
    double area = 0;
};
/// ROC: x = false positive rate, y = true positive rate; area = ROC-AUC.
status roc(const std::vector<double>& score, const std::vector<double>& label, curve& out);
/// PR: x = recall, y = precision; area = average precision.
status precision_recall(const std::vector<double>& score, const std::vector<double>& label, curve& out);

struct calibration_metrics {
    std::vector<double> count, confidence, frequency;  ///< per bin (confidence/frequency 0 when empty)
    double ece = 0;
};
/// Binary: `prob` is P(y = 1). Multiclass: pass the max probability as `prob` and 1/0 for
/// "the arg-max was right" as `label` (the reliability diagram of the top class).
status calibration(const std::vector<double>& prob, const std::vector<double>& label, std::size_t bins,
                   calibration_metrics& out);

struct coverage_metrics {
    double coverage = 0, pinball = 0;
};
status coverage(const std::vector<double>& quantile_pred, const std::vector<double>& target, double tau,
                coverage_metrics& out);

}  // namespace losslab::metrics
