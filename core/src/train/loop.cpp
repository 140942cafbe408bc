#include "losslab/train/loop.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "losslab/limits.hpp"
#include "losslab/parameter.hpp"

namespace losslab::train {
namespace {
constexpr double max_seed = 9007199254740991.0;

losses::task loss_task_for(models::task t) {
    switch (t) {
        case models::task::regression: return losses::task::regression;
        case models::task::binary: return losses::task::binary;
        case models::task::multiclass: return losses::task::multiclass;
    }
    return losses::task::regression;
}

bool all_finite(const std::vector<double>& v) {
    for (double x : v)
        if (!std::isfinite(x)) return false;
    return true;
}

/// The labels a model's task needs (the loss checks its own target domain when it is evaluated).
status check_labels(const std::vector<double>& y, models::task t, std::size_t classes, bool log_link, const char* what) {
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double v = y[i];
        if (!std::isfinite(v)) return status::failure(std::string(what) + "[" + std::to_string(i) + "] is not finite");
        if (t == models::task::binary && v != 0 && v != 1) {
            return status::failure(std::string(what) + "[" + std::to_string(i) + "] = " + format_number(v) +
                                   ": binary labels must be 0 or 1");
        }
        if (t == models::task::multiclass && (v < 0 || v >= double(classes) || v != std::floor(v))) {
            return status::failure(std::string(what) + "[" + std::to_string(i) + "] = " + format_number(v) +
                                   " is not a class index in [0, " + std::to_string(classes) + ")");
        }
        if (log_link && v < 0) {
            return status::failure(std::string(what) + "[" + std::to_string(i) + "] = " + format_number(v) +
                                   ": a log-link model needs non-negative targets");
        }
    }
    return status::success();
}

/// The class count: given, or (softmax and multiclass mlp) the largest label + 1, held to the
/// same limit as a given count before anything is sized by it.
status classes_for(const config& c, const training_data& d, long& classes) {
    classes = d.classes;
    if (classes >= 0) return status::success();
    const bool multiclass = c.model.name == models::kind::softmax ||
                            (c.model.name == models::kind::mlp && c.model.task == models::task_choice::multiclass);
    // Only a multi-class model reads a class count from the labels: a regression target of 3000
    // (a price) is a number, not a label (check_labels reports non-integer labels later).
    double top = 0;
    if (multiclass) {
        for (double v : d.y) top = std::max(top, v);
        if (top > double(limits::classes - 1)) {
            return status::failure("data: y holds the label " + format_number(top) + ", which would make " +
                                   format_number(std::floor(top) + 1) + " classes; the limit is " +
                                   std::to_string(limits::classes) + " classes");
        }
    }
    classes = c.model.name == models::kind::logistic ? 2 : multiclass ? long(top) + 1 : 0;
    return status::success();
}

}  // namespace

