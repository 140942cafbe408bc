// Training sessions: reproducibility, the reference Huber-vs-OLS experiment, divergence, early
// stopping and input checks.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>

#include "core/train/rows.hpp"
#include "losslab/data/datasets.hpp"
#include "losslab/limits.hpp"
#include "losslab/losses/registry.hpp"
#include "losslab/train/session.hpp"
#include "support/configs.hpp"

using namespace losslab;
using test::rows_of;

namespace {

/// A linear model (the default) trained by SGD with this lr.
train::config linear_session(const std::string& loss, double lr, long epochs) {
    train::config c;
    c.loss = loss;
    optim::sgd::config sgd;
    sgd.lr = lr;
    c.optimizer = sgd;
    c.epochs = epochs;
    return c;
}

/// Adam with this lr.
optim::spec adam(double lr) {
    optim::adam::config c;
    c.lr = lr;
    return c;
}

/// An mlp of these widths with tanh, as regression.
models::config mlp_regression(std::initializer_list<long> hidden) {
    models::config m;
    REQUIRE(models::default_config("mlp", m));
    m.hidden = hidden;
    m.act = models::activation::tanh;
    m.task = models::task_choice::regression;
    return m;
}

models::config model(const char* name) {
    models::config m;
    REQUIRE(models::default_config(name, m));
    return m;
}

/// A session that must be created.
void create(const train::config& c, const train::training_data& rows, train::session& s) {
    const status st = train::session::create(c, rows, s);
    INFO(st.error);
    REQUIRE(st.ok());
}

data::dataset reference_data() {
    return testing::dataset<data::linear_options>(200, 0, 0, [](auto& o) {
        o.slope = 3;
        o.noise = 0.5;
        o.outliers = 10;
        o.outlier_shift = 50;
    });
}

/// Steps until the session stops, in pieces within the work limit of one call (limits.hpp), and
/// returns the last report with the histories of all pieces.
train::step_report run_to_end(train::session& s) {
    train::step_report all, r;
    const long piece = std::max(1L, long(limits::work_per_call / s.step_cost()));
    do {
        REQUIRE(s.step(piece, r).ok());
        all.train_loss.insert(all.train_loss.end(), r.train_loss.begin(), r.train_loss.end());
        all.val_loss.insert(all.val_loss.end(), r.val_loss.begin(), r.val_loss.end());
        all.batch_loss.insert(all.batch_loss.end(), r.batch_loss.begin(), r.batch_loss.end());
        all.lr.insert(all.lr.end(), r.lr.begin(), r.lr.end());
    } while (r.stopped.empty() && !r.train_loss.empty());
    r.train_loss = all.train_loss, r.val_loss = all.val_loss, r.batch_loss = all.batch_loss, r.lr = all.lr;
    return r;
}

}  // namespace

TEST_CASE("the same seed gives an identical history", "[train]") {
    const auto d = testing::dataset<data::moons_options>(200, 3);
    train::config s;
    s.model = mlp_regression({8});  // mse is in the registry from the start
    s.loss = "mse";
    s.optimizer = adam(0.01);
    s.batch_size = 32;
    s.epochs = 5;
    s.seed = 9;
    train::session a, b, c;
    create(s, rows_of(d), a);
    create(s, rows_of(d), b);
    s.seed = 10;
    create(s, rows_of(d), c);
    const auto ra = run_to_end(a), rb = run_to_end(b), rc = run_to_end(c);
    CHECK(ra.train_loss.size() == 5 * 7);  // 200 / 32 → 7 steps per epoch
    CHECK(ra.stopped == "completed");
    CHECK(ra.train_loss == rb.train_loss);
    CHECK(ra.batch_loss == rb.batch_loss);
    CHECK(a.params() == b.params());
    CHECK(ra.train_loss != rc.train_loss);
    CHECK(ra.train_loss.back() < ra.train_loss.front());
}

TEST_CASE("least squares through the trainer matches the closed-form OLS fit", "[train]") {
    const auto d = reference_data();
    train::session s;
    create(linear_session("mse", 0.1, 500), rows_of(d), s);
    run_to_end(s);
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    const double n = double(d.size());
    for (std::size_t i = 0; i < d.size(); ++i) sx += d.x[i], sy += d.y[i], sxx += d.x[i] * d.x[i], sxy += d.x[i] * d.y[i];
    const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx), intercept = (sy - slope * sx) / n;
    CHECK(s.params()[0] == Approx(slope).epsilon(1e-9));
    CHECK(s.params()[1] == Approx(intercept).epsilon(1e-9));
    // The reference's point: 10 outliers of +50 among 200 pull the intercept up by about 2.5.
    CHECK(intercept == Approx(2.5).margin(0.3));
    CHECK(std::abs(slope - 3) > 0.1);
}

