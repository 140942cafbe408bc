#include "adapters/contrastive.hpp"

#include <map>
#include <memory>
#include <utility>

#include "adapters/configs.hpp"

#include "losslab/train/contrastive.hpp"

namespace losslab::wasm {
namespace {

std::map<int, std::unique_ptr<contrastive::session>>& runs() {
    static std::map<int, std::unique_ptr<contrastive::session>> table;
    return table;
}
int next_id = 1;

}  // namespace

val contrastive_defaults() {
    const contrastive::config c;
    val out = val::object();
    for (const auto& [name, value] : {std::pair<const char*, double>{"classes", double(c.classes)}, {"pool", double(c.pool)},
                                      {"eval", double(c.eval)}, {"spread", c.spread}, {"augmentation", c.augmentation},
                                      {"nuisance", c.nuisance}, {"hidden", double(c.hidden)}, {"dim", double(c.dim)},
                                      {"batch", double(c.batch)}, {"negatives", double(c.negatives)},
                                      {"temperature", c.temperature}, {"display", double(c.display)},
                                      {"probeSteps", double(c.probe_steps)}, {"seed", c.seed}})
        out.set(name, value);
    out.set("hard", c.hard);
    out.set("positivesOnly", c.positives_only);
    out.set("optimizer", optim::name_of(c.optimizer));
    out.set("lr", optim::lr_of(c.optimizer));
    return out;
}

val contrastive_create(const contrastive_call& call) {
    contrastive::config c;
    status s = optimizer_spec(call.optimizer, call.optimizer_config, c.optimizer);
    // whole numbers a long holds; the core checks their documented ranges
    const std::pair<const char*, std::pair<double, long*>> longs[] = {
        {"classes", {call.classes, &c.classes}}, {"pool", {call.pool, &c.pool}},       {"eval", {call.eval, &c.eval}},
        {"hidden", {call.hidden, &c.hidden}},    {"dim", {call.dim, &c.dim}},          {"batch", {call.batch, &c.batch}},
        {"negatives", {call.negatives, &c.negatives}}, {"display", {call.display, &c.display}},
        {"probeSteps", {call.probe_steps, &c.probe_steps}}};
    for (const auto& [name, field] : longs)
        if (s.ok()) s = whole(name, field.first, -2147483648.0, 2147483647.0, *field.second);
    c.spread = call.spread;
    c.augmentation = call.augmentation;
    c.nuisance = call.nuisance;
    c.hard = call.hard;
    c.positives_only = call.positives_only;
    c.temperature = call.temperature;
    c.seed = call.seed;
    auto created = std::make_unique<contrastive::session>();
    if (s.ok()) s = contrastive::session::create(c, *created);
    if (!s.ok()) return error_value(s.error);
    const int id = next_id++;
    result o;
    o.number("id", id).number("parameters", double(created->params().size())).number("dim", double(created->dim()));
    o.number("batch", double(created->batch())).number("negatives", double(created->negatives()));
    o.number("display", double(created->display())).number("temperature", created->temperature());
    o.flag("positivesOnly", created->positives_only()).array("evalLabels", created->eval_labels());
    runs()[id] = std::move(created);
    return o.value();
}

val contrastive_step(int id, int steps) {
    auto it = runs().find(id);
    if (it == runs().end()) return error_value("contrastive run " + std::to_string(id) + " does not exist (freed?)");
    contrastive::step_report r;
    status s = it->second->step(steps, r);
    if (!s.ok()) return error_value(s.error);
    const auto& f = r.snapshot;
    result o;
    o.array("batchLoss", r.batch_loss).number("step", double(f.step)).array("embedding", f.embedding);
    o.array("sims", f.sims).array("weights", f.weights).number("displayLoss", f.display_loss);
    o.number("alignment", f.alignment).number("uniformity", f.uniformity);
    o.number("probeAccuracy", f.probe_accuracy).number("probeLow", f.probe_low).number("probeHigh", f.probe_high);
    return o.value();
}

bool contrastive_free(int id) { return runs().erase(id) > 0; }

}  // namespace losslab::wasm
