#!/usr/bin/env python3
"""Minimax polynomial coefficients for core/include/losslab/simd/math.hpp (Remez exchange).

Run `python3 scripts/minimax.py`; it prints each polynomial's float coefficients and the
weighted maximum error of the exact (unrounded) polynomial. The kernels' measured errors, with
float coefficients and float arithmetic, are checked by tests/core/simd/test_math.cpp.

Pure Python (double precision is plenty for float coefficients): no numpy needed.

- exp:   e^r = 1 + r + r^2 P(r) on |r| <= ln2/2 (+ a margin for the rounding of the reduction);
         the error is relative to e^r, so the weight of P's error is r^2 / e^r.
- atanh: 2 atanh(s) = 2s + s Q(z), z = s^2, Q(z) = z R(z), on z in [0, z_max]; the error is
         relative to 2 atanh(s), so the weight of R's error is z s / (2 atanh(s)).
"""
import math
import struct


def to_float(v):
    return struct.unpack('f', struct.pack('f', v))[0]


def solve(a, b):
    """Gaussian elimination with partial pivoting (small dense systems)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def horner(c, x):
    acc = 0.0
    for v in reversed(c):
        acc = acc * x + v
    return acc


def remez(target, weight, lo, hi, degree, iterations=30, grid=39999):
    """Coefficients c_0..c_degree of the polynomial minimising max |weight(x) (p(x) - target(x))|."""
    n = degree + 2
    xs = [lo + (hi - lo) * (1 - math.cos(math.pi * i / (n - 1))) / 2 for i in range(n)]
    pts = [lo + (hi - lo) * i / grid for i in range(grid + 1)]
    coeffs, level = None, 0.0
    for _ in range(iterations):
        rows = [[x ** j for j in range(degree + 1)] + [(-1) ** i / weight(x)] for i, x in enumerate(xs)]
        sol = solve(rows, [target(x) for x in xs])
        coeffs, level = sol[:-1], abs(sol[-1])
        err = [weight(x) * (horner(coeffs, x) - target(x)) for x in pts]
        # one extremum per run of equal sign, then keep n alternating ones with the largest errors
        ext, start = [], 0
        for i in range(1, len(pts) + 1):
            if i == len(pts) or (err[i] > 0) != (err[start] > 0):
                best = max(range(start, i), key=lambda k: abs(err[k]))
                ext.append(best)
                start = i
        while len(ext) > n:
            if abs(err[ext[0]]) < abs(err[ext[-1]]):
                ext.pop(0)
            else:
                ext.pop()
        if len(ext) < n:
            break
        xs = [pts[k] for k in ext]
    worst = max(abs(weight(x) * (horner(coeffs, x) - target(x))) for x in pts)
    return coeffs, level, worst


def exp_tail(r):
    """(e^r - 1 - r) / r^2."""
    if abs(r) < 1e-3:
        return sum(r ** k / math.factorial(k + 2) for k in range(8))
    return (math.expm1(r) - r) / (r * r)


def atanh_tail(z):
    """R(z) with 2 atanh(s) = 2s + s z R(z), s = sqrt(z)."""
    if z < 1e-4:
        return sum(2 * z ** k / (2 * k + 3) for k in range(8))
    s = math.sqrt(z)
    return (2 * math.atanh(s) - 2 * s) / (s * z)


def atanh_weight(z):
    if z == 0:
        return 0.0
    s = math.sqrt(z)
    return z * s / (2 * math.atanh(s))


def report(name, coeffs, level, worst):
    floats = [to_float(c) for c in coeffs]
    print(f'{name}: max weighted error {worst:.3e} (levelled {level:.3e}), in float ulp at 1: {worst / 2 ** -24:.3f}')
    for i, f in enumerate(floats):
        print(f'  c{i} = {f!r:>24}f  ({f.hex()})')


def main():
    half_ln2 = math.log(2) / 2 * (1 + 2 ** -20)
    for degree in (4,):
        c, lvl, w = remez(exp_tail, lambda r: r * r / math.exp(r), -half_ln2, half_ln2, degree)
        report(f'exp P degree {degree} (e^r = 1 + r + r^2 P(r), |r| <= ln2/2)', c, lvl, w)
    for z_max, label, degrees in ((1 / 9, 'log1p_unit: s <= 1/3', (3, 4)),
                                  ((3 - 2 * math.sqrt(2)) ** 2, 'log: s <= 3 - 2 sqrt 2', (2, 3))):
        for degree in degrees:
            c, lvl, w = remez(atanh_tail, atanh_weight, 1e-12, z_max, degree)
            report(f'atanh R degree {degree} on z <= {z_max:.5f} ({label})', c, lvl, w)


if __name__ == '__main__':
    main()
