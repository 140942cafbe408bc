import type { RawModule, RawSessionCall } from './generated/losslab.js';
import { show, type Configs } from './configs.js';
import type { LossInfo } from './losses.js';
import { fail } from './errors.js';
import type { NumericArray } from './heap.js';
import type { OptimizerName, OptimizerParams, OptimizerTrace, Schedule } from './optimization.js';
import {
  arrayLength,
  checkKeys,
  ElementBudget,
  limitsOf,
  numericArray,
  requireInteger,
  requireName,
  requireNumber,
  requireObject,
  snapshot,
  unwrap,
  type Limits,
  type PlainObject,
} from './values.js';

export type DatasetName = 'linear' | 'heteroscedastic' | 'zero_inflated' | 'imbalanced' | 'moons' | 'spirals' | 'blobs' | 'sparse_linear' | 'wave';
export type Task = 'regression' | 'binary' | 'multiclass';

/** A generated dataset. x is n × features row-major; classification labels are class indices. */
export interface Dataset {
  name: DatasetName;
  task: Task;
  features: number;
  /** 0 for regression */
  classes: number;
  x: Float64Array;
  y: Float64Array;
  /** the held-out part when options.validation > 0 (else empty) */
  xVal: Float64Array;
  yVal: Float64Array;
  /** 1 where the generator planted an outlier (linear data), else 0; empty for others */
  outlier: Float64Array;
}

/** Options of lab.dataset; see docs/optimization.md for each dataset's own options and defaults. */
export interface DatasetOptions {
  n?: number;
  seed?: number;
  /** fraction held out for validation, in [0, 0.9] */
  validation?: number;
  [option: string]: number | string | undefined;
}

export type ModelName = 'linear' | 'logistic' | 'softmax' | 'loglink' | 'mlp';
export interface ModelSpec {
  name: ModelName;
  /** mlp: 1 or 2 hidden widths, each ≤ 64 (default [16]) */
  hidden?: number[];
  activation?: 'tanh' | 'relu';
  /** mlp only; default from the data (classes > 2: multiclass, 2: binary, else regression) */
  task?: Task;
  /**
   * Every output bias starts at this value (the weights are drawn as usual): log(π / (1 − π))
   * makes an untrained binary model predict the base rate π (prior init, Lin et al. 2017).
   */
  outputBias?: number;
}

export interface TrainingData {
  x: NumericArray;
  y: NumericArray;
  /** default 1 */
  features?: number;
  /** default: from the model (2 for logistic, max label + 1 for softmax) */
  classes?: number;
  xVal?: NumericArray;
  yVal?: NumericArray;
}

export interface SessionOptions {
  model: ModelName | ModelSpec;
  /** any loss of the registry whose task matches the model's */
  loss: string;
  lossParams?: Record<string, number>;
  optimizer: OptimizerName;
  params?: OptimizerParams;
  schedule?: Schedule;
  /** mini-batch size; 0 or ≥ n means full batch (default) */
  batchSize?: number;
  /** default 100 */
  epochs?: number;
  /** seeds the initialisation and the mini-batch shuffles (default 0) */
  seed?: number;
  /** l1 Σ|w| + (l2/2) Σ w² over the weights (not the biases); both set = elastic net */
  penalty?: { l1?: number; l2?: number };
  /**
   * stop when the validation loss has not improved by min_delta for `patience` epochs; with
   * restore_best (as Keras's restore_best_weights) the best epoch's parameters are put back when
   * the session stops (early or on completion)
   */
  earlyStopping?: { patience: number; min_delta?: number; restore_best?: boolean };
  data: Dataset | TrainingData;
  /**
   * 'float64' (default, the reference) or 'float32': the objective (forward, loss, backward) runs
   * on the core's float SIMD path; loss histories follow float64's within 1e-4 relative over 500
   * steps (Catch2 checks). Not where the model's output reaches the loss through a link: a
   * log-link model with a loss on means, or a probability-input loss (bce) on a binary model.
   */
  precision?: 'float64' | 'float32';
}

