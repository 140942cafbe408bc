/**
 * Quantile-regression bands, in-sample against held-out: the α/2 and 1 − α/2 quantile models
 * fitted on a few training points, the share of those points inside their band and of fresh
 * points inside it, for the seed drawn and over QR_SEEDS more seeds. The quantile loss holds
 * the in-sample share near 1 − α whatever the model; nothing holds the held-out one. No DOM.
 */
import type { AsyncLossLab, IntervalMetrics } from 'loss-lab';
import type { ModelChoice } from './params';
import { fitPredict, GRID, heteroscedastic, ordered, type Points } from './fits';

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
