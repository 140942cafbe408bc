#pragma once
/// What a training session reports: the losses of the steps taken in one call, where it stands,
/// and the metrics of its current predictions. Metric names are the JS API's, one per metric,
/// camelCase as metrics.binary/multiclass/regression report them:
///
///   regression  mae, rmse, r2
///   binary      accuracy, precision, recall, f1, rocAuc, prAuc (the AUCs need both classes)
///   multiclass  accuracy, macroPrecision, macroRecall, macroF1
#include <string>
#include <vector>

#include "losslab/models/config.hpp"

namespace losslab::train {

struct named_value {
    std::string name;
    double value;
};

struct step_report {
    std::vector<double> train_loss, val_loss, batch_loss, lr;  ///< one per step taken in this call
    long steps = 0;   ///< optimizer steps taken so far in the session
    long epoch = 0;   ///< completed epochs
    std::string stopped;  ///< "", "completed", "diverged", "early_stopping"
    std::string stop_reason;
    long best_epoch = 0;
    double best_val_loss = 0;
    bool restored = false;  ///< the parameters were set back to the best epoch's when it stopped
    std::vector<named_value> train_metrics, val_metrics;
};

/// The metrics of predictions `pred` (regression: the prediction; binary: P(y = 1); multiclass:
/// n × classes probabilities) against targets y; empty when they cannot be computed (no rows,
/// non-finite predictions).
void metrics_of(models::task task, std::size_t classes, const std::vector<double>& pred, const std::vector<double>& y,
                std::vector<named_value>& out);

}  // namespace losslab::train
