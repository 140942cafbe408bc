#pragma once
/// Vectorised elementary functions on four float lanes, for the float fast path of the losses.
/// Each is a range reduction plus a short polynomial; there is no libm call, so the same code
/// runs as wasm SIMD128, as scalar wasm and natively (see vec.hpp).
///
/// Inputs are finite (the fast path runs after validation). Measured maximum errors against
/// double-precision libm, over the ranges listed (tests/core/simd/test_math.cpp checks these
/// bounds on ~10^6 points per function, including both ends of each range):
///
/// | function            | range                         | bound (tested) | measured max |
/// | ------------------- | ----------------------------- | -------------- | ------------ |
/// | exp(x)              | [-87, 88.7]; 0 below -87      | 1.5 ulp        | 0.95 ulp     |
/// | expm1(x)            | [-87, 88.7]                   | 2 ulp          | 1.44 ulp     |
/// | exp_nonpositive(x)  | [-87, 0]; e^-87 below         | exp's bits     | (tested)     |
/// | expm1_nonpositive(x)| x <= 0                        | expm1's bits   | (tested)     |
/// | log(x)              | [FLT_MIN, FLT_MAX]            | 1.5 ulp        | 0.81 ulp     |
/// | log1p(x)            | (-1 + 2^-24, FLT_MAX]         | 2 ulp          | 1.34 ulp     |
/// | log1p_unit(x)       | [0, 1]                        | 1.5 ulp        | 1.13 ulp     |
/// | log1p_unit_ratio    | num/den in [0, 1]             | 2.5 ulp        | 1.97 ulp     |
/// | tanh(x)             | any finite                    | 3 ulp          | 2.42 ulp     |
/// | sigmoid(x)          | [-87, FLT_MAX]                | 3 ulp          | 2.19 ulp     |
/// | softplus(x)         | [-87, FLT_MAX]                | 2.5 ulp        | 1.76 ulp     |
///
/// Below -87, exp flushes to 0 and exp_nonpositive stays at e^-87 ≈ 1.6e-38, so sigmoid and
/// softplus are off there by less than 1.7e-38 in absolute terms; a float loss cannot see that.
/// (ulp = the spacing of floats at the exact result.) The test prints the measured maxima; the
/// measured column is from one run (native and wasm give the same bits).
///
/// Why not libm: em++ has no vector libm, so a loop calling expf/log1pf stays scalar in wasm
/// (about 30 M elements/s for BCE-with-logits); these kernels make the exp/log losses SIMD.
#include "losslab/simd/vec.hpp"

