/**
 * The data, the two models and what their predictions look like, each a thin driver over the
 * core: data from engine.dataset, training from engine.session, losses and calibration from the
 * core. The only arithmetic is bookkeeping (arg-max, means and norms for a readout).
 */
import type { AsyncLossLab, AsyncSession, CalibrationMetrics, SessionOptions } from 'loss-lab';
import { ownData, type OwnData } from '../shared/own-data';
import { CE } from './gaps';
import type { ModelChoice } from './params';

export interface Split {
  x: Float64Array;
  y: Float64Array;
}

export interface LessonData {
  classes: number;
  train: Split;
  /** used only to fit the temperature */
  validation: Split;
  /** the held-out data every figure reports on */
  test: Split;
  /** the learner's own rows, when a CSV is loaded (shared/own-data.ts) */
  own?: OwnData;
}

export interface DataSettings {
  classes: number;
  noise: number;
  seed: number;
  /** the id of the learner's own dataset, or null for the lab's blobs (a local value) */
  owndata?: string | null;
}

/**
 * The learner's rows, dealt out in turn: rows 1, 4, 7, … train, rows 2, 5, 8, … are the
 * validation set and rows 3, 6, 9, … the test set (row 1 = the first data row), so a file sorted
 * by label or by date still gives every split the same mix. K is the file's largest label + 1.
 */
export function splitOwnRows(own: OwnData): LessonData {
  const f = own.xColumns.length;
  const part = (k: number): Split => {
    const rows = Array.from({ length: own.y.length }, (_, i) => i).filter((i) => i % 3 === k);
    return { x: Float64Array.from(rows.flatMap((i) => Array.from(own.x.subarray(f * i, f * i + f)))), y: Float64Array.from(rows, (i) => own.y[i]) };
  };
  return { classes: own.classes ?? 2, train: part(0), validation: part(1), test: part(2), own };
}

export const TRAIN_SIZE = 200;
/**
 * The test split is large: with 200 test points and 10 bins, even a perfectly calibrated model
 * shows an ECE of about 0.06 by chance, as large as the differences the lesson is about.
 */
export const TEST_SIZE = 2000;
export const CALIBRATION_BINS = 10;
/** The test points come from their own seeded draw of the same distribution. */
const TEST_SEED_OFFSET = 100003;

/**
 * Blobs on a circle with K classes and symmetric label noise (a wrong label is any of the other
 * K − 1 classes, equally likely), from the core's seeded generator. One draw of 600 points gives
 * 200 to train on (few enough for a small network to memorise its noisy labels) and 200 for
 * validation (the rest of that draw is not used); a second draw with its own seed gives 2000
 * test points. The noise is applied to every split, as it would be in a real labelled data set.
 * The circle grows with K so that neighbouring centres stay 3.5 apart (the default spread of 3
 * at K = 5): more classes should not simply mean more overlap.
 */
export async function makeData(engine: AsyncLossLab, s: DataSettings): Promise<LessonData> {
  const own = ownData(s.owndata);
  if (own) return splitOwnRows(own);
  const spread = 1.75 / Math.sin(Math.PI / s.classes);
  const options = { classes: s.classes, label_noise: s.noise, spread };
  const [d, t] = await Promise.all([
    engine.dataset('blobs', { ...options, n: 3 * TRAIN_SIZE, seed: s.seed, validation: 2 / 3 }),
    engine.dataset('blobs', { ...options, n: TEST_SIZE, seed: s.seed + TEST_SEED_OFFSET }),
  ]);
  const half = Math.floor(d.yVal.length / 2);
  return {
    classes: s.classes,
    train: { x: d.x, y: d.y },
    validation: { x: d.xVal.slice(0, 2 * half), y: d.yVal.slice(0, half) },
    test: { x: t.x, y: t.y },
  };
}

/** The optimiser setup shared by both models, so the only difference is the target. */
export function sessionOptions(data: LessonData, model: ModelChoice, epsilon: number, steps: number, seed: number): SessionOptions {
  return {
    model: model === 'mlp' ? { name: 'mlp', hidden: [32], activation: 'tanh' } : 'softmax',
    loss: CE,
    lossParams: { label_smoothing: epsilon },
    optimizer: 'adam',
    params: { lr: 0.04 },
    epochs: steps,
    seed,
    // No validation data in the session: the lesson evaluates the test split itself for each
    // frame, which halves the cost of every step.
    data: { x: data.train.x, y: data.train.y, features: 2, classes: data.classes },
  };
}