status session::create(const config& c, const training_data& d, session& out) {
    out = session{};
    status s = first_failure({check_range("session", "batch_size", double(c.batch_size), 0, 1000000, true),
                         check_range("session", "epochs", double(c.epochs), 1, 1000000, true),
                         check_range("session", "seed", c.seed, 0, max_seed),
                         check_range("data", "features", double(d.features), 1, 1000, true),
                         check_range("data", "classes", double(d.classes), -1, double(limits::classes), true),
                         check_range("penalty", "l1", c.penalty.l1, 0, 1e6), check_range("penalty", "l2", c.penalty.l2, 0, 1e6),
                         check_range("early_stopping", "patience", double(c.stopping.patience), 0, 1000000, true),
                         check_range("early_stopping", "min_delta", c.stopping.min_delta, 0, 1e300)});
    if (!s.ok()) return s;
    for (const auto* v : {&d.x, &d.y, &d.x_val, &d.y_val}) {
        for (std::size_t i = 0; i < v->size(); ++i) {
            if (!std::isfinite((*v)[i])) {
                const char* name = v == &d.x ? "x" : v == &d.y ? "y" : v == &d.x_val ? "x_val" : "y_val";
                return status::failure(std::string("data: ") + name + "[" + std::to_string(i) +
                                       "] is not finite (NaN, null or ±Infinity)");
            }
        }
    }
    out.epochs_ = c.epochs;
    out.penalty_ = c.penalty;
    out.stopping_ = c.stopping;
    out.x_ = d.x;
    out.y_ = d.y;
    out.x_val_ = d.x_val;
    out.y_val_ = d.y_val;
    out.features_ = std::size_t(d.features);
    if (out.y_.empty()) return status::failure("data: y is empty");
    if (out.x_.size() != out.y_.size() * out.features_) {
        return status::failure("data: x has " + std::to_string(out.x_.size()) + " values, expected y.length × features = " +
                               std::to_string(out.y_.size() * out.features_));
    }
    if (out.x_val_.size() != out.y_val_.size() * out.features_) {
        return status::failure("data: x_val has " + std::to_string(out.x_val_.size()) +
                               " values, expected y_val.length × features = " +
                               std::to_string(out.y_val_.size() * out.features_));
    }

    // Model.
    long classes = 0;
    s = classes_for(c, d, classes);
    if (!s.ok()) return s;
    out.classes_ = std::size_t(classes);
    s = models::model::create(c.model, out.features_, out.classes_, out.model_);
    if (!s.ok()) return s;
    if (out.model_.kind() == models::task::binary) out.classes_ = 2;
    const bool log_link = out.model_.model_kind() == models::kind::loglink;
    s = check_labels(out.y_, out.model_.kind(), out.classes_, log_link, "y");
    if (!s.ok()) return s;
    s = check_labels(out.y_val_, out.model_.kind(), out.classes_, log_link, "y_val");
    if (!s.ok()) return s;

    // Loss: bound and checked once, here; its link from its registry metadata.
    s = losses::bound_loss::bind(c.loss, c.loss_params, out.loss_);
    if (!s.ok()) return s;
    const losses::loss_info& info = out.loss_.info();
    if (info.kind != loss_task_for(out.model_.kind())) {
        return status::failure("loss '" + info.name + "' is a " + losses::to_string(info.kind) + " loss, but model '" +
                               out.model_.name() + "' solves a " + models::to_string(out.model_.kind()) + " task");
    }
    s = choose_link(out.model_.model_kind(), out.model_.kind(), info, out.link_);
    if (!s.ok()) return s;
    if (c.precision == precision::float32) {
        auto fast = std::make_shared<float_mlp>();
        s = float_mlp::create(out.model_, out.loss_, out.link_, out.penalty_, *fast);
        if (!s.ok()) return s;
        out.fast_ = fast;
    }
    if ((out.stopping_.patience > 0 || out.stopping_.restore_best) && out.y_val_.empty()) {
        return status::failure("early_stopping needs validation data (data.x_val, data.y_val)");
    }

    // Optimizer and schedule.
    s = optim::optimizer::create(c.optimizer, out.opt_);
    if (!s.ok()) return s;
    const std::size_t n = out.y_.size();
    out.batch_size_ = c.batch_size == 0 || std::size_t(c.batch_size) >= n ? n : std::size_t(c.batch_size);
    out.steps_per_epoch_ = long((n + out.batch_size_ - 1) / out.batch_size_);
    // In double: epochs × steps per epoch can exceed a 32-bit long (wasm) before the check.
    const double total_steps = double(out.epochs_) * double(out.steps_per_epoch_);
    if (total_steps > double(limits::training_steps)) {
        return status::failure("session: epochs × steps per epoch = " + format_number(double(out.epochs_)) + " × " +
                               std::to_string(out.steps_per_epoch_) + " = " + format_number(total_steps) +
                               " training steps; the limit is " + std::to_string(limits::training_steps) +
                               " (fewer epochs or a larger batchSize)");
    }
    s = schedules::schedule::create(c.schedule, c.warmup, out.opt_.lr(), out.epochs_ * out.steps_per_epoch_,
                                    out.schedule_);
    if (!s.ok()) return s;
    if (out.schedule_.cycles_momentum() && !out.opt_.has_momentum()) {
        return status::failure("one_cycle: cycle_momentum needs an optimizer with momentum or betas; set "
                               "cycle_momentum: false for " + out.opt_.name());
    }

    out.model_.initialize(std::uint64_t(c.seed), out.theta_);
    if (out.step_cost() > limits::work_per_call) {
        const status too_large = status::failure(
            "session: one step of this model on this data is " + format_number(out.step_cost()) +
            " work units ((batch + training + validation rows) × (parameters + " + format_number(limits::row_overhead) +
            ")); the limit per call is " + format_number(limits::work_per_call) + ": use fewer rows or a smaller model");
        out = session{};
        return too_large;
    }
    out.opt_.reset(out.theta_.size());
    out.grad_.assign(out.theta_.size(), 0);
    out.shuffle_ = data::rng(std::uint64_t(c.seed) ^ 0x9e3779b97f4a7c15ULL);
    out.order_.resize(n);
    std::iota(out.order_.begin(), out.order_.end(), 0);

    // One evaluation now turns data/loss mismatches (domains, ranges) into a creation error; with
    // a full batch it is also the first step's value and gradient.
    double value = 0;
    s = out.objective(out.x_.data(), out.y_.data(), n, value, out.full_batch() ? &out.grad_ : nullptr,
                      out.counts_.train);
    if (!s.ok()) return status::failure("loss '" + info.name + "' rejects this data: " + s.error);
    out.cached_value_ = value;
    out.cached_status_ = s;
    out.cache_ok_ = out.full_batch();
    if (!out.y_val_.empty()) {
        s = out.objective(out.x_val_.data(), out.y_val_.data(), out.y_val_.size(), value, nullptr,
                          out.counts_.validation);
        if (!s.ok()) return status::failure("loss '" + info.name + "' rejects the validation data: " + s.error);
    }
    return status::success();
}

