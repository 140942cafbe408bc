/**
 * The credit-risk experiment, free of the DOM so Vitest runs it under Node exactly as the page
 * does. Two Gaussian clouds of loans (defaults are the positives), half held out. Three logistic
 * models are trained with full-batch Adam from the same start; four decision rules come from them:
 *   (a) BCE, thresholded at the cost-optimal c_FP / (c_FP + c_FN);
 *   (b) the same BCE model at 0.5;
 *   (c) the references' linear asymmetric loss fn·y·(1−p) + fp·(1−y)·p, at 0.5;
 *   (d) class-weighted BCE (each default weighs FN:FP), at 0.5.
 * Class weights: with integer weights and a full batch, the weighted mean Σ wℓ / Σ w equals the
 * plain mean over the data with each default repeated w times, so (d) trains BCE on that data.
 */
import type { AsyncLossLab, BinaryMetrics, Dataset, SessionOptions, ThresholdSweep } from 'loss-lab';
import type { LessonState } from './params';
import { alternateHalves, ownData } from '../shared/own-data';

export type ModelId = 'a' | 'b' | 'c' | 'd';
export const MODEL_IDS: readonly ModelId[] = ['a', 'b', 'c', 'd'];
export const MODEL_LABELS: Record<ModelId, string> = {
  a: '(a) BCE at the cost threshold',
  b: '(b) BCE at 0.5',
  c: '(c) linear asymmetric loss',
  d: '(d) class-weighted BCE at 0.5',
};

/** 8,000 loans: 4,000 to train on, 4,000 held out (about 400 defaults in each half at 1:9). */
export const DATA_POINTS = 8000;
export const SEPARATION = 2;
export const TRAIN_STEPS = 300;
export const LEARNING_RATE = 0.1;
/** The threshold grid of the cost curve (0, 0.005, …, 1). */
export const THRESHOLDS = Float64Array.from({ length: 201 }, (_, i) => i / 200);

/** The cost-optimal threshold of a calibrated probability: act when p·c_FN > (1 − p)·c_FP. */
export const costThreshold = (fnCost: number, fpCost = 1) => fpCost / (fpCost + fnCost);

export interface TrainedModel {
  id: ModelId;
  threshold: number;
  /** held-out predicted probabilities of default */
  probability: Float64Array;
  metrics: BinaryMetrics;
  /** expected cost per decision at every threshold of THRESHOLDS */
  sweep: ThresholdSweep;
  /** held-out log loss and Brier score of the probabilities (core losses) */
  logLoss: number;
  brier: number;
}

export interface CreditRun {
  data: Dataset;
  models: Record<ModelId, TrainedModel>;
  /** the paired difference in cost per decision, (other − a), with its standard error */
  diff: Record<'b' | 'c' | 'd', { mean: number; se: number }>;
  prevalence: number;
}

export type CreditState = Pick<LessonState, 'fnfp' | 'ratio' | 'seed'> & { owndata?: string | null };

/**
 * The loans: the core's seeded clouds, or the learner's own CSV (two feature columns and a 0/1
 * label), whose rows alternate between training (rows 1, 3, 5, …) and held out (rows 2, 4, …), so
 * a file sorted by label or by date still gives both halves the same mix.
 */
export function makeData(engine: AsyncLossLab, s: Pick<LessonState, 'ratio' | 'seed'> & { owndata?: string | null }): Promise<Dataset> {
  const own = ownData(s.owndata);
  if (own) return Promise.resolve(alternateHalves(own));
  return engine.dataset('imbalanced', { n: DATA_POINTS, ratio: s.ratio, seed: s.seed, separation: SEPARATION, std: 1, validation: 0.5 });
}

/** The training data with each default repeated `times` times (class weight `times` on defaults). */
export function repeatPositives(d: Dataset, times: number): { x: Float64Array; y: Float64Array } {
  const n = d.y.length;
  let positives = 0;
  for (const v of d.y) positives += v;
  const rows = n + positives * (times - 1);
  const x = new Float64Array(2 * rows), y = new Float64Array(rows);
  let r = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < (d.y[i] === 1 ? times : 1); k++, r++) {
      x[2 * r] = d.x[2 * i];
      x[2 * r + 1] = d.x[2 * i + 1];
      y[r] = d.y[i];
    }
  }
  return { x, y };
}

/** One credit model's session: logistic, full-batch Adam at LEARNING_RATE for TRAIN_STEPS steps (also for "Copy as code"). */
export function options(data: { x: ArrayLike<number>; y: ArrayLike<number> }, loss: string, seed: number, lossParams?: Record<string, number>): SessionOptions {
  return {
    model: 'logistic', loss, ...(lossParams ? { lossParams } : {}), optimizer: 'adam', params: { lr: LEARNING_RATE },
    epochs: TRAIN_STEPS, seed, data: { x: data.x as Float64Array, y: data.y as Float64Array, features: 2 },
  };
}

async function predictAfterTraining(engine: AsyncLossLab, o: SessionOptions, xVal: Float64Array, signal?: AbortSignal): Promise<Float64Array> {
  const session = await engine.session(o);
  try {
    await session.run(TRAIN_STEPS, { chunk: 100, signal });
    return (await session.predict(xVal)) as Float64Array;
  } finally {
    await session.free();
  }
}

