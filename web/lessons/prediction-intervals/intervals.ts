/**
 * The engine work behind the lesson's figures and questions: seeded heteroscedastic data, quantile
 * and mean models trained by the core, conformity scores, conformal thresholds and interval
 * metrics from the core. No DOM: plain data in, plain data out.
 *
 * The data are the core's `heteroscedastic` set: x uniform on [0, 5], y = 3x + 0.5·(1 + x)·z with
 * z standard normal, so the true conditional quantiles are 3x ± z_τ·0.5·(1 + x): straight lines,
 * and a linear quantile model is correctly specified.
 */
import { transfer, type AsyncLossLab, type IntervalMetrics, type SessionOptions } from 'loss-lab';
import type { ModelChoice } from './params';
import { fmt } from '../../ui/dom';
import { intervalColumns, intervalModel, type IntervalModel } from '../shared/code-conformal';

export { meanInterval, wilson } from '../shared/stats';

/** A share as a percentage with one decimal. */
export const pct = (v: number): string => `${fmt(100 * v, 1)}%`;

export const X_RANGE = [0, 5] as const;
/** Points on which the bands are drawn. */
export const GRID = Float64Array.from({ length: 51 }, (_, i) => (5 * i) / 50);

/** 1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, 21st … */
export function ordinal(k: number): string {
  const tens = k % 100, ones = k % 10;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ones === 1 ? 'st' : ones === 2 ? 'nd' : ones === 3 ? 'rd' : 'th';
  return `${k}${suffix}`;
}

export function abortError(): Error {
  return Object.assign(new Error('the computation was cancelled'), { name: 'AbortError' });
}

function meanSd(v: ArrayLike<number>): { mean: number; sd: number } {
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i];
  mean /= Math.max(1, v.length);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] - mean) ** 2;
  const sd = Math.sqrt(s / Math.max(1, v.length));
  return { mean, sd: sd > 1e-12 ? sd : 1 };
}

/** Steps of every fit: full-batch Adam with a cosine decay to zero, from the same start (seed 0). */
export const STEPS = { linear: 1000, mlp: 2000 } as const;

export interface FitSpec {
  model: ModelChoice;
  /** 'mse' for the mean model, 'quantile' with tau for a quantile model */
  loss: 'mse' | 'quantile';
  tau?: number;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** The x at which to predict, each array returned in the same order. */
  at: ReadonlyArray<ArrayLike<number>>;
}

/** The core session of one fit, on standardised x (z) and y (v): the models move `z` and `v` to the engine. */
export function fitOptions(spec: Pick<FitSpec, 'model' | 'loss' | 'tau'>, z: Float64Array, v: Float64Array): SessionOptions {
  const steps = STEPS[spec.model];
  return {
    model: spec.model === 'mlp' ? { name: 'mlp', hidden: [16], activation: 'tanh', task: 'regression' } : 'linear',
    loss: spec.loss,
    lossParams: spec.loss === 'quantile' ? { tau: spec.tau ?? 0.5 } : undefined,
    optimizer: 'adam',
    params: { lr: spec.model === 'mlp' ? 0.02 : 0.2 },
    schedule: { name: 'cosine', T_max: steps, eta_min: 0 },
    epochs: steps,
    seed: 0,
    data: { x: transfer(z), y: transfer(v) },
  };
}

/**
 * Trains one model in the core on standardised x and y (the pinball loss is scale-equivariant,
 * ρ_τ(s·r) = s·ρ_τ(r) for s > 0, so the τ-quantile of y is mean + sd × the τ-quantile of the
 * standardised y) and returns its predictions at each array of `at`, from the core's predict.
 */
