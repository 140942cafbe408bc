import type { RawModule } from './generated/losslab.js';
import { fail, LossLabError } from './errors.js';
import type { NumericArray, Scratch } from './heap.js';
import type { OptimizerName, OptimizerParams, OptimizerTrace, Schedule } from './optimization.js';
import { decode, requireInteger, requireName, requireObject, toJson } from './wire.js';

export type DatasetName = 'linear' | 'heteroscedastic' | 'zero_inflated' | 'imbalanced' | 'moons' | 'spirals' | 'blobs';
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
  /** stop when the validation loss has not improved by min_delta for `patience` epochs */
  earlyStopping?: { patience: number; min_delta?: number };
  data: Dataset | TrainingData;
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
  /** on the training data: mae, rmse, r2 | accuracy, precision, recall, f1, roc_auc, pr_auc | accuracy, macro_* */
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
  /** regression: predictions (μ for loglink); binary: P(y = 1); multiclass: n × K probabilities */
  predict(x: NumericArray): Float64Array;
  /** predictions on an nx × ny grid (x fastest) for 2-feature models, for decision boundaries */
  predictGrid(grid: GridOptions): { values: Float64Array; nx: number; ny: number; outputs: number };
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

export interface Metrics {
  regression(prediction: NumericArray, target: NumericArray): RegressionMetrics;
  /** score ≥ threshold (default 0.5) counts as positive; labels 0/1 */
  binary(score: NumericArray, label: NumericArray, options?: { threshold?: number }): BinaryMetrics;
  /** predicted: class indices, or n × classes probabilities (arg-max taken) */
  multiclass(predicted: NumericArray, label: NumericArray, classes: number): MulticlassMetrics;
  roc(score: NumericArray, label: NumericArray): Curve;
  pr(score: NumericArray, label: NumericArray): Curve;
  /** binary reliability bins of P(y = 1) (default 10 bins) */
  calibration(probability: NumericArray, label: NumericArray, options?: { bins?: number }): CalibrationMetrics;
  /** quantile predictions of level tau: fraction of targets ≤ prediction, and mean pinball loss */
  coverage(prediction: NumericArray, target: NumericArray, tau: number): { coverage: number; pinball: number };
}

interface RawStep extends Omit<StepResult, 'stopped'> {
  stopped: string;
}

function isDataset(d: unknown): d is Dataset {
  return typeof (d as Dataset).task === 'string' && typeof (d as Dataset).name === 'string';
}

export class Training {
  private readonly finalizer: FinalizationRegistry<number> | undefined;

  constructor(
    private readonly module: RawModule,
    private readonly scratch: Scratch,
  ) {
    this.finalizer =
      typeof FinalizationRegistry === 'undefined'
        ? undefined
        : new FinalizationRegistry((id: number) => {
            this.module.sessionFree(id);
          });
  }

  dataset(name: DatasetName, options: DatasetOptions = {}): Dataset {
    requireName('dataset name', name);
    return decode<Dataset>(this.module, this.module.dataset(name, toJson(requireObject('dataset options', options))));
  }