TEST_CASE("huber (delta 1.35) resists the outliers that pull least squares", "[train][huber]") {
    if (!losses::find_loss("huber")) {
        WARN("huber is not in the loss registry yet; this test runs once it is");
        return;
    }
    const auto d = reference_data();
    train::config args = linear_session("huber", 0.5, 3000);
    args.loss_params = testing::loss_params("huber", {{"delta", 1.35}});
    train::session s;
    create(args, rows_of(d), s);
    const auto r = run_to_end(s);
    CHECK(r.stopped == "completed");
    CHECK(s.params()[1] == Approx(0).margin(0.2));  // intercept
    CHECK(s.params()[0] == Approx(3).margin(0.15));  // slope
}

TEST_CASE("a diverging run stops, reports divergence and keeps finite parameters", "[train]") {
    const auto d = reference_data();
    train::session s;
    create(linear_session("mse", 50, 1000), rows_of(d), s);
    const auto r = run_to_end(s);
    CHECK(r.stopped == "diverged");
    CHECK(r.train_loss.size() < 1000);
    for (double v : r.train_loss) CHECK(std::isfinite(v));
    for (double v : s.params()) CHECK(std::isfinite(v));
}

TEST_CASE("early stopping ends the run when validation loss stalls", "[train]") {
    const auto d = testing::dataset<data::linear_options>(100, 1, 0.3);
    train::config s = linear_session("mse", 0.1, 100000);
    s.stopping.patience = 5;
    s.stopping.min_delta = 1e-6;
    train::session session;
    create(s, rows_of(d), session);
    const auto r = run_to_end(session);
    CHECK(r.stopped == "early_stopping");
    CHECK(r.epoch < 1000);
    CHECK(r.epoch == r.best_epoch + 5);
    CHECK(r.val_loss.size() == r.train_loss.size());
}

TEST_CASE("penalties shrink the weights", "[train]") {
    const auto d = reference_data();
    train::session plain, ridge, lasso;
    create(linear_session("mse", 0.1, 500), rows_of(d), plain);
    train::config r = linear_session("mse", 0.1, 500);
    r.penalty.l2 = 1.0;
    create(r, rows_of(d), ridge);
    // l1 = 20 exceeds |d(mse)/dw| at w = 0 (about 2·cov(x, y) ≈ 6), so the lasso optimum is w = 0;
    // subgradient steps then hover within lr·(l1 + 6) of it.
    train::config l = linear_session("mse", 0.001, 3000);
    l.penalty.l1 = 20;
    create(l, rows_of(d), lasso);
    run_to_end(plain);
    run_to_end(ridge);
    run_to_end(lasso);
    CHECK(std::abs(ridge.params()[0]) < std::abs(plain.params()[0]));
    CHECK(std::abs(lasso.params()[0]) < 0.03);
}

TEST_CASE("sessions reject mismatched losses, bad labels and empty data", "[train]") {
    const auto d = reference_data();
    train::session s;
    const auto rows = rows_of(d);
    train::config args = linear_session("mse", 0.1, 10);
    args.model = model("logistic");
    CHECK(train::session::create(args, rows, s).error.find("must be 0 or 1") != std::string::npos);
    args = linear_session("nonsense", 0.1, 10);
    CHECK(train::session::create(args, rows, s).error.find("unknown loss 'nonsense'") != std::string::npos);
    args = linear_session("mse", -1, 10);
    CHECK(train::session::create(args, rows, s).error.find("lr = -1 is outside") != std::string::npos);
    args = linear_session("mse", 0.1, 10);
    auto no_y = rows;
    no_y.y = {};
    CHECK(train::session::create(args, no_y, s).error.find("y is empty") != std::string::npos);
    args.model = model("softmax");
    CHECK_FALSE(train::session::create(args, rows, s).ok());
    if (losses::find_loss("bce_logits")) {
        args = linear_session("bce_logits", 0.1, 10);
        CHECK(train::session::create(args, rows, s).error.find("is a binary loss, but model 'linear' solves a regression task") !=
              std::string::npos);
    }
}

