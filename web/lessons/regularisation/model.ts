/**
 * The lesson's experiments, shared by figures and questions: the seeded regression and its
 * penalised paths (core coordinate descent), and the over-parameterised MLP on the noisy wave.
 * Pure orchestration of engine calls, no DOM.
 */
import type { AsyncLossLab, Dataset, ElasticNetPath, SessionOptions } from 'loss-lab';
import { splitColumns } from '../shared/code';

export const FEATURES = 10;
/** 150 rows, 80% held out: 30 training rows for 10 features, 120 to validate on. */
export const REGRESSION = { n: 150, validation: 0.8, noise: 2 } as const;
/** λ grid: 61 values from 10 down to 10⁻³ (a path runs from strong to weak, warm-started). */
export const LAMBDAS = Float64Array.from({ length: 61 }, (_, i) => 10 ** (1 - (4 * i) / 60));
export const L1_RATIO = { lasso: 1, ridge: 0 } as const;

export function regressionData(engine: AsyncLossLab, seed: number): Promise<Dataset> {
  const key = String(seed);
  let p = keptData.get(key);
  if (!p) {
    p = engine.dataset('sparse_linear', { ...REGRESSION, seed });
    keptData.set(key, p);
    p.catch(() => keptData.delete(key));
    if (keptData.size > 4) keptData.delete(keptData.keys().next().value as string);
  }
  return p;
}
const keptData = new Map<string, Promise<Dataset>>();

/**
 * The path over LAMBDAS plus a fit at the chosen λ alone (so the table shows exactly that λ).
 * The path does not depend on λ: it is kept per data set and mix, so dragging λ refits one λ
 * only and hands back the same path object (draw() then leaves its lines alone).
 */
const paths = new WeakMap<Dataset, Map<number, Promise<ElasticNetPath>>>();
export async function penalisedPath(engine: AsyncLossLab, data: Dataset, l1Ratio: number, lambda: number): Promise<{ path: ElasticNetPath; chosen: ElasticNetPath }> {
  const common = { x: data.x, y: data.y, features: FEATURES, xVal: data.xVal, yVal: data.yVal, l1Ratio };
  let byRatio = paths.get(data);
  if (!byRatio) paths.set(data, (byRatio = new Map()));
  let pending = byRatio.get(l1Ratio);
  if (!pending) {
    pending = engine.elasticNetPath({ ...common, lambdas: LAMBDAS });
    byRatio.set(l1Ratio, pending);
    pending.catch(() => byRatio!.delete(l1Ratio));
    if (byRatio.size > 8) byRatio.delete(byRatio.keys().next().value as number);
  }
  const [path, chosen] = await Promise.all([pending, engine.elasticNetPath({ ...common, lambdas: [lambda] })]);
  return { path, chosen };
}


/** Index of the smallest value (the first, on ties). */
export function argmin(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  return best;
}

/** Coefficient j of every λ on the path, as chart points (λ, w_j). */
export function coefficientPoints(path: ElasticNetPath, j: number): [number, number][] {
  return Array.from(path.lambdas, (l, i) => [l, path.coef[i * path.features + j]] as [number, number]);
}

export const WAVE = { n: 200, validation: 0.9, noise: 0.4, seed: 1 } as const;
export const MLP = { name: 'mlp' as const, hidden: [32], activation: 'tanh' as const };
export const EPOCHS = 600;
export const LR = 0.02;
/** x positions where fitted functions are drawn */
export const CURVE_X = Float64Array.from({ length: 121 }, (_, i) => -3 + i / 20);

export function waveData(engine: AsyncLossLab): Promise<Dataset> {
  return engine.dataset('wave', WAVE);
}

export interface MlpRun {
  trainLoss: Float64Array;
  valLoss: Float64Array;
  curve: Float64Array;
  params: Float64Array;
  valMse: number;
  bestEpoch: number;
  bestValLoss: number;
  stoppedEpoch: number;
  stopped: string | null;
  restored: boolean;
}

