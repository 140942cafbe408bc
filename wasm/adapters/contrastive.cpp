#include "adapters/contrastive.hpp"
#include "adapters/from_settings.hpp"

#include <map>
#include <memory>

#include "losslab/train/contrastive.hpp"

namespace losslab::wasm {
namespace {

std::map<int, std::unique_ptr<contrastive::session>>& runs() {
    static std::map<int, std::unique_ptr<contrastive::session>> table;
    return table;
}
int next_id = 1;

}  // namespace

val contrastive_create(const val& options) {
    settings args;
    status s = read_settings(options, args);
    auto created = std::make_unique<contrastive::session>();
    if (s.ok()) s = adapters::make_contrastive(args, *created);
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
