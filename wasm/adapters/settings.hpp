#pragma once
/// (wasm adapters only: the core takes typed configs; from_settings.hpp translates.)
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
    std::set<std::string> booleans;  ///< keys of `numbers` that arrived as true/false
    std::set<std::string> objects;   ///< keys of nested objects, empty ones included

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
        for (const auto& k : booleans)
            if (k.compare(0, p.size(), p) == 0) out.booleans.insert(k.substr(p.size()));
        for (const auto& k : objects)
            if (k.compare(0, p.size(), p) == 0) out.objects.insert(k.substr(p.size()));
        return out;
    }

    /// True when `key` is present as a value or as a nested object.
    bool has(const std::string& key) const {
        if (numbers.count(key) || words.count(key) || arrays.count(key) || objects.count(key)) return true;
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
        for (const auto& k : objects) add(k);
        return out;
    }
};


/// Reads typed values from settings; the first problem is kept and reported by finish().
class reader {
public:
    reader(const settings& s, std::string what) : s_(s), what_(std::move(what)) {}

    /// A number in its documented range. A value that fails the check is never handed back: the
    /// caller gets the fallback, so nothing downstream can use an out-of-range value before
    /// finish() reports the problem (callers that allocate or write check ok() first).
    double number(const std::string& key, double fallback, double min, double max, bool min_inclusive = true,
                  bool max_inclusive = true) {
        known_.push_back(key);
        if (!present_as(key, "a number", kind::number)) return fallback;
        auto it = s_.numbers.find(key);
        if (it == s_.numbers.end()) return fallback;
        const double v = it->second;
        const bool above = min_inclusive ? v >= min : v > min;
        const bool below = max_inclusive ? v <= max : v < max;
        if (!std::isfinite(v)) {
            fail(key + " must be a finite number, got " + (std::isnan(v) ? std::string("NaN (or null)") : format_number(v)));
            return fallback;
        }
        if (!above || !below) {
            fail(key + " = " + format_number(v) + " is outside " + (min_inclusive ? "[" : "(") + format_number(min) +
                 ", " + format_number(max) + (max_inclusive ? "]" : ")"));
            return fallback;
        }
        return v;
    }

    long integer(const std::string& key, long fallback, long min, long max) {
        const double v = number(key, double(fallback), double(min), double(max));
        if (v != std::floor(v)) {
            fail(key + " = " + format_number(v) + " must be a whole number");
            return fallback;
        }
        return long(v);
    }

    bool flag(const std::string& key, bool fallback) {
        known_.push_back(key);
        if (!present_as(key, "true or false", kind::flag)) return fallback;
        auto it = s_.numbers.find(key);
        if (it == s_.numbers.end()) return fallback;
        if (it->second != 0 && it->second != 1) {
            fail(key + " must be true or false");
            return fallback;
        }
        return it->second != 0;
    }

    /// A nested object read elsewhere (its own reader): here only its presence as an object.
    void object(const std::string& key) {
        known_.push_back(key);
        present_as(key, "an object", kind::object);
    }

    std::string word(const std::string& key, const std::string& fallback, const std::vector<std::string>& allowed) {
        known_.push_back(key);
        if (!present_as(key, "one of " + join(allowed), kind::word)) return fallback;
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
        if (!present_as(key, "an array of numbers", kind::array)) return fallback;
        auto it = s_.arrays.find(key);
        if (it == s_.arrays.end()) return fallback;
        if (size && it->second.size() != size) {
            fail(key + " must have " + std::to_string(size) + " values, got " + std::to_string(it->second.size()));
            return fallback;
        }
        for (std::size_t i = 0; i < it->second.size(); ++i) {
            const double v = it->second[i];
            if (!std::isfinite(v)) {
                fail(key + "[" + std::to_string(i) + "] is not finite (NaN, null or ±Infinity)");
                return fallback;
            }
            if (v < min || (max_inclusive ? v > max : v >= max)) {
                fail(key + "[" + std::to_string(i) + "] = " + format_number(v) + " is outside [" + format_number(min) +
                     ", " + format_number(max) + (max_inclusive ? "]" : ")"));
                return fallback;
            }
        }
        return it->second;
    }

    /// Marks a key as handled elsewhere (whatever its type).
    void accept(const std::string& key) { known_.push_back(key); }

    void fail(const std::string& message) {
        if (error_.empty()) error_ = what_ + ": " + message;
    }

    /// False once any check has failed: generators test it before they allocate or write.
    bool ok() const { return error_.empty(); }

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
    enum class kind { number, flag, word, array, object };

    /// False (with the problem recorded) when `key` is present with another type than `want`.
    bool present_as(const std::string& key, const std::string& expected, kind want) {
        kind found;
        std::string got;
        if (s_.booleans.count(key)) found = kind::flag, got = s_.numbers.at(key) != 0 ? "true" : "false";
        else if (s_.numbers.count(key)) found = kind::number, got = format_number(s_.numbers.at(key));
        else if (s_.words.count(key)) found = kind::word, got = "'" + s_.words.at(key) + "'";
        else if (s_.arrays.count(key)) found = kind::array, got = "an array";
        else if (s_.has(key)) found = kind::object, got = "an object";
        else return true;
        // A number may stand for a flag (0 or 1); null/NaN arrives as a number and is reported by number().
        if (found == want || (want == kind::flag && found == kind::number)) return true;
        fail(key + " must be " + expected + ", got " + got);
        return false;
    }

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