export type StopReason = null | 'completed' | 'diverged' | 'early_stopping';

export interface StepResult {
  /** one entry per step taken in this call: the full training objective after the step */
  trainLoss: Float64Array;
  /** validation objective after each step (empty without validation data) */
  valLoss: Float64Array;
  /** the mini-batch objective each step descended */
  batchLoss: Float64Array;
  lr: Float64Array;
  /** steps taken since the session started */
  steps: number;
  epoch: number;
  stopped: StopReason;
  stopReason: string;
  bestEpoch: number;
  bestValLoss: number;
  /** the parameters were set back to the best epoch's (earlyStopping.restore_best) */
  restored: boolean;
  /** on the training data: mae, rmse, r2 | accuracy, precision, recall, f1, rocAuc, prAuc | accuracy, macroPrecision, macroRecall, macroF1 (the names metrics.* reports) */
  metrics: Record<string, number>;
  valMetrics: Record<string, number>;
  params: Float64Array;
  /** linear, logistic, loglink: the weights and the bias read from params */
  coef?: Float64Array;
  intercept?: number;
}

export interface SessionState extends OptimizerTrace {
  params: Float64Array;
  metrics: Record<string, number>;
  valMetrics: Record<string, number>;
}

export interface PredictOptions {
  /** the model's raw outputs instead of predictions (default false) */
  logits?: boolean;
}

export interface GridOptions {
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
  nx?: number;
  ny?: number;
}

/** A training session; its memory lives in the wasm core until free() (a finalizer backstops). */
export interface Session {
  readonly id: number;
  readonly task: Task;
  readonly parameterCount: number;
  /** Takes up to k optimizer steps (fewer when it stops) and reports them. */
  step(k: number): StepResult;
  /**
   * regression: predictions (μ for loglink); binary: P(y = 1); multiclass: n × K probabilities.
   * With { logits: true }, the model's raw outputs (ŷ, log μ, the logit z, the K logits).
   */
  predict(x: NumericArray, options?: PredictOptions): Float64Array;
  /** predictions on an nx × ny grid (x fastest) for 2-feature models, for decision boundaries */
  predictGrid(grid: GridOptions & PredictOptions): { values: Float64Array; nx: number; ny: number; outputs: number };
  params(): Float64Array;
  state(): SessionState;
  free(): void;
  readonly freed: boolean;
}

export interface RegressionMetrics {
  mae: number;
  rmse: number;
  r2: number;
}
export interface Curve {
  x: Float64Array;
  y: Float64Array;
  thresholds: Float64Array;
  area: number;
}
export interface BinaryMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** sklearn's balanced_accuracy_score: the mean recall over the classes present */
  balancedAccuracy: number;
  /** per decision: (fnCost·FN + fpCost·FP) / N (the error rate at the default costs 1, 1) */
  expectedCost: number;
  /** standard error of that mean: the sample sd of the N per-decision costs over √N */
  expectedCostSe: number;
  /** [tn, fp, fn, tp] */
  confusion: Float64Array;
  /** present when both classes occur among the labels */
  roc?: Curve;
  pr?: Curve;
  rocAuc?: number;
  prAuc?: number;
}
export interface MulticlassMetrics {
  /** K × K, row = true class, column = predicted */
  confusion: Float64Array;
  accuracy: number;
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
}
export interface CalibrationMetrics {
  count: Float64Array;
  confidence: Float64Array;
  frequency: Float64Array;
  ece: number;
}

/**
 * A split-conformal threshold: the rank-th smallest of n scores, rank = ⌈(n + 1)(1 − α)⌉. When
 * rank > n no finite score guarantees 1 − α: `infinite` is true and `threshold` is null (the
 * interval is the whole line).
 */
