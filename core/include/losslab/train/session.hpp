#pragma once
/// A training session: a model, a loss from the registry (with its parameters), an optimizer, a
/// schedule, mini-batches, epochs and a seed, stepped k optimizer steps per call.
///
/// Settings: model{name, hidden, activation, task}, loss, lossParams{...}, optimizer,
/// params{lr, ...}, schedule{...}, batch_size (0 = full batch), epochs, seed,
/// penalty{l1, l2}, precision ('float64', the reference, or 'float32': float_mlp.hpp), early_stopping{patience, min_delta, restore_best}, data{x, y, features, classes, x_val, y_val}.
///
/// The objective is mean(loss) + l1 Σ|w| + (l2/2) Σ w² over the weights (biases are not
/// penalised); with l1 and l2 both set it is the elastic net. Decoupled weight decay is the
/// optimizer's business (adamw). How a model output meets a loss:
///   regression  the output itself; for loglink the mean μ = e^η, except a loss whose name ends in
///               "_log" (tweedie_log), which takes the log-mean η
///   binary      the logit, or σ(logit) for a loss whose input is a probability (bce); labels 0/1
///   multiclass  the K logits per sample (rows layout) and class-index labels
/// The chain rule through e^η or σ is applied to the loss's gradient before backprop.
///
/// Each optimizer step draws the next mini-batch of the epoch's seeded shuffle, then advances the
/// schedule (lr(t) per step, as torch's scheduler.step() after each optimizer.step()). After each
/// step the full training objective (and the validation objective) is recorded. A step whose
/// loss or parameters stop being finite is undone and ends the session as diverged: no NaN is
/// ever reported. Early stopping is checked at each epoch end on the validation objective.
/// With early_stopping.restore_best (as Keras's EarlyStopping(restore_best_weights=True)), the
/// parameters of the best epoch are kept and put back when the session stops (by early stopping
/// or on completion), so the model ends with the validation objective best_val_loss.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "losslab/data/random.hpp"
#include "losslab/models/model.hpp"
#include "losslab/optim/optimizer.hpp"
#include "losslab/schedules/schedule.hpp"
#include "losslab/status.hpp"
#include "losslab/train/float_mlp.hpp"
#include "losslab/train/settings.hpp"

namespace losslab::train {

/// The metrics of one data split under the current parameters (names as the JS API reports them).
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

class session {
public:
    static status create(const settings& args, session& out);

    /// Takes up to k optimizer steps (fewer if the session stops). k is limited by
    /// limits::steps_per_call and k × step_cost() by limits::work_per_call.
    status step(long k, step_report& out);

    /// Work units of one step (limits.hpp): (mini-batch + training + validation rows) × (parameters + 5).
    double step_cost() const;
    /// Steps until the session completes: epochs × steps per epoch, or one_cycle's total_steps.
    long total_steps() const;

    /// Predictions for n rows of features: regression → the prediction (μ for loglink),
    /// binary → P(y = 1), multiclass → n × K probabilities.
    status predict(const std::vector<double>& x, std::vector<double>& out) const;

    const std::vector<double>& params() const { return theta_; }
    const models::model& model() const { return model_; }
    const optim::optimizer& optimizer() const { return opt_; }
    std::size_t outputs_per_sample() const { return model_.outputs(); }
    /// Metrics for the current parameters on train and validation data.
    void current_metrics(std::vector<named_value>& train, std::vector<named_value>& val) const;
    const std::string& loss_name() const { return loss_; }

private:
    /// Objective (mean loss + penalty) over rows `idx` (all rows if null) of (x, y); the
    /// gradient with respect to θ goes to grad when it is non-null.
    status objective(const std::vector<double>& x, const std::vector<double>& y, const std::vector<std::size_t>* idx,
                     double& value, std::vector<double>* grad) const;
    void metrics_for(const std::vector<double>& x, const std::vector<double>& y, std::vector<named_value>& out) const;

    models::model model_;
    optim::optimizer opt_;
    schedules::schedule schedule_;
    std::string loss_;
    std::vector<double> loss_params_;
    bool loss_takes_probability_ = false, loss_takes_log_mean_ = false;
    /// precision 'float32': the objective runs on the float SIMD path (float_mlp.hpp)
    std::shared_ptr<const float_mlp> fast_;
    double l1_ = 0, l2_ = 0;
    long patience_ = 0;
    double min_delta_ = 0;
    bool restore_best_ = false, restored_ = false;
    std::vector<double> best_theta_;
    std::size_t features_ = 1, classes_ = 0, batch_size_ = 0;
    long epochs_ = 100, steps_per_epoch_ = 1;
    std::vector<double> x_, y_, x_val_, y_val_;
    std::vector<double> theta_, grad_, previous_;
    data::rng shuffle_{0};
    std::vector<std::size_t> order_;
    long step_ = 0, epoch_ = 0, since_best_ = 0, best_epoch_ = 0;
    double best_val_ = 0;
    bool has_best_ = false;
    std::string stopped_, stop_reason_;
    // workspace
    mutable std::vector<double> xb_, yb_, out_, input_, d_input_;
    mutable std::vector<std::size_t> batch_;
};

}  // namespace losslab::train
