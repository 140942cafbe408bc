#pragma once
// Reads the JSON the TypeScript wrapper sends (options objects) into core `settings`: numbers and
// booleans become numbers, strings become words, arrays of numbers become arrays (null, which is
// how JSON.stringify writes NaN and Infinity, becomes NaN so the core reports it as not finite),
// nested objects are flattened with dots. Typed arrays do not travel as text: the wrapper copies
// them into the wasm heap and sends {"$f64in": [index, length]} (index into HEAPF64), read here
// straight from memory — parsing thousands of numbers with strtod cost ~5 µs each. Type
// conversion only.
//
// Heap references are the wrapper's, never the user's: the wrapper snapshots options into plain
// values and rejects any key that starts with '$' or holds a '.', so user data cannot spell a
// reference (or a flattened nested key). As a second line, a reference must lie inside the
// region the wrapper declared for this call (`region`), and no option key may start with '$'.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "losslab/limits.hpp"
#include "losslab/status.hpp"
#include "adapters/settings.hpp"

namespace losslab::wasm {

class settings_parser {
public:
    /// `region_begin`/`region_end`: the byte range of the wasm heap that heap references may
    /// point into (the wrapper's scratch arena for this call); empty: none may appear.
    settings_parser(const std::string& text, std::uintptr_t region_begin, std::uintptr_t region_end)
        : s_(text), region_begin_(region_begin), region_end_(region_end) {}

    status parse(settings& out) {
        skip();
        if (peek() != '{') return status::failure("options must be a JSON object");
        if (!object("", out)) return status::failure("could not read the options: " + error_);
        skip();
        if (i_ != s_.size()) return status::failure("could not read the options: trailing characters");
        return status::success();
    }

private:
    char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
    void skip() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
    }
    bool expect(char c) {
        skip();
        if (peek() != c) return fail(std::string("expected '") + c + "'");
        ++i_;
        return true;
    }
    bool fail(const std::string& message) {
        if (error_.empty()) error_ = message + " at character " + std::to_string(i_);
        return false;
    }
    bool literal(const char* word) {
        const std::string w(word);
        if (s_.compare(i_, w.size(), w) != 0) return fail("unexpected token");
        i_ += w.size();
        return true;
    }
    bool string(std::string& out) {
        if (!expect('"')) return false;
        out.clear();
        while (i_ < s_.size() && s_[i_] != '"') {
            char c = s_[i_++];
            if (c == '\\') {
                if (i_ >= s_.size()) return fail("bad escape");
                const char e = s_[i_++];
                switch (e) {
                    case 'n': c = '\n'; break;
                    case 't': c = '\t'; break;
                    case 'u': i_ += 4; c = '?'; break;  // names are ASCII; anything else is not a valid key
                    default: c = e;
                }
            }
            out += c;
        }
        if (i_ >= s_.size()) return fail("unterminated string");
        ++i_;
        return true;
    }
    bool number(double& out) {
        skip();
        const char* begin = s_.c_str() + i_;
        char* end = nullptr;
        out = std::strtod(begin, &end);
        if (end == begin) return fail("expected a number");
        i_ += std::size_t(end - begin);
        return true;
    }
    bool array(const std::string& key, settings& out) {
        if (!expect('[')) return false;
        std::vector<double> values;
        skip();
        if (peek() == ']') {
            ++i_;
            out.arrays[key] = values;
            return true;
        }
        for (;;) {
            skip();
            double v;
            if (peek() == 'n') {
                if (!literal("null")) return false;
                v = std::numeric_limits<double>::quiet_NaN();
            } else if (!number(v)) {
                return fail(key + " must be an array of numbers");
            }
            values.push_back(v);
            skip();
            if (peek() == ',') {
                ++i_;
                continue;
            }
            if (!expect(']')) return false;
            break;
        }
        out.arrays[key] = std::move(values);
        return true;
    }
    /// {"$f64in": [index, length]}: doubles at HEAPF64[index …], owned by the wrapper's arena.
    /// ±Infinity reads as NaN, exactly as JSON's null does, so the core reports "not finite".
    bool heap_array(const std::string& key, settings& out) {
        static const std::string tag = "{\"$f64in\"";
        i_ += tag.size();
        if (!expect(':') || !expect('[')) return false;
        double index = 0, length = 0;
        if (!number(index) || !expect(',') || !number(length) || !expect(']') || !expect('}')) return false;
        if (!(index >= 0 && length >= 0 && index == std::floor(index) && length == std::floor(length))) {
            return fail(key + ": bad heap reference");
        }
        if (length > double(limits::elements_per_call)) {
            return fail(key + ": too large: " + format_number(length) + " elements; the limit is " +
                        std::to_string(limits::elements_per_call) + " per call");
        }
        const double begin = index * sizeof(double), end = begin + length * sizeof(double);
        if (length > 0 && (begin < double(region_begin_) || end > double(region_end_))) return fail(key + ": bad heap reference");
        const double* data = reinterpret_cast<const double*>(static_cast<std::uintptr_t>(begin));
        std::vector<double> values(data, data + static_cast<std::size_t>(length));
        for (double& v : values)
            if (std::isinf(v)) v = std::numeric_limits<double>::quiet_NaN();
        out.arrays[key] = std::move(values);
        return true;
    }
    bool value(const std::string& key, settings& out) {
        skip();
        const char c = peek();
        if (c == '{' && s_.compare(i_, 9, "{\"$f64in\"") == 0) return heap_array(key, out);
        if (c == '{') {
            out.objects.insert(key);
            return object(key + ".", out);
        }
        if (c == '[') return array(key, out);
        if (c == '"') {
            std::string w;
            if (!string(w)) return false;
            out.words[key] = w;
            return true;
        }
        if (c == 't') return literal("true") && (out.numbers[key] = 1, out.booleans.insert(key), true);
        if (c == 'f') return literal("false") && (out.numbers[key] = 0, out.booleans.insert(key), true);
        if (c == 'n') return literal("null") && (out.numbers[key] = std::numeric_limits<double>::quiet_NaN(), true);
        double v;
        if (!number(v)) return false;
        out.numbers[key] = v;
        return true;
    }
    bool object(const std::string& prefix, settings& out) {
        if (!expect('{')) return false;
        skip();
        if (peek() == '}') {
            ++i_;
            return true;
        }
        for (;;) {
            skip();
            std::string key;
            if (!string(key)) return false;
            if (!expect(':')) return false;
            if (key.empty() || key[0] == '$' || key.find('.') != std::string::npos) {
                return fail("'" + prefix + key + "' is not an option name (names cannot be empty, start with '$' or hold '.')");
            }
            if (!value(prefix + key, out)) return false;
            skip();
            if (peek() == ',') {
                ++i_;
                continue;
            }
            return expect('}');
        }
    }

    const std::string& s_;
    std::uintptr_t region_begin_ = 0, region_end_ = 0;
    std::size_t i_ = 0;
    std::string error_;
};

/// The wrapper's scratch region for heap references in the options of the current call (set by
/// the `setScratch` binding before each call that sends references; cleared after parsing).
struct scratch_region {
    std::uintptr_t begin = 0, end = 0;
};
scratch_region& current_scratch();

inline status parse_settings(const std::string& json, settings& out) {
    out = settings{};
    scratch_region& region = current_scratch();
    const scratch_region r = region;
    region = scratch_region{};  // one call's references only
    return settings_parser(json, r.begin, r.end).parse(out);
}

}  // namespace losslab::wasm
