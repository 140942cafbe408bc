#pragma once
/// Numbers in error messages. snprintf rather than iostreams: <sstream> pulls locale and stream
/// machinery into the wasm binary (tens of KB gzipped) for what is one "%g".
#include <cstdio>
#include <string>

namespace losslab {

/// Shortest readable form of v for a message: "1.35", "1e-08", "inf", "nan".
inline std::string format_number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", v);
    return buffer;
}

}  // namespace losslab
