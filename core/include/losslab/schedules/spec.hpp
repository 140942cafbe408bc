#pragma once
/// Any learning-rate schedule as a typed value: one alternative per schedule header, in the
/// order the UI lists them. A default-constructed spec is the constant schedule.
#include <string_view>
#include <variant>
#include <vector>

#include "losslab/schedules/constant.hpp"
#include "losslab/schedules/cosine.hpp"
#include "losslab/schedules/cosine_warm_restarts.hpp"
#include "losslab/schedules/exponential.hpp"
#include "losslab/schedules/one_cycle.hpp"
#include "losslab/schedules/step.hpp"
#include "losslab/schedules/warmup.hpp"

namespace losslab::schedules {

using spec = std::variant<constant::config, step::config, exponential::config, cosine::config,
                          cosine_warm_restarts::config, one_cycle::config>;

/// The metadata of every schedule, in the order of the alternatives of `spec`.
const std::vector<schedule_info>& all_schedules();
/// The metadata of the schedule a spec holds.
const schedule_info& info_of(const spec& s);
/// The named schedule with its default arguments; false (out unchanged) for an unknown name.
bool default_spec(std::string_view name, spec& out);

}  // namespace losslab::schedules
