#pragma once
/// Four float lanes, written once with GCC/Clang vector extensions so that one source serves
/// every build:
///   - em++ -msimd128: the operators lower to wasm SIMD128 instructions (f32x4.*, i32x4.*);
///   - em++ without SIMD (the benchmark's scalar baseline): the same code, lowered lane by lane;
///   - g++/clang++ natively: SSE2 (x86-64 baseline) or NEON.
/// Only sqrt, min/max and the float -> double promotion have per-target code (for sqrt and the
/// promotion there is no portable builtin; for min/max the portable form compiles badly in V8).
/// xsimd 8.1 has no WebAssembly back end, hence this small layer instead of xsimd.
///
/// Every operation is a plain IEEE operation (no fused multiply-add, no reassociation), so a
/// kernel computes the same bits in every lane position, in every build, at every run.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace losslab::simd {

inline constexpr std::size_t lanes = 4;

typedef float f32x4 __attribute__((vector_size(16)));
typedef std::int32_t i32x4 __attribute__((vector_size(16)));  ///< comparison masks: all ones or zero per lane

inline f32x4 splat(float v) { return f32x4{v, v, v, v}; }
inline i32x4 splat_i(std::int32_t v) { return i32x4{v, v, v, v}; }

/// Unaligned load/store (memcpy compiles to one v128.load / movups).
inline f32x4 load(const float* p) {
    f32x4 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline void store(float* p, f32x4 v) { std::memcpy(p, &v, sizeof v); }

/// Loads the first `count` (< 4) values and fills the other lanes with `fill`, so a tail runs
/// through exactly the same vector code as a full block (identical bits per element).
inline f32x4 load_partial(const float* p, std::size_t count, float fill = 0.0f) {
    f32x4 v = splat(fill);
    for (std::size_t i = 0; i < count; ++i) v[i] = p[i];
    return v;
}
inline void store_partial(float* p, f32x4 v, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) p[i] = v[i];
}

// Same-size vector casts reinterpret the bits (GCC and Clang vector semantics).
inline f32x4 as_float(i32x4 v) { return (f32x4)v; }
inline i32x4 as_int(f32x4 v) { return (i32x4)v; }

inline f32x4 select(i32x4 mask, f32x4 if_true, f32x4 if_false) {
    return as_float((mask & as_int(if_true)) | (~mask & as_int(if_false)));
}
/// min(a, b) = b < a ? b : a and max(a, b) = a < b ? b : a, for finite (validated) input. These
/// are one instruction each: wasm's pmin/pmax and SSE's minps/maxps have exactly this definition,
/// while the generic select form is lowered to wasm's NaN-propagating f32x4.min, which V8 expands
/// to six x86 instructions.
inline f32x4 min(f32x4 a, f32x4 b) {
#if defined(__wasm_simd128__)
    return f32x4(wasm_f32x4_pmin(v128_t(a), v128_t(b)));
#elif defined(__SSE2__)
    return _mm_min_ps(b, a);
#else
    return select(b < a, b, a);
#endif
}
inline f32x4 max(f32x4 a, f32x4 b) {
#if defined(__wasm_simd128__)
    return f32x4(wasm_f32x4_pmax(v128_t(a), v128_t(b)));
#elif defined(__SSE2__)
    return _mm_max_ps(b, a);
#else
    return select(a < b, b, a);
#endif
}
inline f32x4 abs(f32x4 v) { return as_float(as_int(v) & splat_i(0x7fffffff)); }
/// −|v| in one OR (abs then negate would be two operations, each with its own mask constant).
inline f32x4 neg_abs(f32x4 v) { return as_float(as_int(v) | splat_i(std::int32_t(0x80000000u))); }
/// +1 where v >= 0 (including +0), −1 where v < 0.
inline f32x4 sign_bit(f32x4 v) { return as_float(as_int(v) & splat_i(std::int32_t(0x80000000u))); }
inline f32x4 copy_sign(f32x4 magnitude, f32x4 sign_from) { return as_float(as_int(abs(magnitude)) | as_int(sign_bit(sign_from))); }

