#include "adapters/from_settings.hpp"

#include <cmath>
#include <limits>

#include "losslab/limits.hpp"
#include "losslab/losses/registry.hpp"

namespace losslab::adapters {
namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr long many = 1L << 30;
constexpr double max_seed = 9007199254740991.0;

template <class C>
void read_adam(reader& r, C& c) {
    const auto betas = r.array("betas", {c.beta1, c.beta2}, 2, 0, 1, false);
    c.beta1 = betas[0];
    c.beta2 = betas[1];
    c.eps = r.number("eps", c.eps, 0, inf);
    c.weight_decay = r.number("weight_decay", c.weight_decay, 0, inf);
    c.amsgrad = r.flag("amsgrad", c.amsgrad);
    c.bias_correction = r.flag("bias_correction", c.bias_correction);
}

/// The word under `key` when it is one (with a type error recorded otherwise), else "".
std::string name_word(reader& r, const settings& args, const std::string& key, const char* what) {
    auto it = args.words.find(key);
    if (args.has(key) && it == args.words.end()) r.fail(key + " must be " + what);
    r.accept(key);
    return it == args.words.end() ? "" : it->second;
}

}  // namespace

status optimizer_from(const std::string& name, const settings& args, optim::spec& out, double default_lr) {
    if (!optim::default_spec(name, out)) {
        std::string msg = "unknown optimizer '" + name + "'; known optimizers:";
        for (const auto& n : optim::optimizer_names()) msg += " " + n;
        return status::failure(msg);
    }
    reader r(args, name);
    std::visit(
        [&](auto& c) {
            using C = std::decay_t<decltype(c)>;
            c.lr = r.number("lr", default_lr > 0 ? default_lr : c.lr, 0, inf, false);
            if constexpr (std::is_same_v<C, optim::sgd::config>) {
                c.momentum = r.number("momentum", c.momentum, 0, inf);
                c.dampening = r.number("dampening", c.dampening, 0, 1);
                c.weight_decay = r.number("weight_decay", c.weight_decay, 0, inf);
                c.nesterov = r.flag("nesterov", c.nesterov);
                if (const char* problem = optim::sgd::check(c)) r.fail(problem + 5);
            } else if constexpr (std::is_same_v<C, optim::rmsprop::config>) {
                c.alpha = r.number("alpha", c.alpha, 0, 1);
                c.eps = r.number("eps", c.eps, 0, inf);
                c.weight_decay = r.number("weight_decay", c.weight_decay, 0, inf);
                c.momentum = r.number("momentum", c.momentum, 0, inf);
                c.centered = r.flag("centered", c.centered);
            } else if constexpr (std::is_same_v<C, optim::adagrad::config>) {
                c.lr_decay = r.number("lr_decay", c.lr_decay, 0, inf);
                c.weight_decay = r.number("weight_decay", c.weight_decay, 0, inf);
                c.initial_accumulator_value = r.number("initial_accumulator_value", c.initial_accumulator_value, 0, inf);
                c.eps = r.number("eps", c.eps, 0, inf);
            } else {
                read_adam(r, c);
            }
        },
        out);
    return r.finish();
}

