#pragma once
/// Errors leave the core as data, never as exceptions: Embind turns a C++ throw into a bare
/// number in JS (../shared/TOOLCHAIN.md, pitfall 6), so every fallible entry point returns a
/// status whose message the JS wrapper raises as a real Error.
#include <string>
#include <utility>

namespace losslab {

struct status {
    std::string error;  ///< empty on success; otherwise a sentence naming the problem

    bool ok() const { return error.empty(); }
    static status success() { return {}; }
    static status failure(std::string message) { return {std::move(message)}; }
};

}  // namespace losslab
