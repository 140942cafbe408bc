/**
 * The engine work behind the quantile band and the Tweedie comparison, shared by their figures
 * and by the questions that ask about them. No DOM: plain data in, plain data out.
 */
import type { AsyncLossLab } from 'loss-lab';
import { makeDataset, type Dataset } from '../shared/data';
import { fitLine, predict, type LineFit } from '../shared/fit';
import { wilson } from '../shared/stats';

export interface Band {
  /** The core's heteroscedastic data (symmetric noise, sd 0.5·(1 + x)), split in two halves. */
  data: Dataset;
  q10: LineFit;
  q50: LineFit;
  q90: LineFit;
  mse: LineFit;
  /** Training points between the τ = 0.1 and τ = 0.9 lines, out of trainTotal. */
  inside: number;
  trainTotal: number;
  /** Held-out points between them, out of total, and a 95% Wilson interval for the share. */
  heldInside: number;
  total: number;
  interval: [number, number];
  /** The same draws with skewed noise σ(x)·(e^z − 1): its mean and median lines. */
  skewed: { y: Float64Array; mse: LineFit; q50: LineFit };
  /** The same band fitted on only SMALL_N points, over SMALL_SEEDS seeds (filled in second). */
  small?: SmallSample;
}

export interface SmallSample { n: number; seeds: number; heldMean: number; heldSe: number; trainMean: number }
export const SMALL_N = 10;
export const SMALL_SEEDS = 16;

/**
 * Held-out coverage of the τ = 0.1 to 0.9 band fitted on only n points (scored on 9n fresh
 * ones), averaged over seeds seed·100 + 1 … seed·100 + seeds, with the standard error of that mean.
 */
export async function smallSampleCoverage(engine: AsyncLossLab, seed: number, n = SMALL_N, seeds = SMALL_SEEDS, signal?: AbortSignal): Promise<SmallSample> {
  const held: number[] = [], train: number[] = [];
  for (let k = 1; k <= seeds; k++) {
    const d = await makeDataset(engine, 'heteroscedastic', { n: 10 * n, seed: seed * 100 + k, validation: 0.9 });
    const [lo, hi] = await Promise.all([0.1, 0.9].map((tau) => fitLine(engine, { loss: 'quantile', params: { tau }, x: d.x, y: d.y }, signal)));
    held.push(between(lo, hi, d.xVal, d.yVal) / d.yVal.length);
    train.push(between(lo, hi, d.x, d.y) / d.y.length);
  }
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const m = mean(held);
  const sd = Math.sqrt(held.reduce((s, v) => s + (v - m) ** 2, 0) / Math.max(1, held.length - 1));
  return { n, seeds, heldMean: m, heldSe: sd / Math.sqrt(held.length), trainMean: mean(train) };
}

/** The 95% Wilson score interval of a share k/n (one copy, in lessons/shared/stats). */
export { wilson };

/** The heteroscedastic data's noise sd at x (the core's defaults: noise 0.5, heteroscedastic 1). */
export const noiseSd = (x: number): number => 0.5 * (1 + Math.abs(x));

/**
 * Skewed noise from the same seeded draws: each point's standard normal z = (y − 3x)/σ(x)
 * becomes σ(x)·(e^z − 1), lognormal noise with median 0 and mean σ(x)·(e^{1/2} − 1). So the
 * median line stays y = 3x while the mean line is y = 3x + 0.6487·0.5·(1 + x): slope 3.324,
 * intercept 0.324.
 */
export function skewNoise(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  return Float64Array.from(y, (v, i) => {
    const sd = noiseSd(x[i]);
    return 3 * x[i] + sd * Math.expm1((v - 3 * x[i]) / sd);
  });
}
export const SKEW_MEAN_SHIFT = Math.sqrt(Math.E) - 1;

/** Points of (x, y) between two lines. */
export function between(lo: LineFit, hi: LineFit, x: ArrayLike<number>, y: ArrayLike<number>): number {
  const a = predict(lo, x), b = predict(hi, x);
  let inside = 0;
  for (let i = 0; i < y.length; i++) if (y[i] >= a[i] && y[i] <= b[i]) inside++;
  return inside;
}

/**
 * Three quantile lines and an MSE line fitted on one half of 600 heteroscedastic points, their
 * band's coverage on that half and on the held-out half; and mean and median lines on the same
 * training x with skewed noise.
 */
export async function quantileBand(engine: AsyncLossLab, seed: number, signal?: AbortSignal): Promise<Band> {
  const data = await makeDataset(engine, 'heteroscedastic', { n: 600, seed, validation: 0.5 });
  const fit = (loss: string, params?: Record<string, number>, y: Float64Array = data.y) => fitLine(engine, { loss, params, x: data.x, y }, signal);
  const skewY = skewNoise(data.x, data.y);
  const [q10, q50, q90, mse, skewMse, skewQ50] = await Promise.all([fit('quantile', { tau: 0.1 }), fit('quantile', { tau: 0.5 }), fit('quantile', { tau: 0.9 }), fit('mse'),
    fit('mse', undefined, skewY), fit('quantile', { tau: 0.5 }, skewY)]);
  const heldInside = between(q10, q90, data.xVal, data.yVal);
  return {
    data, q10, q50, q90, mse, inside: between(q10, q90, data.x, data.y), trainTotal: data.y.length,
    heldInside, total: data.yVal.length, interval: wilson(heldInside, data.yVal.length),
    skewed: { y: skewY, mse: skewMse, q50: skewQ50 },
  };
}