status schedule_from(const settings& args, schedules::spec& out, schedules::warmup::config& warmup) {
    warmup = schedules::warmup::config{};
    auto name_it = args.words.find("name");
    const std::string n = name_it == args.words.end() ? "constant" : name_it->second;
    reader r(args, "schedule '" + n + "'");
    r.accept("name");
    if (args.has("name") && name_it == args.words.end()) r.fail("name must be a schedule name (a string)");
    auto required = [&](const char* key) {
        if (!args.has(key)) r.fail(std::string("needs ") + key);
    };
    if (!schedules::default_spec(n, out)) {
        std::string msg = "schedule name: unknown schedule '" + n + "'; known schedules:";
        for (const auto& k : schedules::all_schedules()) msg += " " + k.name;
        return status::failure(msg);
    }
    std::visit(
        [&](auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, schedules::constant::config>) {
                c.factor = r.number("factor", c.factor, 0, 1, false, true);
                c.total_iters = r.integer("total_iters", c.total_iters, 0, many);
            } else if constexpr (std::is_same_v<C, schedules::step::config>) {
                required("step_size");
                c.step_size = r.integer("step_size", 1, 1, many);
                c.gamma = r.number("gamma", c.gamma, 0, inf, false);
            } else if constexpr (std::is_same_v<C, schedules::exponential::config>) {
                required("gamma");
                c.gamma = r.number("gamma", 1, 0, inf, false);
            } else if constexpr (std::is_same_v<C, schedules::cosine::config>) {
                required("T_max");
                c.T_max = r.integer("T_max", 1, 1, many);
                c.eta_min = r.number("eta_min", c.eta_min, 0, inf);
            } else if constexpr (std::is_same_v<C, schedules::cosine_warm_restarts::config>) {
                required("T_0");
                c.T_0 = r.integer("T_0", 1, 1, many);
                c.T_mult = r.integer("T_mult", c.T_mult, 1, 1000);
                c.eta_min = r.number("eta_min", c.eta_min, 0, inf);
            } else {
                // max_lr and total_steps stay 0 (the optimizer's lr, the run's steps) unless given.
                c.max_lr = args.has("max_lr") ? r.number("max_lr", 0, 0, inf, false) : (r.accept("max_lr"), 0.0);
                c.total_steps = args.has("total_steps") ? r.integer("total_steps", 1, 1, many) : (r.accept("total_steps"), 0L);
                c.pct_start = r.number("pct_start", c.pct_start, 0, 1);
                c.anneal_strategy = r.word("anneal_strategy", "cos", {"cos", "linear"}) == "linear"
                                        ? schedules::one_cycle::anneal::linear
                                        : schedules::one_cycle::anneal::cos;
                c.div_factor = r.number("div_factor", c.div_factor, 0, inf, false);
                c.final_div_factor = r.number("final_div_factor", c.final_div_factor, 0, inf, false);
                c.three_phase = r.flag("three_phase", c.three_phase);
                c.cycle_momentum = r.flag("cycle_momentum", c.cycle_momentum);
                c.base_momentum = r.number("base_momentum", c.base_momentum, 0, 1);
                c.max_momentum = r.number("max_momentum", c.max_momentum, 0, 1);
            }
        },
        out);
    if (args.has("warmup")) {
        r.object("warmup");
        const settings w = args.sub("warmup");
        reader wr(w, "warmup");
        warmup.start_factor = wr.number("start_factor", warmup.start_factor, 0, 1, false, true);
        if (!w.has("warmup_steps")) wr.fail("needs warmup_steps");
        warmup.warmup_steps = wr.integer("warmup_steps", 0, 1, many);
        status ws = wr.finish();
        if (!ws.ok()) return ws;
    }
    return r.finish();
}

status surface_from(const std::string& name, const settings& params, surfaces::spec& out) {
    if (!surfaces::default_spec(name, out)) {
        std::string msg = "unknown surface '" + name + "'; known surfaces:";
        for (const auto& info : surfaces::all_surfaces()) msg += " " + info.name;
        return status::failure(msg);
    }
    reader r(params, name);
    const auto& info = surfaces::info_of(out);
    std::vector<double> values;
    for (const auto& p : info.params) values.push_back(r.number(p.name, p.default_value, p.min, p.max));
    if (auto* c = std::get_if<surfaces::rosenbrock::config>(&out)) {
        c->a = values[0];
        c->b = values[1];
    } else if (auto* q = std::get_if<surfaces::quadratic::config>(&out)) {
        q->kappa = values[0];
        q->angle = values[1];
    }
    return r.finish();
}

