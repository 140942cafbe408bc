// A seeded fuzz of the core's entry points with hostile configs and data: every field of the
// typed configs the boundary carries (issue 16), set to values the value objects can hold. It
// asserts what the API promises: no exception, a status that is either success or a sentence, and
// only finite numbers in a successful result. (Unknown names and keys, and values of the wrong
// type, never reach the core: the JS wrapper rejects them, and tests/web/fuzz.test.ts checks it.) Run under
// AddressSanitizer + UndefinedBehaviorSanitizer (ctest --preset native-debug) it also checks that
// no input makes the core read or write out of bounds, divide by zero or convert an out-of-range
// double. The same cases run natively and under wasm; each seed is one GENERATE value.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "losslab/data/datasets.hpp"
#include "losslab/data/random.hpp"
#include "losslab/limits.hpp"
#include "losslab/losses/registry.hpp"
#include "losslab/metrics/conformal.hpp"
#include "losslab/metrics/metrics.hpp"
#include "losslab/optim/trajectory.hpp"
#include "losslab/schedules/schedule.hpp"
#include "losslab/surfaces/surface.hpp"
#include "losslab/train/session.hpp"

using namespace losslab;

namespace {

constexpr int seeds = 48;

// Every field of each config the boundary carries (the value objects of wasm/adapters/configs.cpp).
template <class F>
void for_each_field(data::linear_options& o, F f) {
    f(o.slope), f(o.intercept), f(o.noise), f(o.distribution), f(o.x_min), f(o.x_max), f(o.heteroscedastic);
    f(o.outliers), f(o.outlier_fraction), f(o.outlier_shift), f(o.leverage_outliers), f(o.leverage_x), f(o.leverage_shift);
}
template <class F>
void for_each_field(data::zero_inflated_options& o, F f) {
    f(o.rate), f(o.rate_slope), f(o.gamma_shape), f(o.gamma_scale);
}
template <class F>
void for_each_field(data::imbalanced_options& o, F f) {
    f(o.ratio), f(o.separation), f(o.std);
}
template <class F>
void for_each_field(data::moons_options& o, F f) {
    f(o.noise);
}
template <class F>
void for_each_field(data::spirals_options& o, F f) {
    f(o.classes), f(o.noise), f(o.turns);
}
template <class F>
void for_each_field(data::blobs_options& o, F f) {
    f(o.classes), f(o.std), f(o.spread), f(o.label_noise);
}
template <class F>
void for_each_field(data::sparse_linear_options& o, F f) {
    f(o.features), f(o.correlation), f(o.noise);
}
template <class F>
void for_each_field(data::wave_options& o, F f) {
    f(o.frequency), f(o.noise);
}
template <class F>
void for_each_field(optim::sgd::config& c, F f) {
    f(c.lr), f(c.momentum), f(c.dampening), f(c.weight_decay), f(c.nesterov);
}
template <class F>
void for_each_field(optim::rmsprop::config& c, F f) {
    f(c.lr), f(c.alpha), f(c.eps), f(c.weight_decay), f(c.momentum), f(c.centered);
}
template <class F>
void for_each_field(optim::adagrad::config& c, F f) {
    f(c.lr), f(c.lr_decay), f(c.weight_decay), f(c.initial_accumulator_value), f(c.eps);
}
template <class C, class F, class = decltype(std::declval<C&>().beta1)>
void for_each_field(C& c, F f) {  // adam, adamw
    f(c.lr), f(c.beta1), f(c.beta2), f(c.eps), f(c.weight_decay), f(c.amsgrad), f(c.bias_correction);
}
template <class F>
void for_each_field(schedules::constant::config& c, F f) {
    f(c.factor), f(c.total_iters);
}
template <class F>
void for_each_field(schedules::step::config& c, F f) {
    f(c.step_size), f(c.gamma);
}
template <class F>
void for_each_field(schedules::exponential::config& c, F f) {
    f(c.gamma);
}
template <class F>
void for_each_field(schedules::cosine::config& c, F f) {
    f(c.T_max), f(c.eta_min);
}
template <class F>
void for_each_field(schedules::cosine_warm_restarts::config& c, F f) {
    f(c.T_0), f(c.T_mult), f(c.eta_min);
}
template <class F>
void for_each_field(schedules::one_cycle::config& c, F f) {
    f(c.max_lr), f(c.total_steps), f(c.pct_start), f(c.anneal_strategy), f(c.div_factor), f(c.final_div_factor);
    f(c.three_phase), f(c.cycle_momentum), f(c.base_momentum), f(c.max_momentum);
}
template <class F>
void for_each_field(schedules::warmup::config& c, F f) {
    f(c.start_factor), f(c.warmup_steps);
}
template <class F>
void for_each_field(surfaces::rosenbrock::config& c, F f) {
    f(c.a), f(c.b);
}
template <class F>
void for_each_field(surfaces::quadratic::config& c, F f) {
    f(c.kappa), f(c.angle);
}
template <class F>
void for_each_field(surfaces::beale::config&, F) {}
template <class F>
void for_each_field(surfaces::himmelblau::config&, F) {}
template <class F>
void for_each_field(surfaces::saddle::config&, F) {}
template <class F>
void for_each_field(surfaces::camel::config&, F) {}
template <class F>
void for_each_field(models::config& c, F f) {
    f(c.hidden), f(c.act), f(c.task), f(c.has_output_bias), f(c.output_bias);
}
template <class F>
void for_each_field(train::penalty& c, F f) {
    f(c.l1), f(c.l2);
}
template <class F>
void for_each_field(train::early_stopping& c, F f) {
    f(c.patience), f(c.min_delta), f(c.restore_best);
}
/// The alternative a variant (a spec, a dataset's options) holds.
template <class... T, class F>
void for_each_field(std::variant<T...>& v, F f) {
    std::visit([&](auto& c) { for_each_field(c, f); }, v);
}

/// Hostile numbers, whole numbers, words and arrays.
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
    /// A whole number a C++ long field can hold after the boundary (which refuses beyond ±(2^31 − 1)).
    long whole() {
        static const long pool[] = {-2147483647, -1000, -1, 0, 1, 2, 3, 7, 64, 65, 255, 1000, 200000, 200001,
                                    1000001, 2147483647};
        return h_pick(pool);
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

    /// A hostile value of the field's type (every enum used here has at least two alternatives).
    void set(double& x) { x = number(); }
    void set(long& x) { x = whole(); }
    void set(bool& x) { x = chance(0.5); }
    template <class E, class = std::enable_if_t<std::is_enum_v<E>>>
    void set(E& x) {
        x = E(below(2));
    }
    void set(std::vector<double>& x) { x = array(); }
    void set(std::vector<long>& x) {
        x.resize(below(4));
        for (long& v : x) v = chance(0.5) ? long(below(70)) : whole();
    }

    /// Each field of a config (for_each_field) set to a hostile value with probability p.
    template <class C>
    void scatter(C& config, double p) {
        for_each_field(config, [&](auto& field) {
            if (chance(p)) set(field);
        });
    }
    /// One field of the configs, chosen at random, set to a hostile value.
    template <class... C>
    void break_one(C&... configs) {
        std::size_t count = 0;
        (for_each_field(configs, [&](auto&) { ++count; }), ...);
        if (count == 0) return;
        std::size_t target = below(count), i = 0;
        (for_each_field(configs,
                        [&](auto& field) {
                            if (i++ == target) set(field);
                        }),
         ...);
    }

private:
    template <std::size_t N>
    long h_pick(const long (&pool)[N]) {
        return pool[below(N)];
    }
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
        const auto& names = data::dataset_names();
        const std::string name = names[h.below(names.size())];
        data::dataset_config c;
        REQUIRE(data::default_options(name, c.options));
        // keep most datasets small: the sanitizer build is slow
        c.n = h.chance(0.98) ? long(20 + h.below(300)) : h.whole();
        if (h.chance(0.1)) h.set(c.seed);
        if (h.chance(0.1)) h.set(c.validation);
        h.scatter(c.options, 0.15);
        CAPTURE(name, call, c.n, c.seed, c.validation);
        data::dataset d;
        const status st = data::make_dataset(c, d);
        seen.check(st);
        if (st.ok()) {
            CHECK(finite(d.x));
            CHECK(finite(d.y));
            CHECK(d.x.size() == d.y.size() * d.features);
        }
    }
    seen.both_seen();
}