export interface MlpOptions { l2?: number; patience?: number; minDelta?: number; signal?: AbortSignal; optimizer?: 'adam' | 'adamw'; weightDecay?: number }

/** The session of one MLP run (shared with "Copy as code"). */
export function mlpSession(data: Dataset, options: MlpOptions): SessionOptions {
  return {
    model: MLP,
    loss: 'mse',
    optimizer: options.optimizer ?? 'adam',
    params: { lr: options.optimizer ? 0.01 : LR, ...(options.weightDecay !== undefined ? { weight_decay: options.weightDecay } : {}) },
    epochs: EPOCHS,
    seed: 1,
    ...(options.l2 ? { penalty: { l2: options.l2 } } : {}),
    ...(options.patience ? { earlyStopping: { patience: options.patience, min_delta: options.minDelta ?? 0, restore_best: true } } : {}),
    data: { x: data.x, y: data.y, xVal: data.xVal, yVal: data.yVal },
  };
}

/** Trains the MLP full-batch with Adam (one epoch = one step) and predicts on CURVE_X. */
export async function trainMlp(engine: AsyncLossLab, data: Dataset, options: MlpOptions): Promise<MlpRun & { second?: Float64Array }> {
  const session = await engine.session(mlpSession(data, options));
  try {
    const r = await session.run(EPOCHS, { chunk: 200, signal: options.signal });
    const [curve, state] = await Promise.all([session.predict(CURVE_X), options.optimizer ? session.state() : Promise.resolve(undefined)]);
    return {
      trainLoss: r.trainLoss, valLoss: r.valLoss, curve, params: r.params,
      valMse: (r.valMetrics.rmse ?? 0) ** 2,
      bestEpoch: r.bestEpoch, bestValLoss: r.bestValLoss, stoppedEpoch: r.epoch, stopped: r.stopped, restored: r.restored,
      second: state?.second ?? undefined,
    };
  } finally {
    await session.free();
  }
}

/** ‖θ‖₂ of the weights and biases the core returned. */
export const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

/**
 * The paired comparison of two fits of a path on the same validation rows: the mean of
 * (e_b² − e_a²) over the rows, with its standard error sd/√n. Both validation MSEs share the rows,
 * so this is the uncertainty of their difference (much smaller than the two bands' sum suggests).
 * The λ picked by the validation minimum is chosen on these very rows, so the difference is, if
 * anything, optimistic for it.
 */
export function pairedDifference(path: ElasticNetPath, data: Dataset, a: number, b: number): { mean: number; se: number } {
  const p = path.features, n = data.yVal.length;
  const residual = (k: number, i: number) => {
    let f = path.intercept[k];
    for (let j = 0; j < p; j++) f += data.xVal[i * p + j] * path.coef[k * p + j];
    return data.yVal[i] - f;
  };
  const d = Array.from({ length: n }, (_, i) => residual(b, i) ** 2 - residual(a, i) ** 2);
  const mean = d.reduce((s, v) => s + v, 0) / n;
  const variance = d.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}

/**
 * The regression rows as "Copy as code" columns: x0 … x9 (the figures' names, where splitColumns
 * counts from x1), y, and held_out (0 on the 30 training rows, 1 on the 120 validation rows).
 */
export function regressionColumns(data: Dataset): Record<string, Float64Array> {
  const columns = splitColumns(data, FEATURES);
  return Object.fromEntries(Object.entries(columns).map(([k, v]) => [/^x[0-9]+$/.test(k) ? `x${Number(k.slice(1)) - 1}` : k, v]));
}

export const REGRESSION_NOTE = `The lab's seeded sparse regression (${REGRESSION.n} rows, noise sd ${REGRESSION.noise}; true coefficients 2, 2, -1.5, 1, -0.5, 0.25, 0, 0, 0, 0; x0 and x1 correlated 0.95); rows with held_out = 1 are the validation rows`;

export const WAVE_NOTE = `The lab's seeded noisy sine wave (${WAVE.n} points, noise sd ${WAVE.noise}, seed ${WAVE.seed}); rows with held_out = 1 are the ${WAVE.n * WAVE.validation} validation points`;