status model_from(const settings& args, models::config& out) {
    auto it = args.words.find("name");
    const std::string name = it == args.words.end() ? "" : it->second;
    reader r(args, "model '" + name + "'");
    r.accept("name");
    if (args.has("name") && it == args.words.end()) return status::failure("model: name must be a model name (a string)");
    if (!models::default_config(name, out)) {
        return status::failure("unknown model '" + name + "'; known models: linear logistic softmax loglink mlp");
    }
    if (out.name == models::kind::mlp) {
        const std::string t = r.word("task", "from_data", {"regression", "binary", "multiclass"});
        out.task = t == "regression"   ? models::task_choice::regression
                   : t == "binary"     ? models::task_choice::binary
                   : t == "multiclass" ? models::task_choice::multiclass
                                       : models::task_choice::from_data;
        const auto widths = r.array("hidden", {16}, 0, 1, 64);
        if (widths.empty() || widths.size() > 2) r.fail("hidden must list 1 or 2 layer widths");
        out.hidden.clear();
        for (double w : widths) {
            if (w != std::floor(w)) r.fail("hidden widths must be whole numbers");
            out.hidden.push_back(long(w));
        }
        out.act = r.word("activation", "tanh", {"tanh", "relu"}) == "relu" ? models::activation::relu
                                                                        : models::activation::tanh;
    }
    if (args.has("output_bias")) {
        out.output_bias = r.number("output_bias", 0, -1e3, 1e3);
        out.has_output_bias = true;
    }
    return r.finish();
}

status session_from(const settings& args, train::config& out, train::training_data& data) {
    out = train::config{};
    data = train::training_data{};
    reader r(args, "session");
    for (const char* nested : {"model", "lossParams", "params", "schedule", "penalty", "early_stopping", "data"})
        r.object(nested);
    const std::string loss = name_word(r, args, "loss", "a loss name (a string)");
    const std::string optimizer = name_word(r, args, "optimizer", "an optimizer name (a string)");
    out.batch_size = r.integer("batch_size", 0, 0, 1000000);
    out.epochs = r.integer("epochs", 100, 1, 1000000);
    out.seed = r.number("seed", 0, 0, max_seed);
    status s = r.finish();
    if (!s.ok()) return s;
    if (!args.words.count("loss")) return status::failure("session: needs a loss");
    if (!args.words.count("optimizer")) return status::failure("session: needs an optimizer");

    const settings data_args = args.sub("data");
    reader dr(data_args, "data");
    data.features = dr.integer("features", 1, 1, 1000);
    data.classes = dr.integer("classes", -1, -1, limits::classes);
    data.x = dr.array("x", {}, 0, -1e300, 1e300);
    data.y = dr.array("y", {}, 0, -1e300, 1e300);
    data.x_val = dr.array("x_val", {}, 0, -1e300, 1e300);
    data.y_val = dr.array("y_val", {}, 0, -1e300, 1e300);
    s = dr.finish();
    if (!s.ok()) return s;

    s = model_from(args.sub("model"), out.model);
    if (!s.ok()) return s;

    // The loss's parameters by name, in registry order (an unknown loss is the core's to report).
    out.loss = loss;
    if (const losses::loss_info* info = losses::find_loss(loss)) {
        reader lr(args.sub("lossParams"), loss);
        for (const auto& p : info->params) out.loss_params.push_back(lr.number(p.name, p.default_value, -1e300, 1e300));
        s = lr.finish();
        if (!s.ok()) return s;
    }

    reader pr(args.sub("penalty"), "penalty");
    out.penalty.l1 = pr.number("l1", 0, 0, 1e6);
    out.penalty.l2 = pr.number("l2", 0, 0, 1e6);
    s = pr.finish();
    if (!s.ok()) return s;
    reader er(args.sub("early_stopping"), "early_stopping");
    out.stopping.patience = er.integer("patience", 0, 0, 1000000);
    out.stopping.min_delta = er.number("min_delta", 0, 0, 1e300);
    out.stopping.restore_best = er.flag("restore_best", false);
    s = er.finish();
    if (!s.ok()) return s;

    s = optimizer_from(optimizer, args.sub("params"), out.optimizer);
    if (!s.ok()) return s;
    return schedule_from(args.sub("schedule"), out.schedule, out.warmup);
}

