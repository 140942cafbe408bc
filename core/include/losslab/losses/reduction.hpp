#pragma once
/// Reductions and sample weights, shared by every loss (no loss reduces on its own).
///
///   none:  out_i = w_i l_i                     (w_i = 1 without weights)
///   sum:   L = Σ_i w_i l_i
///   mean:  L = Σ_i w_i l_i / Σ_i w_i           (the plain mean without weights; with class weights
///                                              this is torch.nn.CrossEntropyLoss's weighted mean)
///
/// An empty batch reduces to 0 for both sum and mean (torch returns NaN for an empty mean; a
/// teaching UI must never show NaN, so we document 0 instead).
#include <cstddef>
#include <string_view>

namespace losslab::losses {

enum class reduction { mean, sum, none };

/// Parses "mean", "sum" or "none"; returns false for anything else.
inline bool parse_reduction(std::string_view text, reduction& out) {
    if (text == "mean") return out = reduction::mean, true;
    if (text == "sum") return out = reduction::sum, true;
    if (text == "none") return out = reduction::none, true;
    return false;
}

/// The factor that turns a weighted per-sample derivative into a derivative of the reduced loss.
inline double reduction_scale(reduction r, double weight_sum) {
    if (r == reduction::mean) return weight_sum > 0 ? 1.0 / weight_sum : 0.0;
    return 1.0;
}

}  // namespace losslab::losses
