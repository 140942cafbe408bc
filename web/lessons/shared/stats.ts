/**
 * Small statistics shared by lessons' readouts: intervals for a share and for a mean. Pure
 * functions, no engine: they summarise numbers the core computed.
 */

/** The 95% Wilson score interval of a share k/n (a binomial proportion). */
export function wilson(k: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n, d = 1 + (z * z) / n, c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

/** Mean of a list and its 95% t-interval (normal quantile 1.96 for 30 or more values). */
export function meanInterval(values: readonly number[]): { mean: number; low: number; high: number; se: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, n);
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const se = sd / Math.sqrt(Math.max(1, n));
  const t = n >= 30 ? 1.96 : n >= 20 ? 2.09 : n >= 10 ? 2.26 : 2.78;
  return { mean, low: mean - t * se, high: mean + t * se, se };
}
