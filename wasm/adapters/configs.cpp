#include "adapters/configs.hpp"

#include <emscripten/bind.h>

#include <cmath>
#include <type_traits>
#include <utility>

#include "losslab/data/datasets.hpp"
#include "losslab/models/model.hpp"
#include "losslab/schedules/schedule.hpp"
#include "losslab/surfaces/surface.hpp"
#include "losslab/train/config.hpp"

namespace losslab::wasm {
namespace {

namespace o = optim;
namespace sc = schedules;
namespace su = surfaces;
using emscripten::value_object;

// one_cycle's anneal_strategy crosses as torch's word.
constexpr const char* anneal_words[] = {"cos", "linear"};
std::string anneal_get(const sc::one_cycle::config& c) { return anneal_words[int(c.anneal_strategy)]; }
void anneal_set(sc::one_cycle::config& c, std::string word) {
    c.anneal_strategy = word == anneal_words[1] ? sc::one_cycle::anneal::linear : sc::one_cycle::anneal::cos;
}

// A linear dataset's x_distribution crosses as its word.
constexpr const char* distribution_words[] = {"normal", "uniform"};
template <class O>
std::string distribution_get(const O& o) {
    return distribution_words[int(o.distribution)];
}
template <class O>
void distribution_set(O& o, std::string word) {
    o.distribution = word == distribution_words[1] ? data::x_distribution::uniform : data::x_distribution::normal;
}

/// The fields of linear_options, for linear and heteroscedastic (which derives from it).
template <class O>
void bind_linear_dataset(const char* name) {
    using L = data::linear_options;
    value_object<O>(name)
        .field("slope", static_cast<double O::*>(&L::slope))
        .field("intercept", static_cast<double O::*>(&L::intercept))
        .field("noise", static_cast<double O::*>(&L::noise))
        .field("x_distribution", &distribution_get<O>, &distribution_set<O>)
        .field("x_min", static_cast<double O::*>(&L::x_min))
        .field("x_max", static_cast<double O::*>(&L::x_max))
        .field("heteroscedastic", static_cast<double O::*>(&L::heteroscedastic))
        .field("outliers", static_cast<long O::*>(&L::outliers))
        .field("outlier_fraction", static_cast<double O::*>(&L::outlier_fraction))
        .field("outlier_shift", static_cast<double O::*>(&L::outlier_shift))
        .field("leverage_outliers", static_cast<long O::*>(&L::leverage_outliers))
        .field("leverage_x", static_cast<double O::*>(&L::leverage_x))
        .field("leverage_shift", static_cast<double O::*>(&L::leverage_shift));
}

/// The whole-number (C++ long) fields of each dataset's options: the wrapper checks them whole
/// and in range before they cross (Embind would truncate them).
template <class O>
std::vector<std::string> dataset_integers(const O&) {
    if constexpr (std::is_base_of_v<data::linear_options, O>) return {"outliers", "leverage_outliers"};
    else if constexpr (std::is_same_v<O, data::spirals_options> || std::is_same_v<O, data::blobs_options>) return {"classes"};
    else if constexpr (std::is_same_v<O, data::sparse_linear_options>) return {"features"};
    else return {};
}

/// The words of a registry parameter of type choice (empty if the model has no such parameter).
const std::vector<std::string>& choices(const models::model_info& info, const std::string& name) {
    static const std::vector<std::string> none;
    for (const auto& p : info.params)
        if (p.name == name) return p.choices;
    return none;
}

/// The config of every alternative of a spec, keyed by name.
template <class Spec>
val defaults_by_name(const std::vector<std::string>& names, bool (*default_spec)(std::string_view, Spec&)) {
    val out = val::object();
    for (const auto& name : names) {
        Spec s;
        default_spec(name, s);
        std::visit([&](const auto& c) { out.set(name, val(c)); }, s);
    }
    return out;
}

template <class Spec>
status spec_from(const char* what, const std::string& name, const val& config, Spec& out,
                 bool (*default_spec)(std::string_view, Spec&)) {
    if (!default_spec(name, out)) return status::failure(std::string("unknown ") + what + " '" + name + "'");
    std::visit([&](auto& c) { c = config.as<std::decay_t<decltype(c)>>(); }, out);
    return status::success();
}

template <class Info>
std::vector<std::string> names_of(const std::vector<Info>& infos) {
    std::vector<std::string> out;
    for (const auto& i : infos) out.push_back(i.name);
    return out;
}

}  // namespace

void bind_configs() {
    value_object<o::sgd::config>("SgdConfig")
        .field("lr", &o::sgd::config::lr)
        .field("momentum", &o::sgd::config::momentum)
        .field("dampening", &o::sgd::config::dampening)
        .field("weight_decay", &o::sgd::config::weight_decay)
        .field("nesterov", &o::sgd::config::nesterov);
    value_object<o::rmsprop::config>("RmspropConfig")
        .field("lr", &o::rmsprop::config::lr)
        .field("alpha", &o::rmsprop::config::alpha)
        .field("eps", &o::rmsprop::config::eps)
        .field("weight_decay", &o::rmsprop::config::weight_decay)
        .field("momentum", &o::rmsprop::config::momentum)
        .field("centered", &o::rmsprop::config::centered);
    value_object<o::adagrad::config>("AdagradConfig")
        .field("lr", &o::adagrad::config::lr)
        .field("lr_decay", &o::adagrad::config::lr_decay)
        .field("weight_decay", &o::adagrad::config::weight_decay)
        .field("initial_accumulator_value", &o::adagrad::config::initial_accumulator_value)
        .field("eps", &o::adagrad::config::eps);
    value_object<o::adam::config>("AdamConfig")
        .field("lr", &o::adam::config::lr)
        .field("beta1", &o::adam::config::beta1)
        .field("beta2", &o::adam::config::beta2)
        .field("eps", &o::adam::config::eps)
        .field("weight_decay", &o::adam::config::weight_decay)
        .field("amsgrad", &o::adam::config::amsgrad)
        .field("bias_correction", &o::adam::config::bias_correction);
    value_object<o::adamw::config>("AdamwConfig")
        .field("lr", &o::adamw::config::lr)
        .field("beta1", &o::adamw::config::beta1)
        .field("beta2", &o::adamw::config::beta2)
        .field("eps", &o::adamw::config::eps)
        .field("weight_decay", &o::adamw::config::weight_decay)
        .field("amsgrad", &o::adamw::config::amsgrad)
        .field("bias_correction", &o::adamw::config::bias_correction);

    value_object<sc::constant::config>("ConstantSchedule")
        .field("factor", &sc::constant::config::factor)
        .field("total_iters", &sc::constant::config::total_iters);
    value_object<sc::step::config>("StepSchedule")
        .field("step_size", &sc::step::config::step_size)
        .field("gamma", &sc::step::config::gamma);
    value_object<sc::exponential::config>("ExponentialSchedule").field("gamma", &sc::exponential::config::gamma);
    value_object<sc::cosine::config>("CosineSchedule")
        .field("T_max", &sc::cosine::config::T_max)
        .field("eta_min", &sc::cosine::config::eta_min);
    value_object<sc::cosine_warm_restarts::config>("CosineWarmRestartsSchedule")
        .field("T_0", &sc::cosine_warm_restarts::config::T_0)
        .field("T_mult", &sc::cosine_warm_restarts::config::T_mult)
        .field("eta_min", &sc::cosine_warm_restarts::config::eta_min);
    using one = sc::one_cycle::config;
    value_object<one>("OneCycleSchedule")
        .field("max_lr", &one::max_lr)
        .field("total_steps", &one::total_steps)
        .field("pct_start", &one::pct_start)
        .field("anneal_strategy", &anneal_get, &anneal_set)
        .field("div_factor", &one::div_factor)
        .field("final_div_factor", &one::final_div_factor)
        .field("three_phase", &one::three_phase)
        .field("cycle_momentum", &one::cycle_momentum)
        .field("base_momentum", &one::base_momentum)
        .field("max_momentum", &one::max_momentum);
    value_object<sc::warmup::config>("Warmup")
        .field("start_factor", &sc::warmup::config::start_factor)
        .field("warmup_steps", &sc::warmup::config::warmup_steps);

    value_object<su::rosenbrock::config>("RosenbrockSurface")
        .field("a", &su::rosenbrock::config::a)
        .field("b", &su::rosenbrock::config::b);
    value_object<su::beale::config>("BealeSurface");
    value_object<su::himmelblau::config>("HimmelblauSurface");
    value_object<su::saddle::config>("SaddleSurface");
    value_object<su::quadratic::config>("QuadraticSurface")
        .field("kappa", &su::quadratic::config::kappa)
        .field("angle", &su::quadratic::config::angle);
    value_object<su::camel::config>("CamelSurface");

    namespace d = data;
    bind_linear_dataset<d::linear_options>("LinearDataset");
    bind_linear_dataset<d::heteroscedastic_options>("HeteroscedasticDataset");
    value_object<d::zero_inflated_options>("ZeroInflatedDataset")
        .field("rate", &d::zero_inflated_options::rate)
        .field("rate_slope", &d::zero_inflated_options::rate_slope)
        .field("gamma_shape", &d::zero_inflated_options::gamma_shape)
        .field("gamma_scale", &d::zero_inflated_options::gamma_scale);
    value_object<d::imbalanced_options>("ImbalancedDataset")
        .field("ratio", &d::imbalanced_options::ratio)
        .field("separation", &d::imbalanced_options::separation)
        .field("std", &d::imbalanced_options::std);
    value_object<d::moons_options>("MoonsDataset").field("noise", &d::moons_options::noise);
    value_object<d::spirals_options>("SpiralsDataset")
        .field("classes", &d::spirals_options::classes)
        .field("noise", &d::spirals_options::noise)
        .field("turns", &d::spirals_options::turns);
    value_object<d::blobs_options>("BlobsDataset")
        .field("classes", &d::blobs_options::classes)
        .field("std", &d::blobs_options::std)
        .field("spread", &d::blobs_options::spread)
        .field("label_noise", &d::blobs_options::label_noise);
    value_object<d::sparse_linear_options>("SparseLinearDataset")
        .field("features", &d::sparse_linear_options::features)
        .field("correlation", &d::sparse_linear_options::correlation)
        .field("noise", &d::sparse_linear_options::noise);
    value_object<d::wave_options>("WaveDataset")
        .field("frequency", &d::wave_options::frequency)
        .field("noise", &d::wave_options::noise);

    value_object<train::penalty>("Penalty").field("l1", &train::penalty::l1).field("l2", &train::penalty::l2);
    value_object<train::early_stopping>("EarlyStopping")
        .field("patience", &train::early_stopping::patience)
        .field("min_delta", &train::early_stopping::min_delta)
        .field("restore_best", &train::early_stopping::restore_best);
}

val config_defaults() {
    val out = val::object();
    out.set("optimizers", defaults_by_name<o::spec>(o::optimizer_names(), &o::default_spec));
    out.set("schedules", defaults_by_name<sc::spec>(names_of(sc::all_schedules()), &sc::default_spec));
    out.set("surfaces", defaults_by_name<su::spec>(names_of(su::all_surfaces()), &su::default_spec));
    out.set("warmup", val(sc::warmup::config{}));
    out.set("penalty", val(train::penalty{}));
    const train::config session;
    const train::training_data data;
    val training = val::object();
    training.set("batchSize", double(session.batch_size));
    training.set("epochs", double(session.epochs));
    training.set("seed", session.seed);
    training.set("features", double(data.features));
    training.set("classes", double(data.classes));
    training.set("precision", std::string(session.precision == train::precision::float32 ? "float32" : "float64"));
    out.set("training", training);
    out.set("earlyStopping", val(train::early_stopping{}));
    val datasets = val::object();
    const data::dataset_config dataset_defaults;
    for (const auto& name : data::dataset_names()) {
        data::options o;
        data::default_options(name, o);
        val entry = val::object();
        entry.set("n", double(data::default_size(o)));
        entry.set("seed", dataset_defaults.seed);
        entry.set("validation", dataset_defaults.validation);
        val integers = val::array();
        std::visit(
            [&](const auto& c) {
                entry.set("options", val(c));
                for (const auto& field : dataset_integers(c)) integers.call<void>("push", field);
            },
            o);
        entry.set("integers", integers);
        datasets.set(name, entry);
    }
    out.set("datasets", datasets);
    val metric = val::object();
    const metric_defaults m;
    metric.set("threshold", m.threshold);
    metric.set("fnCost", m.costs.fn);
    metric.set("fpCost", m.costs.fp);
    metric.set("bins", double(m.bins));
    out.set("metrics", metric);
    val models_out = val::object();
    for (const auto& info : models::all_models()) {
        models::config c;
        models::default_config(info.name, c);
        val m = val::object();
        val hidden = val::array();
        for (long h : c.hidden) hidden.call<void>("push", double(h));
        m.set("hidden", hidden);
        const auto& mlp = models::info_of(models::kind::mlp);
        m.set("activation", choices(mlp, "activation").at(std::size_t(c.act)));
        m.set("task", choices(mlp, "task").at(std::size_t(c.task)));
        models_out.set(info.name, m);
    }
    out.set("models", models_out);
    val words = val::object();
    val anneal = val::array();
    for (const char* w : anneal_words) anneal.call<void>("push", std::string(w));
    words.set("anneal_strategy", anneal);
    val distribution = val::array();
    for (const char* w : distribution_words) distribution.call<void>("push", std::string(w));
    words.set("x_distribution", distribution);
    const auto& mlp = models::info_of(models::kind::mlp);
    for (const char* field : {"activation", "task"}) {
        val list = val::array();
        for (const auto& w : choices(mlp, field)) list.call<void>("push", w);
        words.set(field, list);
    }
    out.set("choices", words);
    return out;
}

val parameters(const std::vector<parameter>& list) {
    val out = val::array();
    for (const auto& p : list) {
        val param = val::object();
        param.set("name", p.name);
        param.set("default", bound_or_null(p.default_value));
        param.set("min", bound_or_null(p.min));
        param.set("max", bound_or_null(p.max));
        param.set("description", p.description);
        param.set("integer", p.kind == parameter::type::integer);
        out.call<void>("push", param);
    }
    return out;
}

val schedule_info() {
    val out = val::array();
    for (const auto& info : sc::all_schedules()) {
        val schedule = val::object();
        schedule.set("name", info.name);
        schedule.set("params", parameters(info.params));
        schedule.set("latex", info.latex);
        schedule.set("description", info.description);
        schedule.set("convention", info.convention);
        out.call<void>("push", schedule);
    }
    return out;
}

status optimizer_spec(const std::string& name, const val& config, optim::spec& out) {
    return spec_from("optimizer", name, config, out, &o::default_spec);
}
status schedule_spec(const std::string& name, const val& config, schedules::spec& out) {
    return spec_from("schedule", name, config, out, &sc::default_spec);
}
status surface_spec(const std::string& name, const val& config, surfaces::spec& out) {
    return spec_from("surface", name, config, out, &su::default_spec);
}
status dataset_options(const std::string& name, const val& options, data::options& out) {
    return spec_from("dataset", name, options, out, &data::default_options);
}

val echo_config(const std::string& kind, const std::string& name, const val& config) {
    auto back = [](const auto& spec) { return std::visit([](const auto& c) { return val(c); }, spec); };
    status s = status::failure("unknown config kind '" + kind + "'");
    if (kind == "optimizer") {
        o::spec spec;
        if ((s = optimizer_spec(name, config, spec)).ok()) return back(spec);
    } else if (kind == "schedule") {
        sc::spec spec;
        if ((s = schedule_spec(name, config, spec)).ok()) return back(spec);
    } else if (kind == "surface") {
        su::spec spec;
        if ((s = surface_spec(name, config, spec)).ok()) return back(spec);
    } else if (kind == "dataset") {
        data::options options;
        if ((s = dataset_options(name, config, options)).ok()) return back(options);
    } else if (kind == "warmup") {
        return val(config.as<sc::warmup::config>());
    } else if (kind == "penalty") {
        return val(config.as<train::penalty>());
    } else if (kind == "earlyStopping") {
        return val(config.as<train::early_stopping>());
    } else if (kind == "model") {
        models::config c;
        if ((s = model_config(config, c)).ok()) {
            const auto& mlp = models::info_of(models::kind::mlp);
            val out = val::object();
            out.set("name", models::info_of(c.name).name);
            val hidden = val::array();
            for (long h : c.hidden) hidden.call<void>("push", double(h));
            out.set("hidden", hidden);
            out.set("activation", choices(mlp, "activation").at(std::size_t(c.act)));
            out.set("task", choices(mlp, "task").at(std::size_t(c.task)));
            out.set("outputBias", c.has_output_bias ? val(c.output_bias) : val::null());
            return out;
        }
    }
    return error_value(s.error);
}

status whole(const std::string& what, double v, double lo, double hi, long& out) {
    if (!(v >= lo && v <= hi) || v != std::floor(v)) {
        return status::failure(what + " must be a whole number in [" + format_number(lo) + ", " + format_number(hi) +
                               "], got " + format_number(v));
    }
    out = long(v);
    return status::success();
}

status model_config(const val& model, models::config& out) {
    const std::string name = model["name"].as<std::string>();
    if (!models::default_config(name, out)) {
        std::string known;
        for (const auto& info : models::all_models()) known += (known.empty() ? "" : ", ") + info.name;
        return status::failure("model: unknown model '" + name + "'; known: " + known);
    }
    const auto& mlp = models::info_of(models::kind::mlp);
    std::vector<double> hidden;
    status s = read_doubles("model.hidden", model["hidden"], hidden);
    if (!s.ok()) return s;
    out.hidden.clear();
    for (double h : hidden) {
        long width = 0;
        if (!(s = whole("model.hidden[" + std::to_string(out.hidden.size()) + "]", h, -1e9, 1e9, width)).ok()) return s;
        out.hidden.push_back(width);
    }
    const auto& acts = choices(mlp, "activation");
    const auto& tasks = choices(mlp, "task");
    const std::string act = model["activation"].as<std::string>(), task = model["task"].as<std::string>();
    bool found_act = false, found_task = false;
    for (std::size_t i = 0; i < acts.size(); ++i)
        if (acts[i] == act) out.act = models::activation(i), found_act = true;
    for (std::size_t i = 0; i < tasks.size(); ++i)
        if (tasks[i] == task) out.task = models::task_choice(i), found_task = true;
    auto join = [](const std::vector<std::string>& words) {
        std::string out;
        for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
        return out;
    };
    if (!found_act) return status::failure("model: activation = '" + act + "' is not one of " + join(acts));
    if (!found_task) return status::failure("model: task = '" + task + "' is not one of " + join(tasks));
    const val bias = model["outputBias"];
    out.has_output_bias = bias.isNumber();
    if (out.has_output_bias) out.output_bias = bias.as<double>();
    return status::success();
}

}  // namespace losslab::wasm
