// A seeded fuzz of the core's entry points with hostile settings and data, as the public API
// would pass them on (issue 16). It asserts what the API promises: no exception, a status that is
// either success or a sentence, and only finite numbers in a successful result. Run under
// AddressSanitizer + UndefinedBehaviorSanitizer (ctest --preset native-debug) it also checks that
// no input makes the core read or write out of bounds, divide by zero or convert an out-of-range
// double. The same cases run natively and under wasm; each seed is one GENERATE value.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "adapters/from_settings.hpp"
#include "losslab/data/datasets.hpp"
#include "losslab/data/random.hpp"
#include "losslab/limits.hpp"
#include "losslab/losses/registry.hpp"
#include "losslab/metrics/conformal.hpp"
#include "losslab/metrics/metrics.hpp"
#include "losslab/optim/trajectory.hpp"
#include "losslab/surfaces/surface.hpp"
#include "losslab/train/session.hpp"

using namespace losslab;

namespace {

constexpr int seeds = 48;

/// Hostile numbers, and random words and arrays, under names an entry point knows or not.
class hostile {
public:
    explicit hostile(std::uint64_t seed) : g_(seed) {}

    std::size_t below(std::size_t n) { return std::size_t(g_.below(n)); }
    bool chance(double p) { return g_.uniform() < p; }

    double number() {
        static const double pool[] = {std::nan(""), INFINITY, -INFINITY, -1, 0, -0.0, 0.5, 1, 1.5, 2, 3, 7, 1e-300,
                                      1e308, -1e308, 1e9, 4294967296.0 + 8, 9007199254740993.0, 2147483648.0,
                                      200000, 200001, 1e6, 1e7, 0.999999, 1e-12};
        switch (below(3)) {
            case 0: return pool[below(sizeof pool / sizeof pool[0])];
            case 1: return double(long(below(40)) - 5);
            default: return g_.normal() * std::pow(10.0, double(below(12)) - 4);
        }
    }
    std::vector<double> array(std::size_t max_length = 8) {
        std::vector<double> v(below(max_length + 1));
        for (double& x : v) x = chance(0.7) ? g_.normal() : number();
        return v;
    }
    std::string word(const std::vector<std::string>& known) {
        if (chance(0.7) && !known.empty()) return known[below(known.size())];
        static const char* junk[] = {"", "bogus", "MSE", "cos", "linear ", "nan", "$f64in", "a.b"};
        return junk[below(sizeof junk / sizeof junk[0])];
    }

    /// Sets `key` in s as a number (mostly), a boolean, a word, an array or a nested object.
    void put(settings& s, const std::string& key, const std::vector<std::string>& words = {}) {
        switch (below(10)) {
            case 0: s.numbers[key] = double(below(2)), s.booleans.insert(key); break;
            case 1: s.words[key] = word(words); break;
            case 2: s.arrays[key] = array(); break;
            case 3: s.numbers[key + ".inner"] = number(), s.objects.insert(key); break;
            default: s.numbers[key] = number();
        }
    }
    /// A few of `keys` (and sometimes an unknown one), each with a hostile value.
    void scatter(settings& s, const std::string& prefix, const std::vector<std::string>& keys, double p = 0.1) {
        for (const auto& k : keys)
            if (chance(p)) put(s, prefix + k);
        if (chance(0.1)) put(s, prefix + "bogus");
    }

private:
    data::rng g_;
};

bool finite(std::initializer_list<double> v) {
    for (double x : v)
        if (!std::isfinite(x)) return false;
    return true;
}

bool finite(const std::vector<double>& v) {
    for (double x : v)
        if (!std::isfinite(x)) return false;
    return true;
}

/// Success, or a failure with a sentence; counts both, so each case can show it reached both.
struct tally {
    int ok = 0, failed = 0;
    void check(const status& s) {
        if (s.ok()) {
            ++ok;
        } else {
            ++failed;
            CHECK(s.error.size() > 10);
        }
    }
    /// The fuzz is useless if every call fails at the first check (or none does).
    void both_seen() const {
        CAPTURE(ok, failed);
        CHECK(ok > 0);
        CHECK(failed > 0);
    }
};

}  // namespace

