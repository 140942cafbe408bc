#include "losslab/train/contrastive.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "losslab/limits.hpp"
#include "losslab/parameter.hpp"
#include "losslab/train/session.hpp"

namespace losslab::contrastive {
namespace {

constexpr std::size_t features = 3;
constexpr double centre_radius = 1.5;
constexpr double max_seed = 9007199254740991.0;

/// Normalises each row of u (n × dim) into z; keeps the lengths for the backward pass.
void normalise_rows(const std::vector<double>& u, std::size_t dim, std::vector<double>& z, std::vector<double>& len) {
    const std::size_t n = u.size() / dim;
    z.resize(u.size());
    len.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        double largest = 0;
        for (std::size_t d = 0; d < dim; ++d) largest = std::max(largest, std::fabs(u[i * dim + d]));
        double sum = 0;
        for (std::size_t d = 0; d < dim; ++d) {
            const double v = largest > 0 ? u[i * dim + d] / largest : 0;
            sum += v * v;
        }
        // A zero output (never reached by a tanh MLP in practice) maps to the first axis.
        len[i] = largest * std::sqrt(sum);
        for (std::size_t d = 0; d < dim; ++d) z[i * dim + d] = len[i] > 0 ? u[i * dim + d] / len[i] : (d == 0 ? 1 : 0);
    }
}

/// dL/du = (I − z zᵀ) dL/dz / |u|, in place.
void through_normalisation(const std::vector<double>& z, const std::vector<double>& len, std::size_t dim,
                           std::vector<double>& g) {
    const std::size_t n = len.size();
    for (std::size_t i = 0; i < n; ++i) {
        double along = 0;
        for (std::size_t d = 0; d < dim; ++d) along += g[i * dim + d] * z[i * dim + d];
        const double inv = len[i] > 0 ? 1 / len[i] : 0;
        for (std::size_t d = 0; d < dim; ++d) g[i * dim + d] = (g[i * dim + d] - along * z[i * dim + d]) * inv;
    }
}

double dot(const double* a, const double* b, std::size_t dim) {
    double s = 0;
    for (std::size_t d = 0; d < dim; ++d) s += a[d] * b[d];
    return s;
}

}  // namespace

void info_nce_views(const double* z, const double* zp, std::size_t n, std::size_t dim, double tau,
                    const std::vector<std::size_t>& negatives, std::size_t k, double& value, double* grad_z,
                    double* grad_zp, double* sims, double* weights) {
    const double inv_tau = 1 / tau, scale = n ? 1 / (double(n) * tau) : 0;
    if (grad_z) std::fill(grad_z, grad_z + n * dim, 0.0);
    if (grad_zp) std::fill(grad_zp, grad_zp + n * dim, 0.0);
    if (weights) std::fill(weights, weights + n * n, 0.0);
    std::vector<std::size_t> cand(k + 1);
    std::vector<double> s(k + 1), e(k + 1);
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double* zi = z + i * dim;
        if (sims)
            for (std::size_t j = 0; j < n; ++j) sims[i * n + j] = dot(zi, zp + j * dim, dim);
        cand[0] = i;
        for (std::size_t c = 0; c < k; ++c) cand[c + 1] = negatives[i * k + c];
        double top = -1e300;
        for (std::size_t c = 0; c <= k; ++c) {
            s[c] = dot(zi, zp + cand[c] * dim, dim);
            top = std::max(top, s[c] * inv_tau);
        }
        // logsumexp = top + log Σ e^{s/τ − top}: every exponent is ≤ 0 and one is exactly 0.
        double sum = 0;
        for (std::size_t c = 0; c <= k; ++c) sum += (e[c] = std::exp(s[c] * inv_tau - top));
        total += top + std::log(sum) - s[0] * inv_tau;
        for (std::size_t c = 0; c <= k; ++c) {
            const double p = e[c] / sum;
            if (weights) weights[i * n + cand[c]] = p;
            const double coef = (p - (c == 0 ? 1.0 : 0.0)) * scale;
            const std::size_t j = cand[c];
            for (std::size_t d = 0; d < dim; ++d) {
                if (grad_z) grad_z[i * dim + d] += coef * zp[j * dim + d];
                if (grad_zp) grad_zp[j * dim + d] += coef * zi[d];
            }
        }
    }
    value = n ? total / double(n) : 0;
}