export interface ConformalThreshold {
  n: number;
  rank: number;
  /** (1 − α)(1 + 1/n), the empirical quantile level the rank corresponds to */
  level: number;
  /** rank/(n + 1) (1 when infinite): the coverage of exchangeable continuous scores */
  expectedCoverage: number;
  infinite: boolean;
  threshold: number | null;
}
/** Intervals [lower, upper] against targets; the interval score of Gneiting & Raftery (2007) at level α. */
export interface IntervalMetrics {
  coverage: number;
  covered: number;
  meanWidth: number;
  intervalScore: number;
}

/** Costs of a missed positive (fnCost) and a false alarm (fpCost), each in [0, 1e6]; default 1 and 1. */
export interface CostOptions {
  fnCost?: number;
  fpCost?: number;
}

/** The threshold sweep: at each threshold t (score ≥ t is positive) the counts, cost and balanced accuracy. */
export interface ThresholdSweep {
  thresholds: Float64Array;
  tn: Float64Array;
  fp: Float64Array;
  fn: Float64Array;
  tp: Float64Array;
  /** expected cost per decision at each threshold: the cost curve over thresholds */
  cost: Float64Array;
  balancedAccuracy: Float64Array;
  /** the first threshold of the list with the lowest cost, and that cost */
  bestThreshold: number;
  bestCost: number;
}

export interface Metrics {
  regression(prediction: NumericArray, target: NumericArray): RegressionMetrics;
  /** score ≥ threshold (default 0.5) counts as positive; labels 0/1 */
  binary(score: NumericArray, label: NumericArray, options?: { threshold?: number } & CostOptions): BinaryMetrics;
  /** the sweep over `thresholds` (default 0, 0.01, …, 1, for probabilities) */
  thresholds(score: NumericArray, label: NumericArray, options?: { thresholds?: NumericArray } & CostOptions): ThresholdSweep;
  /** predicted: class indices, or n × classes probabilities (arg-max taken) */
  multiclass(predicted: NumericArray, label: NumericArray, classes: number): MulticlassMetrics;
  roc(score: NumericArray, label: NumericArray): Curve;
  pr(score: NumericArray, label: NumericArray): Curve;
  /** binary reliability bins of P(y = 1) (default 10 bins) */
  calibration(probability: NumericArray, label: NumericArray, options?: { bins?: number }): CalibrationMetrics;
  /** quantile predictions of level tau: fraction of targets ≤ prediction, and mean pinball loss */
  coverage(prediction: NumericArray, target: NumericArray, tau: number): { coverage: number; pinball: number };
  /** split-conformal threshold at miscoverage alpha in (0, 1): the ⌈(n + 1)(1 − α)⌉-th smallest score */
  conformal(scores: NumericArray, alpha: number): ConformalThreshold;
  /** conformity scores |target − prediction| */
  residualScores(prediction: NumericArray, target: NumericArray): Float64Array;
  /** CQR conformity scores max(lower − target, target − upper) */
  cqrScores(lower: NumericArray, upper: NumericArray, target: NumericArray): Float64Array;
  /** coverage, mean width and mean interval score of [lower, upper] (lower ≤ upper) at level alpha */
  interval(lower: NumericArray, upper: NumericArray, target: NumericArray, alpha: number): IntervalMetrics;
}

interface RawStep extends Omit<StepResult, 'stopped'> {
  stopped: string;
}

type Created = { id: number; parameters: number; outputs: number; task: Task; features: number; stepCost: number; totalSteps: number };

const sessionKeys = ['model', 'loss', 'lossParams', 'optimizer', 'params', 'schedule', 'batchSize', 'epochs', 'seed', 'penalty', 'earlyStopping', 'data', 'precision'] as const;
const modelKeys = ['name', 'hidden', 'activation', 'task', 'outputBias'] as const;
const dataKeys = ['x', 'y', 'features', 'classes', 'xVal', 'yVal'] as const;
/** A Dataset from lab.dataset may be passed as the data as it is. */
const datasetKeys = [...dataKeys, 'name', 'task', 'outlier'] as const;
const gridKeys = ['xmin', 'xmax', 'ymin', 'ymax', 'nx', 'ny', 'logits'] as const;

