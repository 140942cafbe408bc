/**
 * Split conformal and conformalized quantile regression (CQR): a mean model and two quantile
 * models trained on one part of the data, their conformity scores on calibration points, the
 * core's finite-sample threshold, and the calibrated bands' coverage on test points, overall and
 * by x-bin. Also the run shared by the figures that draw it, the repetition over fresh seeds and
 * the law that repetition is held to. No DOM: plain data in, plain data out.
 */
import type { AsyncLossLab, IntervalMetrics } from 'loss-lab';
import { abortError } from '../shared/fit';
import { fitPredict, GRID, heteroscedastic, ordered, type Points } from './fits';

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
