#include "losslab/train/report.hpp"

#include <algorithm>
#include <cmath>

#include "losslab/metrics/metrics.hpp"

namespace losslab::train {

void metrics_of(models::task task, std::size_t classes, const std::vector<double>& pred, const std::vector<double>& y,
                std::vector<named_value>& out) {
    out.clear();
    if (y.empty()) return;
    for (double v : pred)
        if (!std::isfinite(v)) return;
    switch (task) {
        case models::task::regression: {
            metrics::regression_metrics m;
            if (metrics::regression(pred, y, m).ok()) out = {{"mae", m.mae}, {"rmse", m.rmse}, {"r2", m.r2}};
            break;
        }
        case models::task::binary: {
            metrics::binary_metrics m;
            if (metrics::binary(pred, y, 0.5, m).ok()) {
                out = {{"accuracy", m.accuracy}, {"precision", m.precision}, {"recall", m.recall}, {"f1", m.f1}};
            }
            metrics::curve c;
            if (metrics::roc(pred, y, c).ok()) out.push_back({"rocAuc", c.area});
            if (metrics::precision_recall(pred, y, c).ok()) out.push_back({"prAuc", c.area});
            break;
        }
        case models::task::multiclass: {
            std::vector<double> predicted(y.size());
            for (std::size_t i = 0; i < y.size(); ++i) {
                const double* row = pred.data() + i * classes;
                predicted[i] = double(std::max_element(row, row + classes) - row);
            }
            metrics::multiclass_metrics m;
            if (metrics::multiclass(predicted, y, classes, m).ok()) {
                out = {{"accuracy", m.accuracy}, {"macroPrecision", m.macro_precision},
                       {"macroRecall", m.macro_recall}, {"macroF1", m.macro_f1}};
            }
            break;
        }
    }
}

}  // namespace losslab::train
