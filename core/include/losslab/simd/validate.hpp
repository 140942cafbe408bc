#pragma once
/// A branch-free scan that answers "is every value finite and inside its domain?" for a whole
/// array. It is written so compilers vectorise it (integer OR-reduction of comparison results,
/// no float reduction), and it is the common case: losses::detail::check_values runs it first and
/// walks the array element by element only when something is wrong, to name the first offender.
/// Per element it costs a few SIMD instructions instead of a call and a switch (the scalar walk
/// took 6x the time of the mse kernel itself at 10^6 elements).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "losslab/losses/loss_info.hpp"

namespace losslab::simd {

template <class T>
bool all_in_domain(const T* data, std::size_t n, losses::domain d, std::size_t classes) {
    static_assert(std::is_floating_point_v<T>, "values are float or double");
    using bits_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    constexpr bits_t exponent = sizeof(T) == 4 ? bits_t(0x7f800000u) : bits_t(0x7ff0000000000000ull);
    auto non_finite = [](T v) {
        bits_t b;
        std::memcpy(&b, &v, sizeof b);
        return int((b & exponent) == exponent);
    };
    int bad = 0;
    switch (d) {
        case losses::domain::real:
            for (std::size_t i = 0; i < n; ++i) bad |= non_finite(data[i]);
            break;
        case losses::domain::positive:
            for (std::size_t i = 0; i < n; ++i) bad |= non_finite(data[i]) | int(!(data[i] > T(0)));
            break;
        case losses::domain::nonnegative:
            for (std::size_t i = 0; i < n; ++i) bad |= non_finite(data[i]) | int(!(data[i] >= T(0)));
            break;
        case losses::domain::probability:
            for (std::size_t i = 0; i < n; ++i) bad |= int(!(data[i] >= T(0))) | int(!(data[i] <= T(1)));
            break;
        case losses::domain::binary:
            for (std::size_t i = 0; i < n; ++i) bad |= int(!((data[i] == T(0)) | (data[i] == T(1))));
            break;
        case losses::domain::class_index: {
            const T limit = T(classes);
            for (std::size_t i = 0; i < n; ++i) {
                const T v = data[i];
                const int in_range = int(v >= T(0)) & int(v < limit);
                // the conversion is only meaningful in range; out of range is already flagged
                const T whole = in_range ? T(std::int64_t(v)) : v;
                bad |= int(!in_range) | int(whole != v);
            }
            break;
        }
    }
    return bad == 0;
}

}  // namespace losslab::simd