TEST_CASE("fuzz: hostile dataset options give an error or finite data", "[fuzz][data]") {
    const int seed = GENERATE(range(0, seeds));
    CAPTURE(seed);
    hostile h(std::uint64_t(seed) * 7919 + 1);
    tally seen;
    for (int call = 0; call < 25; ++call) {
        const std::string name = h.word(data::dataset_names());
        const std::vector<std::string> linear = {"slope", "intercept", "noise", "x_distribution", "x_min", "x_max",
                                                 "heteroscedastic", "outliers", "outlier_fraction", "outlier_shift",
                                                 "leverage_outliers", "leverage_x", "leverage_shift"};
        const std::vector<std::string> own = name == "linear" || name == "heteroscedastic" ? linear
                                             : name == "zero_inflated" ? std::vector<std::string>{"rate", "rate_slope", "gamma_shape", "gamma_scale"}
                                             : name == "imbalanced"    ? std::vector<std::string>{"ratio", "separation", "std"}
                                             : name == "moons"         ? std::vector<std::string>{"noise"}
                                             : name == "spirals"       ? std::vector<std::string>{"classes", "noise", "turns"}
                                                                       : std::vector<std::string>{"classes", "std", "spread", "label_noise"};
        settings s;
        h.scatter(s, "", {"n", "seed", "validation"});
        h.scatter(s, "", own, 0.15);
        // keep most datasets small: the sanitizer build is slow
        if (!s.has("n") || h.chance(0.8)) s.numbers["n"] = double(20 + h.below(300)), s.booleans.erase("n");
        CAPTURE(name, call);
        data::dataset d;
        const status st = adapters::make_dataset(name, s, d);
        seen.check(st);
        if (st.ok()) {
            CHECK(finite(d.x));
            CHECK(finite(d.y));
            CHECK(d.x.size() == d.y.size() * d.features);
        }
    }
    seen.both_seen();
}

