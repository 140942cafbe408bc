/**
 * The lesson's experiments, shared by figures and questions: the seeded regression and its
 * penalised paths (core coordinate descent), and the over-parameterised MLP on the noisy wave.
 * Pure orchestration of engine calls, no DOM.
 */
import type { AsyncLossLab, Dataset, ElasticNetPath } from 'loss-lab';

export const FEATURES = 10;
/** 150 rows, 80% held out: 30 training rows for 10 features, 120 to validate on. */
export const REGRESSION = { n: 150, validation: 0.8, noise: 2 } as const;
/** λ grid: 61 values from 10 down to 10⁻³ (a path runs from strong to weak, warm-started). */
export const LAMBDAS = Float64Array.from({ length: 61 }, (_, i) => 10 ** (1 - (4 * i) / 60));
export const L1_RATIO = { lasso: 1, ridge: 0 } as const;

export function regressionData(engine: AsyncLossLab, seed: number): Promise<Dataset> {
  return engine.dataset('sparse_linear', { ...REGRESSION, seed });
}

/** The path over LAMBDAS plus a fit at the chosen λ alone (so the table shows exactly that λ). */
export async function penalisedPath(engine: AsyncLossLab, data: Dataset, l1Ratio: number, lambda: number): Promise<{ path: ElasticNetPath; chosen: ElasticNetPath }> {
  const common = { x: data.x, y: data.y, features: FEATURES, xVal: data.xVal, yVal: data.yVal, l1Ratio };
  const [path, chosen] = await Promise.all([
    engine.elasticNetPath({ ...common, lambdas: LAMBDAS }),
    engine.elasticNetPath({ ...common, lambdas: [lambda] }),
  ]);
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

/** Trains the MLP full-batch with Adam (one epoch = one step) and predicts on CURVE_X. */
export async function trainMlp(
  engine: AsyncLossLab,
  data: Dataset,
  options: { l2?: number; patience?: number; minDelta?: number; signal?: AbortSignal; optimizer?: 'adam' | 'adamw'; weightDecay?: number },
): Promise<MlpRun & { second?: Float64Array }> {
  const session = await engine.session({
    model: MLP,
    loss: 'mse',
    optimizer: options.optimizer ?? 'adam',
    params: { lr: options.optimizer ? 0.01 : LR, ...(options.weightDecay !== undefined ? { weight_decay: options.weightDecay } : {}) },
    epochs: EPOCHS,
    seed: 1,
    ...(options.l2 ? { penalty: { l2: options.l2 } } : {}),
    ...(options.patience ? { earlyStopping: { patience: options.patience, min_delta: options.minDelta ?? 0, restore_best: true } } : {}),
    data: { x: data.x, y: data.y, xVal: data.xVal, yVal: data.yVal },
  });
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
