/**
 * The lesson's experiments, each one a thin driver over the wasm core: targets, gradients and
 * losses come from lab.loss('cross_entropy'), training from lab.session, calibration from
 * lab.metrics. Nothing here re-implements a loss, a softmax or a metric; the only arithmetic is
 * bookkeeping (arg-max, means for a readout, a bisection and a golden-section search that only
 * ever ask the core for values).
 */
import type { LossLab, Session, StepResult } from 'loss-lab';
import type { ModelChoice } from './params';

const CE = 'cross_entropy';

/** One row of logits (g, 0, …, 0): the true class 0 leads the others by the gap g. */
function gapRows(gaps: readonly number[], classes: number): Float64Array {
  const rows = new Float64Array(gaps.length * classes);
  gaps.forEach((g, i) => { rows[i * classes] = g; });
  return rows;
}

/**
 * The smoothed target as the core sees it. For softmax cross-entropy the gradient with respect to
 * the logits is p − y (per sample, sum reduction), and at all-zero logits p is uniform (1/K), so
 * y = 1/K − gradient: this reads the target out of the loss instead of restating the formula.
 */
export function smoothedTarget(lab: LossLab, classes: number, epsilon: number): Float64Array {
  const { grad } = lab.loss(CE, new Float64Array(classes), [0], { classes, params: { label_smoothing: epsilon }, reduction: 'sum' });
  return Float64Array.from(grad, (g) => 1 / classes - g);
}

/** ∂loss/∂g for logits (g, 0, …, 0) and true class 0, from the core. */
export function gapGradient(lab: LossLab, gap: number, classes: number, epsilon: number): number {
  return lab.loss(CE, gapRows([gap], classes), [0], { classes, params: { label_smoothing: epsilon }, reduction: 'sum' }).grad[0];
}

/** The loss of logits (g, 0, …, 0) with true class 0 at each g, in one batched core call. */
export function lossAlongGap(lab: LossLab, gaps: readonly number[], classes: number, epsilon: number): Float64Array {
  const value = lab.loss(CE, gapRows(gaps, classes), new Float64Array(gaps.length), {
    classes, params: { label_smoothing: epsilon }, reduction: 'none',
  }).value;
  return value as Float64Array;
}

export interface GapResult {
  /** The root of the core's gradient, or null when the gradient never reaches zero (ε = 0). */
  gap: number | null;
  /** log((1 − ε + ε/K)/(ε/K)), the textbook closed form, checked against the core. */
  closedForm: number | null;
  /** The core's gradient at the closed form (≈ 0 when the formula and the core agree). */
  gradientAtClosedForm: number | null;
  /** The core's gradient at a few large gaps: all negative means "push further, forever". */
  probes: Array<{ gap: number; gradient: number }>;
}

/**
 * The logit gap that minimises the loss of one example, found as the zero of the core's
 * gradient: the gradient is p₀ − y₀, which increases with g, so a bracket plus bisection finds it.
 * With hard labels (ε = 0) the gradient stays below zero for every representable gap, so the
 * search reports "unbounded" instead of a number (it stops before e^{-g} underflows to 0).
 */
export function optimalGap(lab: LossLab, classes: number, epsilon: number): GapResult {
  const f = (g: number) => gapGradient(lab, g, classes, epsilon);
  const probes = [5, 10, 20, 40].map((g) => ({ gap: g, gradient: f(g) }));
  let lo = 0, hi = 1;
  if (f(lo) >= 0) return { gap: 0, closedForm: null, gradientAtClosedForm: null, probes };
  // 512 is far past any useful logit (e^-512 ≈ 1e-222) and still well before e^-g underflows
  // to 0 near 745, where the gradient would read 0 for the wrong reason.
  while (hi < 512 && f(hi) < 0) { lo = hi; hi *= 2; }
  let gap: number | null = null;
  if (f(hi) >= 0) {
    for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
      const mid = (lo + hi) / 2;
      if (f(mid) < 0) lo = mid;
      else hi = mid;
    }
    gap = (lo + hi) / 2;
  }
  const closedForm = epsilon > 0 ? Math.log((1 - epsilon + epsilon / classes) / (epsilon / classes)) : null;
  return { gap, closedForm, gradientAtClosedForm: closedForm === null ? null : f(closedForm), probes };
}

// ---------------------------------------------------------------------------------------------
// Data and training

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
}

export interface DataSettings {
  classes: number;
  noise: number;
  seed: number;
}

