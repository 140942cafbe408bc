#pragma once
// JS values at the Embind boundary, without text: calls arrive as value objects whose numeric
// arrays are Float64Arrays (the wrapper's snapshot, web/engine/values.ts), results leave as plain
// JS objects whose numeric arrays are Float64Arrays owned by JS (copied out of the heap here, so
// no result refers to memory the next call may reuse). Type conversion only.
//
// The API never returns NaN or Infinity: a result holding one (a value beyond the double range)
// becomes {error} naming the result field instead.
#include <emscripten/val.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "losslab/format.hpp"
#include "losslab/limits.hpp"
#include "losslab/status.hpp"

namespace losslab::wasm {

using emscripten::val;

/// {error: message}: the wrapper throws it as a LossLabError.
inline val error_value(const std::string& message) {
    val out = val::object();
    out.set("error", message);
    return out;
}

/// Registry numbers: an unbounded range end (±∞) crosses as null, as the registries document.
inline val bound_or_null(double v) { return std::isfinite(v) ? val(v) : val::null(); }

/// An optional number: undefined (or null) reads as the fallback.
inline double number_or(const val& v, double fallback) { return v.isNumber() ? v.as<double>() : fallback; }

/// A copy of n doubles as a new Float64Array that JS owns.
inline val float64_array(const double* data, std::size_t n) {
    return val(emscripten::typed_memory_view(n, data)).call<val>("slice");
}

inline val float64_array(const std::vector<double>& v) { return float64_array(v.data(), v.size()); }

/// A Float64Array (the wrapper sends no other array type) copied into `out`. Its length is checked
/// against the per-call limit before anything is allocated.
inline status read_doubles(const std::string& what, const val& array, std::vector<double>& out) {
    const double length = array["length"].as<double>();
    if (!(length >= 0 && length == std::floor(length))) return status::failure(what + " must be an array of numbers");
    if (length > double(limits::elements_per_call)) {
        return status::failure(what + ": too large: " + format_number(length) + " elements; the limit is " +
                               std::to_string(limits::elements_per_call) + " per call");
    }
    out = emscripten::convertJSArrayToNumberVector<double>(array);
    return status::success();
}

/// A result object under construction; value() hands it over (or the error of a non-finite field).
class result {
public:
    result() : out_(val::object()) {}

    result& number(const char* key, double v) {
        if (!std::isfinite(v)) note_nonfinite(key);
        out_.set(key, v);
        return *this;
    }
    result& text(const char* key, const std::string& v) {
        out_.set(key, v);
        return *this;
    }
    result& flag(const char* key, bool v) {
        out_.set(key, v);
        return *this;
    }
    result& array(const char* key, const std::vector<double>& v) { return array(key, v.data(), v.size()); }
    result& array(const char* key, const double* data, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i)
            if (!std::isfinite(data[i])) {
                note_nonfinite(std::string(key) + "[" + std::to_string(i) + "]");
                break;
            }
        out_.set(key, float64_array(data, n));
        return *this;
    }
    /// A nested result (its own non-finite field, if any, is reported under key.field).
    result& nested(const char* key, const result& part) {
        if (!part.nonfinite_.empty()) note_nonfinite(std::string(key) + "." + part.nonfinite_);
        out_.set(key, part.out_);
        return *this;
    }
    result& null(const char* key) {
        out_.set(key, val::null());
        return *this;
    }

    val value() const {
        if (!nonfinite_.empty()) {
            return error_value("the result " + nonfinite_ + " is beyond the double range (not finite); the inputs are too "
                               "large in magnitude for this computation");
        }
        return out_;
    }

private:
    void note_nonfinite(const std::string& key) {
        if (nonfinite_.empty()) nonfinite_ = key;
    }
    val out_;
    std::string nonfinite_;
};

}  // namespace losslab::wasm