export function sessionFor(engine: AsyncLossLab, data: LessonData, model: ModelChoice, epsilon: number, steps: number, seed: number): Promise<AsyncSession> {
  return engine.session(sessionOptions(data, model, epsilon, steps, seed));
}

/** What a model's probabilities on a split look like, everything but the arg-max from the core. */
export interface Summary {
  confidence: Float64Array;
  /** 1 where the top class is the (noisy) label, else 0 */
  correct: Float64Array;
  logitNorm: Float64Array;
  meanConfidence: number;
  meanLogitNorm: number;
  accuracy: number;
  /** plain cross-entropy (ε = 0) of these predictions, from the core */
  crossEntropy: number;
  /** the model's own training objective (cross-entropy with its ε) on these predictions */
  objective: number;
  ece: number;
  calibration: CalibrationMetrics;
}

/**
 * Softmax ignores a common shift of the logits, so the logits a model "means" are fixed only up
 * to a constant. We take the representative with mean zero, log p_k − mean_j log p_j, read from the
 * core's probabilities; its length is the logit norm the histograms show. Probabilities below
 * the smallest double are clamped so an extreme model gives a large finite norm, never −∞.
 */
export function centredLogits(probabilities: ArrayLike<number>, classes: number): Float64Array {
  const out = new Float64Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i += classes) {
    let mean = 0;
    for (let k = 0; k < classes; k++) {
      out[i + k] = Math.log(Math.max(probabilities[i + k], Number.MIN_VALUE));
      mean += out[i + k] / classes;
    }
    for (let k = 0; k < classes; k++) out[i + k] -= mean;
  }
  return out;
}

/** Summarises probabilities (n × K) against labels: confidence, correctness, norms, CE, ECE. */
export async function summarise(engine: AsyncLossLab, probabilities: Float64Array, labels: Float64Array, classes: number, logits?: Float64Array, epsilon = 0): Promise<Summary> {
  const n = labels.length;
  const z = logits ?? centredLogits(probabilities, classes);
  const confidence = new Float64Array(n), correct = new Float64Array(n), logitNorm = new Float64Array(n);
  let sumConfidence = 0, right = 0, sumNorm = 0;
  for (let i = 0; i < n; i++) {
    let best = 0, norm = 0;
    for (let k = 0; k < classes; k++) {
      if (probabilities[i * classes + k] > probabilities[i * classes + best]) best = k;
      norm += z[i * classes + k] ** 2;
    }
    confidence[i] = probabilities[i * classes + best];
    correct[i] = best === labels[i] ? 1 : 0;
    logitNorm[i] = Math.sqrt(norm);
    sumConfidence += confidence[i];
    sumNorm += logitNorm[i];
    right += correct[i];
  }
  const [calibration, crossEntropy, objective] = await Promise.all([
    engine.metrics.calibration(confidence, correct, { bins: CALIBRATION_BINS }),
    engine.loss(CE, z, labels, { classes }).then((r) => r.value as number),
    epsilon > 0 ? engine.loss(CE, z, labels, { classes, params: { label_smoothing: epsilon } }).then((r) => r.value as number) : undefined,
  ]);
  return {
    confidence, correct, logitNorm,
    meanConfidence: n ? sumConfidence / n : NaN,
    meanLogitNorm: n ? sumNorm / n : NaN,
    accuracy: n ? right / n : NaN,
    crossEntropy, objective: objective ?? crossEntropy, ece: calibration.ece, calibration,
  };
}

export async function snapshot(engine: AsyncLossLab, session: AsyncSession, split: Split, classes: number, epsilon = 0): Promise<Summary> {
  return summarise(engine, await session.predict(split.x), split.y, classes, undefined, epsilon);
}

/**
 * Softmax of given logits, computed by the core: with sum reduction and every label set to class 0,
 * the cross-entropy gradient is p − e₀, so p = gradient + e₀. (The lesson then never needs a JS softmax.)
 */
export async function softmaxByCore(engine: AsyncLossLab, logits: Float64Array, classes: number): Promise<Float64Array> {
  const n = logits.length / classes;
  const { grad } = await engine.loss(CE, logits, new Float64Array(n), { classes, reduction: 'sum' });
  const p = Float64Array.from(grad);
  for (let i = 0; i < n; i++) p[i * classes] += 1;
  return p;
}