  session(options: SessionOptions): Session {
    const o = requireObject('session options', options);
    requireName('loss', o.loss);
    requireName('optimizer', o.optimizer);
    const spec = typeof o.model === 'string' ? { name: o.model } : requireObject('model', o.model);
    const { outputBias, ...modelRest } = spec as unknown as ModelSpec;
    const model = outputBias === undefined ? modelRest : { ...modelRest, output_bias: outputBias };
    const data = requireObject('data', o.data) as unknown as Dataset | TrainingData;
    const wire: Record<string, unknown> = {
      model,
      loss: o.loss,
      optimizer: o.optimizer,
      data: {
        x: data.x,
        y: data.y,
        features: data.features ?? 1,
        ...(isDataset(data) ? { classes: data.classes || undefined } : { classes: data.classes }),
        ...(data.xVal && data.xVal.length ? { x_val: data.xVal, y_val: data.yVal ?? [] } : {}),
      },
    };
    if (o.lossParams !== undefined) wire.lossParams = o.lossParams;
    if (o.params !== undefined) wire.params = o.params;
    if (o.schedule !== undefined) wire.schedule = o.schedule;
    if (o.batchSize !== undefined) wire.batch_size = o.batchSize;
    if (o.epochs !== undefined) wire.epochs = o.epochs;
    if (o.seed !== undefined) wire.seed = o.seed;
    if (o.penalty !== undefined) wire.penalty = o.penalty;
    if (o.earlyStopping !== undefined) wire.early_stopping = o.earlyStopping;
    const created = decode<{ id: number; parameters: number; outputs: number; task: Task; features: number }>(
      this.module,
      this.module.sessionCreate(toJson(wire, this.scratch)),
    );
    const module = this.module;
    const scratch = this.scratch;
    const finalizer = this.finalizer;
    const id = created.id;
    const modelName = (model as { name?: string }).name;
    const linearModel = modelName === 'linear' || modelName === 'logistic' || modelName === 'loglink';
    let freed = false;
    const alive = () => {
      if (freed) fail(`session ${id} was freed`);
    };
    const handle: Session = {
      id,
      task: created.task,
      parameterCount: created.parameters,
      step(k: number): StepResult {
        alive();
        requireInteger('k', k, 0, 10_000_000);
        const raw = decode<RawStep>(module, module.sessionStep(id, k));
        const result: StepResult = { ...raw, stopped: (raw.stopped || null) as StopReason };
        if (linearModel) {
          result.coef = raw.params.slice(0, created.features);
          result.intercept = raw.params[created.features];
        }
        return result;
      },
      predict(x: NumericArray): Float64Array {
        alive();
        return decode<{ values: Float64Array }>(module, module.sessionPredict(id, toJson({ x }, scratch))).values;
      },
      predictGrid(grid: GridOptions) {
        alive();
        const g = requireObject('grid', grid);
        const r = decode<{ values: Float64Array; outputs: number }>(module, module.sessionPredict(id, toJson(g)));
        return { values: r.values, nx: (g.nx as number) ?? 50, ny: (g.ny as number) ?? 50, outputs: r.outputs };
      },
      params(): Float64Array {
        alive();
        return decode<{ params: Float64Array }>(module, module.sessionState(id)).params;
      },
      state(): SessionState {
        alive();
        const raw = decode<SessionState & { first: Float64Array; second: Float64Array }>(module, module.sessionState(id));
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
    const { steps, ...rest } = options;
    const session = this.session(rest);
    try {
      const parts: StepResult[] = [];
      let remaining = steps ?? Number.POSITIVE_INFINITY;
      for (;;) {
        const k = Math.min(remaining, 10_000);
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
    regression: (prediction, target) => this.metric('regression', { a: prediction, b: target }),
    binary: (score, label, options = {}) =>
      this.metric('binary', { a: score, b: label, ...(options.threshold !== undefined ? { threshold: options.threshold } : {}) }),
    multiclass: (predicted, label, classes) => {
      requireInteger('classes', classes, 2, 1000);
      let indices: NumericArray = predicted;
      if (predicted.length === label.length * classes && classes > 1 && predicted.length !== label.length) {
        const arg = new Float64Array(label.length);
        for (let i = 0; i < label.length; i++) {
          let best = 0;
          for (let k = 1; k < classes; k++) if (predicted[i * classes + k] > predicted[i * classes + best]) best = k;
          arg[i] = best;
        }
        indices = arg;
      }
      return this.metric('multiclass', { a: indices, b: label, classes });
    },
    roc: (score, label) => this.metric('roc', { a: score, b: label }),
    pr: (score, label) => this.metric('pr', { a: score, b: label }),
    calibration: (probability, label, options = {}) =>
      this.metric('calibration', { a: probability, b: label, ...(options.bins !== undefined ? { bins: options.bins } : {}) }),
    coverage: (prediction, target, tau) => this.metric('coverage', { a: prediction, b: target, tau }),
  };

  heapInUse(): number {
    return this.module.heapInUse();
  }

  sessionCount(): number {
    return this.module.sessionCount();
  }

  private metric<T>(kind: string, args: Record<string, unknown>): T {
    for (const key of ['a', 'b']) {
      const v = args[key];
      if (!(Array.isArray(v) || ArrayBuffer.isView(v))) throw new LossLabError(`metrics.${kind}: expected arrays of numbers`);
    }
    return decode<T>(this.module, this.module.metrics(kind, toJson(args, this.scratch)));
  }
}
