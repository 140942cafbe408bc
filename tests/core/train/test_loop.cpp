// The decomposed session (train/{config,link,loop,report}): the loss is bound once, the link comes
// from the loss's registry metadata, one training-objective evaluation per step, predict's logits,
// camelCase metric names, and loss histories bit-identical to a hand-written loop.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <variant>

#include "losslab/data/datasets.hpp"
#include "losslab/data/random.hpp"
#include "losslab/losses/registry.hpp"
#include "losslab/train/session.hpp"
#include "rows.hpp"

using namespace losslab;
using losslab::test::rows_of;

namespace {

data::dataset make(const data::options& o, long n, double validation = 0) {
    data::dataset_config c;
    c.options = o;
    c.n = n;
    c.seed = 3;
    c.validation = validation;
    data::dataset d;
    REQUIRE(data::make_dataset(c, d).ok());
    return d;
}

/// Two features, y = 1 + 2 x₀ − x₁ + noise: a regression for a linear model.
train::training_data two_feature_regression(std::size_t n) {
    data::rng g(11);
    train::training_data t;
    t.features = 2;
    for (std::size_t i = 0; i < n; ++i) {
        const double a = g.normal(), b = g.uniform(-2, 2);
        t.x.push_back(a);
        t.x.push_back(b);
        t.y.push_back(1 + 2 * a - b + 0.3 * g.normal());
    }
    return t;
}

const losses::loss_info& info(const char* name) {
    const losses::loss_info* i = losses::find_loss(name);
    REQUIRE(i != nullptr);
    return *i;
}

/// The losses of a plain reference: a linear model ŷ = b + Σ_j x_j w_j (θ = [w…, b]) under
/// mean squared error, its gradient written out by hand, stepped by SGD or Adam exactly as
/// torch.optim writes them, mini-batches drawn from the session's documented seeded shuffle.
struct reference_run {
    std::vector<double> batch_loss, train_loss;
};

double mse_value(const std::vector<double>& theta, const std::vector<double>& x, const std::vector<double>& y,
                 const std::vector<std::size_t>& rows, std::size_t f, std::vector<double>* grad) {
    const double scale = 1.0 / double(rows.size());
    double total = 0;
    if (grad) grad->assign(f + 1, 0.0);
    for (std::size_t r : rows) {
        double z = theta[f];
        for (std::size_t j = 0; j < f; ++j) z += x[r * f + j] * theta[j];
        const double residual = z - y[r];
        total += residual * residual;
        if (grad) {
            const double d = scale * (2 * residual);
            for (std::size_t j = 0; j < f; ++j) (*grad)[j] += x[r * f + j] * d;
            (*grad)[f] += d;
        }
    }
    return total * scale;
}

reference_run reference(std::vector<double> theta, const train::training_data& t, bool adam, double lr, long steps,
                        std::size_t batch, double seed) {
    const std::size_t f = std::size_t(t.features), n = t.y.size();
    std::vector<std::size_t> all(n), order(n);
    std::iota(all.begin(), all.end(), 0);
    std::iota(order.begin(), order.end(), 0);
    data::rng shuffle(std::uint64_t(seed) ^ 0x9e3779b97f4a7c15ULL);  // the seed's stream (loop.hpp)
    const std::size_t per_epoch = (n + batch - 1) / batch;
    std::vector<double> grad, m(f + 1, 0.0), v(f + 1, 0.0);
    reference_run out;
    for (long t_step = 0; t_step < steps; ++t_step) {
        const std::size_t position = std::size_t(t_step) % per_epoch;
        if (batch < n && position == 0) {
            for (std::size_t j = n; j > 1; --j) std::swap(order[j - 1], order[shuffle.below(j)]);
        }
        std::vector<std::size_t> rows(order.begin() + long(position * batch),
                                      order.begin() + long(std::min(n, position * batch + batch)));
        out.batch_loss.push_back(mse_value(theta, t.x, t.y, batch < n ? rows : all, f, &grad));
        if (adam) {  // torch.optim.Adam(lr, betas=(0.9, 0.999), eps=1e-8)
            const double step = double(t_step + 1);
            const double c1 = 1 - std::pow(0.9, step), c2 = 1 - std::pow(0.999, step);
            for (std::size_t i = 0; i <= f; ++i) {
                m[i] = m[i] + (1 - 0.9) * (grad[i] - m[i]);
                v[i] = v[i] * 0.999 + (1 - 0.999) * grad[i] * grad[i];
                const double denom = std::sqrt(v[i]) / std::sqrt(c2) + 1e-8;
                theta[i] = theta[i] + (-(lr / c1)) * (m[i] / denom);
            }
        } else {  // torch.optim.SGD(lr)
            for (std::size_t i = 0; i <= f; ++i) theta[i] = theta[i] + (-lr) * grad[i];
        }
        out.train_loss.push_back(mse_value(theta, t.x, t.y, all, f, nullptr));
    }
    return out;
}

}  // namespace