inline f32x4 sqrt(f32x4 v) {
#if defined(__wasm_simd128__)
    return f32x4(wasm_f32x4_sqrt(v128_t(v)));
#elif defined(__SSE2__)
    return _mm_sqrt_ps(v);
#else
    return f32x4{std::sqrt(v[0]), std::sqrt(v[1]), std::sqrt(v[2]), std::sqrt(v[3])};
#endif
}

inline f32x4 to_float(i32x4 v) { return __builtin_convertvector(v, f32x4); }

/// Transposes a 4x4 block in place (v[i][j] <-> v[j][i]) with the two-level unpack pattern, whose
/// eight shuffles V8 and SSE each lower to one instruction (unpcklps/unpckhps, movlhps/movhlps).
inline void transpose4(f32x4& a, f32x4& b, f32x4& c, f32x4& d) {
    const f32x4 ab_low = __builtin_shufflevector(a, b, 0, 4, 1, 5), ab_high = __builtin_shufflevector(a, b, 2, 6, 3, 7);
    const f32x4 cd_low = __builtin_shufflevector(c, d, 0, 4, 1, 5), cd_high = __builtin_shufflevector(c, d, 2, 6, 3, 7);
    a = __builtin_shufflevector(ab_low, cd_low, 0, 1, 4, 5);
    b = __builtin_shufflevector(ab_low, cd_low, 2, 3, 6, 7);
    c = __builtin_shufflevector(ab_high, cd_high, 0, 1, 4, 5);
    d = __builtin_shufflevector(ab_high, cd_high, 2, 3, 6, 7);
}

/// Rounds to the nearest integer (ties to even) for |v| < 2^22, returning both the rounded float
/// and the integer. Uses the 1.5·2^23 shifter, so no rounding-mode instruction is needed (SSE2
/// has none; wasm's f32x4.nearest would differ from it only in cost).
inline f32x4 round_nearest(f32x4 v, i32x4& as_integer) {
    const f32x4 shifter = splat(12582912.0f);  // 1.5 * 2^23
    const f32x4 shifted = v + shifter;
    as_integer = as_int(shifted) - as_int(shifter);
    return shifted - shifter;
}

/// 2^n for integer n in [-126, 127], built from the exponent field.
inline f32x4 pow2i(i32x4 n) { return as_float((n + splat_i(127)) << 23); }

/// A deterministic sum of float lanes in double: lane i accumulates elements i, i+4, i+8, ...
/// and `total()` adds the lanes in a fixed order. Double accumulators keep a 10^6-element float
/// sum within 1e-7 relative of the exact sum, which the reference path (double) needs.
class lane_sum {
public:
    void add(f32x4 v) {
#if defined(__wasm_simd128__)
        low_ = wasm_f64x2_add(low_, wasm_f64x2_promote_low_f32x4(v128_t(v)));
        high_ = wasm_f64x2_add(high_, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v128_t(v), v128_t(v), 2, 3, 0, 1)));
#elif defined(__SSE2__)
        low_ = _mm_add_pd(low_, _mm_cvtps_pd(v));
        high_ = _mm_add_pd(high_, _mm_cvtps_pd(_mm_movehl_ps(v, v)));
#else
        for (std::size_t i = 0; i < lanes; ++i) acc_[i] += double(v[i]);
#endif
    }
    double total() const {
#if defined(__wasm_simd128__)
        const double a0 = wasm_f64x2_extract_lane(low_, 0), a1 = wasm_f64x2_extract_lane(low_, 1);
        const double a2 = wasm_f64x2_extract_lane(high_, 0), a3 = wasm_f64x2_extract_lane(high_, 1);
#elif defined(__SSE2__)
        double l[2], h[2];
        _mm_storeu_pd(l, low_);
        _mm_storeu_pd(h, high_);
        const double a0 = l[0], a1 = l[1], a2 = h[0], a3 = h[1];
#else
        const double a0 = acc_[0], a1 = acc_[1], a2 = acc_[2], a3 = acc_[3];
#endif
        return (a0 + a1) + (a2 + a3);
    }

private:
#if defined(__wasm_simd128__)
    v128_t low_ = wasm_f64x2_splat(0.0), high_ = wasm_f64x2_splat(0.0);
#elif defined(__SSE2__)
    __m128d low_ = _mm_setzero_pd(), high_ = _mm_setzero_pd();
#else
    double acc_[lanes] = {0, 0, 0, 0};
#endif
};

}  // namespace losslab::simd