TEST_CASE("fuzz: hostile optimize and lr_schedule settings give an error or a finite trajectory",
          "[fuzz][optim]") {
    const int seed = GENERATE(range(0, seeds));
    CAPTURE(seed);
    hostile h(std::uint64_t(seed) * 104729 + 3);
    const std::vector<std::string> surfaces = {"rosenbrock", "beale", "himmelblau", "saddle", "quadratic", "camel"};
    const std::vector<std::string> optimizers = {"sgd", "rmsprop", "adagrad", "adam", "adamw"};
    const std::vector<std::string> schedules = {"constant", "step", "exponential", "cosine", "cosine_warm_restarts",
                                                "one_cycle"};
    const std::vector<std::string> schedule_keys = {"factor", "total_iters", "step_size", "gamma", "T_max", "eta_min",
                                                    "T_0", "T_mult", "max_lr", "total_steps", "pct_start",
                                                    "anneal_strategy", "div_factor", "final_div_factor",
                                                    "three_phase", "cycle_momentum", "warmup.warmup_steps",
                                                    "warmup.start_factor"};
    tally seen;
    for (int call = 0; call < 20; ++call) {
        CAPTURE(call);
        // a valid run, then (mostly) one field broken with a hostile value
        settings s;
        s.words["surface"] = surfaces[h.below(surfaces.size())];
        const std::string optimizer = optimizers[h.below(optimizers.size())];
        s.words["optimizer"] = optimizer;
        s.arrays["start"] = {0.5, -0.25};
        s.numbers["steps"] = double(h.below(200));
        s.numbers["params.lr"] = 0.01;
        const std::string schedule = schedules[h.below(schedules.size())];
        s.words["schedule.name"] = schedule;
        if (schedule == "step") s.numbers["schedule.step_size"] = 10;
        if (schedule == "exponential") s.numbers["schedule.gamma"] = 0.97;
        if (schedule == "cosine") s.numbers["schedule.T_max"] = 50;
        if (schedule == "cosine_warm_restarts") s.numbers["schedule.T_0"] = 10;
        if (schedule == "one_cycle") s.numbers["schedule.total_steps"] = 400;
        if (schedule == "one_cycle" && optimizer == "adagrad") s.numbers["schedule.cycle_momentum"] = 0, s.booleans.insert("schedule.cycle_momentum");
        std::vector<std::string> keys = {"surface", "optimizer", "start", "steps", "bogus", "noise.std", "noise.seed",
                                         "surfaceParams.a", "surfaceParams.kappa", "surfaceParams.angle", "params.lr",
                                         "params.momentum", "params.dampening", "params.nesterov", "params.weight_decay",
                                         "params.alpha", "params.centered", "params.eps", "params.lr_decay",
                                         "params.initial_accumulator_value", "params.betas", "params.amsgrad",
                                         "params.bias_correction", "schedule.name"};
        for (const auto& k : schedule_keys) keys.push_back("schedule." + k);
        if (h.chance(0.7)) {
            const std::string& key = keys[h.below(keys.size())];
            s.numbers.erase(key), s.words.erase(key), s.arrays.erase(key), s.booleans.erase(key);
            h.put(s, key, key == "surface" ? surfaces : key == "optimizer" ? optimizers : schedules);
        }
        optim::trajectory t;
        const status st = adapters::optimize(s, t);
        seen.check(st);
        if (st.ok()) {
            CHECK(finite(t.path));
            CHECK(finite(t.loss));
            CHECK(finite(t.lr));
            CHECK(finite(t.effective_lr));
        }
        settings sched = s.sub("schedule");
        sched.numbers["lr"] = h.chance(0.8) ? 0.1 : h.number();
        const long steps = h.chance(0.9) ? long(h.below(3000)) : (h.chance(0.5) ? -1 : 20000000);
        std::vector<double> lr, momentum;
        const status sl = adapters::lr_schedule(sched, steps, lr, momentum);
        seen.check(sl);
        if (sl.ok()) {
            CHECK(lr.size() == std::size_t(steps));
            CHECK(finite(lr));
            CHECK(finite(momentum));
        }
    }
    seen.both_seen();
}

TEST_CASE("fuzz: hostile batches give an error or a finite loss and gradient", "[fuzz][loss]") {
    const int seed = GENERATE(range(0, seeds));
    CAPTURE(seed);
    hostile h(std::uint64_t(seed) * 15485863 + 5);
    std::vector<std::string> names;
    for (const auto& info : losses::all_loss_info()) names.push_back(info.name);
    tally seen;
    for (int call = 0; call < 40; ++call) {
        const std::string name = h.word(names);
        const losses::loss_info* info = losses::find_loss(name);
        std::vector<double> params;
        if (info)
            for (const auto& p : info->params) params.push_back(h.chance(0.6) ? p.default_value : h.number());
        const std::size_t classes = h.chance(0.8) ? 1 + h.below(4) : h.below(2) * std::size_t(h.number() > 0 ? 7 : 0);
        const std::size_t rows = h.below(6);
        const bool elementwise = !info || info->shape == losses::layout::elementwise;
        std::vector<double> input = h.array(0), target;
        input.resize(elementwise ? rows : rows * std::max<std::size_t>(classes, 1));
        for (double& x : input) x = h.chance(0.85) ? (h.chance(0.5) ? 0.3 : 0.7) : h.number();
        const std::size_t target_size = elementwise || info->shape == losses::layout::pairs ? input.size() : rows;
        target.resize(h.chance(0.9) ? target_size : h.below(8));
        for (double& y : target) y = h.chance(0.85) ? double(h.below(2)) : h.number();
        std::vector<double> weights = h.array(8), class_weights = h.array(5);
        if (h.chance(0.5)) weights.resize(rows);
        CAPTURE(name, call, input, target, params, classes);

        losses::batch<double> b;
        b.input = input.data();
        b.input_size = input.size();
        b.target = target.data();
        b.target_size = target.size();
        b.classes = elementwise ? 0 : classes;
        b.reduce = losses::reduction(h.below(3));
        if (h.chance(0.3)) b.weights = weights.data(), b.weights_size = weights.size();
        if (h.chance(0.2)) b.class_weights = class_weights.data(), b.class_weights_size = class_weights.size();
        const std::size_t samples = elementwise ? input.size() : (classes ? input.size() / classes : 0);
        std::vector<double> grad(input.size()), per_sample(samples);
        losses::output<double> out{grad.data(), per_sample.data()};
        const status sd = losses::evaluate(name, params, b, out);
        seen.check(sd);
        if (sd.ok()) {
            CHECK(std::isfinite(out.value));
            CHECK(finite(grad));
        }

        // the same batch on the float path
        const std::vector<float> fin(input.begin(), input.end()), ftar(target.begin(), target.end());
        const std::vector<float> fw(weights.begin(), weights.end());
        losses::batch<float> bf;
        bf.input = fin.data();
        bf.input_size = fin.size();
        bf.target = ftar.data();
        bf.target_size = ftar.size();
        bf.classes = b.classes;
        bf.reduce = b.reduce;
        if (b.weights) bf.weights = fw.data(), bf.weights_size = fw.size();
        bf.class_weights = b.class_weights;
        bf.class_weights_size = b.class_weights_size;
        std::vector<float> fgrad(fin.size()), fper(samples);
        losses::output<float> fout{fgrad.data(), fper.data()};
        const status sf = losses::evaluate(name, params, bf, fout);
        seen.check(sf);
        if (sf.ok()) {
            CHECK(std::isfinite(fout.value));
            for (float gv : fgrad) CHECK(std::isfinite(gv));
        }
    }
    seen.both_seen();
}

