/**
 * The data and the fits every figure of the lesson builds on: seeded heteroscedastic points from
 * the core, and one model (a line or a small MLP, the mean by MSE or a quantile by the pinball
 * loss) trained by the core on standardised x and y, predicted where a figure needs it. Quantile
 * curves that cross are put back in order here too. No DOM: plain data in, plain data out.
 *
 * The data are the core's `heteroscedastic` set: x uniform on [0, 5], y = 3x + 0.5·(1 + x)·z with
 * z standard normal, so the true conditional quantiles are 3x ± z_τ·0.5·(1 + x): straight lines,
 * and a linear quantile model is correctly specified.
 */
import { transfer, type AsyncLossLab, type SessionOptions } from 'loss-lab';
import { abortError, meanSd } from '../shared/fit';
import type { ModelChoice } from './params';

export const X_RANGE = [0, 5] as const;
/** Points on which the bands are drawn. */
export const GRID = Float64Array.from({ length: 51 }, (_, i) => (5 * i) / 50);

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
