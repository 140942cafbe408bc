#pragma once
/// Named settings as they arrive from the JS API: numbers, words and numeric arrays, keyed by the
/// torch-style argument name ("lr", "betas", "T_max"). Nested objects are flattened with dots
/// ("warmup.start_factor"). A `reader` pulls typed values with their documented default and range
/// and, at the end, rejects any key it was not asked for, so a misspelt argument is an error
/// naming the known ones rather than a silently ignored default.
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "losslab/format.hpp"
#include "losslab/status.hpp"

namespace losslab {

struct settings {
    std::map<std::string, double> numbers;  ///< numbers and booleans (true = 1)
    std::map<std::string, std::string> words;
    std::map<std::string, std::vector<double>> arrays;

    /// The settings under `prefix.` with the prefix removed.
    settings sub(const std::string& prefix) const {
        settings out;
        const std::string p = prefix + ".";
        for (const auto& [k, v] : numbers)
            if (k.compare(0, p.size(), p) == 0) out.numbers[k.substr(p.size())] = v;
        for (const auto& [k, v] : words)
            if (k.compare(0, p.size(), p) == 0) out.words[k.substr(p.size())] = v;
        for (const auto& [k, v] : arrays)
            if (k.compare(0, p.size(), p) == 0) out.arrays[k.substr(p.size())] = v;
        return out;
    }

    /// True when `key` is present as a value or as a nested object.
    bool has(const std::string& key) const {
        if (numbers.count(key) || words.count(key) || arrays.count(key)) return true;
        const std::string p = key + ".";
        for (const auto& kv : numbers)
            if (kv.first.compare(0, p.size(), p) == 0) return true;
        for (const auto& kv : words)
            if (kv.first.compare(0, p.size(), p) == 0) return true;
        for (const auto& kv : arrays)
            if (kv.first.compare(0, p.size(), p) == 0) return true;
        return false;
    }

    /// The top-level names present (the part before the first dot).
    std::set<std::string> top_level_keys() const {
        std::set<std::string> out;
        auto add = [&](const std::string& k) { out.insert(k.substr(0, k.find('.'))); };
        for (const auto& kv : numbers) add(kv.first);
        for (const auto& kv : words) add(kv.first);
        for (const auto& kv : arrays) add(kv.first);
        return out;
    }
};


/// Reads typed values from settings; the first problem is kept and reported by finish().
class reader {
public:
    reader(const settings& s, std::string what) : s_(s), what_(std::move(what)) {}

    double number(const std::string& key, double fallback, double min, double max, bool min_inclusive = true,
                  bool max_inclusive = true) {
        known_.push_back(key);
        auto w = s_.words.find(key);
        if (w != s_.words.end()) {
            fail(key + " must be a number, got '" + w->second + "'");
            return fallback;
        }
        auto it = s_.numbers.find(key);
        if (it == s_.numbers.end()) return fallback;
        const double v = it->second;
        const bool above = min_inclusive ? v >= min : v > min;
        const bool below = max_inclusive ? v <= max : v < max;
        if (!std::isfinite(v) || !above || !below) {
            fail(key + " = " + format_number(v) + " is outside " + (min_inclusive ? "[" : "(") + format_number(min) +
                 ", " + format_number(max) + (max_inclusive ? "]" : ")"));
        }
        return v;
    }

    long integer(const std::string& key, long fallback, long min, long max) {
        const double v = number(key, double(fallback), double(min), double(max));
        if (v != std::floor(v)) fail(key + " = " + format_number(v) + " must be a whole number");
        return long(v);
    }

    bool flag(const std::string& key, bool fallback) {
        const double v = number(key, fallback ? 1 : 0, 0, 1);
        if (v != 0 && v != 1) fail(key + " must be true or false");
        return v != 0;
    }

    std::string word(const std::string& key, const std::string& fallback, const std::vector<std::string>& allowed) {
        known_.push_back(key);
        if (s_.numbers.count(key)) {
            fail(key + " must be one of " + join(allowed));
            return fallback;
        }
        auto it = s_.words.find(key);
        if (it == s_.words.end()) return fallback;
        for (const auto& a : allowed)
            if (a == it->second) return a;
        fail(key + " = '" + it->second + "' is not one of " + join(allowed));
        return fallback;
    }

    /// A numeric array of exactly `size` entries (size 0: any length), each within [min, max].
    std::vector<double> array(const std::string& key, const std::vector<double>& fallback, std::size_t size,
                              double min, double max, bool max_inclusive = true) {
        known_.push_back(key);
        auto it = s_.arrays.find(key);
        if (it == s_.arrays.end()) {
            if (s_.numbers.count(key) || s_.words.count(key)) fail(key + " must be an array");
            return fallback;
        }
        if (size && it->second.size() != size) {
            fail(key + " must have " + std::to_string(size) + " values, got " + std::to_string(it->second.size()));
            return fallback;
        }
        for (std::size_t i = 0; i < it->second.size(); ++i) {
            const double v = it->second[i];
            if (!std::isfinite(v) || v < min || (max_inclusive ? v > max : v >= max)) {
                fail(key + "[" + std::to_string(i) + "] = " + format_number(v) + " is outside [" + format_number(min) +
                     ", " + format_number(max) + (max_inclusive ? "]" : ")"));
                return fallback;
            }
        }
        return it->second;
    }

    /// Marks a nested object as handled elsewhere.
    void accept(const std::string& key) { known_.push_back(key); }

    void fail(const std::string& message) {
        if (error_.empty()) error_ = what_ + ": " + message;
    }

    /// The first problem, or an unknown key (listing the known ones), or success.
    status finish() const {
        if (!error_.empty()) return status::failure(error_);
        for (const std::string& k : s_.top_level_keys()) {
            bool found = false;
            for (const auto& kn : known_) found = found || kn == k;
            if (!found) {
                std::string msg = what_ + ": unknown parameter '" + k + "'";
                msg += known_.empty() ? std::string("; it takes none") : "; known: " + join(known_);
                return status::failure(msg);
            }
        }
        return status::success();
    }

private:
    static std::string join(const std::vector<std::string>& v) {
        std::string out;
        for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
        return out;
    }
    settings s_;  // a copy: readers are often built over a temporary sub()
    std::string what_;
    std::vector<std::string> known_;
    std::string error_;
};

}  // namespace losslab
