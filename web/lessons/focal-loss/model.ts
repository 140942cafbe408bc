/**
 * The focal-loss lesson's experiments, free of the DOM so Vitest can run them under Node exactly
 * as the page does: the data, the two sessions' options (identical but for the loss), the focal
 * parameters in torchvision's convention and the weight ratio read off the core's own losses.
 * Every function takes the asynchronous engine (the worker on the page, `inProcess` in Node).
 */
import type { AsyncLossLab, AsyncSession, Dataset, SessionOptions } from 'loss-lab';
import { alternateHalves, ownData, ownDataNote } from '../shared/own-data';
import { MAX_STEPS } from './params';

export type Side = 'bce' | 'focal';
export const SIDES: readonly Side[] = ['bce', 'focal'];
export const SIDE_LABELS: Record<Side, string> = { bce: 'BCE', focal: 'Focal' };

/**
 * Data: two Gaussian clouds 2.5 apart on the first axis; half of the points held out. 20,000
 * points give about 100 rare points in each half at 1:100, so a held-out recall has a standard
 * error near 0.05 rather than the 0.12 of 16 rare points (and moves in steps of 1/100, not 1/16).
 */
export const DATA_POINTS = 20000;
export const SEPARATION = 2.5;
export const LEARNING_RATE = 0.05;
export const PRIOR_STEPS = 60;

export interface LessonState {
  seed: number;
  ratio: number;
  noise: number;
  model: 'logistic' | 'mlp';
  gamma: number;
  alpha: number;
  weighting: boolean;
  prior: boolean;
  pt: number;
  /** The frame the training playback shows (a local value, not in the URL). */
  trainFrame: number;
  /** 'local' while the learner's own CSV is in use (a link then says so; it never carries the data). */
  data: 'lab' | 'local';
  /** The id of the learner's own dataset (shared/own-data.ts), or null for the lab's clouds. A local value. */
  owndata: string | null;
}

/** The state keys the two trained models depend on. */
export const TRAINING_KEYS = ['seed', 'ratio', 'noise', 'model', 'gamma', 'alpha', 'weighting', 'prior', 'owndata'] as const;

/** The focal parameters as the core takes them: α < 0 turns the class weighting off (torchvision). */
export function focalParams(s: Pick<LessonState, 'gamma' | 'alpha' | 'weighting'>): Record<string, number> {
  return { gamma: s.gamma, alpha: s.weighting ? s.alpha : -1 };
}

/** The logit whose sigmoid is p (the marker and the curves are evaluated at logits). */
export const logit = (p: number) => Math.log(p / (1 - p));

/**
 * How many times less an example with probability p_t of its true class weighs under focal
 * (without α) than under cross-entropy: the ratio of the two losses the core computes, and the
 * ratio of their gradients with respect to the logit, which is what training follows. The loss
 * ratio is (1 − p_t)^−γ; the gradient ratio is smaller (stats.ts focalGradientFactor): at
 * p_t = 0.9, γ = 2 the loss is 100× smaller but the gradient only 34.5× smaller.
 */
export async function weightRatio(engine: AsyncLossLab, pt: number, gamma: number): Promise<{ ratio: number; focal: number; ce: number; gradRatio: number; focalGrad: number; ceGrad: number }> {
  const z = [logit(pt)];
  const [f, c] = await Promise.all([engine.loss('focal', z, [1], { params: { gamma, alpha: -1 } }), engine.loss('bce_logits', z, [1])]);
  const focal = f.value as number, ce = c.value as number;
  const focalGrad = f.grad[0], ceGrad = c.grad[0];
  return {
    ratio: focal > 0 ? ce / focal : Number.POSITIVE_INFINITY, focal, ce,
    gradRatio: focalGrad !== 0 ? ceGrad / focalGrad : Number.POSITIVE_INFINITY, focalGrad, ceGrad,
  };
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'more than a million';
  if (ratio >= 100) return Math.round(ratio).toLocaleString('en-US');
  if (ratio >= 10) return ratio.toFixed(1).replace(/\.0$/, '');
  return ratio.toFixed(2).replace(/0$/, '').replace(/\.0?$/, '');
}

export interface ImbalancedData {
  data: Dataset;
  /** Share of the rare class among the training points. */
  prior: number;
  xRange: readonly [number, number];
  yRange: readonly [number, number];
  /** The learner's own data (not the lab's clouds). */
  own: boolean;
}