TEST_CASE("fuzz: hostile metrics inputs give an error or finite metrics", "[fuzz][metrics]") {
    const int seed = GENERATE(range(0, seeds));
    CAPTURE(seed);
    hostile h(std::uint64_t(seed) * 32452843 + 7);
    tally seen;
    for (int call = 0; call < 30; ++call) {
        std::vector<double> a = h.array(12), b = h.array(12);
        if (h.chance(0.7)) b.resize(a.size());
        if (h.chance(0.5))
            for (double& v : b) v = std::fabs(std::round(v)) > 1 ? 1 : std::fabs(std::round(v));
        CAPTURE(a, b, call);
        metrics::regression_metrics r;
        const status sr = metrics::regression(a, b, r);
        seen.check(sr);
        if (sr.ok()) CHECK(finite({r.mae, r.rmse, r.r2}));
        metrics::binary_metrics bm;
        if (metrics::binary(a, b, h.number(), bm).ok()) CHECK(finite({bm.accuracy, bm.precision, bm.recall, bm.f1}));
        metrics::curve c;
        if (metrics::roc(a, b, c).ok()) CHECK((finite(c.x) && finite(c.y) && std::isfinite(c.area)));
        if (metrics::precision_recall(a, b, c).ok()) CHECK((finite(c.x) && finite(c.y) && std::isfinite(c.area)));
        metrics::multiclass_metrics mm;
        const std::size_t classes = h.chance(0.8) ? 2 + h.below(4) : std::size_t(1) << h.below(31);
        if (metrics::multiclass(a, b, classes, mm).ok()) CHECK(finite(mm.confusion));
        metrics::calibration_metrics cm;
        seen.check(metrics::calibration(a, b, h.below(2000), cm));
        metrics::coverage_metrics cv;
        if (metrics::coverage(a, b, h.number(), cv).ok()) CHECK(finite({cv.coverage, cv.pinball}));
        metrics::conformal_threshold ct;
        if (metrics::conformal_quantile(a, h.number(), ct).ok()) CHECK((ct.infinite ? ct.rank > ct.n : std::isfinite(ct.threshold)));
        std::vector<double> scores;
        if (metrics::residual_scores(a, b, scores).ok()) CHECK(finite(scores));
        if (metrics::cqr_scores(a, b, b, scores).ok()) CHECK(finite(scores));
        metrics::interval_metrics im;
        if (metrics::interval(a, b, b, h.number(), im).ok()) CHECK(finite({im.coverage, im.mean_width, im.interval_score}));
    }
    seen.both_seen();
}

