#include "losslab/train/session.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "losslab/limits.hpp"
#include "losslab/losses/registry.hpp"
#include "losslab/metrics/metrics.hpp"

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

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

double sigmoid(double z) {
    if (z >= 0) return 1 / (1 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1 + e);
}

bool all_finite(const std::vector<double>& v) {
    for (double x : v)
        if (!std::isfinite(x)) return false;
    return true;
}

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

}  // namespace

status session::create(const settings& args, session& out) {
    out = session{};
    reader r(args, "session");
    for (const char* nested : {"model", "lossParams", "params", "schedule", "penalty", "early_stopping", "data"})
        r.object(nested);
    auto loss_it = args.words.find("loss");
    if (args.has("loss") && loss_it == args.words.end()) r.fail("loss must be a loss name (a string)");
    r.accept("loss");
    auto opt_it = args.words.find("optimizer");
    if (args.has("optimizer") && opt_it == args.words.end()) r.fail("optimizer must be an optimizer name (a string)");
    r.accept("optimizer");
    const long batch_size = r.integer("batch_size", 0, 0, 1000000);
    out.epochs_ = r.integer("epochs", 100, 1, 1000000);
    const double seed = r.number("seed", 0, 0, max_seed);
    const bool float32 = r.word("precision", "float64", {"float64", "float32"}) == "float32";
    status s = r.finish();
    if (!s.ok()) return s;
    if (loss_it == args.words.end()) return status::failure("session: needs a loss");
    if (opt_it == args.words.end()) return status::failure("session: needs an optimizer");

    // Data.
    const settings data_args = args.sub("data");
    reader dr(data_args, "data");
    const long features = dr.integer("features", 1, 1, 1000);
    long classes = dr.integer("classes", -1, -1, limits::classes);
    out.x_ = dr.array("x", {}, 0, -1e300, 1e300);
    out.y_ = dr.array("y", {}, 0, -1e300, 1e300);
    out.x_val_ = dr.array("x_val", {}, 0, -1e300, 1e300);
    out.y_val_ = dr.array("y_val", {}, 0, -1e300, 1e300);
    s = dr.finish();
    if (!s.ok()) return s;
    out.features_ = std::size_t(features);
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
    const settings model_args = args.sub("model");
    const std::string model_name = model_args.words.count("name") ? model_args.words.at("name") : "";
    if (classes < 0) {
        const bool multiclass = model_name == "softmax" ||
                                (model_name == "mlp" && model_args.words.count("task") && model_args.words.at("task") == "multiclass");
        double top = 0;
        // Only a multi-class model reads a class count from the labels: a regression target of
        // 3000 (a price) is a number, not a label. The inferred count is held to the same limit as
        // a given one, before anything is sized by it (check_labels reports non-integer labels later).
        if (multiclass) {
            for (double v : out.y_) top = std::max(top, v);
            if (top > double(limits::classes - 1)) {
                return status::failure("data: y holds the label " + format_number(top) + ", which would make " +
                                       format_number(std::floor(top) + 1) + " classes; the limit is " +
                                       std::to_string(limits::classes) + " classes");
            }
        }
        classes = model_name == "logistic" ? 2 : multiclass ? long(top) + 1 : 0;
    }
    out.classes_ = std::size_t(classes);
    s = models::model::create(model_args, out.features_, out.classes_, out.model_);
    if (!s.ok()) return s;
    if (out.model_.kind() == models::task::binary) out.classes_ = 2;
    s = check_labels(out.y_, out.model_.kind(), out.classes_, out.model_.log_link(), "y");
    if (!s.ok()) return s;
    s = check_labels(out.y_val_, out.model_.kind(), out.classes_, out.model_.log_link(), "y_val");
    if (!s.ok()) return s;

    // Loss.
    out.loss_ = loss_it->second;
    const losses::loss_info* info = losses::find_loss(out.loss_);
    if (!info) {
        std::string msg = "unknown loss '" + out.loss_ + "'; known losses:";
        for (const auto& l : losses::all_loss_info()) msg += " " + l.name;
        return status::failure(msg);
    }
    if (info->kind != loss_task_for(out.model_.kind())) {
        return status::failure("loss '" + out.loss_ + "' is a " + losses::to_string(info->kind) + " loss, but model '" +
                               out.model_.name() + "' solves a " + models::to_string(out.model_.kind()) + " task");
    }
    const settings loss_args = args.sub("lossParams");
    reader lr_reader(loss_args, out.loss_);
    for (const auto& p : info->params) {
        out.loss_params_.push_back(lr_reader.number(p.name, p.default_value, -1e300, 1e300));
    }
    s = lr_reader.finish();
    if (!s.ok()) return s;
    s = losses::resolve_params(*info, out.loss_params_);
    if (!s.ok()) return s;
    out.loss_takes_probability_ = info->input == losses::domain::probability;
    out.loss_takes_log_mean_ = ends_with(out.loss_, "_log");

    // Penalty and early stopping.
    reader pr(args.sub("penalty"), "penalty");
    out.l1_ = pr.number("l1", 0, 0, 1e6);
    out.l2_ = pr.number("l2", 0, 0, 1e6);
    s = pr.finish();
    if (!s.ok()) return s;
    reader er(args.sub("early_stopping"), "early_stopping");
    out.patience_ = er.integer("patience", 0, 0, 1000000);
    out.min_delta_ = er.number("min_delta", 0, 0, 1e300);
    out.restore_best_ = er.flag("restore_best", false);
    s = er.finish();
    if (!s.ok()) return s;
    if (float32) {
        auto fast = std::make_shared<float_mlp>();
        s = float_mlp::create(out.model_, out.loss_, out.loss_params_, out.l1_, out.l2_, *fast);
        if (!s.ok()) return s;
        out.fast_ = fast;
    }
    if ((out.patience_ > 0 || out.restore_best_) && out.y_val_.empty()) {
        return status::failure("early_stopping needs validation data (data.x_val, data.y_val)");
    }

    // Optimizer and schedule.
    s = optim::optimizer::create(opt_it->second, args.sub("params"), out.opt_);
    if (!s.ok()) return s;
    const std::size_t n = out.y_.size();
    out.batch_size_ = batch_size == 0 || std::size_t(batch_size) >= n ? n : std::size_t(batch_size);
    out.steps_per_epoch_ = long((n + out.batch_size_ - 1) / out.batch_size_);
    // In double: epochs × steps per epoch can exceed a 32-bit long (wasm) before the check.
    const double total_steps = double(out.epochs_) * double(out.steps_per_epoch_);
    if (total_steps > double(limits::training_steps)) {
        return status::failure("session: epochs × steps per epoch = " + format_number(out.epochs_) + " × " +
                               std::to_string(out.steps_per_epoch_) + " = " + format_number(total_steps) +
                               " training steps; the limit is " + std::to_string(limits::training_steps) +
                               " (fewer epochs or a larger batchSize)");
    }
    s = schedules::schedule::create(args.sub("schedule"), out.opt_.lr(), out.epochs_ * out.steps_per_epoch_,
                                    out.schedule_);
    if (!s.ok()) return s;
    if (out.schedule_.cycles_momentum() && !out.opt_.has_momentum()) {
        return status::failure("one_cycle: cycle_momentum needs an optimizer with momentum or betas; set "
                               "cycle_momentum: false for " + out.opt_.name());
    }

    out.model_.initialize(std::uint64_t(seed), out.theta_);
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
    out.shuffle_ = data::rng(std::uint64_t(seed) ^ 0x9e3779b97f4a7c15ULL);
    out.order_.resize(n);
    std::iota(out.order_.begin(), out.order_.end(), 0);

    // One evaluation now turns data/loss mismatches (domains, ranges) into a creation error.
    double value = 0;
    s = out.objective(out.x_, out.y_, nullptr, value, nullptr);
    if (!s.ok()) return status::failure("loss '" + out.loss_ + "' rejects this data: " + s.error);
    if (!out.y_val_.empty()) {
        s = out.objective(out.x_val_, out.y_val_, nullptr, value, nullptr);
        if (!s.ok()) return status::failure("loss '" + out.loss_ + "' rejects the validation data: " + s.error);
    }
    return status::success();
}