status run_from(const settings& args, optim::run_config& out) {
    out = optim::run_config{};
    reader r(args, "optimize");
    const std::string surface_name =
        r.word("surface", "", {"rosenbrock", "beale", "himmelblau", "saddle", "quadratic", "camel"});
    if (!args.words.count("surface")) r.fail("needs a surface");
    r.object("surfaceParams");
    r.object("params");
    r.object("schedule");
    r.object("noise");
    auto optimizer_it = args.words.find("optimizer");
    r.accept("optimizer");
    if (args.has("optimizer") && optimizer_it == args.words.end()) r.fail("optimizer must be an optimizer name (a string)");
    else if (optimizer_it == args.words.end()) r.fail("needs an optimizer");
    const auto start = r.array("start", {0, 0}, 2, -1e300, 1e300);
    if (!args.arrays.count("start")) r.fail("needs start: [x, y]");
    out.steps = r.integer("steps", 100, 0, limits::trajectory_steps);
    status s = r.finish();
    if (!s.ok()) return s;
    out.start_x = start[0];
    out.start_y = start[1];
    s = surface_from(surface_name, args.sub("surfaceParams"), out.surface);
    if (!s.ok()) return s;
    s = optimizer_from(optimizer_it->second, args.sub("params"), out.optimizer);
    if (!s.ok()) return s;
    s = schedule_from(args.sub("schedule"), out.schedule, out.warmup);
    if (!s.ok()) return s;
    const settings noise_args = args.sub("noise");
    reader nr(noise_args, "noise");
    out.noise_std = nr.number("std", 0, 0, 1e6);
    out.noise_seed = nr.number("seed", 0, 0, max_seed);
    return nr.finish();
}

status lr_schedule_from(const settings& args, double& lr, schedules::spec& out, schedules::warmup::config& warmup) {
    settings schedule_args = args;
    auto it = schedule_args.numbers.find("lr");
    if (it == schedule_args.numbers.end()) return status::failure("lrSchedule needs lr");
    lr = it->second;
    if (!(lr > 0) || !std::isfinite(lr)) return status::failure("lr = " + format_number(lr) + " must be > 0");
    schedule_args.numbers.erase(it);
    return schedule_from(schedule_args, out, warmup);
}

status contrastive_from(const settings& args, contrastive::config& c) {
    c = contrastive::config{};
    reader r(args, "contrastive");
    r.object("params");
    c.classes = r.integer("classes", c.classes, 2, 8);
    c.pool = r.integer("pool", c.pool, 16, 2000);
    c.eval = r.integer("eval", c.eval, 16, 1000);
    c.spread = r.number("spread", c.spread, 0, 3);
    c.augmentation = r.number("augmentation", c.augmentation, 0, 3);
    c.nuisance = r.number("nuisance", c.nuisance, 0, 10);
    c.hidden = r.integer("hidden", c.hidden, 1, 64);
    c.dim = r.integer("dim", c.dim, 2, 3);
    c.batch = r.integer("batch", c.batch, 2, 256);
    c.negatives = r.integer("negatives", c.batch - 1, 0, 255);
    c.hard = r.flag("hard", c.hard);
    c.positives_only = r.flag("positives_only", c.positives_only);
    c.temperature = r.number("temperature", c.temperature, 1e-3, 10);
    c.display = r.integer("display", c.display, 2, 64);
    const std::string optimizer = r.word("optimizer", "adam", optim::optimizer_names());
    c.probe_steps = r.integer("probe_steps", c.probe_steps, 1, 2000);
    c.seed = r.number("seed", c.seed, 0, max_seed);
    if (r.ok() && c.batch > c.pool) {
        r.fail("batch = " + std::to_string(c.batch) + " is larger than the pool of " + std::to_string(c.pool) + " samples");
    }
    if (r.ok() && c.display > c.eval) {
        r.fail("display = " + std::to_string(c.display) + " is larger than eval = " + std::to_string(c.eval));
    }
    status s = r.finish();
    if (!s.ok()) return s;
    return optimizer_from(optimizer, args.sub("params"), c.optimizer, 0.01);
}