function readLogits(what: string, options: unknown): boolean {
  const o = requireObject(`${what} options`, options);
  checkKeys(what, o, ['logits']);
  if (o.logits !== undefined && typeof o.logits !== 'boolean') fail(`${what}: logits must be true or false`, 'logits');
  return o.logits === true;
}

function isDataset(d: Record<string, unknown>): boolean {
  return typeof d.task === 'string' && typeof d.name === 'string';
}

export class Training {
  private readonly finalizer: FinalizationRegistry<number> | undefined;
  private readonly limits: Limits;

  constructor(
    private readonly module: RawModule,
    private readonly configs: Configs,
    private readonly lossInfo: () => readonly LossInfo[],
  ) {
    this.limits = limitsOf(module);
    this.finalizer =
      typeof FinalizationRegistry === 'undefined'
        ? undefined
        : new FinalizationRegistry((id: number) => {
            this.module.sessionFree(id);
          });
  }

  private budget(): ElementBudget {
    return new ElementBudget(this.limits.elementsPerCall);
  }

  dataset(name: DatasetName, options: DatasetOptions = {}): Dataset {
    requireName('dataset name', name);
    if (!this.configs.datasets.includes(name)) fail(`unknown dataset '${name}'; known: ${this.configs.datasets.join(', ')}`, 'name');
    // One flat object (n, seed, validation and the dataset's own options), read once into plain
    // values, then completed from the core's defaults into a DatasetCall.
    const given = snapshot('', requireObject('dataset options', options), this.budget()) as PlainObject;
    return unwrap(this.module.dataset(this.configs.dataset(name, given))) as unknown as Dataset;
  }

