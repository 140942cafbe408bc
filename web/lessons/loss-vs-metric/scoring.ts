/**
 * Expected loss of one example whose label is 1 with probability q, as a function of the
 * predicted probability p: E(p) = q·ℓ(p, 1) + (1 − q)·ℓ(p, 0), from the core's per-sample
 * values and gradients. No DOM, so Vitest runs it as the page does.
 */
import type { AsyncLossLab } from 'loss-lab';

/** p = 0, 0.001, …, 1: the minimiser of a proper rule is found to within 0.0005. */
export const P_GRID = Float64Array.from({ length: 1001 }, (_, i) => i / 1000);
const ONES = new Float64Array(P_GRID.length).fill(1);
const ZEROS = new Float64Array(P_GRID.length);

export interface ExpectedCurve {
  value: Float64Array;
  /** dE/dp at each p */
  grad: Float64Array;
  argmin: number;
  min: number;
  /** dE/dp at p = 0.5 (constant in p for the linear loss) */
  slope: number;
}

export async function expectedLoss(engine: AsyncLossLab, loss: 'bce' | 'brier' | 'asymmetric', q: number, params?: Record<string, number>): Promise<ExpectedCurve> {
  const options = { reduction: 'none' as const, ...(params ? { params } : {}) };
  const [one, zero] = await Promise.all([engine.loss(loss, P_GRID, ONES, options), engine.loss(loss, P_GRID, ZEROS, options)]);
  const v1 = one.value as Float64Array, v0 = zero.value as Float64Array;
  const value = P_GRID.map((_, i) => q * v1[i] + (1 - q) * v0[i]);
  const grad = P_GRID.map((_, i) => q * one.grad[i] + (1 - q) * zero.grad[i]);
  let best = 0;
  for (let i = 1; i < value.length; i++) if (value[i] < value[best]) best = i;
  return { value, grad, argmin: P_GRID[best], min: value[best], slope: grad[500] };
}

/** An axis top rounded up to 1, 2 or 5 × 10^k, so that it rarely changes while a slider moves (a change re-renders the chart). */
export function niceTop(v: number): number {
  const base = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * base >= v * (1 - 1e-12)) ?? 10) * base;
}