/** The paired mean and standard error of b − a over the same held-out decisions. */
export function pairedDifference(a: ArrayLike<number>, b: ArrayLike<number>): { mean: number; se: number } {
  const n = a.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (b[i] - a[i]) / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (b[i] - a[i] - mean) ** 2;
  return { mean, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0 };
}

/** Per-decision costs of hard decisions, from the core's asymmetric loss (decision 0 or 1 as p). */
async function decisionCosts(engine: AsyncLossLab, probability: Float64Array, threshold: number, label: ArrayLike<number>, fnCost: number): Promise<Float64Array> {
  const decisions = probability.map((p) => (p >= threshold ? 1 : 0));
  const r = await engine.loss('asymmetric', decisions, label as Float64Array, { params: { fn_cost: fnCost, fp_cost: 1 }, reduction: 'none' });
  return r.value as Float64Array;
}

export async function trainCredit(engine: AsyncLossLab, s: CreditState, signal?: AbortSignal, progress?: (f: number) => void): Promise<CreditRun> {
  const data = await makeData(engine, s);
  const xVal = data.xVal as Float64Array, yVal = data.yVal as Float64Array;
  const train = { x: data.x, y: data.y };
  progress?.(0.1);
  const bce = await predictAfterTraining(engine, options(train, 'bce_logits', s.seed), xVal, signal);
  progress?.(0.4);
  const linear = await predictAfterTraining(engine, options(train, 'asymmetric', s.seed, { fn_cost: s.fnfp, fp_cost: 1 }), xVal, signal);
  progress?.(0.7);
  const weighted = await predictAfterTraining(engine, options(repeatPositives(data, s.fnfp), 'bce_logits', s.seed), xVal, signal);
  progress?.(0.95);
  const costs = { fnCost: s.fnfp, fpCost: 1 };
  const spec: Array<[ModelId, Float64Array, number]> = [['a', bce, costThreshold(s.fnfp)], ['b', bce, 0.5], ['c', linear, 0.5], ['d', weighted, 0.5]];
  const models = {} as Record<ModelId, TrainedModel>;
  const perDecision = {} as Record<ModelId, Float64Array>;
  await Promise.all(spec.map(async ([id, probability, threshold]) => {
    const [metrics, sweep, ll, br, each] = await Promise.all([
      engine.metrics.binary(probability, yVal, { threshold, ...costs }),
      engine.metrics.thresholds(probability, yVal, { thresholds: THRESHOLDS, ...costs }),
      engine.loss('bce', probability, yVal),
      engine.loss('brier', probability, yVal),
      decisionCosts(engine, probability, threshold, yVal, s.fnfp),
    ]);
    models[id] = { id, threshold, probability, metrics, sweep, logLoss: ll.value as number, brier: br.value as number };
    perDecision[id] = each;
  }));
  let positives = 0;
  for (const v of yVal) positives += v;
  return {
    data, models, prevalence: positives / yVal.length,
    diff: { b: pairedDifference(perDecision.a, perDecision.b), c: pairedDifference(perDecision.a, perDecision.c), d: pairedDifference(perDecision.a, perDecision.d) },
  };
}

const runs = new WeakMap<object, Map<string, Promise<CreditRun>>>();
const RUNS_KEPT = 6;

/**
 * The run of these settings, started once for every figure and question that reads it (the
 * credit figure and the metric table). A run that fails or is cancelled is forgotten, so the
 * next request starts afresh.
 */
export async function sharedCredit(engine: AsyncLossLab, s: CreditState, signal?: AbortSignal, progress?: (f: number) => void): Promise<CreditRun> {
  let table = runs.get(engine);
  if (!table) runs.set(engine, (table = new Map()));
  const t = table;
  const key = `${s.fnfp}|${s.ratio}|${s.seed}|${ownData(s.owndata) ? s.owndata : ''}`;
  for (;;) {
    let run = t.get(key);
    if (!run) {
      const started = trainCredit(engine, s, signal, progress);
      run = started;
      t.set(key, started);
      started.catch(() => { if (t.get(key) === started) t.delete(key); });
      while (t.size > RUNS_KEPT) t.delete(t.keys().next().value as string);
    }
    try {
      return await run;
    } catch (error) {
      // Cancelled by the caller that started it (its state moved on) while this caller still
      // wants it: start it again under this caller's signal.
      if (signal?.aborted || (error as Error)?.name !== 'AbortError') throw error;
    }
  }
}

/**
 * Indices of the held-out loans scored at another share of defaults: every loan of the class
 * that is short, and the first loans (in the data's random order) of the other, as many as the
 * share asks. Nothing is retrained: the models meet a population whose base rate has moved.
 */
export function atPrevalence(label: ArrayLike<number>, prevalence: number): Uint32Array {
  const pos: number[] = [], neg: number[] = [];
  for (let i = 0; i < label.length; i++) (label[i] === 1 ? pos : neg).push(i);
  let keepPos = pos.length, keepNeg = Math.max(1, Math.round((pos.length * (1 - prevalence)) / prevalence));
  if (keepNeg > neg.length) {
    keepNeg = neg.length;
    keepPos = Math.max(1, Math.round((neg.length * prevalence) / (1 - prevalence)));
  }
  return Uint32Array.from([...pos.slice(0, keepPos), ...neg.slice(0, keepNeg)].sort((a, b) => a - b));
}

export const pick = (values: ArrayLike<number>, idx: Uint32Array) => Float64Array.from(idx, (i) => values[i]);