namespace losslab::simd {

namespace detail {

// ln 2 split so that n * ln2_hi is exact for |n| < 2^15 (ln2_hi has 9 significant bits):
// Cody-Waite reduction r = x - n ln2 keeps full float accuracy in r.
inline constexpr float ln2_hi = 0.693359375f;
inline constexpr float ln2_lo = -2.12194440e-4f;
inline constexpr float log2e = 1.44269504088896341f;

/// e^r - 1 - r for |r| <= ln2/2, as r^2 P(r) with P the degree-4 minimax polynomial for relative
/// error in e^r (scripts/minimax.py): 3.1e-9 relative before rounding, 0.05 of a float ulp, one
/// term shorter than the Taylor polynomial of the same accuracy.
inline f32x4 expm1_tail(f32x4 r) {
    // Estrin's scheme: the same operation count as Horner's but half the dependency chain, so the
    // out-of-order core overlaps more of consecutive blocks
    const f32x4 r2 = r * r;
    const f32x4 low = splat(0x1.fffffcp-2f) + r * splat(0x1.555492p-3f);   // c0 + c1 r
    const f32x4 mid = splat(0x1.5558f2p-5f) + r * splat(0x1.1239d4p-7f);   // c2 + c3 r
    const f32x4 p = low + r2 * (mid + r2 * splat(0x1.6a244cp-10f));        // + r^2 (c2 + c3 r + c4 r^2)
    return p * r2;
}

/// x = n ln2 + r with n integer and |r| <= ln2/2 (plus rounding).
inline f32x4 reduce_ln2(f32x4 x, i32x4& n) {
    const f32x4 nf = round_nearest(x * splat(log2e), n);
    return (x - nf * splat(ln2_hi)) - nf * splat(ln2_lo);
}

/// log(m) for m in [sqrt(1/2), sqrt(2)), f = m - 1 (exact): with s = f / (2 + f), log(1 + f) =
/// 2 atanh(s) = f - s (f - z R(z)), z = s^2 <= (3 - 2 sqrt 2)^2 ≈ 0.0295, and R the degree-2
/// minimax polynomial for the relative error of 2 atanh(s) there (scripts/minimax.py):
/// 8.0e-10 relative before rounding, 0.013 of a float ulp.
inline f32x4 log_mantissa(f32x4 f) {
    const f32x4 s = f / (splat(2.0f) + f);
    const f32x4 z = s * s;
    f32x4 r = splat(0x1.31e0dep-2f);
    r = r * z + splat(0x1.995ed0p-2f);
    r = r * z + splat(0x1.55557ap-1f);
    r = r * z;
    return f - s * (f - r);
}

/// z R(z) with 2 atanh(s) = 2s + s z R(z), z = s^2 <= 1/9 (s <= 1/3, the log1p_unit range): R is
/// the degree-3 minimax polynomial for the relative error of 2 atanh(s) (scripts/minimax.py),
/// 4.5e-9 relative before rounding, 0.075 of a float ulp (the Taylor series needs six terms).
inline f32x4 atanh_series(f32x4 z) {
    // Estrin's scheme (see expm1_tail)
    const f32x4 z2 = z * z;
    const f32x4 low = splat(0x1.555502p-1f) + z * splat(0x1.99d208p-2f);
    const f32x4 high = splat(0x1.1ebd0ep-2f) + z * splat(0x1.1ed7bep-2f);
    return (low + z2 * high) * z;
}

/// Splits a positive normal float into m in [sqrt(1/2), sqrt(2)) and integer e, x = m 2^e.
inline f32x4 split_exponent(f32x4 x, f32x4& e) {
    const i32x4 bits = as_int(x);
    i32x4 exponent = ((bits >> 23) & splat_i(0xff)) - splat_i(127);
    f32x4 m = as_float((bits & splat_i(0x007fffff)) | splat_i(0x3f800000));  // [1, 2)
    const i32x4 big = m > splat(1.41421356f);
    m = select(big, m * splat(0.5f), m);
    exponent = exponent - big;  // big is -1 where true
    e = to_float(exponent);
    return m;
}

}  // namespace detail

namespace detail {
/// e^x for x in [-87, 88.7228]: e^r = 1 + r + tail, and 2^n scales by the exponent field (n in
/// [-126, 128]: at n = 128, e^r < 1 because x <= 88.7228 < 128 ln2, so the product stays finite).
inline f32x4 exp_in_range(f32x4 x) {
    i32x4 n;
    const f32x4 r = reduce_ln2(x, n);
    const f32x4 er = splat(1.0f) + (r + expm1_tail(r));
    return as_float(as_int(er) + (n << 23));
}
/// Zero where x < -87 (the flush to zero below e^-87): one compare and one AND.
inline f32x4 flush_below(f32x4 y, f32x4 x) { return as_float(as_int(y) & (x >= splat(-87.0f))); }
}  // namespace detail

/// e^x. Results below e^-87 are flushed to 0; above e^88.72, +inf.
inline f32x4 exp(f32x4 x) {
    const f32x4 y = detail::flush_below(detail::exp_in_range(min(max(x, splat(-87.0f)), splat(88.7228f))), x);
    return select(x > splat(88.7228f), splat(HUGE_VALF), y);
}

/// e^max(x, −87) for x <= 0, the case of every logistic and softmax loss (e^{-|x|}, e^{x - max}):
/// exp's bits on [−87, 0], and below −87 the clamp's value e^−87 ≈ 1.6e-38 where exp flushes to 0.
/// Every caller adds the result to 1 or uses it as a factor of a loss or derivative, where 1.6e-38
/// is far below the absolute floor of 1e-30 the fast-path tests allow; leaving out the overflow
/// clamp, the overflow select and the flush saves a compare and a three-instruction select in V8.
inline f32x4 exp_nonpositive(f32x4 x) { return detail::exp_in_range(max(x, splat(-87.0f))); }

/// e^x − 1, accurate near 0 (tanh and the log-cosh loss need it).
inline f32x4 expm1(f32x4 x) {
    const f32x4 clamped = min(max(x, splat(-87.0f)), splat(88.7228f));
    i32x4 n;
    const f32x4 r = detail::reduce_ln2(clamped, n);
    const f32x4 q = r + detail::expm1_tail(r);  // e^r - 1
    // e^x - 1 = 2^n q + (2^n - 1), and 2^n - 1 is exact. At n = 128 (x > 88.37) 2^n overflows, so
    // there the result is formed as 2 (2^127 q + 2^127 - 1/2), which stays finite.
    const i32x4 top = n > splat_i(127);
    const f32x4 scale = pow2i(n + top);  // top is -1 where true
    const f32x4 one = select(top, splat(0.5f), splat(1.0f));
    f32x4 y = scale * q + (scale - one);
    y = select(top, y + y, y);
    return select(x > splat(88.7228f), splat(HUGE_VALF), y);
}

/// e^x − 1 for x <= 0 (tanh and log-cosh only need this side): the same bits as expm1(x) there,
/// without the overflow handling of the positive side.
inline f32x4 expm1_nonpositive(f32x4 x) {
    i32x4 n;
    const f32x4 r = detail::reduce_ln2(max(x, splat(-87.0f)), n);
    const f32x4 q = r + detail::expm1_tail(r);  // e^r - 1
    const f32x4 scale = pow2i(n);               // n in [-126, 0]
    return scale * q + (scale - splat(1.0f));
}

/// Natural log for positive normal floats (>= FLT_MIN).
inline f32x4 log(f32x4 x) {
    f32x4 e;
    const f32x4 m = detail::split_exponent(x, e);
    const f32x4 lm = detail::log_mantissa(m - splat(1.0f));
    return e * splat(detail::ln2_hi) + (lm + e * splat(detail::ln2_lo));
}

/// log(1 + x) for x > -1, accurate for tiny x: u = fl(1 + x) loses the low bits of x; they are
/// recovered as c = x - (u - 1) (exact, u - 1 is exact) and added back as c / u.
inline f32x4 log1p(f32x4 x) {
    const f32x4 u = splat(1.0f) + x;
    const f32x4 c = (x - (u - splat(1.0f))) / u;
    f32x4 e;
    const f32x4 m = detail::split_exponent(u, e);
    const f32x4 lm = detail::log_mantissa(m - splat(1.0f));
    return e * splat(detail::ln2_hi) + ((lm + c) + e * splat(detail::ln2_lo));
}

/// log(1 + x) for x in [0, 1] only (the softplus tail log1p(e^-|x|) of the logistic losses), as
/// 2 atanh(s) with s = x / (2 + x) <= 1/3: log1p(x) = 2s + s zR(z) = x − s (x − zR(z)), z = s^2 <= 1/9
/// (detail::atanh_series). No exponent split and one division, against log1p's two.
inline f32x4 log1p_unit(f32x4 x) {
    const f32x4 s = x / (splat(2.0f) + x);
    const f32x4 z = s * s;
    return x - s * (x - detail::atanh_series(z));  // 2s = x − s·x: x is exact, so only the small correction rounds
}

/// log(1 + num/den) for num/den in [0, 1], without forming the quotient: s = num / (2 den + num)
/// is the same s as in log1p_unit, and log1p = 2s + s R(z) with the same R. One division for the
/// quotient and the logarithm together (log-cosh's small branch needs log1p of a ratio).
inline f32x4 log1p_unit_ratio(f32x4 num, f32x4 den) {
    const f32x4 s = num / ((den + den) + num);
    const f32x4 z = s * s;
    return (s + s) + s * detail::atanh_series(z);
}

/// tanh(x) = sign(x) · (−expm1(−2|x|)) / (2 + expm1(−2|x|)): no cancellation near 0, and 1
/// exactly once |x| > 9.
inline f32x4 tanh(f32x4 x) {
    const f32x4 em = expm1_nonpositive(splat(-2.0f) * min(abs(x), splat(20.0f)));
    const f32x4 t = -em / (splat(2.0f) + em);
    return copy_sign(t, x);
}

/// 1 / (1 + e^-x), from e = e^-|x| so nothing overflows: 1/(1+e) for x >= 0, e/(1+e) below.
inline f32x4 sigmoid(f32x4 x) {
    const f32x4 e = exp_nonpositive(neg_abs(x));
    const f32x4 s = splat(1.0f) / (splat(1.0f) + e);
    return select(x < splat(0.0f), e * s, s);
}

/// log(1 + e^x) = max(x, 0) + log1p(e^-|x|), finite for every finite x.
inline f32x4 softplus(f32x4 x) { return max(x, splat(0.0f)) + log1p_unit(exp_nonpositive(neg_abs(x))); }

}  // namespace losslab::simd