status session::objective(const double* xs, const double* ys, std::size_t n, double& value, std::vector<double>* grad,
                          long& count) const {
    const std::size_t k = model_.outputs();
    ++count;
    if (fast_) return fast_->objective(theta_.data(), xs, ys, n, value, grad);
    out_.resize(n * k);
    model_.forward(theta_.data(), xs, n, out_.data());
    input_.resize(n * k);
    apply_link(link_, out_.data(), n * k, input_.data());
    d_input_.resize(n * k);
    losses::batch<double> b;
    b.input = input_.data();
    b.input_size = n * k;
    b.target = ys;
    b.target_size = n;
    b.classes = model_.kind() == models::task::multiclass ? k : 0;
    losses::output<double> o;
    o.grad = d_input_.data();
    status s = loss_.evaluate(b, o);
    if (!s.ok()) return s;
    value = o.value;
    const auto& mask = model_.weight_mask();
    const double l1 = penalty_.l1, l2 = penalty_.l2;
    for (std::size_t i = 0; i < theta_.size(); ++i) {
        if (!mask[i]) continue;
        value += l1 * std::abs(theta_[i]) + 0.5 * l2 * theta_[i] * theta_[i];
    }
    if (!grad) return status::success();
    chain_link(link_, input_.data(), n * k, d_input_.data());
    grad->assign(theta_.size(), 0);
    model_.backward(theta_.data(), xs, n, d_input_.data(), grad->data());
    for (std::size_t i = 0; i < theta_.size(); ++i) {
        if (!mask[i]) continue;
        const double w = theta_[i];
        (*grad)[i] += l1 * (w > 0 ? 1.0 : w < 0 ? -1.0 : 0.0) + l2 * w;
    }
    return status::success();
}

double session::step_cost() const {
    return double(batch_size_ + y_.size() + y_val_.size()) * (double(theta_.size()) + limits::row_overhead);
}

long session::total_steps() const {
    const long by_epochs = epochs_ * steps_per_epoch_;  // within limits::training_steps (create)
    return schedule_.step_limit() ? std::min(by_epochs, long(schedule_.step_limit())) : by_epochs;
}

