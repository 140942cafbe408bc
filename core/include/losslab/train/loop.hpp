#pragma once
/// A training session: a model, a loss from the registry (bound once at create), an optimizer,
/// a schedule, mini-batches, epochs and a seed (train::config), over train::training_data, stepped k
/// optimizer steps per call. How a model output meets the loss is link.hpp's business; what is
/// reported, report.hpp's.
///
/// Each optimizer step draws the next mini-batch of the epoch's seeded shuffle, then advances the
/// schedule (lr(t) per step, as torch's scheduler.step() after each optimizer.step()). After each
/// step the full training objective (and, with validation data, the validation objective) is
/// recorded. With a full batch the evaluation after a step (value and gradient) is also the next
/// step's: ONE training-objective evaluation per step. With mini-batches a step evaluates its
/// batch (value and gradient) and then the training objective (value). evaluations() counts them.
/// A step whose loss or parameters stop being finite is undone and ends the session as diverged:
/// no NaN is ever reported. Early stopping is checked at each epoch end on the validation
/// objective; with stopping.restore_best (Keras's restore_best_weights=True) the parameters of
/// the best epoch are put back when the session stops (early or on completion).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "losslab/data/random.hpp"
#include "losslab/losses/registry.hpp"
#include "losslab/models/model.hpp"
#include "losslab/optim/optimizer.hpp"
#include "losslab/schedules/schedule.hpp"
#include "losslab/status.hpp"
#include "losslab/train/config.hpp"
#include "losslab/train/float_mlp.hpp"
#include "losslab/train/link.hpp"
#include "losslab/train/report.hpp"

namespace losslab::train {

/// How many times a session evaluated each objective (create included).
struct evaluation_counts {
    long train = 0;       ///< the objective over all training rows
    long batch = 0;       ///< the objective over a mini-batch (never with a full batch)
    long validation = 0;  ///< the objective over the validation rows
};

class session {
public:
    /// Checks the config and the data once: the model against the data, the loss against the
    /// registry (name, parameters, task) and the data (one evaluation), the optimizer and schedule.
    static status create(const config& c, const training_data& d, session& out);

    /// Takes up to k optimizer steps (fewer if the session stops). k is limited by
    /// limits::steps_per_call and k × step_cost() by limits::work_per_call.
    status step(long k, step_report& out);

    /// Work units of one step (limits.hpp): (mini-batch + training + validation rows) × (parameters + 5).
    double step_cost() const;
    /// Steps until the session completes: epochs × steps per epoch, or one_cycle's total_steps.
    long total_steps() const;

    /// Predictions for n rows of features: regression → the prediction (μ for loglink),
    /// binary → P(y = 1), multiclass → n × K probabilities; with logits, the model's raw outputs
    /// (ŷ, the log-mean η, the logit z, the K logits).
    status predict(const std::vector<double>& x, std::vector<double>& out, bool logits = false) const;

    const std::vector<double>& params() const { return theta_; }
    const models::model& model() const { return model_; }
    const optim::optimizer& optimizer() const { return opt_; }
    std::size_t outputs_per_sample() const { return model_.outputs(); }
    /// Metrics for the current parameters on train and validation data.
    void current_metrics(std::vector<named_value>& train, std::vector<named_value>& val) const;
    const std::string& loss_name() const { return loss_.info().name; }
    train::link link() const { return link_; }
    const evaluation_counts& evaluations() const { return counts_; }

private:
    /// Objective (mean loss + penalty) at θ over n rows of (x, y); the gradient with respect to θ
    /// goes to grad when it is non-null. Adds one to `count` (one of counts_).
    status objective(const double* x, const double* y, std::size_t n, double& value, std::vector<double>* grad,
                     long& count) const;
    void metrics_for(const std::vector<double>& x, const std::vector<double>& y, std::vector<named_value>& out) const;
    bool full_batch() const { return batch_size_ >= y_.size(); }

    models::model model_;
    optim::optimizer opt_;
    schedules::schedule schedule_;
    losses::bound_loss loss_;
    train::link link_ = train::link::identity;
    /// precision float32: the objective runs on the float SIMD path (float_mlp.hpp)
    std::shared_ptr<const float_mlp> fast_;
    penalty penalty_;
    early_stopping stopping_;
    bool restored_ = false;
    std::vector<double> best_theta_;
    std::size_t features_ = 1, classes_ = 0, batch_size_ = 0;
    long epochs_ = 100, steps_per_epoch_ = 1;
    std::vector<double> x_, y_, x_val_, y_val_;
    std::vector<double> theta_, grad_, next_grad_, previous_;
    // Full batch: the training objective at θ and its gradient (grad_), from the last evaluation.
    double cached_value_ = 0;
    status cached_status_;
    bool cache_ok_ = false;
    data::rng shuffle_{0};
    std::vector<std::size_t> order_;
    long step_ = 0, epoch_ = 0, since_best_ = 0, best_epoch_ = 0;
    double best_val_ = 0;
    bool has_best_ = false;
    std::string stopped_, stop_reason_;
    mutable evaluation_counts counts_;
    // workspace
    mutable std::vector<double> xb_, yb_, out_, input_, d_input_;
};

}  // namespace losslab::train