/** The lab's seeded clouds or, when `owndata` names a loaded CSV, the learner's rows (two features, label 1 the rare class). */
export type DataState = Pick<LessonState, 'seed' | 'ratio' | 'noise'> & { owndata?: string | null };

export async function makeData(engine: AsyncLossLab, s: DataState): Promise<ImbalancedData> {
  const own = ownData(s.owndata);
  // The learner's rows alternate between training and held out (shared/own-data.ts alternateHalves).
  const data = own ? alternateHalves(own) : await engine.dataset('imbalanced', { n: DATA_POINTS, seed: s.seed, ratio: s.ratio, std: s.noise, separation: SEPARATION, validation: 0.5 });
  let positives = 0;
  for (const label of data.y) positives += label;
  const prior = positives / Math.max(1, data.y.length);
  if (own) return { data, prior, xRange: extent(own.x, 0), yRange: extent(own.x, 1), own: true };
  const reach = 3 * s.noise + 0.5;
  return { data, prior, xRange: [-SEPARATION / 2 - reach, SEPARATION / 2 + reach], yRange: [-reach, reach], own: false };
}

/** The range of feature k of row-major two-feature rows, padded by 5% on each side. */
function extent(x: Float64Array, k: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = k; i < x.length; i += 2) { lo = Math.min(lo, x[i]); hi = Math.max(hi, x[i]); }
  const pad = 0.05 * Math.max(hi - lo, 1e-9);
  return [lo - pad, hi + pad];
}

/** Where a focal script's data comes from: the lab's seeded clouds or the learner's CSV (alternate rows held out). */
export function focalDataNote(s: { noise: number; ratio: number; owndata?: string | null }): string {
  const own = ownData(s.owndata);
  return own ? `${ownDataNote(own, false)}; odd rows train, even rows are held out; label 1 is the rare class`
    : `The lab's seeded imbalanced data (two Gaussian clouds ${SEPARATION} apart, noise ${s.noise}, 1 rare point per ${s.ratio}); the rare class is label 1`;
}

type ModelState = Pick<LessonState, 'seed' | 'model' | 'gamma' | 'alpha' | 'weighting' | 'prior'>;

/** The session options of one side: everything but the loss is shared, so the two start identical. */
export function sessionOptions(d: ImbalancedData, s: ModelState, side: Side, prior = s.prior): SessionOptions {
  const bias = Math.log(d.prior / (1 - d.prior));
  const base = s.model === 'mlp' ? { name: 'mlp' as const, hidden: [8], activation: 'tanh' as const, task: 'binary' as const } : { name: 'logistic' as const };
  const model = prior && Number.isFinite(bias) ? { ...base, outputBias: bias } : base;
  return {
    model: model as SessionOptions['model'],
    loss: side === 'bce' ? 'bce_logits' : 'focal',
    ...(side === 'focal' ? { lossParams: focalParams(s) } : {}),
    optimizer: 'adam',
    params: { lr: LEARNING_RATE },
    epochs: MAX_STEPS,
    seed: s.seed,
    // Training points only: the held-out half is scored through engine.metrics, so the core
    // need not evaluate it after every step.
    data: { x: d.data.x, y: d.data.y, features: 2 },
  };
}

/** Runs `work` with a fresh session of these options and always frees it (also on abort). */
export async function withSession<T>(engine: AsyncLossLab, options: SessionOptions, work: (session: AsyncSession) => Promise<T>): Promise<T> {
  const session = await engine.session(options);
  try {
    return await work(session);
  } finally {
    await session.free();
  }
}

/** Logits of a session's predicted probabilities, clamped away from 0 and 1 (the core's losses take logits). */
export function logitsOf(p: ArrayLike<number>): Float64Array {
  return Float64Array.from(p as ArrayLike<number>, (q) => logit(Math.min(1 - 1e-12, Math.max(1e-12, q))));
}

/** The mean training loss of a session's current predictions, from the core's own loss. */
export async function lossNow(engine: AsyncLossLab, session: AsyncSession, d: Dataset, side: Side, s: Pick<LessonState, 'gamma' | 'alpha' | 'weighting'>): Promise<number> {
  const z = logitsOf(await session.predict(d.x));
  const r = side === 'bce' ? await engine.loss('bce_logits', z, d.y) : await engine.loss('focal', z, d.y, { params: focalParams(s) });
  return r.value as number;
}

export function abortError(): Error {
  const error = new Error('the computation was cancelled');
  error.name = 'AbortError';
  return error;
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortError();
}
