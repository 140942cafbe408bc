#pragma once
/// Any 2-D test surface as a typed value: one alternative per surface header, in the order the
/// UI lists them. A default-constructed spec is Rosenbrock's valley.
#include <string_view>
#include <variant>
#include <vector>

#include "losslab/surfaces/beale.hpp"
#include "losslab/surfaces/camel.hpp"
#include "losslab/surfaces/himmelblau.hpp"
#include "losslab/surfaces/quadratic.hpp"
#include "losslab/surfaces/rosenbrock.hpp"
#include "losslab/surfaces/saddle.hpp"

namespace losslab::surfaces {

using spec = std::variant<rosenbrock::config, beale::config, himmelblau::config, saddle::config, quadratic::config,
                          camel::config>;

/// The metadata of every surface, in the order of the alternatives of `spec`.
const std::vector<surface_info>& all_surfaces();
const surface_info& info_of(const spec& s);
/// The named surface with its default arguments; false (out unchanged) for an unknown name.
bool default_spec(std::string_view name, spec& out);

}  // namespace losslab::surfaces