TEST_CASE("fuzz: hostile optimize and lr_schedule configs give an error or a finite trajectory",
          "[fuzz][optim]") {
    const int seed = GENERATE(range(0, seeds));
    CAPTURE(seed);
    hostile h(std::uint64_t(seed) * 104729 + 3);
    const std::vector<std::string> surface_names = {"rosenbrock", "beale", "himmelblau", "saddle", "quadratic", "camel"};
    const std::vector<std::string> schedule_names = {"constant", "step", "exponential", "cosine", "cosine_warm_restarts",
                                                     "one_cycle"};
    tally seen;
    for (int call = 0; call < 20; ++call) {
        CAPTURE(call);
        // a valid run, then (mostly) one field broken with a hostile value
        optim::run_config c;
        REQUIRE(surfaces::default_spec(surface_names[h.below(surface_names.size())], c.surface));
        const std::string optimizer = optim::optimizer_names()[h.below(optim::optimizer_names().size())];
        REQUIRE(optim::default_spec(optimizer, c.optimizer));
        std::visit([](auto& o) { o.lr = 0.01; }, c.optimizer);
        c.start_x = 0.5;
        c.start_y = -0.25;
        c.steps = long(h.below(200));
        const std::string schedule = schedule_names[h.below(schedule_names.size())];
        REQUIRE(schedules::default_spec(schedule, c.schedule));
        if (auto* s = std::get_if<schedules::step::config>(&c.schedule)) s->step_size = 10;
        if (auto* s = std::get_if<schedules::exponential::config>(&c.schedule)) s->gamma = 0.97;
        if (auto* s = std::get_if<schedules::cosine::config>(&c.schedule)) s->T_max = 50;
        if (auto* s = std::get_if<schedules::cosine_warm_restarts::config>(&c.schedule)) s->T_0 = 10;
        if (auto* s = std::get_if<schedules::one_cycle::config>(&c.schedule)) {
            s->total_steps = 400;
            s->cycle_momentum = optimizer != "adagrad";
        }
        if (h.chance(0.7)) {
            switch (h.below(6)) {
                case 0: h.set(c.start_x); break;
                case 1: h.set(c.steps); break;
                case 2: h.set(c.noise_std); break;
                case 3: h.set(c.noise_seed); break;
                default: h.break_one(c.surface, c.optimizer, c.schedule, c.warmup);
            }
        }
        CAPTURE(optimizer, schedule, c.steps);
        optim::trajectory t;
        const status st = optim::optimize(c, t);
        seen.check(st);
        if (st.ok()) {
            CHECK(finite(t.path));
            CHECK(finite(t.loss));
            CHECK(finite(t.lr));
            CHECK(finite(t.effective_lr));
        }
        const double lr = h.chance(0.8) ? 0.1 : h.number();
        const long steps = h.chance(0.9) ? long(h.below(3000)) : (h.chance(0.5) ? -1 : 20000000);
        std::vector<double> lrs, momentum;
        const status sl = optim::lr_schedule(lr, c.schedule, c.warmup, steps, lrs, momentum);
        seen.check(sl);
        if (sl.ok()) {
            CHECK(lrs.size() == std::size_t(steps));
            CHECK(finite(lrs));
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
    std::vector<std::string> loss_names;
    for (const auto& info : losses::all_loss_info()) loss_names.push_back(info.name);
    tally seen;
    for (int call = 0; call < 12; ++call) {
        // a valid session (a model with a loss of its task), then (mostly) one field broken
        static const char* pairs[][2] = {{"linear", "mse"}, {"linear", "huber"}, {"logistic", "bce_logits"},
                                         {"softmax", "cross_entropy"}, {"loglink", "tweedie"}, {"mlp", "mse"}};
        const auto& pair = pairs[h.below(6)];
        train::config c;
        REQUIRE(models::default_config(pair[0], c.model));
        c.loss = pair[1];
        REQUIRE(optim::default_spec(optim::optimizer_names()[h.below(optim::optimizer_names().size())], c.optimizer));
        std::visit([](auto& o) { o.lr = 0.05; }, c.optimizer);
        const std::size_t rows = 2 + h.below(12), features = 1 + h.below(2);
        train::training_data d;
        d.x.resize(rows * features);
        d.y.resize(rows);
        for (double& v : d.x) v = double(h.below(7)) / 3 - 1;
        for (std::size_t i = 0; i < rows; ++i) d.y[i] = std::string(pair[0]) == "logistic" ? double(i % 2) : double(i % 3);
        d.features = long(features);
        c.epochs = long(1 + h.below(30));
        if (h.chance(0.7)) {
            switch (h.below(14)) {
                case 0: h.set(c.batch_size); break;
                case 1: h.set(c.epochs); break;
                case 2: h.set(c.seed); break;
                case 3: c.loss = h.word(loss_names); break;
                case 4: c.model.name = models::kind(h.below(5)); break;
                case 5: h.set(d.features); break;
                case 6: h.set(d.classes); break;
                case 7: h.set(d.x); break;
                case 8: h.set(d.y); break;
                case 9: h.set(d.x_val), h.set(d.y_val); break;
                case 10: h.set(c.loss_params); break;
                case 11: REQUIRE(schedules::default_spec(schedules::schedule_names()[h.below(6)], c.schedule)); break;
                default: h.break_one(c.model, c.optimizer, c.schedule, c.warmup, c.penalty, c.stopping);
            }
        }
        CAPTURE(call, c.loss, pair[0], c.epochs, d.features, d.classes);
        train::session session;
        const status sc = train::session::create(c, d, session);
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