  session(options: SessionOptions): Session {
    const o = requireObject('session options', options);
    if (options === undefined) fail('session needs options: model, loss, optimizer and data', 'options');
    checkKeys('session', o, sessionKeys);
    requireName('loss', o.loss);
    requireName('optimizer', o.optimizer);
    if (o.model === undefined) fail('session needs a model', 'model');
    const spec = typeof o.model === 'string' ? { name: o.model } : requireObject('model', o.model);
    checkKeys('model', spec, modelKeys);
    if (o.data === undefined) fail('session needs data: { x, y } or a dataset', 'data');
    const data = requireObject('data', o.data);
    const dataset = isDataset(data);
    checkKeys('data', data, dataset ? datasetKeys : dataKeys);
    if (o.batchSize !== undefined) requireInteger('batchSize', o.batchSize, 0, this.limits.datasetPoints * 100);
    if (o.epochs !== undefined) requireInteger('epochs', o.epochs, 1, this.limits.trainingSteps);
    if (o.seed !== undefined) requireInteger('seed', o.seed, 0, Number.MAX_SAFE_INTEGER);
    if (o.precision !== undefined && o.precision !== 'float64' && o.precision !== 'float32') {
      fail(`precision must be 'float64' or 'float32', got ${JSON.stringify(o.precision)}`, 'precision');
    }
    for (const key of ['lossParams', 'params', 'schedule', 'penalty', 'earlyStopping'] as const) {
      if (o[key] !== undefined) requireObject(key, o[key]);
    }
    const defaults = this.configs.defaults.training;
    const features = data.features ?? defaults.features;
    if (typeof features !== 'number') fail(`data.features must be a whole number, got ${typeof features}`, 'data.features');
    // x against y × features before anything is copied (the core checks it again)
    const xLength = arrayLength(data.x), yLength = arrayLength(data.y);
    if (Number.isInteger(features) && typeof xLength === 'number' && typeof yLength === 'number' && xLength !== yLength * features) {
      fail(`data: x has ${xLength} values, expected y.length × features = ${yLength * features}`, 'data.x');
    }
    if (data.x === undefined) fail('data needs x, an array of numbers', 'data.x');
    if (data.y === undefined) fail('data needs y, an array of numbers', 'data.y');
    const classes = dataset ? data.classes || undefined : data.classes;
    if (classes !== undefined && typeof classes !== 'number') fail(`data.classes must be a whole number, got ${typeof classes}`, 'data.classes');
    // Read once into plain values (values.ts): arrays become Float64Arrays the wrapper owns.
    const budget = this.budget();
    const xVal = data.xVal as ArrayLike<number> | undefined;
    const hasVal = xVal !== undefined && xVal.length > 0;
    const p = snapshot('', {
      model: spec,
      data: { x: data.x, y: data.y, ...(hasVal ? { xVal, yVal: data.yVal ?? [] } : {}) },
      lossParams: o.lossParams,
      params: o.params,
      schedule: o.schedule,
      penalty: o.penalty,
      earlyStopping: o.earlyStopping,
    }, budget) as PlainObject;
    const rows = p.data as PlainObject;
    const model = this.configs.model(p.model as PlainObject);
    const call: RawSessionCall = {
      model,
      loss: o.loss as string,
      lossParams: this.lossParams(o.loss as string, p.lossParams as PlainObject | undefined),
      ...this.configs.optimizer(o.optimizer as string, p.params as PlainObject | undefined),
      ...this.configs.schedule(p.schedule as PlainObject | undefined),
      batchSize: (o.batchSize as number | undefined) ?? defaults.batchSize,
      epochs: (o.epochs as number | undefined) ?? defaults.epochs,
      seed: (o.seed as number | undefined) ?? defaults.seed,
      penalty: this.configs.complete('penalty', 'penalty', this.configs.defaults.penalty, p.penalty as PlainObject | undefined),
      earlyStopping: this.configs.complete('earlyStopping', 'earlyStopping', this.configs.defaults.earlyStopping, p.earlyStopping as PlainObject | undefined),
      x: rows.x as Float64Array,
      y: rows.y as Float64Array,
      xVal: (rows.xVal as Float64Array | undefined) ?? new Float64Array(0),
      yVal: (rows.yVal as Float64Array | undefined) ?? new Float64Array(0),
      features,
      classes: classes ?? defaults.classes,
      precision: (o.precision as 'float64' | 'float32' | undefined) ?? defaults.precision,
    };
    const created = unwrap(this.module.sessionCreate(call)) as unknown as Created;
    return this.handle(created, model.name);
  }

  /** A loss's parameters in its registry order, the defaults (the core's) where none is given. */
  private lossParams(loss: string, given: PlainObject | undefined): Float64Array {
    const info = this.lossInfo().find((l) => l.name === loss);
    if (!info) fail(`unknown loss '${loss}'; known losses: ${this.lossInfo().map((l) => l.name).join(', ')}`, 'loss');
    const names = info.params.map((q) => q.name);
    for (const [key, value] of Object.entries(given ?? {})) {
      if (!names.includes(key)) fail(`lossParams: ${loss} has no parameter '${key}'; its parameters: ${names.length ? names.join(', ') : 'none'}`, `lossParams.${key}`);
      if (typeof value !== 'number') fail(`lossParams.${key} must be a number, got ${typeof value}`, `lossParams.${key}`);
    }
    return Float64Array.from(info.params, (q) => (given?.[q.name] as number | undefined) ?? q.default ?? NaN);
  }

