#pragma once
// Builds the JSON results of the optimization API. Bulk numbers (paths, losses, datasets) do not
// go through text: they are appended to one result buffer of doubles in the wasm heap and the JSON
// holds {"$f64": [byteOffset, length]}; the TypeScript wrapper copies them out as Float64Arrays
// before its next call. Non-finite scalars are written as null (the core never reports them).
#include <cstdint>
#include <string>
#include <vector>

#include "adapters/json.hpp"

namespace losslab::wasm {

/// The buffer of the most recent result (reused; cleared at the start of each result).
std::vector<double>& result_buffer();

class result_json {
public:
    /// The top-level result clears the buffer; nested objects (nested = true) share it.
    explicit result_json(bool nested = false) {
        if (!nested) result_buffer().clear();
        text_ = "{";
    }
    /// A nested object's JSON (no "$base"), for raw().
    std::string body() const { return text_ + "}"; }
    result_json& number(const std::string& key, double v) { return raw(key, json_number(v)); }
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
        const auto base = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(result_buffer().data()));
        std::string out = text_;
        if (out.size() > 1) out += ",";
        return out + "\"$base\":" + std::to_string(base) + "}";
    }

private:
    std::string text_;
};

inline std::string error_json(const std::string& message) { return "{\"error\":" + json_string(message) + "}"; }

}  // namespace losslab::wasm
