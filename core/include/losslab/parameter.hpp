#pragma once
/// One tunable argument of a registered unit (schedule, surface, model, optimizer), as the UI and
/// the docs list it: the name (torch's spelling where torch has the argument), the default, the
/// documented range, and what it means. The registries read these; the typed configs carry the
/// same defaults as field initialisers, and the tests hold the two equal.
#include <cmath>
#include <initializer_list>
#include <string>
#include <vector>

#include "losslab/format.hpp"
#include "losslab/status.hpp"

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

/// The parameter of that name in a registry list (nullptr if none).
inline const parameter* find_parameter(const std::vector<parameter>& params, const std::string& name) {
    for (const auto& p : params)
        if (p.name == name) return &p;
    return nullptr;
}

/// Checks v against p's documented range (and wholeness for integers). Messages read
/// "<what>: <name> = <v> is outside [min, max]", the same words the JS API has always used.
inline status check_parameter(const std::string& what, const parameter& p, double v) {
    if (!std::isfinite(v)) {
        return status::failure(what + ": " + p.name + " must be a finite number, got " +
                               (std::isnan(v) ? std::string("NaN (or null)") : format_number(v)));
    }
    const bool above = p.min_inclusive ? v >= p.min : v > p.min;
    const bool below = p.max_inclusive ? v <= p.max : v < p.max;
    if (!above || !below) {
        return status::failure(what + ": " + p.name + " = " + format_number(v) + " is outside " +
                               (p.min_inclusive ? "[" : "(") + format_number(p.min) + ", " + format_number(p.max) +
                               (p.max_inclusive ? "]" : ")"));
    }
    if (p.kind == parameter::type::integer && v != std::floor(v)) {
        return status::failure(what + ": " + p.name + " = " + format_number(v) + " must be a whole number");
    }
    return status::success();
}

/// check_parameter for the parameter called `name` of a registry list.
inline status check_parameter(const std::string& what, const std::vector<parameter>& params, const std::string& name,
                              double v) {
    const parameter* p = find_parameter(params, name);
    return p ? check_parameter(what, *p, v) : status::failure(what + ": no parameter " + name);
}

/// check_parameter for a plain range that has no registry entry: "<what>: <name> = <v> is
/// outside [lo, hi]".
inline status check_range(const std::string& what, const char* name, double v, double lo, double hi,
                          bool integer = false, bool lo_inclusive = true, bool hi_inclusive = true) {
    parameter p{name, 0, lo, hi, "", integer ? parameter::type::integer : parameter::type::number};
    p.min_inclusive = lo_inclusive;
    p.max_inclusive = hi_inclusive;
    return check_parameter(what, p, v);
}

/// The first failing status of a list of checks, or success.
inline status first_failure(std::initializer_list<status> checks) {
    for (const status& s : checks)
        if (!s.ok()) return s;
    return status::success();
}

}  // namespace losslab