void choose_negatives(const std::vector<double>& sims, std::size_t n, std::size_t k, bool hard, data::rng& g,
                      std::vector<std::size_t>& out) {
    k = std::min(k, n ? n - 1 : 0);  // never more negatives than other samples (no out-of-range sort)
    hard = hard && sims.size() >= n * n;  // hard needs the similarities; without them, random
    out.resize(n * k);
    std::vector<std::size_t> others(n ? n - 1 : 0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0, c = 0; j < n; ++j)
            if (j != i) others[c++] = j;
        if (hard) {
            const double* row = sims.data() + i * n;
            std::partial_sort(others.begin(), others.begin() + long(k), others.end(),
                              [&](std::size_t a, std::size_t b) { return row[a] > row[b] || (row[a] == row[b] && a < b); });
        } else {
            for (std::size_t c = 0; c < k; ++c) std::swap(others[c], others[c + std::size_t(g.below(others.size() - c))]);
        }
        std::copy(others.begin(), others.begin() + long(k), out.begin() + long(i * k));
    }
}

double alignment(const std::vector<double>& z, const std::vector<double>& zp, std::size_t dim) {
    const std::size_t n = z.size() / dim;
    double sum = 0;
    for (std::size_t i = 0; i < z.size(); ++i) sum += (z[i] - zp[i]) * (z[i] - zp[i]);
    return n ? sum / double(n) : 0;
}

double uniformity(const std::vector<double>& z, std::size_t dim) {
    const std::size_t n = z.size() / dim;
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            double d2 = 0;
            for (std::size_t d = 0; d < dim; ++d) d2 += (z[i * dim + d] - z[j * dim + d]) * (z[i * dim + d] - z[j * dim + d]);
            sum += std::exp(-2 * d2);  // each term is in [e^{−8}, 1] for unit vectors: no underflow
        }
    const double pairs = double(n) * double(n - 1) / 2;
    return pairs > 0 ? std::log(sum / pairs) : 0;
}

