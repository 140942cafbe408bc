#pragma once
/// One tunable argument of a registered unit (schedule, surface, model, optimizer), as the UI and
/// the docs list it: the name (torch's spelling where torch has the argument), the default, the
/// documented range, and what it means. The registries read these; the typed configs carry the
/// same defaults as field initialisers, and the tests hold the two equal.
#include <string>
#include <vector>

namespace losslab {

struct parameter {
    enum class type { number, integer, flag, choice };
    std::string name;
    double default_value;
    double min;
    double max;
    std::string description;
    type kind = type::number;
    bool min_inclusive = true;
    bool max_inclusive = true;
    std::vector<std::string> choices = {};  ///< type::choice: the words, default_value indexes them
};

}  // namespace losslab