status elastic_net_from(const settings& args, regularisation::path_config& c) {
    c = regularisation::path_config{};
    reader r(args, "elasticNetPath");
    c.features = r.integer("features", c.features, 1, 1000);
    c.x = r.array("x", {}, 0, -1e150, 1e150);
    c.y = r.array("y", {}, 0, -1e150, 1e150);
    c.x_val = r.array("x_val", {}, 0, -1e150, 1e150);
    c.y_val = r.array("y_val", {}, 0, -1e150, 1e150);
    c.lambdas = r.array("lambdas", {}, 0, 0, 1e12);
    c.l1_ratio = r.number("l1_ratio", c.l1_ratio, 0, 1);
    c.tol = r.number("tol", c.tol, 1e-16, 1e-2);
    c.max_sweeps = r.integer("max_sweeps", c.max_sweeps, 1, 10000000);
    return r.finish();
}

status dataset_from(const std::string& name, const settings& args, data::dataset_config& c) {
    c = data::dataset_config{};
    if (!data::default_options(name, c.options)) {
        std::string msg = "unknown dataset '" + name + "'; known datasets:";
        for (const auto& k : data::dataset_names()) msg += " " + k;
        return status::failure(msg);
    }
    reader r(args, name);
    const long n = r.integer("n", data::default_size(c.options), 1, limits::dataset_points);
    c.n = n;
    c.seed = r.number("seed", 0, 0, max_seed);
    if (c.seed != std::floor(c.seed)) r.fail("seed = " + format_number(c.seed) + " must be a whole number");
    c.validation = r.number("validation", 0, 0, 0.9);
    if (!r.ok()) return r.finish();  // n, seed or validation is bad
    std::visit(
        [&](auto& o) {
            using O = std::decay_t<decltype(o)>;
            if constexpr (std::is_base_of_v<data::linear_options, O>) {
                o.slope = r.number("slope", o.slope, -1e6, 1e6);
                o.intercept = r.number("intercept", o.intercept, -1e6, 1e6);
                o.noise = r.number("noise", o.noise, 0, 1e6);
                const bool normal = o.distribution == data::x_distribution::normal;
                o.distribution = r.word("x_distribution", normal ? "normal" : "uniform", {"normal", "uniform"}) == "normal"
                                     ? data::x_distribution::normal
                                     : data::x_distribution::uniform;
                o.x_min = r.number("x_min", o.x_min, -1e6, 1e6);
                o.x_max = r.number("x_max", o.x_max, -1e6, 1e6);
                o.heteroscedastic = r.number("heteroscedastic", o.heteroscedastic, 0, 1e3);
                o.outliers = r.integer("outliers", 0, 0, n);
                o.outlier_fraction = r.number("outlier_fraction", -1, -1, 1);
                if (o.outlier_fraction >= 0) o.outlier_fraction = r.number("outlier_fraction", 0, 0, 1);
                o.outlier_shift = r.number("outlier_shift", o.outlier_shift, -1e6, 1e6);
                o.leverage_outliers = r.integer("leverage_outliers", 0, 0, n);
                o.leverage_x = r.number("leverage_x", o.leverage_x, -1e6, 1e6);
                o.leverage_shift = r.number("leverage_shift", o.leverage_shift, -1e6, 1e6);
            } else if constexpr (std::is_same_v<O, data::zero_inflated_options>) {
                o.rate = r.number("rate", o.rate, 0, 30, false);
                o.rate_slope = r.number("rate_slope", o.rate_slope, -3, 3);
                o.gamma_shape = r.number("gamma_shape", o.gamma_shape, 0.05, 100);
                o.gamma_scale = r.number("gamma_scale", o.gamma_scale, 0, 1e6, false);
            } else if constexpr (std::is_same_v<O, data::imbalanced_options>) {
                o.ratio = r.number("ratio", o.ratio, 1, 1000);
                o.separation = r.number("separation", o.separation, 0, 100);
                o.std = r.number("std", o.std, 0, 100, false);
            } else if constexpr (std::is_same_v<O, data::moons_options>) {
                o.noise = r.number("noise", o.noise, 0, 10);
            } else if constexpr (std::is_same_v<O, data::spirals_options>) {
                o.classes = r.integer("classes", o.classes, 2, 10);
                o.noise = r.number("noise", o.noise, 0, 10);
                o.turns = r.number("turns", o.turns, 0.1, 5);
            } else if constexpr (std::is_same_v<O, data::blobs_options>) {
                o.classes = r.integer("classes", o.classes, 2, 20);
                o.std = r.number("std", o.std, 0, 100, false);
                o.spread = r.number("spread", o.spread, 0, 100);
                o.label_noise = r.number("label_noise", o.label_noise, 0, 1);
            } else if constexpr (std::is_same_v<O, data::sparse_linear_options>) {
                o.features = r.integer("features", o.features, 6, 100);
                o.correlation = r.number("correlation", o.correlation, -0.999, 0.999);
                o.noise = r.number("noise", o.noise, 0, 1e3);
            } else {
                o.frequency = r.number("frequency", o.frequency, 0, 10);
                o.noise = r.number("noise", o.noise, 0, 100);
            }
        },
        c.options);
    return r.finish();
}