status session::create(const config& c, session& out) {
    out = session{};
    const std::string what = "contrastive";
    status s = first_failure({check_range(what, "classes", double(c.classes), 2, 8, true),
                              check_range(what, "pool", double(c.pool), 16, 2000, true),
                              check_range(what, "eval", double(c.eval), 16, 1000, true),
                              check_range(what, "spread", c.spread, 0, 3),
                              check_range(what, "augmentation", c.augmentation, 0, 3),
                              check_range(what, "nuisance", c.nuisance, 0, 10),
                              check_range(what, "hidden", double(c.hidden), 1, 64, true),
                              check_range(what, "dim", double(c.dim), 2, 3, true),
                              check_range(what, "batch", double(c.batch), 2, 256, true),
                              check_range(what, "negatives", double(c.negatives), -1, 255, true),
                              check_range(what, "temperature", c.temperature, 1e-3, 10),
                              check_range(what, "display", double(c.display), 2, 64, true),
                              check_range(what, "probe_steps", double(c.probe_steps), 1, 2000, true),
                              check_range(what, "seed", c.seed, 0, max_seed)});
    if (!s.ok()) return s;
    if (c.batch > c.pool) {
        return status::failure(what + ": batch = " + std::to_string(c.batch) + " is larger than the pool of " +
                               std::to_string(c.pool) + " samples");
    }
    if (c.display > c.eval) {
        return status::failure(what + ": display = " + std::to_string(c.display) + " is larger than eval = " +
                               std::to_string(c.eval));
    }
    const long classes = c.classes, pool = c.pool, eval = c.eval, hidden = c.hidden, display = c.display;
    const double spread = c.spread;
    out.augmentation_ = c.augmentation;
    out.nuisance_ = c.nuisance;
    out.dim_ = std::size_t(c.dim);
    out.batch_ = std::size_t(c.batch);
    const long negatives = c.negatives < 0 ? c.batch - 1 : c.negatives;
    out.hard_ = c.hard;
    out.positives_only_ = c.positives_only;
    out.tau_ = c.temperature;
    out.probe_steps_ = c.probe_steps;
    out.seed_ = std::uint64_t(c.seed);
    out.classes_ = std::size_t(classes);
    // More negatives than other samples in the batch cannot be drawn: every other sample is used.
    out.negatives_ = out.positives_only_ ? 0 : std::min<std::size_t>(std::size_t(negatives), out.batch_ - 1);
    out.display_ = std::size_t(display);

    s = optim::optimizer::create(c.optimizer, out.opt_);
    if (!s.ok()) return s;
    models::config model_args = models::mlp::defaults();
    model_args.act = models::activation::tanh;
    model_args.task = models::task_choice::multiclass;
    model_args.hidden = {hidden};
    // The multiclass head of the MLP is a plain linear layer with `classes` outputs: here D of them.
    s = models::model::create(model_args, features, out.dim_, out.encoder_);
    if (!s.ok()) return s;
    if (out.step_cost() * 1 > limits::work_per_call || out.snapshot_cost() > limits::work_per_call) {
        return status::failure("contrastive: one step or snapshot exceeds the work limit of one call");
    }

    // Data: the pool (trained on, and the probe's training set) and the held-out samples.
    data::rng g(out.seed_ * 7919 + 17);
    auto sample = [&](long count, std::vector<double>& x, std::vector<double>& y) {
        for (long i = 0; i < count; ++i) {
            const long k = i % classes;
            const double angle = 2 * 3.14159265358979323846 * double(k) / double(classes);
            x.push_back(centre_radius * std::cos(angle) + spread * g.normal());
            x.push_back(centre_radius * std::sin(angle) + spread * g.normal());
            x.push_back(out.nuisance_ * g.normal());
            y.push_back(double(k));
        }
    };
    sample(pool, out.pool_x_, out.pool_y_);
    sample(eval, out.eval_x_, out.eval_y_);
    out.draw_ = data::rng(out.seed_ * 104729 + 3);
    // Fixed views of the held-out samples (for alignment and the display batch), from their own stream.
    data::rng fixed(out.seed_ * 31337 + 5);
    std::vector<std::size_t> all(static_cast<std::size_t>(eval));
    std::iota(all.begin(), all.end(), 0);
    out.views_of(out.eval_x_, all, fixed, out.eval_a_, out.eval_b_);
    const std::size_t kd = std::min(out.negatives_, out.display_ - 1);
    choose_negatives({}, out.display_, kd, false, fixed, out.display_negatives_);
    out.encoder_.initialize(out.seed_, out.theta_);
    out.opt_.reset(out.theta_.size());
    out.grad_.resize(out.theta_.size());
    return status::success();
}

double session::step_cost() const {
    const double p = double(encoder_.parameter_count());
    const double b = double(batch_);
    return 2 * b * (p + limits::row_overhead) + b * b * (double(dim_) + 4);
}

double session::snapshot_cost() const {
    const double p = double(encoder_.parameter_count());
    const double e = double(eval_y_.size()), n = double(pool_y_.size());
    const double probe = double(probe_steps_) * (n + e) * (double(classes_ * (dim_ + 1)) + limits::row_overhead);
    return (3 * e + n) * (p + limits::row_overhead) + e * e * (double(dim_) + 2) + probe;
}

void session::views_of(const std::vector<double>& source, const std::vector<std::size_t>& idx, data::rng& g,
                       std::vector<double>& a, std::vector<double>& b) const {
    a.resize(idx.size() * features);
    b.resize(idx.size() * features);
    for (auto* v : {&a, &b})
        for (std::size_t r = 0; r < idx.size(); ++r) {
            const double* x = source.data() + idx[r] * features;
            double* out = v->data() + r * features;
            out[0] = x[0] + augmentation_ * g.normal();
            out[1] = x[1] + augmentation_ * g.normal();
            out[2] = nuisance_ * g.normal();
        }
}