export async function fitPredict(engine: AsyncLossLab, spec: FitSpec, signal?: AbortSignal): Promise<Float64Array[]> {
  if (signal?.aborted) throw abortError();
  const sx = meanSd(spec.x), sy = meanSd(spec.y);
  const z = Float64Array.from(spec.x, (v) => (v - sx.mean) / sx.sd);
  const v = Float64Array.from(spec.y, (u) => (u - sy.mean) / sy.sd);
  const steps = STEPS[spec.model];
  const session = await engine.session(fitOptions(spec, z, v));
  try {
    await session.run(steps, { chunk: steps, signal });
    const total = spec.at.reduce((n, a) => n + a.length, 0);
    const all = new Float64Array(total);
    let offset = 0;
    for (const a of spec.at) for (let i = 0; i < a.length; i++) all[offset++] = (a[i] - sx.mean) / sx.sd;
    const pred = await session.predict(transfer(all));
    const out: Float64Array[] = [];
    offset = 0;
    for (const a of spec.at) {
      out.push(Float64Array.from(pred.subarray(offset, offset + a.length), (p) => sy.mean + sy.sd * p));
      offset += a.length;
    }
    return out;
  } finally {
    await session.free();
  }
}

/**
 * Two quantile curves may cross where data are thin; an interval needs lower ≤ upper, so each
 * pair is put in order (the rearrangement of Chernozhukov, Fernández-Val & Galichon 2010, which
 * for two curves is a swap). Returns how many pairs were swapped.
 */
export function ordered(lower: Float64Array, upper: Float64Array): number {
  let swapped = 0;
  for (let i = 0; i < lower.length; i++) {
    if (lower[i] > upper[i]) {
      [lower[i], upper[i]] = [upper[i], lower[i]];
      swapped++;
    }
  }
  return swapped;
}

export interface Points {
  x: Float64Array;
  y: Float64Array;
}

/** `n` points of the core's heteroscedastic data, split in consecutive parts of the given sizes. */
export async function heteroscedastic(engine: AsyncLossLab, seed: number, sizes: readonly number[]): Promise<Points[]> {
  const n = sizes.reduce((s, k) => s + k, 0);
  const d = await engine.dataset('heteroscedastic', { n, seed });
  const x = Float64Array.from(d.x), y = Float64Array.from(d.y);
  const parts: Points[] = [];
  let start = 0;
  for (const k of sizes) {
    parts.push({ x: x.slice(start, start + k), y: y.slice(start, start + k) });
    start += k;
  }
  return parts;
}


// ---------------------------------------------------------------------------------------------
// Quantile-regression bands: in-sample against held-out coverage

/** Held-out points per seed, and seeds over which the coverages are averaged. */
export const QR_HELD = 1000;
export const QR_SEEDS = 30;

export interface QrSeed {
  train: Points;
  held: Points;
  lower: Float64Array;
  upper: Float64Array;
  /** the band at the training points (in-sample coverage is counted on these) */
  trainLower: Float64Array;
  trainUpper: Float64Array;
  /** the band on GRID */
  gridLower: Float64Array;
  gridUpper: Float64Array;
  inSample: IntervalMetrics;
  heldOut: IntervalMetrics;
  swapped: number;
}

/** The τ = α/2 and 1 − α/2 quantile models fitted on `ntrain` points, scored on them and on QR_HELD fresh ones. */
export async function quantileBand(engine: AsyncLossLab, s: { alpha: number; model: ModelChoice; ntrain: number }, seed: number, signal?: AbortSignal): Promise<QrSeed> {
  const [train, held] = await heteroscedastic(engine, seed, [s.ntrain, QR_HELD]);
  const at = [train.x, held.x, GRID];
  const [lo, hi] = await Promise.all([s.alpha / 2, 1 - s.alpha / 2].map((tau) => fitPredict(engine, { model: s.model, loss: 'quantile', tau, x: train.x, y: train.y, at }, signal)));
  const swapped = ordered(lo[0], hi[0]) + ordered(lo[1], hi[1]) + ordered(lo[2], hi[2]);
  const [inSample, heldOut] = await Promise.all([
    engine.metrics.interval(lo[0], hi[0], train.y, s.alpha),
    engine.metrics.interval(lo[1], hi[1], held.y, s.alpha),
  ]);
  return { train, held, lower: lo[1], upper: hi[1], trainLower: lo[0], trainUpper: hi[0], gridLower: lo[2], gridUpper: hi[2], inSample, heldOut, swapped };
}