status make_optimizer(const std::string& name, const settings& args, optim::optimizer& out) {
    optim::spec spec;
    status s = optimizer_from(name, args, spec);
    return s.ok() ? optim::optimizer::create(spec, out) : s;
}

status make_schedule(const settings& args, double lr, long total_steps, schedules::schedule& out) {
    schedules::spec spec;
    schedules::warmup::config warmup;
    status s = schedule_from(args, spec, warmup);
    return s.ok() ? schedules::schedule::create(spec, warmup, lr, total_steps, out) : s;
}

status make_surface(const std::string& name, const settings& params, surfaces::surface& out) {
    surfaces::spec spec;
    status s = surface_from(name, params, spec);
    return s.ok() ? surfaces::surface::create(spec, out) : s;
}

status make_model(const settings& args, std::size_t features, std::size_t classes, models::model& out) {
    models::config c;
    status s = model_from(args, c);
    return s.ok() ? models::model::create(c, features, classes, out) : s;
}

status make_session(const settings& args, train::session& out) {
    train::config c;
    train::training_data d;
    status s = session_from(args, c, d);
    return s.ok() ? train::session::create(c, d, out) : s;
}

status make_contrastive(const settings& args, contrastive::session& out) {
    contrastive::config c;
    status s = contrastive_from(args, c);
    return s.ok() ? contrastive::session::create(c, out) : s;
}

status make_dataset(const std::string& name, const settings& args, data::dataset& out) {
    data::dataset_config c;
    status s = dataset_from(name, args, c);
    return s.ok() ? data::make_dataset(c, out) : s;
}

status optimize(const settings& args, optim::trajectory& out) {
    optim::run_config c;
    status s = run_from(args, c);
    return s.ok() ? optim::optimize(c, out) : s;
}

status lr_schedule(const settings& args, long steps, std::vector<double>& lr, std::vector<double>& momentum) {
    double base = 0;
    schedules::spec spec;
    schedules::warmup::config warmup;
    status s = lr_schedule_from(args, base, spec, warmup);
    return s.ok() ? optim::lr_schedule(base, spec, warmup, steps, lr, momentum) : s;
}

status elastic_net_path(const settings& args, regularisation::path_result& out) {
    regularisation::path_config c;
    status s = elastic_net_from(args, c);
    return s.ok() ? regularisation::elastic_net_path(c, out) : s;
}

}  // namespace losslab::adapters