void session::embed(const std::vector<double>& theta, const std::vector<double>& x, std::vector<double>& z) const {
    std::vector<double> u(x.size() / features * dim_), len;
    encoder_.forward(theta.data(), x.data(), x.size() / features, u.data());
    normalise_rows(u, dim_, z, len);
}

status session::objective(const std::vector<double>& theta, const std::vector<double>& view_a,
                          const std::vector<double>& view_b, const std::vector<std::size_t>& negatives, std::size_t k,
                          double& value, std::vector<double>* grad) const {
    const std::size_t n = view_a.size() / features;
    if (theta.size() != encoder_.parameter_count() || view_b.size() != view_a.size() || n * features != view_a.size() ||
        negatives.size() != n * k) {
        return status::failure("contrastive objective: mismatched sizes");
    }
    std::vector<double> ua(n * dim_), ub(n * dim_), za, zb, la, lb;
    encoder_.forward(theta.data(), view_a.data(), n, ua.data());
    encoder_.forward(theta.data(), view_b.data(), n, ub.data());
    normalise_rows(ua, dim_, za, la);
    normalise_rows(ub, dim_, zb, lb);
    std::vector<double> ga(n * dim_, 0.0), gb(n * dim_, 0.0);
    if (positives_only_) {
        // mean (1 − s_ii)/τ: InfoNCE's positive term (plus 1/τ, so that it is ≥ 0).
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) {
            sum += 1 - dot(za.data() + i * dim_, zb.data() + i * dim_, dim_);
            for (std::size_t d = 0; d < dim_; ++d) {
                ga[i * dim_ + d] = -zb[i * dim_ + d] / (double(n) * tau_);
                gb[i * dim_ + d] = -za[i * dim_ + d] / (double(n) * tau_);
            }
        }
        value = sum / (double(n) * tau_);
    } else {
        info_nce_views(za.data(), zb.data(), n, dim_, tau_, negatives, k, value, ga.data(), gb.data(), nullptr, nullptr);
    }
    if (!grad) return status::success();
    through_normalisation(za, la, dim_, ga);
    through_normalisation(zb, lb, dim_, gb);
    std::vector<double> gtheta(theta.size());
    grad->assign(theta.size(), 0.0);
    encoder_.backward(theta.data(), view_a.data(), n, ga.data(), gtheta.data());
    for (std::size_t p = 0; p < theta.size(); ++p) (*grad)[p] += gtheta[p];
    encoder_.backward(theta.data(), view_b.data(), n, gb.data(), gtheta.data());
    for (std::size_t p = 0; p < theta.size(); ++p) (*grad)[p] += gtheta[p];
    return status::success();
}

status session::step(long k, step_report& out) {
    if (k < 0 || k > limits::steps_per_call) return status::failure("contrastive.step: k must be in [0, 1000000]");
    if (double(k) * step_cost() + snapshot_cost() > limits::work_per_call) {
        return status::failure("contrastive.step: " + std::to_string(k) + " steps exceed the work limit of one call");
    }
    out.batch_loss.clear();
    const std::size_t n_pool = pool_y_.size();
    std::vector<std::size_t> order(n_pool), idx(batch_), negatives;
    std::vector<double> a, b;
    for (long t = 0; t < k; ++t) {
        // A batch of distinct samples: the first `batch` of a partial shuffle of the pool, from the
        // pool in order each step, so the batches depend on the seed alone, not on how the steps
        // are split into calls (step(40) is step(20) twice).
        std::iota(order.begin(), order.end(), 0);
        for (std::size_t c = 0; c < batch_; ++c) std::swap(order[c], order[c + std::size_t(draw_.below(n_pool - c))]);
        std::copy(order.begin(), order.begin() + long(batch_), idx.begin());
        views_of(pool_x_, idx, draw_, a, b);
        std::vector<double> sims;
        if (hard_ && negatives_ > 0) {
            std::vector<double> za, zb;
            embed(theta_, a, za);
            embed(theta_, b, zb);
            sims.resize(batch_ * batch_);
            for (std::size_t i = 0; i < batch_; ++i)
                for (std::size_t j = 0; j < batch_; ++j) sims[i * batch_ + j] = dot(&za[i * dim_], &zb[j * dim_], dim_);
        }
        choose_negatives(sims, batch_, negatives_, hard_, draw_, negatives);
        double value = 0;
        status s = objective(theta_, a, b, negatives, negatives_, value, &grad_);
        if (!s.ok()) return s;
        opt_.step(theta_, grad_, opt_.lr());
        out.batch_loss.push_back(value);
        ++step_;
    }
    snapshot(out.snapshot);
    return status::success();
}