export const TRAIN_SIZE = 200;

/**
 * Blobs on a circle with K classes and symmetric label noise, from the core's seeded generator.
 * 600 points: 200 to train on (few enough for a small network to memorise its noisy labels),
 * and the 400 held out split evenly into validation and test. The noise is applied to every
 * split, as it would be in a real labelled data set. The circle grows with K so that
 * neighbouring centres stay 3.5 apart (the default spread of 3 at K = 5): more classes should
 * not simply mean more overlap.
 */
export function makeData(lab: LossLab, s: DataSettings): LessonData {
  const spread = 1.75 / Math.sin(Math.PI / s.classes);
  const d = lab.dataset('blobs', { n: 3 * TRAIN_SIZE, classes: s.classes, label_noise: s.noise, seed: s.seed, validation: 2 / 3, spread });
  const half = Math.floor(d.yVal.length / 2);
  return {
    classes: s.classes,
    train: { x: d.x, y: d.y },
    validation: { x: d.xVal.slice(0, 2 * half), y: d.yVal.slice(0, half) },
    test: { x: d.xVal.slice(2 * half), y: d.yVal.slice(half) },
  };
}

/** The optimiser setup shared by both models, so the only difference is the target. */
export function sessionFor(lab: LossLab, data: LessonData, model: ModelChoice, epsilon: number, steps: number, seed: number): Session {
  return lab.session({
    model: model === 'mlp' ? { name: 'mlp', hidden: [32], activation: 'tanh' } : 'softmax',
    loss: CE,
    lossParams: { label_smoothing: epsilon },
    optimizer: 'adam',
    params: { lr: 0.04 },
    epochs: steps,
    seed,
    // No validation data in the session: the lesson evaluates the test split itself when it
    // redraws, which halves the cost of every step.
    data: { x: data.train.x, y: data.train.y, features: 2, classes: data.classes },
  });
}

/** What a model's probabilities on a split look like, everything but the arg-max from the core. */
export interface Snapshot {
  /** n × K probabilities from session.predict */
  probabilities: Float64Array;
  /** the softmax-relevant logits: log p − mean(log p) per row */
  logits: Float64Array;
  confidence: Float64Array;
  correct: Float64Array;
  logitNorm: Float64Array;
  meanConfidence: number;
  accuracy: number;
  /** plain cross-entropy (ε = 0) of these predictions, from the core */
  crossEntropy: number;
  /** the model's own training objective (cross-entropy with its ε) on these predictions */
  objective: number;
  ece: number;
  calibration: ReturnType<LossLab['metrics']['calibration']>;
}

export const CALIBRATION_BINS = 10;

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
export function summarise(lab: LossLab, probabilities: Float64Array, labels: Float64Array, classes: number, logits?: Float64Array, epsilon = 0): Snapshot {
  const n = labels.length;
  const z = logits ?? centredLogits(probabilities, classes);
  const confidence = new Float64Array(n), correct = new Float64Array(n), logitNorm = new Float64Array(n);
  let sumConfidence = 0, right = 0;
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
    right += correct[i];
  }
  const calibration = lab.metrics.calibration(confidence, correct, { bins: CALIBRATION_BINS });
  const crossEntropy = lab.loss(CE, z, labels, { classes }).value as number;
  const objective = epsilon > 0 ? lab.loss(CE, z, labels, { classes, params: { label_smoothing: epsilon } }).value as number : crossEntropy;
  return {
    probabilities, logits: z, confidence, correct, logitNorm,
    meanConfidence: n ? sumConfidence / n : NaN,
    accuracy: n ? right / n : NaN,
    crossEntropy, objective, ece: calibration.ece, calibration,
  };
}

export function snapshot(lab: LossLab, session: Session, split: Split, classes: number, epsilon = 0): Snapshot {
  return summarise(lab, session.predict(split.x), split.y, classes, undefined, epsilon);
}

/**
 * Softmax of given logits, computed by the core: with sum reduction and every label set to class 0,
 * the cross-entropy gradient is p − e₀, so p = gradient + e₀. (The lesson then never needs a JS softmax.)
 */
export function softmaxByCore(lab: LossLab, logits: Float64Array, classes: number): Float64Array {
  const n = logits.length / classes;
  const { grad } = lab.loss(CE, logits, new Float64Array(n), { classes, reduction: 'sum' });
  const p = Float64Array.from(grad);
  for (let i = 0; i < n; i++) p[i * classes] += 1;
  return p;
}