TEST_CASE("a regression target above the class limit is a number, not a label", "[train]") {
    // A learner's CSV of prices, y in the thousands: the linear session takes it as numbers.
    data::dataset d;
    d.x = {1, 2, 3, 4};
    d.y = {4000, 5000, 6000, 7000};
    train::session s;
    train::config args = linear_session("mse", 0.1, 10);
    create(args, rows_of(d), s);
    // A multi-class model still refuses labels beyond the class limit.
    args.model = model("softmax");
    CHECK(train::session::create(args, rows_of(d), s).error.find("which would make 7001 classes") != std::string::npos);
}

TEST_CASE("classification sessions learn the imbalanced blobs and moons", "[train]") {
    if (!losses::find_loss("bce_logits") || !losses::find_loss("cross_entropy")) {
        WARN("bce_logits or cross_entropy is not in the loss registry yet");
        return;
    }
    auto d = testing::dataset<data::imbalanced_options>(400, 2, 0, [](auto& o) { o.ratio = 3; });
    train::config s;
    s.model = model("logistic");
    s.loss = "bce_logits";
    s.optimizer = adam(0.05);
    s.epochs = 200;
    train::session session;
    create(s, rows_of(d), session);
    auto r = run_to_end(session);
    double accuracy = 0, auc = 0;
    for (const auto& m : r.train_metrics) {
        if (m.name == "accuracy") accuracy = m.value;
        if (m.name == "rocAuc") auc = m.value;
    }
    CHECK(accuracy > 0.85);
    CHECK(auc > 0.9);

    d = testing::dataset<data::blobs_options>(300, 2, 0, [](auto& o) { o.classes = 3; });
    train::config sb;
    sb.model = model("softmax");
    sb.loss = "cross_entropy";
    sb.optimizer = adam(0.05);
    sb.epochs = 200;
    auto blobs = rows_of(d);
    blobs.classes = 3;
    create(sb, blobs, session);
    r = run_to_end(session);
    for (const auto& m : r.train_metrics)
        if (m.name == "accuracy") CHECK(m.value > 0.85);
    std::vector<double> probs;
    REQUIRE(session.predict({0, 0, 3, 0}, probs).ok());
    CHECK(probs.size() == 6);
    CHECK(probs[0] + probs[1] + probs[2] == Approx(1));
}

TEST_CASE("an mlp training history agrees with values pinned from the native build to 1e-6", "[train][portable]") {
    // The wasm build runs this same test: its libm (exp, tanh) may differ in the last bits, so
    // the histories agree to 1e-6 rather than bit for bit (the data themselves are bit-identical).
    const auto d = testing::dataset<data::moons_options>(120, 3);
    train::config s;
    s.model = mlp_regression({8, 4});
    s.loss = "mse";
    s.optimizer = adam(0.01);
    s.batch_size = 16;
    s.epochs = 4;
    s.seed = 9;
    train::session session;
    create(s, rows_of(d), session);
    const auto r = run_to_end(session);
    REQUIRE(r.train_loss.size() == 32);
    CHECK(r.train_loss[0] == Approx(0.33189075388401967).epsilon(1e-6));
    CHECK(r.train_loss[10] == Approx(0.15209540893281751).epsilon(1e-6));
    CHECK(r.train_loss[31] == Approx(0.087834137589204095).epsilon(1e-6));
}

TEST_CASE("a log-link model fits zero-inflated data with the tweedie losses", "[train][tweedie]") {
    const auto d = testing::dataset<data::zero_inflated_options>(2000, 5);
    // E[y | x] = rate·e^{x}·shape·scale = 1.8 e^{x}: slope 1 and intercept log 1.8 on the log scale.
    for (const char* loss : {"tweedie", "tweedie_log"}) {
        if (!losses::find_loss(loss)) {
            WARN(loss << " is not in the loss registry yet");
            continue;
        }
        CAPTURE(loss);
        train::config s;
        s.model = model("loglink");
        s.loss = loss;
        s.optimizer = adam(0.1);
        s.epochs = 300;
        s.loss_params = testing::loss_params(loss, {{"power", 4.0 / 3}});
        train::session session;
        create(s, rows_of(d), session);
        const auto r = run_to_end(session);
        CHECK(r.stopped == "completed");
        CHECK(session.params()[0] == Approx(1).margin(0.15));
        CHECK(session.params()[1] == Approx(std::log(1.8)).margin(0.15));
        std::vector<double> mu;
        REQUIRE(session.predict({0.0}, mu).ok());
        CHECK(mu[0] == Approx(1.8).epsilon(0.15));
    }
}