  private handle(
    created: Created,
    modelName: string | undefined,
  ): Session & { stepCost: number; totalSteps: number } {
    const module = this.module;
    const finalizer = this.finalizer;
    const limits = this.limits;
    const id = created.id;
    const linearModel = modelName === 'linear' || modelName === 'logistic' || modelName === 'loglink';
    let freed = false;
    const alive = () => {
      if (freed) fail(`session ${id} was freed`);
    };
    const handle: Session & { stepCost: number; totalSteps: number } = {
      id,
      task: created.task,
      parameterCount: created.parameters,
      stepCost: created.stepCost,
      totalSteps: created.totalSteps,
      step: (k: number): StepResult => {
        alive();
        requireInteger('k', k, 0, limits.stepsPerCall);
        const raw = unwrap(module.sessionStep(id, k)) as unknown as RawStep;
        const result: StepResult = { ...raw, stopped: (raw.stopped || null) as StopReason };
        if (linearModel) {
          result.coef = raw.params.slice(0, created.features);
          result.intercept = raw.params[created.features];
        }
        return result;
      },
      predict: (x: NumericArray, options?: PredictOptions): Float64Array => {
        alive();
        if (x === undefined) fail('predict needs x, an array of numbers (n rows × features, row-major)', 'x');
        const logits = readLogits('predict', options);
        const rows = numericArray('x', x, this.budget()) as Float64Array;
        alive();
        return (unwrap(module.sessionPredict(id, rows, logits)) as { values: Float64Array }).values;
      },
      predictGrid: (grid: GridOptions & PredictOptions) => {
        alive();
        if (grid === undefined) fail('predictGrid needs a box: { xmin, xmax, ymin, ymax, nx?, ny? }', 'grid');
        const g = requireObject('grid', grid);
        checkKeys('predictGrid', g, gridKeys);
        const box: { xmin: number; xmax: number; ymin: number; ymax: number; nx?: number; ny?: number } = { xmin: 0, xmax: 0, ymin: 0, ymax: 0 };
        for (const key of ['xmin', 'xmax', 'ymin', 'ymax'] as const) {
          if (g[key] === undefined) fail(`predictGrid needs ${key}`, key);
          box[key] = requireNumber(key, g[key]);
        }
        if (box.xmin >= box.xmax) fail(`predictGrid: the box needs xmin < xmax, got ${box.xmin} and ${box.xmax}`, 'xmax');
        if (box.ymin >= box.ymax) fail(`predictGrid: the box needs ymin < ymax, got ${box.ymin} and ${box.ymax}`, 'ymax');
        for (const key of ['nx', 'ny'] as const) if (g[key] !== undefined) box[key] = requireInteger(key, g[key], 2, 1000);
        const logits = readLogits('predictGrid', { logits: g.logits });
        alive();
        const r = unwrap(module.sessionPredictGrid(id, box, logits)) as { values: Float64Array; outputs: number; nx: number; ny: number };
        return { values: r.values, nx: r.nx, ny: r.ny, outputs: r.outputs };
      },
      params(): Float64Array {
        alive();
        return (unwrap(module.sessionState(id)) as { params: Float64Array }).params;
      },
      state(): SessionState {
        alive();
        const raw = unwrap(module.sessionState(id)) as unknown as SessionState & { first: Float64Array; second: Float64Array };
        return { ...raw, first: raw.first.length ? raw.first : null, second: raw.second.length ? raw.second : null };
      },
      free(): void {
        if (freed) return;
        freed = true;
        finalizer?.unregister(handle);
        module.sessionFree(id);
      },
      get freed() {
        return freed;
      },
    };
    finalizer?.register(handle, id, handle);
    return handle;
  }