export interface TemperatureFit {
  temperature: number;
  validationLossBefore: number;
  validationLossAfter: number;
  before: Snapshot;
  after: Snapshot;
}

/**
 * Temperature scaling (Guo et al. 2017): divide every logit by one T > 0 chosen to minimise the
 * plain cross-entropy on the validation split, then report the test split before and after.
 * The loss is convex in 1/T, so a golden-section search over log T in [1/20, 20] finds it;
 * every loss value comes from the core. Dividing by T never changes the arg-max, so accuracy stays.
 */
export function fitTemperature(lab: LossLab, session: Session, data: LessonData): TemperatureFit {
  const K = data.classes;
  const valLogits = centredLogits(session.predict(data.validation.x), K);
  const nll = (logT: number) => {
    const T = Math.exp(logT);
    return lab.loss(CE, valLogits.map((z) => z / T), data.validation.y, { classes: K }).value as number;
  };
  let a = Math.log(1 / 20), b = Math.log(20);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a), d = a + ratio * (b - a);
  let fc = nll(c), fd = nll(d);
  for (let i = 0; i < 60; i++) {
    if (fc < fd) { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = nll(c); }
    else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = nll(d); }
  }
  const temperature = Math.exp((a + b) / 2);
  const testProbabilities = session.predict(data.test.x);
  const testLogits = centredLogits(testProbabilities, K);
  const scaled = testLogits.map((z) => z / temperature);
  return {
    temperature,
    validationLossBefore: nll(0),
    validationLossAfter: nll(Math.log(temperature)),
    before: summarise(lab, testProbabilities, data.test.y, K, testLogits),
    after: summarise(lab, softmaxByCore(lab, scaled, K), data.test.y, K, scaled),
  };
}

/** Trains both models to `steps` in one go (for the questions), and frees the sessions. */
export function trainPair(lab: LossLab, data: LessonData, model: ModelChoice, epsilon: number, steps: number, seed: number): {
  hard: { test: Snapshot; fit: TemperatureFit; last: StepResult };
  smooth: { test: Snapshot; fit: TemperatureFit; last: StepResult };
} {
  const run = (eps: number) => {
    const session = sessionFor(lab, data, model, eps, steps, seed);
    try {
      const last = session.step(steps);
      return { test: snapshot(lab, session, data.test, data.classes), fit: fitTemperature(lab, session, data), last };
    } finally {
      session.free();
    }
  };
  return { hard: run(0), smooth: run(epsilon) };
}

// ---------------------------------------------------------------------------------------------
// Loss vs accuracy: the Model A / Model B story

export interface StoryModel {
  name: 'A' | 'B';
  /** the probability each model gives the true class, per example */
  trueClassProbability: number[];
  labels: Float64Array;
  logits: Float64Array;
  perExample: Float64Array;
  crossEntropy: number;
  accuracy: number;
  ece: number;
}

/**
 * Two constructed binary classifiers on the same 10 examples (labels alternate 0, 1). Both get 9
 * right. A is 99% sure when right and only 55% sure of the wrong class when wrong; B is barely
 * right (51%) and 95% sure when wrong. The logits are log-odds of those probabilities; the core
 * computes every loss and metric from them.
 */
export function modelStory(lab: LossLab): StoryModel[] {
  const build = (name: 'A' | 'B', right: number, wrongTrue: number): StoryModel => {
    const trueClassProbability = [...Array<number>(9).fill(right), wrongTrue];
    const n = trueClassProbability.length;
    const labels = Float64Array.from({ length: n }, (_, i) => i % 2);
    const logits = new Float64Array(2 * n);
    trueClassProbability.forEach((q, i) => { logits[2 * i + labels[i]] = Math.log(q / (1 - q)); });
    const perExample = lab.loss(CE, logits, labels, { classes: 2, reduction: 'none' }).value as Float64Array;
    const crossEntropy = lab.loss(CE, logits, labels, { classes: 2 }).value as number;
    const probabilities = softmaxByCore(lab, logits, 2);
    const accuracy = lab.metrics.multiclass(probabilities, labels, 2).accuracy;
    const s = summarise(lab, probabilities, labels, 2, logits);
    return { name, trueClassProbability, labels, logits, perExample, crossEntropy, accuracy, ece: s.ece };
  };
  return [build('A', 0.99, 0.45), build('B', 0.51, 0.05)];
}
