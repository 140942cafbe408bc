#include "losslab/train/link.hpp"

namespace losslab::train {

status choose_link(models::kind model, models::task task, const losses::loss_info& loss, link& out) {
    out = link::identity;
    if (loss.input_scale == losses::scale::linear_predictor) return status::success();
    if (model == models::kind::loglink) {
        out = link::exp;
    } else if (task == models::task::binary) {
        out = link::sigmoid;
    } else if (task == models::task::multiclass) {
        return status::failure("loss '" + loss.name + "' takes probabilities, which a multiclass model does not give");
    }
    return status::success();
}

void apply_link(link l, const double* z, std::size_t n, double* in) {
    switch (l) {
        case link::identity:
            for (std::size_t i = 0; i < n; ++i) in[i] = z[i];
            return;
        case link::exp:
            for (std::size_t i = 0; i < n; ++i) in[i] = std::exp(z[i]);
            return;
        case link::sigmoid:
            for (std::size_t i = 0; i < n; ++i) in[i] = sigmoid(z[i]);
            return;
    }
}

void chain_link(link l, const double* in, std::size_t n, double* d) {
    switch (l) {
        case link::identity: return;
        case link::exp:  // dμ/dη = μ
            for (std::size_t i = 0; i < n; ++i) d[i] *= in[i];
            return;
        case link::sigmoid:  // dσ/dz = σ(1 − σ)
            for (std::size_t i = 0; i < n; ++i) d[i] *= in[i] * (1 - in[i]);
            return;
    }
}

}  // namespace losslab::train