status session::step(long k, step_report& out) {
    out = step_report{};
    if (k < 0 || k > limits::steps_per_call) {
        return status::failure("step: k = " + std::to_string(k) + " is outside [0, " +
                               std::to_string(limits::steps_per_call) + "] (the limit of steps per call)");
    }
    // The steps this call can take: k, or fewer when the session completes first.
    const long planned = stopped_.empty() ? std::min(k, std::max(0L, total_steps() - step_)) : 0;
    const double work = double(planned) * step_cost();
    if (work > limits::work_per_call) {
        return status::failure("step: k: " + std::to_string(planned) + " steps of this session are " +
                               format_number(work) + " work units; the limit per call is " +
                               format_number(limits::work_per_call) + " (at most " +
                               std::to_string(long(limits::work_per_call / step_cost())) +
                               " steps per call here: step in smaller pieces)");
    }
    const std::size_t n = y_.size(), f = features_;
    const bool full = full_batch();
    for (long i = 0; i < k && stopped_.empty(); ++i) {
        // The objective this step descends: the cached full-batch evaluation at θ, or a mini-batch.
        double batch_loss = 0;
        status s;
        if (full) {
            if (!cache_ok_) {
                cached_status_ = objective(x_.data(), y_.data(), n, cached_value_, &grad_, counts_.train);
                cache_ok_ = true;
            }
            s = cached_status_;
            batch_loss = cached_value_;
        } else {
            const long position = step_ % steps_per_epoch_;
            if (position == 0) {
                for (std::size_t j = n; j > 1; --j) std::swap(order_[j - 1], order_[shuffle_.below(j)]);
            }
            const std::size_t begin = std::size_t(position) * batch_size_, end = std::min(n, begin + batch_size_);
            const std::size_t rows = end - begin;
            xb_.resize(rows * f);
            yb_.resize(rows);
            for (std::size_t r = 0; r < rows; ++r) {
                const std::size_t row = order_[begin + r];
                std::copy(x_.begin() + long(row * f), x_.begin() + long(row * f + f), xb_.begin() + long(r * f));
                yb_[r] = y_[row];
            }
            s = objective(xb_.data(), yb_.data(), rows, batch_loss, &grad_, counts_.batch);
        }
        if (!s.ok() || !std::isfinite(batch_loss) || !all_finite(grad_)) {
            stopped_ = "diverged";
            stop_reason_ = s.ok() ? "the loss or its gradient is not finite" : s.error;
            break;
        }
        const double lr = schedule_.lr(step_);
        if (!std::isfinite(lr)) {
            stopped_ = "diverged";
            stop_reason_ = "the learning rate of the schedule overflows at step " + std::to_string(step_);
            break;
        }
        previous_ = theta_;
        if (schedule_.cycles_momentum()) opt_.set_momentum(schedule_.momentum(step_));
        opt_.step(theta_, grad_, lr);
        // The training objective after the step; with a full batch, with its gradient (the next step's).
        double train_loss = 0, val_loss = 0;
        if (all_finite(theta_)) {
            s = objective(x_.data(), y_.data(), n, train_loss, full ? &next_grad_ : nullptr, counts_.train);
        } else {
            s = status::failure("parameters are not finite");
        }
        if (s.ok() && !y_val_.empty()) {
            s = objective(x_val_.data(), y_val_.data(), y_val_.size(), val_loss, nullptr, counts_.validation);
        }
        if (!s.ok() || !std::isfinite(train_loss) || !std::isfinite(val_loss)) {
            theta_ = previous_;  // the cache still holds θ's evaluation
            stopped_ = "diverged";
            stop_reason_ = s.ok() ? "the loss is not finite" : s.error;
            break;
        }
        if (full) {
            cached_value_ = train_loss;
            cached_status_ = status::success();
            grad_.swap(next_grad_);
        }
        ++step_;
        out.train_loss.push_back(train_loss);
        if (!y_val_.empty()) out.val_loss.push_back(val_loss);
        out.batch_loss.push_back(batch_loss);
        out.lr.push_back(lr);
        if (step_ % steps_per_epoch_ == 0) {
            ++epoch_;
            if (!y_val_.empty()) {
                if (!has_best_ || val_loss < best_val_ - stopping_.min_delta) {
                    has_best_ = true;
                    best_val_ = val_loss;
                    best_epoch_ = epoch_;
                    since_best_ = 0;
                    if (stopping_.restore_best) best_theta_ = theta_;
                } else {
                    ++since_best_;
                }
                if (stopping_.patience > 0 && since_best_ >= stopping_.patience) {
                    stopped_ = "early_stopping";
                    stop_reason_ = "validation loss did not improve for " + std::to_string(stopping_.patience) + " epochs";
                }
            }
            if (stopped_.empty() && epoch_ >= epochs_) {
                stopped_ = "completed";
                stop_reason_ = "reached " + std::to_string(epochs_) + " epochs";
            }
        }
        if (stopped_.empty() && schedule_.step_limit() && step_ >= schedule_.step_limit()) {
            stopped_ = "completed";
            stop_reason_ = "reached one_cycle's total_steps";
        }
    }
    if (stopping_.restore_best && !restored_ && has_best_ && (stopped_ == "early_stopping" || stopped_ == "completed")) {
        theta_ = best_theta_;
        restored_ = true;
        cache_ok_ = false;
    }
    out.restored = restored_;
    out.steps = step_;
    out.epoch = epoch_;
    out.stopped = stopped_;
    out.stop_reason = stop_reason_;
    out.best_epoch = best_epoch_;
    out.best_val_loss = best_val_;
    current_metrics(out.train_metrics, out.val_metrics);
    return status::success();
}