TEST_CASE("fuzz: hostile sessions give an error or finite steps and predictions", "[fuzz][train]") {
    const int seed = GENERATE(range(0, seeds));
    CAPTURE(seed);
    hostile h(std::uint64_t(seed) * 49979687 + 11);
    const std::vector<std::string> models = {"linear", "logistic", "softmax", "loglink", "mlp"};
    std::vector<std::string> loss_names;
    for (const auto& info : losses::all_loss_info()) loss_names.push_back(info.name);
    tally seen;
    for (int call = 0; call < 12; ++call) {
        // a valid session (a model with a loss of its task), then (mostly) one field broken
        static const char* pairs[][2] = {{"linear", "mse"}, {"linear", "huber"}, {"logistic", "bce_logits"},
                                         {"softmax", "cross_entropy"}, {"loglink", "tweedie"}, {"mlp", "mse"}};
        const auto& pair = pairs[h.below(6)];
        settings s;
        s.words["model.name"] = pair[0];
        s.words["loss"] = pair[1];
        s.words["optimizer"] = h.word({"sgd", "adam", "rmsprop", "adagrad", "adamw"});
        if (s.words["optimizer"].empty() || s.words["optimizer"] == "bogus") s.words["optimizer"] = "sgd";
        const std::size_t rows = 2 + h.below(12), features = 1 + h.below(2);
        std::vector<double> x(rows * features), y(rows);
        for (double& v : x) v = double(h.below(7)) / 3 - 1;
        for (std::size_t i = 0; i < rows; ++i) y[i] = std::string(pair[0]) == "logistic" ? double(i % 2) : double(i % 3);
        s.arrays["data.x"] = x;
        s.arrays["data.y"] = y;
        s.numbers["data.features"] = double(features);
        s.numbers["epochs"] = double(1 + h.below(30));
        s.numbers["params.lr"] = 0.05;
        const std::vector<std::string> keys = {
            "batch_size", "epochs", "seed", "bogus", "loss", "optimizer", "model.name", "data.features", "data.classes",
            "data.x", "data.y", "data.x_val", "data.y_val", "model.hidden", "model.activation", "model.task",
            "model.output_bias", "params.lr", "params.momentum", "params.betas", "schedule.name", "schedule.gamma",
            "schedule.T_max", "schedule.total_steps", "schedule.max_lr", "penalty.l1", "penalty.l2",
            "early_stopping.patience", "early_stopping.min_delta", "lossParams.delta", "lossParams.power",
            "lossParams.label_smoothing", "lossParams.bogus", "model", "data", "penalty"};
        if (h.chance(0.7)) {
            const std::string& key = keys[h.below(keys.size())];
            s.numbers.erase(key), s.words.erase(key), s.arrays.erase(key), s.booleans.erase(key);
            h.put(s, key, key == "loss" ? loss_names : key == "model.name" ? models : std::vector<std::string>{});
        }
        CAPTURE(call, s.words, s.numbers);
        train::session session;
        const status sc = adapters::make_session(s, session);
        seen.check(sc);
        if (!sc.ok()) continue;
        for (int k = 0; k < 3; ++k) {
            const long steps = h.chance(0.85) ? long(h.below(40)) : (h.chance(0.5) ? -1 : 2000000);
            train::step_report r;
            const status ss = session.step(steps, r);
            seen.check(ss);
            if (ss.ok()) {
                CHECK(finite(r.train_loss));
                CHECK(finite(r.val_loss));
                CHECK(finite(r.lr));
                CHECK(finite(session.params()));
                for (const auto& m : r.train_metrics) CHECK(std::isfinite(m.value));
            }
            std::vector<double> p;
            const status sp = session.predict(h.array(6), p);
            seen.check(sp);
            if (sp.ok()) CHECK(finite(p));
        }
    }
    seen.both_seen();
}