TEST_CASE("the link comes from the loss's registry metadata, never from its name", "[train][link]") {
    train::link l;
    using models::kind;
    using models::task;
    REQUIRE(train::choose_link(kind::loglink, task::regression, info("tweedie"), l).ok());
    CHECK(l == train::link::exp);  // tweedie takes the mean μ = e^η
    REQUIRE(train::choose_link(kind::loglink, task::regression, info("tweedie_log"), l).ok());
    CHECK(l == train::link::identity);  // tweedie_log takes the log-mean η itself
    REQUIRE(train::choose_link(kind::logistic, task::binary, info("bce"), l).ok());
    CHECK(l == train::link::sigmoid);
    REQUIRE(train::choose_link(kind::logistic, task::binary, info("bce_logits"), l).ok());
    CHECK(l == train::link::identity);
    REQUIRE(train::choose_link(kind::linear, task::regression, info("mse"), l).ok());
    CHECK(l == train::link::identity);
    // A loss named like a log-mean loss but registered as taking the mean still gets e^η.
    losses::loss_info renamed = info("tweedie");
    renamed.name = "anything_log";
    REQUIRE(train::choose_link(kind::loglink, task::regression, renamed, l).ok());
    CHECK(l == train::link::exp);
    renamed.input_scale = losses::scale::linear_predictor;
    renamed.name = "tweedie";
    REQUIRE(train::choose_link(kind::loglink, task::regression, renamed, l).ok());
    CHECK(l == train::link::identity);
}

TEST_CASE("every loss in the registry says which scale it takes", "[train][link]") {
    for (const auto& i : losses::all_loss_info()) {
        CAPTURE(i.name);
        // A loss on probabilities or on positive means takes the response; one on logits, scores
        // or log-means takes the linear predictor.
        if (i.input == losses::domain::probability || i.input == losses::domain::positive) {
            CHECK(i.input_scale == losses::scale::response);
        }
        if (i.kind == losses::task::multiclass || i.kind == losses::task::contrastive) {
            CHECK(i.input_scale == losses::scale::linear_predictor);
        }
    }
    CHECK(info("tweedie_log").input_scale == losses::scale::linear_predictor);
    CHECK(info("mse").input_scale == losses::scale::response);
}

TEST_CASE("a full-batch session evaluates its training objective once per step", "[train][loop]") {
    const data::dataset d = make(data::linear_options{}, 120, 0.25);
    train::config c;
    c.epochs = 50;
    SECTION("with validation data: one validation evaluation per step too") {
        train::session s;
        REQUIRE(train::session::create(c, rows_of(d), s).ok());
        CHECK(s.evaluations().train == 1);  // at create: checks the data, and is the first step's
        CHECK(s.evaluations().validation == 1);
        train::step_report r;
        REQUIRE(s.step(20, r).ok());
        CHECK(r.train_loss.size() == 20);
        CHECK(s.evaluations().train == 1 + 20);
        CHECK(s.evaluations().validation == 1 + 20);
        CHECK(s.evaluations().batch == 0);
    }
    SECTION("without validation data: none") {
        train::training_data t = rows_of(d);
        t.x_val.clear();
        t.y_val.clear();
        train::session s;
        REQUIRE(train::session::create(c, t, s).ok());
        train::step_report r;
        REQUIRE(s.step(7, r).ok());
        REQUIRE(s.step(5, r).ok());
        CHECK(s.evaluations().train == 1 + 12);
        CHECK(s.evaluations().validation == 0);
        CHECK(r.val_loss.empty());
    }
}