  /** Creates a session, steps it until it stops (or `steps` steps), frees it, returns the last report. */
  train(options: SessionOptions & { steps?: number }): StepResult & { history: { trainLoss: Float64Array; valLoss: Float64Array; lr: Float64Array } } {
    const o = requireObject('train options', options);
    if (options === undefined) fail('train needs options: model, loss, optimizer and data', 'options');
    const { steps, ...rest } = o as unknown as SessionOptions & { steps?: number };
    if (steps !== undefined) requireInteger('steps', steps, 0, this.limits.trainingSteps);
    const session = this.session(rest) as Session & { stepCost: number; totalSteps: number };
    try {
      // One synchronous call: the whole run is held to the work limit of one call, up front.
      const planned = Math.min(steps ?? session.totalSteps, session.totalSteps);
      const work = planned * session.stepCost;
      if (work > this.limits.workPerCall) {
        fail(
          `train: epochs: ${planned} steps × ${session.stepCost} work units per step = ${work.toExponential(2)}; the limit per call is ` +
            `${this.limits.workPerCall.toExponential(2)} (fewer epochs or steps, or lab.session stepped in pieces)`,
          'epochs',
        );
      }
      const parts: StepResult[] = [];
      let remaining = planned;
      for (;;) {
        const k = Math.min(remaining, Math.max(1, Math.floor(this.limits.workPerCall / session.stepCost)), this.limits.stepsPerCall);
        const r = session.step(k);
        parts.push(r);
        remaining -= r.trainLoss.length;
        if (r.stopped || remaining <= 0 || r.trainLoss.length === 0) break;
      }
      const concat = (pick: (r: StepResult) => Float64Array) => {
        const arrays = parts.map(pick);
        const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
        let offset = 0;
        for (const a of arrays) out.set(a, (offset += a.length) - a.length);
        return out;
      };
      return {
        ...parts[parts.length - 1],
        history: { trainLoss: concat((r) => r.trainLoss), valLoss: concat((r) => r.valLoss), lr: concat((r) => r.lr) },
      };
    } finally {
      session.free();
    }
  }

  readonly metrics: Metrics = {
    regression: (prediction, target) => {
      const [p, t] = this.metricArrays('regression', { prediction, target });
      return unwrap(this.module.metricsRegression(p, t)) as unknown as RegressionMetrics;
    },
    binary: (score, label, options) => {
      const o = this.metricOptions('binary', options, ['threshold', 'fnCost', 'fpCost']);
      const [s, l] = this.metricArrays('binary', { score, label });
      const d = this.configs.defaults.metrics;
      const threshold = metricNumber('binary', 'threshold', o.threshold ?? d.threshold);
      const [fn, fp] = this.costs('binary', o);
      return unwrap(this.module.metricsBinary(s, l, threshold, fn, fp)) as unknown as BinaryMetrics;
    },
    thresholds: (score, label, options) => {
      const o = this.metricOptions('thresholds', options, ['thresholds', 'fnCost', 'fpCost']);
      const [s, l] = this.metricArrays('thresholds', { score, label });
      const grid = o.thresholds === undefined ? undefined : (numericArray('thresholds', o.thresholds, this.budget()) as Float64Array);
      const [fn, fp] = this.costs('thresholds', o);
      return unwrap(this.module.metricsThresholds(s, l, grid, fn, fp)) as unknown as ThresholdSweep;
    },
    multiclass: (predicted, label, classes) => {
      requireInteger('classes', classes, 2, this.limits.classes);
      const budget = this.budget();
      let indices: Float64Array = numericArray('predicted', predicted, budget) as Float64Array;
      const labels = numericArray('label', label, budget) as Float64Array;
      if (indices.length === labels.length * classes && indices.length !== labels.length) {
        const arg = new Float64Array(labels.length);
        for (let i = 0; i < labels.length; i++) {
          let best = 0;
          for (let k = 1; k < classes; k++) if (indices[i * classes + k] > indices[i * classes + best]) best = k;
          arg[i] = best;
        }
        indices = arg;
      }
      return unwrap(this.module.metricsMulticlass(indices, labels, classes)) as unknown as MulticlassMetrics;
    },
    roc: (score, label) => {
      const [s, l] = this.metricArrays('roc', { score, label });
      return unwrap(this.module.metricsRoc(s, l)) as unknown as Curve;
    },
    pr: (score, label) => {
      const [s, l] = this.metricArrays('pr', { score, label });
      return unwrap(this.module.metricsPr(s, l)) as unknown as Curve;
    },
    calibration: (probability, label, options) => {
      const o = this.metricOptions('calibration', options, ['bins']);
      const [p, l] = this.metricArrays('calibration', { probability, label });
      const bins = metricNumber('calibration', 'bins', o.bins ?? this.configs.defaults.metrics.bins, true);
      return unwrap(this.module.metricsCalibration(p, l, bins)) as unknown as CalibrationMetrics;
    },
    coverage: (prediction, target, tau) => {
      const [p, t] = this.metricArrays('coverage', { prediction, target });
      return unwrap(this.module.metricsCoverage(p, t, metricNumber('coverage', 'tau', required('coverage', 'tau', tau)))) as unknown as {
        coverage: number;
        pinball: number;
      };
    },
    conformal: (scores, alpha) => {
      const [s] = this.metricArrays('conformal', { scores });
      return unwrap(this.module.metricsConformal(s, metricNumber('conformal', 'alpha', required('conformal', 'alpha', alpha)))) as unknown as ConformalThreshold;
    },
    residualScores: (prediction, target) => {
      const [p, t] = this.metricArrays('residualScores', { prediction, target });
      return (unwrap(this.module.metricsResidualScores(p, t)) as { scores: Float64Array }).scores;
    },
    cqrScores: (lower, upper, target) => {
      const [lo, hi, t] = this.metricArrays('cqrScores', { lower, upper, target });
      return (unwrap(this.module.metricsCqrScores(lo, hi, t)) as { scores: Float64Array }).scores;
    },
    interval: (lower, upper, target, alpha) => {
      const [lo, hi, t] = this.metricArrays('interval', { lower, upper, target });
      const a = metricNumber('interval', 'alpha', required('interval', 'alpha', alpha));
      return unwrap(this.module.metricsInterval(lo, hi, t, a)) as unknown as IntervalMetrics;
    },
  };

