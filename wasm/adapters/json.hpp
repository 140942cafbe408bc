#pragma once
// A minimal JSON writer for metadata that crosses to JS once (lossInfo, buildInfo).
#include <cmath>
#include <cstdio>
#include <string>

namespace losslab::wasm {

inline std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

/// JSON has no Infinity: unbounded parameter ranges are written as null.
inline std::string json_number(double v) {
    if (!std::isfinite(v)) return "null";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

inline std::string json_bool(bool b) { return b ? "true" : "false"; }

}  // namespace losslab::wasm
