#include "adapters/optimization.hpp"

#include <malloc.h>

#include <limits>
#include <map>
#include <memory>

#include "adapters/conformal.hpp"
#include "adapters/from_settings.hpp"
#include "adapters/result_json.hpp"
#include "adapters/settings_json.hpp"
#include "losslab/data/datasets.hpp"
#include "losslab/limits.hpp"
#include "losslab/metrics/metrics.hpp"
#include "losslab/optim/optimizer.hpp"
#include "losslab/optim/trajectory.hpp"
#include "losslab/schedules/schedule.hpp"
#include "losslab/surfaces/surface.hpp"
#include "losslab/train/session.hpp"

namespace losslab::wasm {

std::vector<double>& result_buffer() {
    static std::vector<double> buffer;
    return buffer;
}

std::string& result_nonfinite_field() {
    static std::string field;
    return field;
}

void result_release() {
    std::vector<double>().swap(result_buffer());
}

scratch_region& current_scratch() {
    static scratch_region region;
    return region;
}

void set_scratch(double begin, double end) {
    current_scratch() = scratch_region{std::uintptr_t(begin), std::uintptr_t(end)};
}

namespace {

/// Arrays of the metrics are checked for finiteness by the metrics themselves.
constexpr double inf_bound = std::numeric_limits<double>::infinity();

std::string names_json(const std::vector<std::string>& names) {
    std::string out = "[";
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + json_string(names[i]);
    return out + "]";
}

std::string curve_json(const metrics::curve& c) {
    result_json o(true);
    o.array("x", c.x).array("y", c.y).array("thresholds", c.thresholds).number("area", c.area);
    return o.body();
}

std::string named_values_json(const std::vector<train::named_value>& values) {
    result_json o(true);
    for (const auto& v : values) o.number(v.name, v.value);
    return o.body();
}

std::map<int, std::unique_ptr<train::session>>& sessions() {
    static std::map<int, std::unique_ptr<train::session>> table;
    return table;
}
int next_id = 1;

}  // namespace

std::string optimize_json(const std::string& options) {
    settings args;
    status s = parse_settings(options, args);
    optim::trajectory t;
    if (s.ok()) s = adapters::optimize(args, t);
    if (!s.ok()) return error_json(s.error);
    result_json o;
    o.array("path", t.path).array("loss", t.loss).array("lr", t.lr).array("grad", t.grad);
    o.array("first", t.first).array("second", t.second).array("effectiveLr", t.effective_lr).array("step", t.step);
    o.array("momentum", t.momentum).text("firstName", t.first_name).text("secondName", t.second_name);
    o.flag("diverged", t.diverged).number("divergedStep", double(t.diverged_step)).text("reason", t.reason);
    return o.str();
}

std::string lr_schedule_json(const std::string& options, int steps) {
    settings args;
    status s = parse_settings(options, args);
    std::vector<double> lr, momentum;
    if (s.ok()) s = adapters::lr_schedule(args, steps, lr, momentum);
    if (!s.ok()) return error_json(s.error);
    result_json o;
    o.array("lr", lr).array("momentum", momentum);
    return o.str();
}

std::string surfaces_json() {
    std::string out = "[";
    bool first = true;
    for (const auto& info : surfaces::all_surfaces()) {
        surfaces::spec spec;
        surfaces::default_spec(info.name, spec);
        surfaces::surface surf;
        surfaces::surface::create(spec, surf);
        std::string params = "[";
        for (std::size_t i = 0; i < info.params.size(); ++i) {
            const auto& p = info.params[i];
            params += std::string(i ? "," : "") + "{\"name\":" + json_string(p.name) +
                      ",\"default\":" + json_number(p.default_value) + ",\"min\":" + json_number(p.min) +
                      ",\"max\":" + json_number(p.max) + ",\"description\":" + json_string(p.description) + "}";
        }
        std::string minima = "[";
        bool first_min = true;
        for (const auto& m : surf.minima()) {
            minima += std::string(first_min ? "" : ",") + "{\"x\":" + json_number(m.x) + ",\"y\":" + json_number(m.y) +
                      ",\"value\":" + json_number(m.value) + "}";
            first_min = false;
        }
        out += std::string(first ? "" : ",") + "{\"name\":" + json_string(info.name) + ",\"params\":" + params +
               "],\"view\":{\"xmin\":" + json_number(info.view.xmin) + ",\"xmax\":" + json_number(info.view.xmax) +
               ",\"ymin\":" + json_number(info.view.ymin) + ",\"ymax\":" + json_number(info.view.ymax) +
               "},\"bound\":" + json_number(info.bound) + ",\"minima\":" + minima +
               "],\"latex\":" + json_string(info.latex) + ",\"description\":" + json_string(info.description) + "}";
        first = false;
    }
    return out + "]";
}

std::string surface_grid_json(const std::string& options) {
    settings args;
    status s = parse_settings(options, args);
    if (!s.ok()) return error_json(s.error);
    auto name = args.words.find("surface");
    if (name == args.words.end()) return error_json("surfaceGrid needs a surface");
    surfaces::surface surf;
    s = adapters::make_surface(name->second, args.sub("surfaceParams"), surf);
    if (!s.ok()) return error_json(s.error);
    reader r(args, "surfaceGrid");
    r.accept("surface");
    r.accept("surfaceParams");
    const auto& view = surf.info().view;
    surfaces::box b{r.number("xmin", view.xmin, -1e6, 1e6), r.number("xmax", view.xmax, -1e6, 1e6),
                    r.number("ymin", view.ymin, -1e6, 1e6), r.number("ymax", view.ymax, -1e6, 1e6)};
    const long nx = r.integer("nx", 100, 2, 2000), ny = r.integer("ny", 100, 2, 2000);
    if (b.xmax <= b.xmin || b.ymax <= b.ymin) r.fail("the box needs xmin < xmax and ymin < ymax");
    if (double(nx) * double(ny) > double(limits::grid_cells)) {
        r.fail("nx × ny = " + std::to_string(nx * ny) + " cells; the limit is " + std::to_string(limits::grid_cells));
    }
    s = r.finish();
    if (!s.ok()) return error_json(s.error);
    std::vector<double> values;
    surf.grid(b, std::size_t(nx), std::size_t(ny), values);
    result_json o;
    o.array("values", values).number("nx", double(nx)).number("ny", double(ny));
    o.number("xmin", b.xmin).number("xmax", b.xmax).number("ymin", b.ymin).number("ymax", b.ymax);
    return o.str();
}

std::string optimizers_json() {
    return "{\"optimizers\":" + names_json(optim::optimizer_names()) +
           ",\"schedules\":" + names_json(schedules::schedule_names()) +
           ",\"datasets\":" + names_json(data::dataset_names()) + "}";
}

std::string dataset_json(const std::string& name, const std::string& options) {
    settings args;
    status s = parse_settings(options, args);
    data::dataset d;
    if (s.ok()) s = adapters::make_dataset(name, args, d);
    if (!s.ok()) return error_json(s.error);
    result_json o;
    o.text("name", d.name).text("task", d.task).number("features", double(d.features)).number("classes", double(d.classes));
    o.array("x", d.x).array("y", d.y).array("xVal", d.x_val).array("yVal", d.y_val);
    std::vector<double> outlier(d.outlier.begin(), d.outlier.end());
    o.array("outlier", outlier);
    return o.str();
}

std::string metrics_json(const std::string& kind, const std::string& options) {
    if (is_conformal_kind(kind)) return conformal_metrics_json(kind, options);
    settings args;
    status s = parse_settings(options, args);
    if (!s.ok()) return error_json(s.error);
    // Every option is read through a reader, so a misspelt or mistyped one is an error.
    reader r(args, "metrics." + kind);
    // The two arrays under the names of the JS API's arguments, so errors name them.
    const bool scored = kind == "binary" || kind == "roc" || kind == "pr" || kind == "thresholds";
    const std::string a_name = scored ? "score" : kind == "calibration" ? "probability" : kind == "multiclass" ? "predicted" : "prediction";
    const std::string b_name = kind == "regression" || kind == "coverage" ? "target" : "label";
    for (const std::string& key : {a_name, b_name})
        if (!args.arrays.count(key) && !args.has(key)) r.fail("needs " + key + ", an array of numbers");
    const auto a = r.array(a_name, {}, 0, -inf_bound, inf_bound);
    const auto b = r.array(b_name, {}, 0, -inf_bound, inf_bound);
    result_json o;
    if (kind == "regression") {
        if (!(s = r.finish()).ok()) return error_json(s.error);
        metrics::regression_metrics m;
        s = metrics::regression(a, b, m);
        o.number("mae", m.mae).number("rmse", m.rmse).number("r2", m.r2);
    } else if (kind == "binary") {
        const double threshold = r.number("threshold", 0.5, -inf_bound, inf_bound);
        const metrics::decision_costs costs{r.number("fnCost", 1, 0, 1e6), r.number("fpCost", 1, 0, 1e6)};
        if (!(s = r.finish()).ok()) return error_json(s.error);
        metrics::binary_metrics m;
        s = metrics::binary(a, b, threshold, m, costs);
        if (s.ok()) {
            o.number("accuracy", m.accuracy).number("precision", m.precision).number("recall", m.recall).number("f1", m.f1);
            o.number("balancedAccuracy", m.balanced_accuracy).number("expectedCost", m.expected_cost);
            o.number("expectedCostSe", m.expected_cost_se);
            const double cm[4] = {m.tn, m.fp, m.fn, m.tp};
            o.array("confusion", cm, 4);
            metrics::curve roc, pr;
            // AUCs need both classes; without them the curves are left out rather than failing.
            if (metrics::roc(a, b, roc).ok() && metrics::precision_recall(a, b, pr).ok()) {
                o.raw("roc", curve_json(roc)).raw("pr", curve_json(pr));
                o.number("rocAuc", roc.area).number("prAuc", pr.area);
            }
        }
    } else if (kind == "thresholds") {
        const metrics::decision_costs costs{r.number("fnCost", 1, 0, 1e6), r.number("fpCost", 1, 0, 1e6)};
        std::vector<double> grid;
        if (args.arrays.count("thresholds") || args.has("thresholds")) {
            grid = r.array("thresholds", {}, 0, -inf_bound, inf_bound);
        } else {
            for (int k = 0; k <= 100; ++k) grid.push_back(k / 100.0);  // probabilities: 0, 0.01, …, 1
        }
        if (!(s = r.finish()).ok()) return error_json(s.error);
        metrics::threshold_sweep m;
        s = metrics::thresholds(a, b, grid, costs, m);
        o.array("thresholds", m.thresholds).array("tn", m.tn).array("fp", m.fp).array("fn", m.fn).array("tp", m.tp);
        o.array("cost", m.cost).array("balancedAccuracy", m.balanced_accuracy);
        o.number("bestThreshold", m.best_threshold).number("bestCost", m.best_cost);
    } else if (kind == "multiclass") {
        const long classes = r.integer("classes", 0, 2, limits::classes);
        if (!args.has("classes")) r.fail("needs classes");
        if (!(s = r.finish()).ok()) return error_json(s.error);
        metrics::multiclass_metrics m;
        s = metrics::multiclass(a, b, std::size_t(classes), m);
        o.array("confusion", m.confusion).number("accuracy", m.accuracy).number("macroPrecision", m.macro_precision);
        o.number("macroRecall", m.macro_recall).number("macroF1", m.macro_f1);
    } else if (kind == "roc" || kind == "pr") {
        if (!(s = r.finish()).ok()) return error_json(s.error);
        metrics::curve c;
        s = kind == "roc" ? metrics::roc(a, b, c) : metrics::precision_recall(a, b, c);
        o.array("x", c.x).array("y", c.y).array("thresholds", c.thresholds).number("area", c.area);
    } else if (kind == "calibration") {
        const long bins = r.integer("bins", 10, 1, 1000);
        if (!(s = r.finish()).ok()) return error_json(s.error);
        metrics::calibration_metrics m;
        s = metrics::calibration(a, b, std::size_t(bins), m);
        o.array("count", m.count).array("confidence", m.confidence).array("frequency", m.frequency).number("ece", m.ece);
    } else if (kind == "coverage") {
        const double tau = r.number("tau", 0.5, 0, 1, false, false);
        if (!args.has("tau")) r.fail("needs tau, the quantile level in (0, 1)");
        if (!(s = r.finish()).ok()) return error_json(s.error);
        metrics::coverage_metrics m;
        s = metrics::coverage(a, b, tau, m);
        o.number("coverage", m.coverage).number("pinball", m.pinball);
    } else {
        s = status::failure("unknown metric kind '" + kind + "'");
    }
    if (!s.ok()) return error_json("metrics." + kind + ": " + s.error);
    return o.str();
}

std::string session_create(const std::string& options) {
    settings args;
    status s = parse_settings(options, args);
    auto created = std::make_unique<train::session>();
    if (s.ok()) s = adapters::make_session(args, *created);
    if (!s.ok()) return error_json(s.error);
    const int id = next_id++;
    const auto& m = created->model();
    result_json o;
    o.number("id", id).number("parameters", double(m.parameter_count())).number("outputs", double(m.outputs()));
    o.text("task", models::to_string(m.kind())).number("features", double(m.features()));
    o.number("stepCost", created->step_cost()).number("totalSteps", double(created->total_steps()));
    sessions()[id] = std::move(created);
    return o.str();
}

std::string session_step(int id, int steps) {
    auto it = sessions().find(id);
    if (it == sessions().end()) return error_json("session " + std::to_string(id) + " does not exist (freed?)");
    train::step_report r;
    status s = it->second->step(steps, r);
    if (!s.ok()) return error_json(s.error);
    result_json o;
    o.array("trainLoss", r.train_loss).array("valLoss", r.val_loss).array("batchLoss", r.batch_loss).array("lr", r.lr);
    o.number("steps", double(r.steps)).number("epoch", double(r.epoch)).text("stopped", r.stopped);
    o.text("stopReason", r.stop_reason).number("bestEpoch", double(r.best_epoch)).number("bestValLoss", r.best_val_loss);
    o.flag("restored", r.restored);
    o.raw("metrics", named_values_json(r.train_metrics)).raw("valMetrics", named_values_json(r.val_metrics));
    o.array("params", it->second->params());
    return o.str();
}

std::string session_predict(int id, const std::string& options) {
    auto it = sessions().find(id);
    if (it == sessions().end()) return error_json("session " + std::to_string(id) + " does not exist (freed?)");
    settings args;
    status s = parse_settings(options, args);
    if (!s.ok()) return error_json(s.error);
    std::vector<double> x;
    long nx = 0, ny = 0;
    bool logits = false;
    if (args.has("x")) {
        reader r(args, "predict");
        x = r.array("x", {}, 0, -1e300, 1e300);
        logits = r.flag("logits", false);
        s = r.finish();
        if (!s.ok()) return error_json(s.error);
    } else {
        // A grid over a box, x varying fastest (row j holds y = ymin + j·(ymax − ymin)/(ny − 1)).
        reader r(args, "predictGrid");
        const double xmin = r.number("xmin", -1, -1e6, 1e6), xmax = r.number("xmax", 1, -1e6, 1e6);
        const double ymin = r.number("ymin", -1, -1e6, 1e6), ymax = r.number("ymax", 1, -1e6, 1e6);
        nx = r.integer("nx", 50, 2, 1000), ny = r.integer("ny", 50, 2, 1000);
        logits = r.flag("logits", false);
        if (xmax <= xmin || ymax <= ymin) r.fail("the box needs xmin < xmax and ymin < ymax");
        if (it->second->model().features() != 2) r.fail("needs a model with 2 features");
        s = r.finish();
        if (!s.ok()) return error_json(s.error);
        for (long j = 0; j < ny; ++j)
            for (long i = 0; i < nx; ++i) {
                x.push_back(xmin + (xmax - xmin) * double(i) / double(nx - 1));
                x.push_back(ymin + (ymax - ymin) * double(j) / double(ny - 1));
            }
    }
    std::vector<double> out;
    s = it->second->predict(x, out, logits);
    if (!s.ok()) return error_json(s.error);
    result_json o;
    o.array("values", out).number("outputs", double(it->second->outputs_per_sample()));
    o.number("nx", double(nx)).number("ny", double(ny));
    return o.str();
}

std::string session_state(int id) {
    auto it = sessions().find(id);
    if (it == sessions().end()) return error_json("session " + std::to_string(id) + " does not exist (freed?)");
    const auto& opt = it->second->optimizer();
    std::vector<train::named_value> train, val;
    it->second->current_metrics(train, val);
    result_json o;
    o.array("params", it->second->params()).array("first", opt.first()).array("second", opt.second());
    o.array("effectiveLr", opt.effective_lr()).array("step", opt.last_step());
    o.text("firstName", opt.first_name()).text("secondName", opt.second_name());
    o.raw("metrics", named_values_json(train)).raw("valMetrics", named_values_json(val));
    return o.str();
}

bool session_free(int id) { return sessions().erase(id) > 0; }

int session_count() { return int(sessions().size()); }

double heap_in_use() {
    struct mallinfo info = mallinfo();
    return double(info.uordblks);
}

}  // namespace losslab::wasm