TEST_CASE("a mini-batch step evaluates its batch once and the training objective once", "[train][loop]") {
    const data::dataset d = make(data::linear_options{}, 100);
    train::config c;
    c.batch_size = 32;  // 4 steps per epoch
    c.epochs = 5;
    train::session s;
    REQUIRE(train::session::create(c, rows_of(d), s).ok());
    train::step_report r;
    REQUIRE(s.step(10, r).ok());
    CHECK(s.evaluations().batch == 10);
    CHECK(s.evaluations().train == 1 + 10);
    CHECK(s.evaluations().validation == 0);
}

TEST_CASE("session loss histories equal a hand-written loop bit for bit", "[train][loop]") {
    const train::training_data t = two_feature_regression(90);
    struct variant_case {
        const char* name;
        bool adam;
        double lr;
        long batch;
    };
    for (const variant_case& v : {variant_case{"sgd full batch", false, 0.05, 0},
                                  variant_case{"adam full batch", true, 0.05, 0},
                                  variant_case{"sgd mini-batch", false, 0.02, 16},
                                  variant_case{"adam mini-batch", true, 0.01, 25}}) {
        CAPTURE(v.name);
        train::config c;
        c.seed = 5;
        c.batch_size = v.batch;
        c.epochs = 100;
        if (v.adam) {
            optim::adam::config a;
            a.lr = v.lr;
            c.optimizer = a;
        } else {
            optim::sgd::config g;
            g.lr = v.lr;
            c.optimizer = g;
        }
        train::session s;
        REQUIRE(train::session::create(c, t, s).ok());
        const std::vector<double> theta0 = s.params();
        const long steps = 60;
        train::step_report first, second;
        REQUIRE(s.step(25, first).ok());  // across two calls: the cached evaluation carries over
        REQUIRE(s.step(steps - 25, second).ok());
        std::vector<double> train_loss = first.train_loss, batch_loss = first.batch_loss;
        train_loss.insert(train_loss.end(), second.train_loss.begin(), second.train_loss.end());
        batch_loss.insert(batch_loss.end(), second.batch_loss.begin(), second.batch_loss.end());
        const reference_run ref =
            reference(theta0, t, v.adam, v.lr, steps, v.batch ? std::size_t(v.batch) : t.y.size(), c.seed);
        REQUIRE(train_loss.size() == std::size_t(steps));
        for (long i = 0; i < steps; ++i) {
            CAPTURE(i);
            CHECK(train_loss[i] == ref.train_loss[i]);  // exact: the same arithmetic in the same order
            CHECK(batch_loss[i] == ref.batch_loss[i]);
        }
        CHECK(train_loss.back() < train_loss.front());
    }
}

