#pragma once
/// Any of the five optimizers as a typed value: one alternative per optimizer header (each
/// config carries lr and torch's other arguments with torch's defaults), in the order the UI lists
/// them. A default-constructed spec is SGD.
#include <string_view>
#include <variant>
#include <vector>

#include "losslab/optim/adagrad.hpp"
#include "losslab/optim/adam.hpp"
#include "losslab/optim/adamw.hpp"
#include "losslab/optim/rmsprop.hpp"
#include "losslab/optim/sgd.hpp"

namespace losslab::optim {

using spec = std::variant<sgd::config, rmsprop::config, adagrad::config, adam::config, adamw::config>;

/// The names in the order of the alternatives of `spec`.
const std::vector<std::string>& optimizer_names();
const std::string& name_of(const spec& s);
/// The named optimizer with torch's defaults; false (out unchanged) for an unknown name.
bool default_spec(std::string_view name, spec& out);
/// The learning rate a spec holds.
double lr_of(const spec& s);

}  // namespace losslab::optim
