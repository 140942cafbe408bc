/**
 * The smoothed target and the logit gap, read from the core's cross-entropy: the target from its
 * gradient at equal logits, the loss along the gap in one batched call, and the optimal gap as the
 * zero of its gradient. The only arithmetic here is a bisection that only ever asks the core.
 */
import type { AsyncLossLab } from 'loss-lab';

export const CE = 'cross_entropy';

/** One row of logits (g, 0, …, 0): the true class 0 leads the others by the gap g. */
function gapRows(gaps: readonly number[], classes: number): Float64Array {
  const rows = new Float64Array(gaps.length * classes);
  gaps.forEach((g, i) => { rows[i * classes] = g; });
  return rows;
}

/**
 * The smoothed target as the core sees it. For softmax cross-entropy the gradient with respect to
 * the logits is p − y (per sample, sum reduction), and at all-zero logits p is uniform (1/K), so
 * y = 1/K − gradient: this reads the target out of the loss instead of restating the formula.
 */
export async function smoothedTarget(engine: AsyncLossLab, classes: number, epsilon: number): Promise<Float64Array> {
  const { grad } = await engine.loss(CE, new Float64Array(classes), [0], { classes, params: { label_smoothing: epsilon }, reduction: 'sum' });
  return Float64Array.from(grad, (g) => 1 / classes - g);
}

/** ∂loss/∂g for logits (g, 0, …, 0) and true class 0, from the core. */
export async function gapGradient(engine: AsyncLossLab, gap: number, classes: number, epsilon: number): Promise<number> {
  const { grad } = await engine.loss(CE, gapRows([gap], classes), [0], { classes, params: { label_smoothing: epsilon }, reduction: 'sum' });
  return grad[0];
}

/** The loss of logits (g, 0, …, 0) with true class 0 at each g, in one batched core call. */
export async function lossAlongGap(engine: AsyncLossLab, gaps: readonly number[], classes: number, epsilon: number): Promise<Float64Array> {
  const { value } = await engine.loss(CE, gapRows(gaps, classes), new Float64Array(gaps.length), {
    classes, params: { label_smoothing: epsilon }, reduction: 'none',
  });
  return value as Float64Array;
}

export interface GapResult {
  /** The root of the core's gradient, or null when the gradient never reaches zero (ε = 0). */
  gap: number | null;
  /** log((1 − ε + ε/K)/(ε/K)), the textbook closed form, checked against the core. */
  closedForm: number | null;
  /** The core's gradient at the closed form (≈ 0 when the formula and the core agree). */
  gradientAtClosedForm: number | null;
  /** The core's gradient at a few large gaps: all negative means "push further, forever". */
  probes: Array<{ gap: number; gradient: number }>;
}

/**
 * The logit gap that minimises the loss of one example, found as the zero of the core's
 * gradient: the gradient is p₀ − y₀, which increases with g, so a bracket plus bisection finds it.
 * With hard labels (ε = 0) the gradient stays below zero for every representable gap, so the
 * search reports "unbounded" instead of a number (it stops before e^{-g} underflows to 0).
 */
export async function optimalGap(engine: AsyncLossLab, classes: number, epsilon: number, signal?: AbortSignal): Promise<GapResult> {
  const f = (g: number) => {
    if (signal?.aborted) throw abortError();
    return gapGradient(engine, g, classes, epsilon);
  };
  const probes = await Promise.all([5, 10, 20, 40].map(async (g) => ({ gap: g, gradient: await f(g) })));
  let lo = 0, hi = 1;
  if (await f(lo) >= 0) return { gap: 0, closedForm: null, gradientAtClosedForm: null, probes };
  // 512 is far past any useful logit (e^-512 ≈ 1e-222) and still well before e^-g underflows
  // to 0 near 745, where the gradient would read 0 for the wrong reason.
  while (hi < 512 && await f(hi) < 0) { lo = hi; hi *= 2; }
  let gap: number | null = null;
  if (await f(hi) >= 0) {
    for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
      const mid = (lo + hi) / 2;
      if (await f(mid) < 0) lo = mid;
      else hi = mid;
    }
    gap = (lo + hi) / 2;
  }
  const closedForm = epsilon > 0 ? Math.log((1 - epsilon + epsilon / classes) / (epsilon / classes)) : null;
  return { gap, closedForm, gradientAtClosedForm: closedForm === null ? null : await f(closedForm), probes };
}

/** The error a cancelled computation throws (the framework ignores it). */
export function abortError(): Error {
  const error = new Error('the computation was cancelled');
  error.name = 'AbortError';
  return error;
}