TEST_CASE("predict returns probabilities or, on request, the logits", "[train][predict]") {
    const data::dataset d = make(data::moons_options{}, 80);
    train::config c;
    c.model = models::logistic::defaults();
    c.loss = "bce_logits";
    c.epochs = 30;
    train::session s;
    REQUIRE(train::session::create(c, rows_of(d), s).ok());
    train::step_report r;
    REQUIRE(s.step(30, r).ok());
    const std::vector<double> x = {0.5, -0.2, -1, 0.75, 2, 1};
    std::vector<double> p, z;
    REQUIRE(s.predict(x, p).ok());
    REQUIRE(s.predict(x, z, true).ok());
    const auto& th = s.params();  // [w0, w1, b]
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(z[i] == Approx(th[2] + x[2 * i] * th[0] + x[2 * i + 1] * th[1]).epsilon(1e-14));
        CHECK(p[i] == Approx(1 / (1 + std::exp(-z[i]))).epsilon(1e-14));
    }

    SECTION("multiclass: softmax of the logits") {
        data::blobs_options b;
        b.classes = 3;
        const data::dataset m = make(b, 90);
        train::config mc;
        mc.model = models::softmax::defaults();
        mc.loss = "cross_entropy";
        train::session ms;
        train::training_data rows = rows_of(m);
        REQUIRE(train::session::create(mc, rows, ms).ok());
        REQUIRE(ms.step(10, r).ok());
        std::vector<double> probs, logits;
        REQUIRE(ms.predict(x, probs).ok());
        REQUIRE(ms.predict(x, logits, true).ok());
        REQUIRE(logits.size() == 9);
        for (std::size_t i = 0; i < 3; ++i) {
            double sum = 0;
            for (std::size_t k = 0; k < 3; ++k) sum += std::exp(logits[i * 3 + k]);
            for (std::size_t k = 0; k < 3; ++k) CHECK(probs[i * 3 + k] == Approx(std::exp(logits[i * 3 + k]) / sum));
        }
    }
    SECTION("log link: the mean is e^η") {
        const data::dataset zi = make(data::zero_inflated_options{}, 100);
        train::config lc;
        lc.model = models::loglink::defaults();
        lc.loss = "tweedie";
        train::session ls;
        REQUIRE(train::session::create(lc, rows_of(zi), ls).ok());
        CHECK(ls.link() == train::link::exp);
        const std::vector<double> xs = {-0.5, 0, 0.5};
        std::vector<double> mu, eta;
        REQUIRE(ls.predict(xs, mu).ok());
        REQUIRE(ls.predict(xs, eta, true).ok());
        for (std::size_t i = 0; i < 3; ++i) CHECK(mu[i] == Approx(std::exp(eta[i])).epsilon(1e-15));
    }
}

TEST_CASE("sessions name their metrics as metrics.binary and metrics.multiclass do", "[train][report]") {
    const data::dataset d = make(data::moons_options{}, 80, 0.25);
    train::config c;
    c.model = models::logistic::defaults();
    c.loss = "bce";
    train::session s;
    REQUIRE(train::session::create(c, rows_of(d), s).ok());
    CHECK(s.link() == train::link::sigmoid);
    train::step_report r;
    REQUIRE(s.step(5, r).ok());
    std::vector<std::string> names;
    for (const auto& m : r.val_metrics) names.push_back(m.name);
    CHECK(names == std::vector<std::string>{"accuracy", "precision", "recall", "f1", "rocAuc", "prAuc"});

    data::blobs_options b;
    const data::dataset m = make(b, 90);
    train::config mc;
    mc.model = models::softmax::defaults();
    mc.loss = "cross_entropy";
    train::session ms;
    REQUIRE(train::session::create(mc, rows_of(m), ms).ok());
    REQUIRE(ms.step(3, r).ok());
    names.clear();
    for (const auto& v : r.train_metrics) names.push_back(v.name);
    CHECK(names == std::vector<std::string>{"accuracy", "macroPrecision", "macroRecall", "macroF1"});
}

TEST_CASE("the loss is checked once, at create, against the registry", "[train][loop]") {
    const data::dataset d = make(data::linear_options{}, 50);
    train::config c;
    train::session s;
    c.loss = "nonsense";
    CHECK_THAT(train::session::create(c, rows_of(d), s).error, Catch::StartsWith("unknown loss 'nonsense'; known losses:"));
    c.loss = "huber";
    c.loss_params = {-1};
    CHECK(train::session::create(c, rows_of(d), s).error == "huber: delta = -1 is outside (0, 100]");
    c.loss_params = {1, 2};
    CHECK(train::session::create(c, rows_of(d), s).error == "huber takes 1 parameter(s), got 2");
    c.loss = "bce";
    c.loss_params.clear();
    CHECK_THAT(train::session::create(c, rows_of(d), s).error,
               Catch::Contains("is a binary loss, but model 'linear' solves a regression task"));
    c.loss = "huber";
    REQUIRE(train::session::create(c, rows_of(d), s).ok());
    CHECK(s.loss_name() == "huber");
}