status session::objective(const std::vector<double>& x, const std::vector<double>& y,
                          const std::vector<std::size_t>* idx, double& value, std::vector<double>* grad) const {
    const std::size_t f = features_, k = model_.outputs();
    const double* xs = x.data();
    const double* ys = y.data();
    std::size_t n = y.size();
    if (idx) {
        n = idx->size();
        xb_.resize(n * f);
        yb_.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t row = (*idx)[i];
            std::copy(x.begin() + long(row * f), x.begin() + long(row * f + f), xb_.begin() + long(i * f));
            yb_[i] = y[row];
        }
        xs = xb_.data();
        ys = yb_.data();
    }
    if (fast_) return fast_->objective(theta_.data(), xs, ys, n, value, grad);
    out_.resize(n * k);
    model_.forward(theta_.data(), xs, n, out_.data());
    input_.resize(n * k);
    for (std::size_t i = 0; i < n * k; ++i) {
        const double z = out_[i];
        if (model_.log_link() && !loss_takes_log_mean_) input_[i] = std::exp(z);
        else if (model_.kind() == models::task::binary && loss_takes_probability_) input_[i] = sigmoid(z);
        else input_[i] = z;
    }
    d_input_.resize(n * k);
    losses::batch<double> b;
    b.input = input_.data();
    b.input_size = n * k;
    b.target = ys;
    b.target_size = n;
    b.classes = model_.kind() == models::task::multiclass ? k : 0;
    losses::output<double> o;
    o.grad = d_input_.data();
    status s = losses::evaluate(loss_, loss_params_, b, o);
    if (!s.ok()) return s;
    value = o.value;
    const auto& mask = model_.weight_mask();
    for (std::size_t i = 0; i < theta_.size(); ++i) {
        if (!mask[i]) continue;
        value += l1_ * std::abs(theta_[i]) + 0.5 * l2_ * theta_[i] * theta_[i];
    }
    if (!grad) return status::success();
    for (std::size_t i = 0; i < n * k; ++i) {
        // Chain rule through the link: dμ/dη = μ, dσ/dz = σ(1 − σ).
        if (model_.log_link() && !loss_takes_log_mean_) d_input_[i] *= input_[i];
        else if (model_.kind() == models::task::binary && loss_takes_probability_) d_input_[i] *= input_[i] * (1 - input_[i]);
    }
    grad->assign(theta_.size(), 0);
    model_.backward(theta_.data(), xs, n, d_input_.data(), grad->data());
    for (std::size_t i = 0; i < theta_.size(); ++i) {
        if (!mask[i]) continue;
        const double w = theta_[i];
        (*grad)[i] += l1_ * (w > 0 ? 1.0 : w < 0 ? -1.0 : 0.0) + l2_ * w;
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
    const std::size_t n = y_.size();
    for (long i = 0; i < k && stopped_.empty(); ++i) {
        const long position = step_ % steps_per_epoch_;
        if (position == 0 && batch_size_ < n) {
            for (std::size_t j = n; j > 1; --j) std::swap(order_[j - 1], order_[shuffle_.below(j)]);
        }
        const std::size_t begin = std::size_t(position) * batch_size_, end = std::min(n, begin + batch_size_);
        batch_.assign(order_.begin() + long(begin), order_.begin() + long(end));
        double batch_loss = 0;
        status s = objective(x_, y_, batch_size_ < n ? &batch_ : nullptr, batch_loss, &grad_);
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
        double train_loss = 0, val_loss = 0;
        s = all_finite(theta_) ? objective(x_, y_, nullptr, train_loss, nullptr) : status::failure("parameters are not finite");
        if (s.ok() && !y_val_.empty()) s = objective(x_val_, y_val_, nullptr, val_loss, nullptr);
        if (!s.ok() || !std::isfinite(train_loss) || !std::isfinite(val_loss)) {
            theta_ = previous_;
            stopped_ = "diverged";
            stop_reason_ = s.ok() ? "the loss is not finite" : s.error;
            break;
        }
        ++step_;
        out.train_loss.push_back(train_loss);
        if (!y_val_.empty()) out.val_loss.push_back(val_loss);
        out.batch_loss.push_back(batch_loss);
        out.lr.push_back(lr);
        if (step_ % steps_per_epoch_ == 0) {
            ++epoch_;
            if (!y_val_.empty()) {
                if (!has_best_ || val_loss < best_val_ - min_delta_) {
                    has_best_ = true;
                    best_val_ = val_loss;
                    best_epoch_ = epoch_;
                    since_best_ = 0;
                    if (restore_best_) best_theta_ = theta_;
                } else {
                    ++since_best_;
                }
                if (patience_ > 0 && since_best_ >= patience_) {
                    stopped_ = "early_stopping";
                    stop_reason_ = "validation loss did not improve for " + std::to_string(patience_) + " epochs";
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
    if (restore_best_ && !restored_ && has_best_ && (stopped_ == "early_stopping" || stopped_ == "completed")) {
        theta_ = best_theta_;
        restored_ = true;
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

status session::predict(const std::vector<double>& x, std::vector<double>& out) const {
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
    if (model_.log_link()) {
        for (double& v : out) v = std::exp(v);
    } else if (model_.kind() == models::task::binary) {
        for (double& v : out) v = sigmoid(v);
    } else if (model_.kind() == models::task::multiclass) {
        for (std::size_t i = 0; i < n; ++i) {
            double* row = out.data() + i * k;
            const double top = *std::max_element(row, row + k);
            double sum = 0;
            for (std::size_t j = 0; j < k; ++j) sum += row[j] = std::exp(row[j] - top);
            for (std::size_t j = 0; j < k; ++j) row[j] /= sum;
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
    if (!all_finite(pred)) return;
    switch (model_.kind()) {
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
            if (metrics::roc(pred, y, c).ok()) out.push_back({"roc_auc", c.area});
            if (metrics::precision_recall(pred, y, c).ok()) out.push_back({"pr_auc", c.area});
            break;
        }
        case models::task::multiclass: {
            const std::size_t k = model_.outputs();
            std::vector<double> predicted(y.size());
            for (std::size_t i = 0; i < y.size(); ++i) {
                const double* row = pred.data() + i * k;
                predicted[i] = double(std::max_element(row, row + k) - row);
            }
            metrics::multiclass_metrics m;
            if (metrics::multiclass(predicted, y, k, m).ok()) {
                out = {{"accuracy", m.accuracy}, {"macro_precision", m.macro_precision},
                       {"macro_recall", m.macro_recall}, {"macro_f1", m.macro_f1}};
            }
            break;
        }
    }
}

void session::current_metrics(std::vector<named_value>& train, std::vector<named_value>& val) const {
    metrics_for(x_, y_, train);
    metrics_for(x_val_, y_val_, val);
}

}  // namespace losslab::train