status session::predict(const std::vector<double>& x, std::vector<double>& out, bool logits) const {
    if (x.size() % features_ != 0) {
        return status::failure("predict: x has " + std::to_string(x.size()) + " values, not a multiple of features = " +
                               std::to_string(features_));
    }
    const double work = double(x.size() / features_) * (double(theta_.size()) + limits::row_overhead);
    if (work > limits::work_per_call) {
        return status::failure("predict: x: " + std::to_string(x.size() / features_) + " rows × (" +
                               std::to_string(theta_.size()) + " parameters + " + format_number(limits::row_overhead) +
                               ") = " + format_number(work) + " work units; the limit per call is " +
                               format_number(limits::work_per_call));
    }
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!std::isfinite(x[i])) return status::failure("predict: x[" + std::to_string(i) + "] is not finite");
    const std::size_t n = x.size() / features_, k = model_.outputs();
    out.resize(n * k);
    model_.forward(theta_.data(), x.data(), n, out.data());
    if (!logits) {
        if (model_.model_kind() == models::kind::loglink) {
            apply_link(train::link::exp, out.data(), out.size(), out.data());
        } else if (model_.kind() == models::task::binary) {
            apply_link(train::link::sigmoid, out.data(), out.size(), out.data());
        } else if (model_.kind() == models::task::multiclass) {
            for (std::size_t i = 0; i < n; ++i) {
                double* row = out.data() + i * k;
                const double top = *std::max_element(row, row + k);
                double sum = 0;
                for (std::size_t j = 0; j < k; ++j) sum += row[j] = std::exp(row[j] - top);
                for (std::size_t j = 0; j < k; ++j) row[j] /= sum;
            }
        }
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (!std::isfinite(out[i])) {
            const std::size_t row = i / k;
            out.clear();
            return status::failure("predict: the prediction for row " + std::to_string(row) +
                                   " is beyond the double range (not finite); x is too large in magnitude");
        }
    }
    return status::success();
}

void session::metrics_for(const std::vector<double>& x, const std::vector<double>& y,
                          std::vector<named_value>& out) const {
    out.clear();
    if (y.empty()) return;
    std::vector<double> pred;
    if (!predict(x, pred).ok()) return;
    metrics_of(model_.kind(), model_.outputs(), pred, y, out);
}

void session::current_metrics(std::vector<named_value>& train, std::vector<named_value>& val) const {
    metrics_for(x_, y_, train);
    metrics_for(x_val_, y_val_, val);
}

}  // namespace losslab::train
