/**
 * How much of an ECE is chance: the ECE a perfectly calibrated model would show on the same test
 * points (its noise floor), and a paired bootstrap interval for the difference between the two
 * models' ECEs. Every ECE comes from the core's engine.metrics.calibration; the only arithmetic
 * here is drawing the random samples (a small seeded generator, so a link reproduces them).
 */
import type { AsyncLossLab } from 'loss-lab';
import { abortError } from './gaps';
import { CALIBRATION_BINS } from './data';
import { uniform } from '../shared/random';

export { uniform };

/** Draws per estimate: enough that the mean and the 2.5/97.5 percentiles are stable to ±0.002. */
export const DRAWS = 200;

/** The value below which a share q of the sorted values lies (linear interpolation, as numpy's default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q, lo = Math.floor(h), hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface NoiseFloor {
  mean: number;
  p95: number;
}

/**
 * The ECE of a model that is perfectly calibrated by construction: it keeps the model's own
 * confidences c_i, and each point is "correct" with probability exactly c_i. Its true calibration
 * error is 0, so whatever ECE it shows is the noise of binning a finite test set.
 */
export async function eceNoiseFloor(engine: AsyncLossLab, confidence: Float64Array, seed: number, signal?: AbortSignal, draws = DRAWS, onDraw?: () => void): Promise<NoiseFloor> {
  const random = uniform(seed);
  const eces = new Float64Array(draws);
  const correct = new Float64Array(confidence.length);
  for (let r = 0; r < draws; r++) {
    if (signal?.aborted) throw abortError();
    for (let i = 0; i < confidence.length; i++) correct[i] = random() < confidence[i] ? 1 : 0;
    eces[r] = (await engine.metrics.calibration(confidence, correct, { bins: CALIBRATION_BINS })).ece;
    onDraw?.();
  }
  eces.sort();
  let sum = 0;
  for (const e of eces) sum += e;
  return { mean: sum / draws, p95: quantile(eces, 0.95) };
}

export interface Interval {
  /** the difference on the test set itself */
  value: number;
  low: number;
  high: number;
}

/**
 * A 95% paired bootstrap interval for ECE(a) − ECE(b): resample the test points with replacement,
 * the same points for both models, and take the 2.5 and 97.5 percentiles of the difference.
 */
export async function eceDifference(engine: AsyncLossLab, a: { confidence: Float64Array; correct: Float64Array }, b: { confidence: Float64Array; correct: Float64Array }, seed: number, signal?: AbortSignal, draws = DRAWS, onDraw?: () => void): Promise<Interval> {
  const n = a.confidence.length;
  const random = uniform(seed);
  const ece = async (m: typeof a, idx?: Uint32Array) => {
    let { confidence, correct } = m;
    if (idx) {
      confidence = new Float64Array(n);
      correct = new Float64Array(n);
      for (let i = 0; i < n; i++) { confidence[i] = m.confidence[idx[i]]; correct[i] = m.correct[idx[i]]; }
    }
    return (await engine.metrics.calibration(confidence, correct, { bins: CALIBRATION_BINS })).ece;
  };
  const value = (await ece(a)) - (await ece(b));
  const diffs = new Float64Array(draws);
  const idx = new Uint32Array(n);
  for (let r = 0; r < draws; r++) {
    if (signal?.aborted) throw abortError();
    for (let i = 0; i < n; i++) idx[i] = Math.floor(random() * n);
    const [ea, eb] = await Promise.all([ece(a, idx), ece(b, idx)]);
    diffs[r] = ea - eb;
    onDraw?.();
  }
  diffs.sort();
  return { value, low: quantile(diffs, 0.025), high: quantile(diffs, 0.975) };
}
