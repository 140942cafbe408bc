#pragma once
/// What the UI and the docs know about a learning-rate schedule: its name (the JS API's), its
/// arguments with torch's names, defaults and ranges, and its formula.
#include <string>
#include <vector>

#include "losslab/parameter.hpp"

namespace losslab::schedules {

struct schedule_info {
    std::string name;
    std::vector<parameter> params;
    std::string latex;        ///< lr(t), KaTeX source (η = the optimizer's lr)
    std::string description;  ///< one line for the UI
    std::string convention;   ///< the torch class whose values we match
};

constexpr double pi = 3.14159265358979323846;
/// The largest step count an integer argument may name (step_size, T_max, total_steps, ...).
constexpr long many_steps = 1L << 30;

}  // namespace losslab::schedules
