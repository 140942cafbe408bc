#pragma once
// Builds the JSON results of the optimization API. Bulk numbers (paths, losses, datasets) do not
// go through text: they are appended to one result buffer of doubles in the wasm heap and the JSON
// holds {"$f64": [byteOffset, length]}; the TypeScript wrapper copies them out as Float64Arrays
// before its next call. The API never returns NaN or Infinity: a result holding one (a value
// beyond the double range) becomes an error naming the result field instead.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "adapters/json.hpp"

namespace losslab::wasm {

/// The buffer of the most recent result (reused; cleared at the start of each result).
std::vector<double>& result_buffer();
/// The first result field of the current result that held a non-finite number ("" if none).
std::string& result_nonfinite_field();
/// Frees the result buffer (the wrapper calls this once it has copied a result out), so no
/// call keeps memory after it returns.
void result_release();

class result_json {
public:
    /// The top-level result clears the buffer; nested objects (nested = true) share it.
    explicit result_json(bool nested = false) {
        if (!nested) {
            result_buffer().clear();
            result_nonfinite_field().clear();
        }
        text_ = "{";
    }
    /// A nested object's JSON (no "$base"), for raw().
    std::string body() const { return text_ + "}"; }
    result_json& number(const std::string& key, double v) {
        if (!std::isfinite(v)) note_nonfinite(key);
        return raw(key, json_number(v));
    }
    result_json& text(const std::string& key, const std::string& v) { return raw(key, json_string(v)); }
    result_json& flag(const std::string& key, bool v) { return raw(key, json_bool(v)); }
    result_json& raw(const std::string& key, const std::string& json) {
        if (text_.size() > 1) text_ += ",";
        text_ += json_string(key) + ":" + json;
        return *this;
    }
    result_json& array(const std::string& key, const std::vector<double>& v) {
        return array(key, v.data(), v.size());
    }
    result_json& array(const std::string& key, const double* data, std::size_t n) {
        // Offsets are recorded as element indices now and turned into byte offsets in str(),
        // once the buffer has stopped growing.
        for (std::size_t i = 0; i < n; ++i)
            if (!std::isfinite(data[i])) {
                note_nonfinite(key + "[" + std::to_string(i) + "]");
                break;
            }
        auto& buffer = result_buffer();
        const std::size_t start = buffer.size();
        buffer.insert(buffer.end(), data, data + n);
        if (text_.size() > 1) text_ += ",";
        text_ += json_string(key) + ":{\"$f64\":[" + std::to_string(start) + "," + std::to_string(n) + "]}";
        return *this;
    }
    /// The JSON text; "$f64" entries hold [element index, length] and "$base" gives the byte offset
    /// of element 0 of the buffer.
    std::string str() const {
        const std::string& bad = result_nonfinite_field();
        if (!bad.empty()) {
            return error_json_text("the result " + bad + " is beyond the double range (not finite); the inputs are "
                                   "too large in magnitude for this computation");
        }
        const auto base = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(result_buffer().data()));
        std::string out = text_;
        if (out.size() > 1) out += ",";
        return out + "\"$base\":" + std::to_string(base) + "}";
    }

private:
    static std::string error_json_text(const std::string& message) {
        return "{\"error\":" + json_string(message) + "}";
    }
    static void note_nonfinite(const std::string& key) {
        std::string& field = result_nonfinite_field();
        if (field.empty()) field = key;
    }
    std::string text_;
};

inline std::string error_json(const std::string& message) { return "{\"error\":" + json_string(message) + "}"; }

}  // namespace losslab::wasm