  heapInUse(): number {
    return this.module.heapInUse();
  }

  sessionCount(): number {
    return this.module.sessionCount();
  }

  /** A metric's options object: only the keys it takes, read once into plain values. */
  private metricOptions(kind: string, options: unknown, keys: readonly string[]): PlainObject {
    const opts = requireObject(`metrics.${kind} options`, options);
    checkKeys(`metrics.${kind}`, opts, keys);
    return snapshot('', opts, this.budget()) as PlainObject;
  }

  /** The decision costs of options, the core's defaults where none is given. */
  private costs(kind: string, o: PlainObject): [number, number] {
    const d = this.configs.defaults.metrics;
    return [metricNumber(kind, 'fnCost', o.fnCost ?? d.fnCost), metricNumber(kind, 'fpCost', o.fpCost ?? d.fpCost)];
  }

  /**
   * A metric's arrays by the names of the API's arguments (so the core's errors name them),
   * lengths compared before anything is copied.
   */
  private metricArrays(kind: string, arrays: Record<string, unknown>): Float64Array[] {
    const [aKey, bKey] = Object.keys(arrays);
    if (bKey !== undefined) {
      const aLength = arrayLength(arrays[aKey]), bLength = arrayLength(arrays[bKey]);
      if (aLength !== undefined && bLength !== undefined && aLength !== bLength) {
        fail(`metrics.${kind}: ${aKey} and ${bKey} lengths differ: ${aLength} vs ${bLength}`, bKey);
      }
    }
    const budget = this.budget();
    return Object.entries(arrays).map(([key, value]) => numericArray(key, value, budget) as Float64Array);
  }
}

/** A required scalar argument of a metric. */
function required(kind: string, key: string, value: unknown): unknown {
  if (value === undefined) fail(`metrics.${kind} needs ${key}`, key);
  return value;
}

/** A metric's number (null reads as NaN, as JSON writes it); its range is the core's to check. */
function metricNumber(kind: string, key: string, value: unknown, integer = false): number {
  const v = value === null ? NaN : value;
  if (typeof v !== 'number') fail(`metrics.${kind}: ${key} must be a number, got ${show(v)}`, key);
  if (!Number.isFinite(v)) fail(`metrics.${kind}: ${key} must be a finite number, got ${Number.isNaN(v) ? 'NaN (or null)' : v}`, key);
  if (integer && !Number.isInteger(v)) fail(`metrics.${kind}: ${key} = ${v} must be a whole number`, key);
  return v;
}
