/**
 * The pinball (quantile) loss of the core, ρ_τ(r) = max(τ·r, (τ − 1)·r) with r = y − q
 * (sklearn's mean_pinball_loss), on its own and summed over a skewed sample. No DOM.
 */
import type { AsyncLossLab } from 'loss-lab';

/** Residuals r = y − q at which the loss and its gradient are drawn. */
export const RESIDUALS = Float64Array.from({ length: 201 }, (_, i) => -3 + (6 * i) / 200);
/** Candidate q at which the mean loss over the sample is drawn. */
export const Q_RANGE = [-3, 12] as const;
export const Q_GRID = Float64Array.from({ length: 241 }, (_, i) => Q_RANGE[0] + ((Q_RANGE[1] - Q_RANGE[0]) * i) / 240);
export const SAMPLE_N = 200;

export interface PinballCurve {
  /** ρ_τ(r) on RESIDUALS */
  value: Float64Array;
  /** dρ_τ/dq = −dρ_τ/dr on RESIDUALS: −τ where y > q, 1 − τ where y < q */
  grad: Float64Array;
}

/** One point's loss and gradient against the residual, from the core (q = −r against y = 0). */
export async function pinballCurve(engine: AsyncLossLab, tau: number): Promise<PinballCurve> {
  const r = await engine.loss('quantile', RESIDUALS.map((v) => -v), new Float64Array(RESIDUALS.length), { params: { tau }, reduction: 'none' });
  return { value: r.value as Float64Array, grad: r.grad };
}

/**
 * A seeded sample of SAMPLE_N points: standard normal draws z from the core (its `linear` data
 * with slope 0 and noise 1), made right-skewed as (e^{s·z} − 1)/s (s = 0: z itself; s > 0: a
 * shifted lognormal with median 0).
 */
export async function skewedSample(engine: AsyncLossLab, skew: number, seed: number): Promise<Float64Array> {
  const d = await engine.dataset('linear', { n: SAMPLE_N, slope: 0, intercept: 0, noise: 1, seed });
  return Float64Array.from(d.y, (z) => (skew > 0 ? Math.expm1(skew * z) / skew : z));
}

/** Mean pinball loss of the constant prediction q for each q of `qs`, from the core's per-point values. */
export async function meanLosses(engine: AsyncLossLab, sample: Float64Array, qs: ArrayLike<number>, tau: number): Promise<Float64Array> {
  const n = sample.length;
  const pred = new Float64Array(n * qs.length), target = new Float64Array(n * qs.length);
  for (let j = 0; j < qs.length; j++) {
    pred.fill(qs[j], j * n, (j + 1) * n);
    target.set(sample, j * n);
  }
  const r = await engine.loss('quantile', pred, target, { params: { tau }, reduction: 'none' });
  const v = r.value as Float64Array;
  return Float64Array.from({ length: qs.length }, (_, j) => {
    let s = 0;
    for (let i = j * n; i < (j + 1) * n; i++) s += v[i];
    return s / n;
  });
}

export interface SampleLoss {
  sample: Float64Array;
  /** mean loss on Q_GRID */
  curve: Float64Array;
  /** the sample point with the smallest mean loss (the exact minimiser: the loss is piecewise linear with kinks at the points) */
  argmin: number;
  min: number;
  /** the empirical τ-quantile, the ⌈nτ⌉-th smallest point */
  quantile: number;
  rank: number;
  /** at the learner's q: the core's mean loss and its derivative in q, and the share of points below q */
  atQ: { q: number; loss: number; grad: number; below: number };
}

type Curve = Omit<SampleLoss, 'atQ'>;

/** The sample and its loss curve depend on τ, the skew and the seed, not on q: the last one is kept per engine, so a drag of q asks the core only for the loss at q. */
const lastCurve = new WeakMap<AsyncLossLab, { key: string; curve: Promise<Curve> }>();

async function sampleCurve(engine: AsyncLossLab, s: { tau: number; skew: number; seed: number }): Promise<Curve> {
  const sample = await skewedSample(engine, s.skew, s.seed);
  const [curve, atPoints] = await Promise.all([meanLosses(engine, sample, Q_GRID, s.tau), meanLosses(engine, sample, sample, s.tau)]);
  // When nτ is a whole number the loss is flat between two points: the smallest of them is taken
  // (sums that differ only by rounding count as equal).
  const min = atPoints.reduce((a, v) => Math.min(a, v), Infinity);
  let best = -1;
  for (let i = 0; i < sample.length; i++) if (atPoints[i] <= min + 1e-12 * (1 + min) && (best < 0 || sample[i] < sample[best])) best = i;
  const sorted = Float64Array.from(sample).sort();
  const rank = Math.max(1, Math.ceil(sample.length * s.tau - 1e-9));
  return { sample, curve, argmin: sample[best], min: atPoints[best], quantile: sorted[rank - 1], rank };
}

export async function sampleLoss(engine: AsyncLossLab, s: { tau: number; skew: number; q: number; seed: number }): Promise<SampleLoss> {
  const key = `${s.tau}:${s.skew}:${s.seed}`;
  let cached = lastCurve.get(engine);
  if (cached?.key !== key) {
    cached = { key, curve: sampleCurve(engine, s) };
    lastCurve.set(engine, cached);
    cached.curve.catch(() => { if (lastCurve.get(engine) === cached) lastCurve.delete(engine); });
  }
  const c = await cached.curve;
  const at = await engine.loss('quantile', new Float64Array(c.sample.length).fill(s.q), c.sample, { params: { tau: s.tau } });
  let below = 0;
  for (const y of c.sample) below += y < s.q ? 1 : 0;
  const grad = at.grad.reduce((a, g) => a + g, 0);
  return { ...c, atQ: { q: s.q, loss: at.value as number, grad, below: below / c.sample.length } };
}