void session::snapshot(frame& f) const {
    f.step = step_;
    embed(theta_, eval_x_, f.embedding);
    std::vector<double> za, zb;
    embed(theta_, eval_a_, za);
    embed(theta_, eval_b_, zb);
    f.alignment = alignment(za, zb, dim_);
    f.uniformity = uniformity(f.embedding, dim_);

    // The display batch: the first `display` held-out samples' two views.
    const std::size_t nd = display_, kd = std::min(negatives_, nd - 1);
    za.resize(nd * dim_);
    zb.resize(nd * dim_);
    f.sims.assign(nd * nd, 0.0);
    f.weights.assign(nd * nd, 0.0);
    std::vector<double> sims(nd * nd);
    for (std::size_t i = 0; i < nd; ++i)
        for (std::size_t j = 0; j < nd; ++j) sims[i * nd + j] = dot(&za[i * dim_], &zb[j * dim_], dim_);
    std::vector<std::size_t> negatives = display_negatives_;
    if (hard_ && kd > 0) {
        data::rng unused(0);
        choose_negatives(sims, nd, kd, true, unused, negatives);
    }
    if (positives_only_) {
        f.sims = sims;
        double sum = 0;
        for (std::size_t i = 0; i < nd; ++i) {
            sum += 1 - sims[i * nd + i];
            f.weights[i * nd + i] = 1;  // a softmax over the positive alone
        }
        f.display_loss = sum / (double(nd) * tau_);
    } else {
        info_nce_views(za.data(), zb.data(), nd, dim_, tau_, negatives, kd, f.display_loss, nullptr, nullptr,
                       f.sims.data(), f.weights.data());
    }

    // Linear probe: softmax regression on the frozen embeddings (pool → held-out), full batch, Adam.
    std::vector<double> zpool;
    embed(theta_, pool_x_, zpool);
    train::config probe;
    probe.model = models::softmax::defaults();
    probe.loss = "cross_entropy";
    optim::adam::config adam;
    adam.lr = 0.1;
    probe.optimizer = adam;
    probe.epochs = probe_steps_;
    train::training_data rows;
    rows.features = long(dim_);
    rows.classes = long(classes_);
    rows.x = zpool;
    rows.y = pool_y_;
    rows.x_val = f.embedding;
    rows.y_val = eval_y_;
    train::session fit;
    train::step_report report;
    double accuracy = 0;
    if (train::session::create(probe, rows, fit).ok() && fit.step(probe_steps_, report).ok()) {
        for (const auto& m : report.val_metrics)
            if (m.name == "accuracy") accuracy = m.value;
    }
    // 95% Wilson score interval for a proportion out of the held-out count.
    const double n = double(eval_y_.size()), zq = 1.959963984540054;
    const double centre = (accuracy + zq * zq / (2 * n)) / (1 + zq * zq / n);
    const double half = zq / (1 + zq * zq / n) * std::sqrt(accuracy * (1 - accuracy) / n + zq * zq / (4 * n * n));
    f.probe_accuracy = accuracy;
    f.probe_low = std::max(0.0, centre - half);
    f.probe_high = std::min(1.0, centre + half);
}

}  // namespace losslab::contrastive
