#pragma once
/// A training session's settings as one typed value. The data arrive separately (train::training_data).
///
/// The objective is mean(loss) + l1 Σ|w| + (l2/2) Σ w² over the weights (biases are not
/// penalised); with l1 and l2 both set it is the elastic net. Decoupled weight decay is the
/// optimizer's business (adamw). Each optimizer step draws the next mini-batch of the epoch's
/// seeded shuffle; early stopping is checked at each epoch end on the validation objective, as
/// Keras's EarlyStopping(patience, min_delta, restore_best_weights).
#include <vector>

#include "losslab/models/config.hpp"
#include "losslab/optim/spec.hpp"
#include "losslab/schedules/spec.hpp"

namespace losslab::train {

struct penalty {
    double l1 = 0;  ///< in [0, 1e6]
    double l2 = 0;  ///< in [0, 1e6]
};

struct early_stopping {
    long patience = 0;          ///< epochs without improvement before stopping (0: never)
    double min_delta = 0;       ///< the improvement that counts, >= 0
    bool restore_best = false;  ///< put back the best epoch's parameters when the session stops
};

/// The arithmetic of a session's objective. float64 is the reference and the default; float32 runs
/// the model and the loss on the float SIMD path (float_mlp.hpp), θ and the optimizer staying in
/// double.
enum class precision { float64, float32 };

struct config {
    models::config model;
    std::string loss = "mse";
    /// One value per entry of the loss's registry params (losses::loss_info::params), in order; a
    /// shorter list takes the remaining defaults. Checked once, at create.
    std::vector<double> loss_params;
    optim::spec optimizer;  ///< default: sgd (lr 0.001)
    schedules::spec schedule;
    schedules::warmup::config warmup;
    long batch_size = 0;  ///< 0: full batch; in [0, 1e6]
    long epochs = 100;    ///< in [1, 1e6]
    double seed = 0;      ///< an integer in [0, 2^53)
    train::penalty penalty;
    train::early_stopping stopping;
    train::precision precision = train::precision::float64;
};

/// The rows a session trains on: x is rows × features (row-major), y one target per row (a
/// value, a 0/1 label or a class index). Validation rows are optional.
struct training_data {
    std::vector<double> x, y, x_val, y_val;
    long features = 1;  ///< in [1, 1000]
    long classes = -1;  ///< -1: from the model (softmax and multiclass mlp: the largest label + 1)
};

}  // namespace losslab::train
