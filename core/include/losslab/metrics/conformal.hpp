#pragma once
/// Split-conformal prediction and the metrics of prediction intervals.
///
///   threshold   Split conformal (Vovk et al. 2005; Lei et al. 2018): from n calibration scores,
///               the k-th smallest with k = ⌈(n + 1)(1 − α)⌉, i.e. the empirical quantile at
///               level (1 − α)(1 + 1/n). If the scores and a new point's score are exchangeable,
///               P(new score ≤ threshold) = k/(n + 1) ∈ [1 − α, 1 − α + 1/(n + 1)) (the upper end
///               needs scores without ties). When k > n (n < 1/α − 1) no finite score
///               guarantees 1 − α: the threshold is +∞ (`infinite`), the interval is the whole
///               line, and the lab reports that instead of a number.
///   scores      split conformal around a point prediction ŷ: s = |y − ŷ|, interval ŷ ± threshold.
///               Conformalized quantile regression (CQR, Romano, Patterson & Candès 2019):
///               s = max(q_lo − y, y − q_hi), interval [q_lo − threshold, q_hi + threshold]; s is
///               negative inside the quantile band, so the band may also shrink.
///   interval    for intervals [l, u] and targets y: coverage = share of l ≤ y ≤ u; mean width
///               mean(u − l); interval score (Gneiting & Raftery 2007, eq. 43), mean over points of
///               (u − l) + (2/α)(l − y)·1{y < l} + (2/α)(y − u)·1{y > u}, a proper score for the
///               central (1 − α) interval: lower is better.
#include <cstddef>
#include <vector>

#include "losslab/status.hpp"

namespace losslab::metrics {

/// k = ⌈(n + 1)(1 − α)⌉, the rank of the conformal threshold among n scores (may exceed n).
/// A product within 1e-9 of an integer counts as that integer, so (n, α) = (19, 0.1) gives 18
/// whatever the rounding of 0.9.
std::size_t conformal_rank(std::size_t n, double alpha);

struct conformal_threshold {
    std::size_t n = 0, rank = 0;  ///< calibration size and k
    double level = 0;             ///< (1 − α)(1 + 1/n), the empirical quantile level (> 1 when infinite)
    double expected_coverage = 0; ///< k/(n + 1) (1 when infinite): the coverage of continuous scores
    bool infinite = false;        ///< k > n: the threshold is +∞
    double threshold = 0;         ///< the k-th smallest score (0 when infinite)
};
/// alpha in (0, 1); scores finite and not empty.
status conformal_quantile(const std::vector<double>& scores, double alpha, conformal_threshold& out);

/// |y − ŷ| per point.
status residual_scores(const std::vector<double>& prediction, const std::vector<double>& target,
                       std::vector<double>& out);
/// max(q_lo − y, y − q_hi) per point.
status cqr_scores(const std::vector<double>& lower, const std::vector<double>& upper, const std::vector<double>& target,
                  std::vector<double>& out);

struct interval_metrics {
    double coverage = 0, mean_width = 0, interval_score = 0;
    double covered = 0;  ///< the count of l ≤ y ≤ u
};
/// lower ≤ upper at every point (a crossed interval is an error: sort or repair it first).
status interval(const std::vector<double>& lower, const std::vector<double>& upper, const std::vector<double>& target,
                double alpha, interval_metrics& out);

}  // namespace losslab::metrics