export interface QrSummary {
  shown: QrSeed;
  inSample: number[];
  heldOut: number[];
}

/** The band of `seed` (drawn), then the coverages over seeds seed·1000 + 1 … + QR_SEEDS. */
export async function quantileBands(engine: AsyncLossLab, s: { alpha: number; model: ModelChoice; ntrain: number; seed: number }, signal?: AbortSignal,
  onSeed?: (summary: QrSummary, done: number) => void): Promise<QrSummary> {
  const shown = await quantileBand(engine, s, s.seed, signal);
  const summary: QrSummary = { shown, inSample: [], heldOut: [] };
  for (let k = 1; k <= QR_SEEDS; k++) {
    const r = await quantileBand(engine, s, s.seed * 1000 + k, signal);
    summary.inSample.push(r.inSample.coverage);
    summary.heldOut.push(r.heldOut.coverage);
    onSeed?.({ ...summary, inSample: [...summary.inSample], heldOut: [...summary.heldOut] }, k);
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------
// Split conformal and CQR

/** Sizes of the proper training set and of the test set of the conformal figures. */
export const CONF_TRAIN = 200;
export const CONF_TEST = 1000;
/** The x-bins of the conditional-coverage figure: [0, 1), [1, 2), … [4, 5]. */
export const BINS = 5;

export interface Method {
  /** the calibration scores, in calibration order */
  scores: Float64Array;
  threshold: number | null;
  rank: number;
  infinite: boolean;
  expectedCoverage: number;
  /** the band on the test points and on GRID */
  lower: Float64Array;
  upper: Float64Array;
  gridLower: Float64Array;
  gridUpper: Float64Array;
  test: IntervalMetrics;
  /** coverage on the test points of each x-bin */
  bins: IntervalMetrics[];
}

export interface ConformalRun {
  test: Points;
  calibration: Points;
  split: Method;
  cqr: Method;
  /** the quantile band before conformal calibration, on the test points */
  raw: IntervalMetrics;
  rawBins: IntervalMetrics[];
  /** test points in each x-bin */
  binCounts: number[];
  swapped: number;
}

const binOf = (x: number) => Math.min(BINS - 1, Math.max(0, Math.floor(x)));

async function byBin(engine: AsyncLossLab, x: Float64Array, lower: Float64Array, upper: Float64Array, y: Float64Array, alpha: number): Promise<IntervalMetrics[]> {
  const idx: number[][] = Array.from({ length: BINS }, () => []);
  x.forEach((v, i) => idx[binOf(v)].push(i));
  const pick = (a: Float64Array, ii: number[]) => Float64Array.from(ii, (i) => a[i]);
  return Promise.all(idx.map((ii) => engine.metrics.interval(pick(lower, ii), pick(upper, ii), pick(y, ii), alpha)));
}

/** +∞ threshold: the whole line. The bands use ±1e6 for drawing and scoring; the figure says "infinite". */
const WHOLE_LINE = 1e6;

async function method(engine: AsyncLossLab, alpha: number, test: Points, scores: Float64Array, lower: Float64Array[], upper: Float64Array[]): Promise<Method> {
  const t = await engine.metrics.conformal(scores, alpha);
  const q = t.threshold ?? WHOLE_LINE;
  const widen = (a: Float64Array, sign: number) => a.map((v) => v + sign * q);
  const [lo, hi, gLo, gHi] = [widen(lower[0], -1), widen(upper[0], 1), widen(lower[1], -1), widen(upper[1], 1)];
  // CQR with a negative threshold shrinks the band; where it would cross, it is empty at that x:
  // counted as an interval of width 0 at its midpoint (it covers nothing but a tie).
  for (const [a, b] of [[lo, hi], [gLo, gHi]]) for (let i = 0; i < a.length; i++) if (a[i] > b[i]) a[i] = b[i] = (a[i] + b[i]) / 2;
  const [m, bins] = await Promise.all([engine.metrics.interval(lo, hi, test.y, alpha), byBin(engine, test.x, lo, hi, test.y, alpha)]);
  return { scores, threshold: t.threshold, rank: t.rank, infinite: t.infinite, expectedCoverage: t.expectedCoverage, lower: lo, upper: hi, gridLower: gLo, gridUpper: gHi, test: m, bins };
}

/**
 * One split: CONF_TEST test points, CONF_TRAIN training points and `ncal` calibration points, in
 * that order in the seeded stream (so the test and training points stay the same when only the
 * calibration size changes). Linear models: a mean (MSE) model for split conformal, the α/2 and
 * 1 − α/2 quantile models for CQR.
 */
export async function conformalRun(engine: AsyncLossLab, s: { alpha: number; ncal: number }, seed: number, signal?: AbortSignal): Promise<ConformalRun> {
  const [test, train, calibration] = await heteroscedastic(engine, seed, [CONF_TEST, CONF_TRAIN, s.ncal]);
  const at = [calibration.x, test.x, GRID];
  const fit = (loss: 'mse' | 'quantile', tau?: number) => fitPredict(engine, { model: 'linear', loss, tau, x: train.x, y: train.y, at }, signal);
  const [mean, lo, hi] = await Promise.all([fit('mse'), fit('quantile', s.alpha / 2), fit('quantile', 1 - s.alpha / 2)]);
  const swapped = ordered(lo[0], hi[0]) + ordered(lo[1], hi[1]) + ordered(lo[2], hi[2]);
  const [residual, cqrScores] = await Promise.all([
    engine.metrics.residualScores(mean[0], calibration.y),
    engine.metrics.cqrScores(lo[0], hi[0], calibration.y),
  ]);
  const [split, cqr, raw, rawBins] = await Promise.all([
    method(engine, s.alpha, test, residual, [mean[1], mean[2]], [mean[1], mean[2]]),
    method(engine, s.alpha, test, cqrScores, [lo[1], lo[2]], [hi[1], hi[2]]),
    engine.metrics.interval(lo[1], hi[1], test.y, s.alpha),
    byBin(engine, test.x, lo[1], hi[1], test.y, s.alpha),
  ]);
  const binCounts = new Array<number>(BINS).fill(0);
  for (const x of test.x) binCounts[binOf(x)]++;
  return { test, calibration, split, cqr, raw, rawBins, binCounts, swapped };
}

/**
 * The last conformal run per engine, shared by the figures that show it (the conformal bands and
 * coverage by x-bin have the same deps): one set of fits per change of α, n or the seed instead
 * of one per figure. A caller whose own signal is live never receives another caller's abort.
 */
const lastRun = new WeakMap<AsyncLossLab, { key: string; run: Promise<ConformalRun> }>();

export async function sharedConformalRun(engine: AsyncLossLab, s: { alpha: number; ncal: number }, seed: number, signal?: AbortSignal): Promise<ConformalRun> {
  const key = `${s.alpha}:${s.ncal}:${seed}`;
  let cached = lastRun.get(engine);
  if (cached?.key !== key) {
    cached = { key, run: conformalRun(engine, s, seed, signal) };
    lastRun.set(engine, cached);
  }
  const mine = cached;
  try {
    const run = await mine.run;
    if (signal?.aborted) throw abortError();
    return run;
  } catch (error) {
    if (lastRun.get(engine) === mine) lastRun.delete(engine);
    if ((error as Error)?.name === 'AbortError' && !signal?.aborted) return sharedConformalRun(engine, s, seed, signal);
    throw error;
  }
}

export const REPEAT_SEEDS = 50;


export interface Repeat {
  /** the core's conformal rank k (the same for every seed: it depends on n and α only) */
  rank: number;
  split: number[];
  cqr: number[];
  splitWidth: number[];
  cqrWidth: number[];
}

/** Held-out coverage of both methods over seeds seed·1000 + 1 … + REPEAT_SEEDS (fresh data each). */
export async function repeatSeeds(engine: AsyncLossLab, s: { alpha: number; ncal: number; seed: number }, signal?: AbortSignal, onSeed?: (r: Repeat, done: number) => void): Promise<Repeat> {
  const r: Repeat = { rank: 0, split: [], cqr: [], splitWidth: [], cqrWidth: [] };
  for (let k = 1; k <= REPEAT_SEEDS; k++) {
    const run = await conformalRun(engine, s, s.seed * 1000 + k, signal);
    r.rank = run.cqr.rank;
    r.split.push(run.split.test.coverage);
    r.cqr.push(run.cqr.test.coverage);
    r.splitWidth.push(run.split.test.meanWidth);
    r.cqrWidth.push(run.cqr.test.meanWidth);
    onSeed?.({ rank: r.rank, split: [...r.split], cqr: [...r.cqr], splitWidth: [...r.splitWidth], cqrWidth: [...r.cqrWidth] }, k);
  }
  return r;
}

/**
 * What split conformal promises for the mean of REPEAT_SEEDS coverages, each measured on m test
 * points. Given the calibration scores, a new point is covered with probability C; over
 * calibration sets, C ~ Beta(k, n + 1 − k) for continuous exchangeable scores (Vovk 2012; Angelopoulos
 * & Bates 2021, §3), so E C = k/(n + 1) and Var C = k(n + 1 − k) / ((n + 1)²(n + 2)). A coverage
 * measured on m points adds the binomial E[C(1 − C)]/m. The mean of S seeds has a 1/S variance.
 */
export function coverageLaw(n: number, rank: number, m: number, seeds: number): { mean: number; sdOne: number; sdMean: number } {
  if (rank > n) return { mean: 1, sdOne: 0, sdMean: 0 };
  const a = rank, b = n + 1 - rank, N = n + 1;
  const mean = a / N;
  const varC = (a * b) / (N * N * (N + 1));
  const eCC = mean - (varC + mean * mean); // E[C(1 − C)] = E C − E C²
  const sdOne = Math.sqrt(varC + eCC / m);
  return { mean, sdOne, sdMean: sdOne / Math.sqrt(seeds) };
}

// ---------------------------------------------------------------------------------------------
// "Copy as code"

/** How every fit of a figure trains (the core's session options and its seeded start), read with one data set's training points. */
export function codeModel(engine: AsyncLossLab, model: ModelChoice, train: Points): Promise<IntervalModel> {
  const sx = meanSd(train.x), sy = meanSd(train.y);
  const z = Float64Array.from(train.x, (v) => (v - sx.mean) / sx.sd), v = Float64Array.from(train.y, (u) => (u - sy.mean) / sy.sd);
  return intervalModel(engine, fitOptions({ model, loss: 'quantile', tau: 0.5 }, z, v), STEPS[model]);
}

/**
 * The data sets of `seeds` as the figures draw them, in the scripts' role order (0 training,
 * 1 held-out or calibration, 2 test), and the model their fits train.
 */
export async function codeData(engine: AsyncLossLab, s: { method: 'quantile-band'; model: ModelChoice; ntrain: number } | { method: 'conformal'; ncal: number }, seeds: number[]):
  Promise<{ columns: Record<string, Float64Array>; model: IntervalModel }> {
  const sets = await Promise.all(seeds.map(async (seed) => {
    if (s.method === 'quantile-band') return { seed, parts: await heteroscedastic(engine, seed, [s.ntrain, QR_HELD]) };
    const [test, train, calibration] = await heteroscedastic(engine, seed, [CONF_TEST, CONF_TRAIN, s.ncal]);
    return { seed, parts: [train, calibration, test] };
  }));
  // The conformal figures' models are always lines.
  return { columns: intervalColumns(sets), model: await codeModel(engine, s.method === 'quantile-band' ? s.model : 'linear', sets[0].parts[0]) };
}

/** The data note of the scripts. */
export const CODE_DATA_NOTE = 'The lab\'s seeded heteroscedastic data (x uniform on [0, 5], y = 3x + 0.5 (1 + x) z, z standard normal), one data set per data_seed; role 0: training, 1: held-out or calibration, 2: test';