export const zeroInflated = (engine: AsyncLossLab, seed: number): Promise<Dataset> => makeDataset(engine, 'zero_inflated', { n: 1000, seed, validation: 0.3 });

export type TweedieModel = 'squared' | 'absolute' | number;

/**
 * The zero-inflated data's Tweedie power at each x: compound Poisson–Gamma with shape α = 2 gives
 * (α + 2)/(α + 1). Its claim size is fixed, so across x the variance is 3μ (the p = 1 weighting).
 */
export const TRUE_POWER = 4 / 3;

/** A log-link model trained with squared error ('squared'), absolute error ('absolute') or Tweedie deviance of power p. */
export function tweedieFit(engine: AsyncLossLab, data: Dataset, which: TweedieModel, signal?: AbortSignal): Promise<LineFit> {
  return which === 'squared' || which === 'absolute'
    ? fitLine(engine, { loss: which === 'squared' ? 'mse' : 'mae', x: data.x, y: data.y, logLink: true }, signal)
    : fitLine(engine, { loss: 'tweedie_log', params: { power: which }, x: data.x, y: data.y, logLink: true }, signal);
}

/** Held-out scores of a log-link model: MAE, mean Tweedie deviance at the power 4/3, and Σμ/Σy. */
export async function heldOutScores(engine: AsyncLossLab, data: Dataset, fit: LineFit): Promise<{ mae: number; deviance: number; totalRatio: number; absErrors: Float64Array }> {
  const mu = predict(fit, data.xVal, true);
  const absErrors = Float64Array.from(mu, (m, i) => Math.abs(data.yVal[i] - m));
  let sumMu = 0, sumY = 0;
  for (let i = 0; i < mu.length; i++) { sumMu += mu[i]; sumY += data.yVal[i]; }
  const [mae, deviance] = await Promise.all([engine.loss('mae', mu, data.yVal), engine.loss('tweedie', Float64Array.from(mu), data.yVal, { params: { power: TRUE_POWER } })]);
  return { mae: mae.value as number, deviance: deviance.value as number, totalRatio: sumY > 0 ? sumMu / sumY : 0, absErrors };
}

/** Mean and standard error of the paired difference a − b (the same held-out points scored twice). */
export function pairedDifference(a: ArrayLike<number>, b: ArrayLike<number>): { mean: number; se: number } {
  const n = a.length;
  if (n < 2) return { mean: 0, se: 0 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += a[i] - b[i];
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (a[i] - b[i] - mean) ** 2;
  return { mean, se: Math.sqrt(v / (n - 1) / n) };
}

/**
 * The weight Tweedie puts on a point against squared error, from the core's gradients in μ:
 * d/dμ of the deviance is 2μ^(−p)(μ − y), of (μ − y)² it is 2(μ − y), so the ratio is μ^(−p).
 */
export async function tweedieWeight(engine: AsyncLossLab, mu: number, y: number, power: number): Promise<{ tweedie: number; squared: number; ratio: number; formula: number }> {
  const [t, q] = await Promise.all([engine.loss('tweedie', [mu], [y], { params: { power } }), engine.loss('mse', [mu], [y])]);
  const tweedie = t.grad[0], squared = q.grad[0];
  return { tweedie, squared, ratio: tweedie / squared, formula: mu ** -power };
}

export const LEVERAGE_X = [6, 25, 50, 100, 125, 150, 175, 200] as const;
export const LEVERAGE_LOSSES = ['mse', 'mae', 'huber'] as const;

/**
 * Breakdown under leverage: the slope of each loss after one added point at (X, 0). The bound:
 * at the fit, Σψᵢ(xᵢ − c) = 0 for every c; if the added point's residual were outside the
 * capped zone its pull would be ±cap, and the others can answer its torque cap·|X − c| with at
 * most cap·Σ|xᵢ − c| (smallest at c = their median). Past X = c + Σ|xᵢ − c| no balance is left:
 * the MAE line must pass through the point (Huber's within δ of it), and the slope collapses.
 */
export function leverageLimit(x: ArrayLike<number>): { median: number; lever: number } {
  const sorted = Array.from(x).sort((a, b) => a - b);
  const m = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  return { median, lever: sorted.reduce((s, v) => s + Math.abs(v - median), 0) };
}

/** Mean absolute error of a log-link model's predictions μ = e^{a x + b} on the held-out points. */
export async function heldOutMae(engine: AsyncLossLab, data: Dataset, fit: LineFit): Promise<number> {
  return (await engine.loss('mae', predict(fit, data.xVal, true), data.yVal)).value as number;
}
