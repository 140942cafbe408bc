#include "adapters/optimization.hpp"

#include <malloc.h>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <map>
#include <memory>
#include <utility>

#include "adapters/configs.hpp"
#include "adapters/values.hpp"
#include "losslab/data/datasets.hpp"
#include "losslab/limits.hpp"
#include "losslab/parameter.hpp"
#include "losslab/optim/optimizer.hpp"
#include "losslab/optim/trajectory.hpp"
#include "losslab/schedules/schedule.hpp"
#include "losslab/train/loop.hpp"
#include "losslab/surfaces/surface.hpp"

namespace losslab::wasm {

namespace {

val names(const std::vector<std::string>& list) {
    val out = val::array();
    for (const auto& name : list) out.call<void>("push", name);
    return out;
}

result named_values(const std::vector<train::named_value>& values) {
    result o;
    for (const auto& v : values) o.number(v.name.c_str(), v.value);
    return o;
}

/// Each corner of a grid's box within ±1e6 (a finite number).
status inside_box(const char* what, std::initializer_list<std::pair<const char*, double>> corners) {
    for (const auto& [name, v] : corners) {
        if (!(std::abs(v) <= 1e6)) {
            return status::failure(std::string(what) + ": " + name + " = " + format_number(v) + " is outside [-1e+06, 1e+06]");
        }
    }
    return status::success();
}

std::map<int, std::unique_ptr<train::session>>& sessions() {
    static std::map<int, std::unique_ptr<train::session>> table;
    return table;
}
int next_id = 1;

}  // namespace

val optimize(const optimize_call& call) {
    optim::run_config c;
    status s = surface_spec(call.surface, call.surface_config, c.surface);
    if (s.ok()) s = optimizer_spec(call.optimizer, call.optimizer_config, c.optimizer);
    if (s.ok()) s = schedule_spec(call.schedule, call.schedule_config, c.schedule);
    if (s.ok()) s = whole("steps", call.steps, 0, double(limits::trajectory_steps), c.steps);
    if (!s.ok()) return error_value(s.error);
    c.warmup = call.warmup;
    c.start_x = call.start_x;
    c.start_y = call.start_y;
    c.noise_std = call.noise_std;
    c.noise_seed = call.noise_seed;
    optim::trajectory t;
    s = optim::optimize(c, t);
    if (!s.ok()) return error_value(s.error);
    result o;
    o.array("path", t.path).array("loss", t.loss).array("lr", t.lr).array("grad", t.grad);
    o.array("first", t.first).array("second", t.second).array("effectiveLr", t.effective_lr).array("step", t.step);
    o.array("momentum", t.momentum).text("firstName", t.first_name).text("secondName", t.second_name);
    o.flag("diverged", t.diverged).number("divergedStep", double(t.diverged_step)).text("reason", t.reason);
    return o.value();
}

val lr_schedule(const schedule_call& call) {
    schedules::spec schedule;
    long steps = 0;
    status s = schedule_spec(call.schedule, call.schedule_config, schedule);
    if (s.ok()) s = whole("steps", call.steps, 0, double(limits::steps_per_call), steps);
    std::vector<double> lr, momentum;
    if (s.ok()) s = optim::lr_schedule(call.lr, schedule, call.warmup, steps, lr, momentum);
    if (!s.ok()) return error_value(s.error);
    result o;
    o.array("lr", lr).array("momentum", momentum);
    return o.value();
}

val surfaces() {
    val out = val::array();
    for (const auto& info : surfaces::all_surfaces()) {
        surfaces::spec spec;
        surfaces::default_spec(info.name, spec);
        surfaces::surface surf;
        surfaces::surface::create(spec, surf);
        val minima = val::array();
        for (const auto& m : surf.minima()) {
            val point = val::object();
            point.set("x", m.x);
            point.set("y", m.y);
            point.set("value", m.value);
            minima.call<void>("push", point);
        }
        val view = val::object();
        view.set("xmin", info.view.xmin);
        view.set("xmax", info.view.xmax);
        view.set("ymin", info.view.ymin);
        view.set("ymax", info.view.ymax);
        val surface = val::object();
        surface.set("name", info.name);
        surface.set("params", parameters(info.params));
        surface.set("view", view);
        surface.set("bound", bound_or_null(info.bound));
        surface.set("minima", minima);
        surface.set("latex", info.latex);
        surface.set("description", info.description);
        out.call<void>("push", surface);
    }
    return out;
}

val surface_grid(const grid_call& call) {
    surfaces::spec spec;
    status s = surface_spec(call.surface, call.surface_config, spec);
    surfaces::surface surf;
    if (s.ok()) s = surfaces::surface::create(spec, surf);
    if (!s.ok()) return error_value(s.error);
    const auto& view = surf.info().view;
    surfaces::box b{number_or(call.xmin, view.xmin), number_or(call.xmax, view.xmax), number_or(call.ymin, view.ymin),
                    number_or(call.ymax, view.ymax)};
    long nx = 0, ny = 0;
    s = whole("surfaceGrid: nx", number_or(call.nx, 100), 2, 2000, nx);
    if (s.ok()) s = whole("surfaceGrid: ny", number_or(call.ny, 100), 2, 2000, ny);
    if (s.ok()) s = inside_box("surfaceGrid", {{"xmin", b.xmin}, {"xmax", b.xmax}, {"ymin", b.ymin}, {"ymax", b.ymax}});
    if (s.ok() && (b.xmax <= b.xmin || b.ymax <= b.ymin)) s = status::failure("surfaceGrid: the box needs xmin < xmax and ymin < ymax");
    if (s.ok() && double(nx) * double(ny) > double(limits::grid_cells)) {
        s = status::failure("surfaceGrid: nx × ny = " + std::to_string(nx * ny) + " cells; the limit is " +
                            std::to_string(limits::grid_cells));
    }
    if (!s.ok()) return error_value(s.error);
    std::vector<double> values;
    surf.grid(b, std::size_t(nx), std::size_t(ny), values);
    result o;
    o.array("values", values).number("nx", double(nx)).number("ny", double(ny));
    o.number("xmin", b.xmin).number("xmax", b.xmax).number("ymin", b.ymin).number("ymax", b.ymax);
    return o.value();
}

val optimization_names() {
    val out = val::object();
    out.set("optimizers", names(optim::optimizer_names()));
    out.set("schedules", names(schedules::schedule_names()));
    out.set("datasets", names(data::dataset_names()));
    return out;
}

val dataset(const dataset_call& call) {
    data::dataset_config c;
    status s = dataset_options(call.dataset, call.options, c.options);
    // n crosses as a double: checked whole and in range before it becomes a long (0 is no default here).
    if (s.ok()) s = check_range(call.dataset, "n", call.n, 1, double(limits::dataset_points), true);
    if (!s.ok()) return error_value(s.error);
    c.n = long(call.n);
    c.seed = call.seed;
    c.validation = call.validation;
    data::dataset d;
    s = data::make_dataset(c, d);
    if (!s.ok()) return error_value(s.error);
    result o;
    o.text("name", d.name).text("task", d.task).number("features", double(d.features)).number("classes", double(d.classes));
    o.array("x", d.x).array("y", d.y).array("xVal", d.x_val).array("yVal", d.y_val);
    std::vector<double> outlier(d.outlier.begin(), d.outlier.end());
    o.array("outlier", outlier);
    return o.value();
}

namespace {

status precision_of(const std::string& word, train::precision& out) {
    if (word == "float64") out = train::precision::float64;
    else if (word == "float32") out = train::precision::float32;
    else return status::failure("precision must be 'float64' or 'float32', got '" + word + "'");
    return status::success();
}

}  // namespace

val session_create(const session_call& call) {
    train::config c;
    train::training_data d;
    status s = model_config(call.model, c.model);
    if (s.ok()) s = read_doubles("lossParams", call.loss_params, c.loss_params);
    if (s.ok()) s = optimizer_spec(call.optimizer, call.optimizer_config, c.optimizer);
    if (s.ok()) s = schedule_spec(call.schedule, call.schedule_config, c.schedule);
    if (s.ok()) s = whole("batchSize", call.batch_size, 0, 1e9, c.batch_size);
    if (s.ok()) s = whole("epochs", call.epochs, 1, 1e9, c.epochs);
    if (s.ok()) s = whole("data.features", call.features, 1, 1e6, d.features);
    if (s.ok()) s = whole("data.classes", call.classes, -1, 1e6, d.classes);
    if (s.ok()) s = read_doubles("data.x", call.x, d.x);
    if (s.ok()) s = read_doubles("data.y", call.y, d.y);
    if (s.ok()) s = read_doubles("data.xVal", call.x_val, d.x_val);
    if (s.ok()) s = read_doubles("data.yVal", call.y_val, d.y_val);
    if (s.ok()) s = precision_of(call.precision, c.precision);
    if (!s.ok()) return error_value(s.error);
    c.loss = call.loss;
    c.warmup = call.warmup;
    c.seed = call.seed;
    c.penalty = call.penalty;
    c.stopping = call.early_stopping;
    auto created = std::make_unique<train::session>();
    s = train::session::create(c, d, *created);
    if (!s.ok()) return error_value(s.error);
    const int id = next_id++;
    const auto& m = created->model();
    result o;
    o.number("id", id).number("parameters", double(m.parameter_count())).number("outputs", double(m.outputs()));
    o.text("task", models::to_string(m.kind())).number("features", double(m.features()));
    o.number("stepCost", created->step_cost()).number("totalSteps", double(created->total_steps()));
    sessions()[id] = std::move(created);
    return o.value();
}

val session_step(int id, int steps) {
    auto it = sessions().find(id);
    if (it == sessions().end()) return error_value("session " + std::to_string(id) + " does not exist (freed?)");
    train::step_report r;
    status s = it->second->step(steps, r);
    if (!s.ok()) return error_value(s.error);
    result o;
    o.array("trainLoss", r.train_loss).array("valLoss", r.val_loss).array("batchLoss", r.batch_loss).array("lr", r.lr);
    o.number("steps", double(r.steps)).number("epoch", double(r.epoch)).text("stopped", r.stopped);
    o.text("stopReason", r.stop_reason).number("bestEpoch", double(r.best_epoch)).number("bestValLoss", r.best_val_loss);
    o.flag("restored", r.restored);
    o.nested("metrics", named_values(r.train_metrics)).nested("valMetrics", named_values(r.val_metrics));
    o.array("params", it->second->params());
    return o.value();
}

namespace {

val predictions(const train::session& session, const std::vector<double>& x, bool logits, long nx, long ny) {
    std::vector<double> out;
    const status s = session.predict(x, out, logits);
    if (!s.ok()) return error_value(s.error);
    result o;
    o.array("values", out).number("outputs", double(session.outputs_per_sample()));
    o.number("nx", double(nx)).number("ny", double(ny));
    return o.value();
}

}  // namespace

val session_predict(int id, const val& x, bool logits) {
    auto it = sessions().find(id);
    if (it == sessions().end()) return error_value("session " + std::to_string(id) + " does not exist (freed?)");
    std::vector<double> rows;
    status s = read_doubles("x", x, rows);
    for (std::size_t i = 0; s.ok() && i < rows.size(); ++i)
        if (!(std::abs(rows[i]) <= 1e300)) s = status::failure("predict: x[" + std::to_string(i) + "] is not finite (NaN, null or ±Infinity)");
    if (!s.ok()) return error_value(s.error);
    return predictions(*it->second, rows, logits, 0, 0);
}

val session_predict_grid(int id, const val& box, bool logits) {
    auto it = sessions().find(id);
    if (it == sessions().end()) return error_value("session " + std::to_string(id) + " does not exist (freed?)");
    // A grid over a box, x varying fastest (row j holds y = ymin + j·(ymax − ymin)/(ny − 1)).
    const double xmin = box["xmin"].as<double>(), xmax = box["xmax"].as<double>();
    const double ymin = box["ymin"].as<double>(), ymax = box["ymax"].as<double>();
    long nx = 0, ny = 0;
    status s = whole("predictGrid: nx", number_or(box["nx"], 50), 2, 1000, nx);
    if (s.ok()) s = whole("predictGrid: ny", number_or(box["ny"], 50), 2, 1000, ny);
    if (s.ok()) s = inside_box("predictGrid", {{"xmin", xmin}, {"xmax", xmax}, {"ymin", ymin}, {"ymax", ymax}});
    if (s.ok() && (xmax <= xmin || ymax <= ymin)) s = status::failure("predictGrid: the box needs xmin < xmax and ymin < ymax");
    if (s.ok() && it->second->model().features() != 2) s = status::failure("predictGrid: needs a model with 2 features");
    if (!s.ok()) return error_value(s.error);
    std::vector<double> x;
    x.reserve(std::size_t(2 * nx * ny));
    for (long j = 0; j < ny; ++j)
        for (long i = 0; i < nx; ++i) {
            x.push_back(xmin + (xmax - xmin) * double(i) / double(nx - 1));
            x.push_back(ymin + (ymax - ymin) * double(j) / double(ny - 1));
        }
    return predictions(*it->second, x, logits, nx, ny);
}

val session_state(int id) {
    auto it = sessions().find(id);
    if (it == sessions().end()) return error_value("session " + std::to_string(id) + " does not exist (freed?)");
    const auto& opt = it->second->optimizer();
    std::vector<train::named_value> train, val;
    it->second->current_metrics(train, val);
    result o;
    o.array("params", it->second->params()).array("first", opt.first()).array("second", opt.second());
    o.array("effectiveLr", opt.effective_lr()).array("step", opt.last_step());
    o.text("firstName", opt.first_name()).text("secondName", opt.second_name());
    o.nested("metrics", named_values(train)).nested("valMetrics", named_values(val));
    return o.value();
}

bool session_free(int id) { return sessions().erase(id) > 0; }

int session_count() { return int(sessions().size()); }

double heap_in_use() {
    struct mallinfo info = mallinfo();
    return double(info.uordblks);
}

}  // namespace losslab::wasm
