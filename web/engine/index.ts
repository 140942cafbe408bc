/**
 * Loss Lab's public JavaScript API: `import { createLossLab } from 'loss-lab'`.
 *
 * The only module that touches the wasm core. It validates input, copies typed arrays into the
 * wasm heap in one batch per call, and throws a LossLabError (a real Error) with a clear message
 * for anything bad; the core never aborts on bad input.
 */
import createLossLabModule, { type RawModule } from './generated/losslab.js';
import { HeapArray, HeapArrays, Scratch } from './heap.js';
import { Configs } from './configs.js';
import { limitsOf } from './values.js';
import { Contrastive, type ContrastiveOptions, type ContrastiveRun } from './contrastive.js';
import { Losses, type LossArray, type LossInfo, type LossOptions, type LossResult } from './losses.js';
import type { NumericArray } from './heap.js';
import {
  Optimization,
  type OptimizeOptions,
  type OptimizeResult,
  type Schedule,
  type SurfaceGrid,
  type SurfaceGridOptions,
  type SurfaceInfo,
} from './optimization.js';
import {
  Regularisation,
  type ElasticNetPath,
  type ElasticNetPathOptions,
  type GeometryOptions,
  type RegularisationGeometry,
} from './regularisation.js';
import {
  Training,
  type Dataset,
  type DatasetName,
  type DatasetOptions,
  type Metrics,
  type Session,
  type SessionOptions,
  type StepResult,
} from './training.js';

export { LossLabError } from './errors.js';
export { connect, inProcess, startWorker, transfer } from './remote.js';
export type { AsyncContrastiveRun, AsyncLossLab, AsyncMetrics, AsyncSession, ContourBand, RunOptions, TrainResult, WorkerStart } from './remote.js';
export type { NumericArray, Precision } from './heap.js';
export { HeapArray } from './heap.js';
export type { ContrastiveOptions, ContrastiveRun, ContrastiveSnapshot } from './contrastive.js';
export type { LossArray, LossInfo, LossOptions, LossParamInfo, LossResult, LossTask, Reduction } from './losses.js';
export type {
  Divergence,
  OptimizeOptions,
  OptimizeResult,
  OptimizerName,
  OptimizerParams,
  OptimizerTrace,
  Schedule,
  SurfaceGrid,
  SurfaceGridOptions,
  SurfaceInfo,
  SurfaceName,
  Warmup,
} from './optimization.js';
export type {
  ConstrainedOptimum,
  ElasticNetPath,
  ElasticNetPathOptions,
  GeometryOptions,
  RegularisationGeometry,
} from './regularisation.js';
export type {
  BinaryMetrics,
  CostOptions,
  ThresholdSweep,
  CalibrationMetrics,
  ConformalThreshold,
  Curve,
  Dataset,
  DatasetName,
  DatasetOptions,
  GridOptions,
  IntervalMetrics,
  Metrics,
  ModelName,
  ModelSpec,
  MulticlassMetrics,
  PredictOptions,
  RegressionMetrics,
  Session,
  SessionOptions,
  SessionState,
  StepResult,
  StopReason,
  Task,
  TrainingData,
} from './training.js';

export interface BuildInfo {
  /** true when the core was compiled with -msimd128 */
  simd: boolean;
  version: string;
}

export interface LossLab {
  readonly build: BuildInfo;
  /**
   * Evaluates a loss and its gradient with respect to the input. A Float32Array input takes the
   * float path; anything else (Float64Array, number[]) the double path.
   */
  loss(name: string, input: Float32Array | HeapArray, target: LossArray, options?: LossOptions): LossResult<Float32Array>;
  loss(name: string, input: NumericArray, target: NumericArray, options?: LossOptions): LossResult<Float64Array>;
  /**
   * n floats of wasm memory that the caller owns until free(): lab.loss reads and writes it in
   * place, with no copy (input, target, weights or options.grad). Read `.view` again after any lab
   * call: heap growth detaches views taken earlier (docs/api.md, "Zero-copy losses").
   */
  alloc(n: number): HeapArray;
  /** Every loss with its task, parameters, formulas and convention. */
  lossInfo(): readonly LossInfo[];

  // Optimization (docs/optimization.md). Names and arguments follow torch.optim.
  /** Runs an optimizer on a 2-D surface; returns the whole path, losses, lrs and optimizer state. */
  optimize(options: OptimizeOptions): OptimizeResult;
  /** The learning rate of each of `steps` optimizer steps under a schedule. */
  lrSchedule(schedule: Schedule & { lr: number }, steps: number): Float64Array;
  /** Every surface: parameters with ranges, view box, escape bound, minima, KaTeX formula. */
  surfaces(): readonly SurfaceInfo[];
  /** A surface's values on a grid, for contour plots. */
  surfaceGrid(options: SurfaceGridOptions): SurfaceGrid;
  /** A seeded synthetic dataset (identical in every browser and in Node). */
  dataset(name: DatasetName, options?: DatasetOptions): Dataset;
  /** A training session stepped k steps per call; free() it when done. */
  session(options: SessionOptions): Session;
  /** Trains to the end (or `steps` steps) in one call and frees the session. */
  train(options: SessionOptions & { steps?: number }): StepResult & {
    history: { trainLoss: Float64Array; valLoss: Float64Array; lr: Float64Array };
  };
  readonly metrics: Metrics;
  /**
   * Lasso, ridge and elastic-net fits over a λ grid by coordinate descent (sklearn's
   * ElasticNet objective, exact zeros, warm starts): see docs/optimization.md.
   */
  elasticNetPath(options: ElasticNetPathOptions): ElasticNetPath;
  /** Two weights: the L1, L2 and elastic-net constrained optima of a quadratic loss, and its grid. */
  regularisationGeometry(options: GeometryOptions): RegularisationGeometry;
  /** A contrastive (InfoNCE) training run stepped k steps per call, with a snapshot each call; free() it when done. */
  contrastive(options?: ContrastiveOptions): ContrastiveRun;
  /** Bytes malloc'd in the wasm heap and live sessions (for leak checks). */
  memory(): { heapInUse: number; sessions: number };
}

export interface CreateOptions {
  /** The .wasm bytes, if the caller has them (skips the fetch or file read). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to fetch the .wasm from; defaults to the file next to this module. */
  wasmUrl?: string | URL;
}

// Resolved on first use, not at load: inside a classic blob worker (the single-file download)
// import.meta.url is no base URL, and the bytes are handed over instead.
const defaultWasmUrl = () => new URL('./generated/losslab.wasm', import.meta.url);

async function readWasm(url: URL): Promise<ArrayBuffer | Uint8Array> {
  if (url.protocol === 'file:') {
    // Node (or a file:// page in a runtime that allows it). Hidden from bundlers on purpose.
    const fsModule = 'node:fs/promises';
    const urlModule = 'node:url';
    const fs = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
    const { fileURLToPath } = (await import(/* @vite-ignore */ urlModule)) as typeof import('node:url');
    return fs.readFile(fileURLToPath(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load the Loss Lab core from ${url.href}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

let shared: Promise<RawModule> | undefined;

// The glue resolves the .wasm against import.meta.url unless told otherwise, and in a classic
// blob worker (the single-file download) that throws "Invalid URL". We always hand it the bytes,
// so the path is never used: keep it as it is.
const keepPath = (path: string) => path;

/** Loads the wasm core (once per page; later calls share it) and returns the API. */
export async function createLossLab(options: CreateOptions = {}): Promise<LossLab> {
  let modulePromise: Promise<RawModule>;
  if (options.wasmBinary || options.wasmUrl) {
    const binary = options.wasmBinary ?? (await readWasm(new URL(options.wasmUrl!, defaultWasmUrl())));
    modulePromise = createLossLabModule({ wasmBinary: binary, locateFile: keepPath });
  } else {
    shared ??= readWasm(defaultWasmUrl()).then((wasmBinary) => createLossLabModule({ wasmBinary, locateFile: keepPath }));
    modulePromise = shared;
  }
  const module = await modulePromise;
  const scratch = new Scratch(module);
  const heapArrays = new HeapArrays(module, limitsOf(module).elementsPerCall);
  const losses = new Losses(module, scratch, heapArrays);
  const configs = new Configs(module);
  const optimization = new Optimization(module, configs);
  const training = new Training(module, configs, () => losses.info());
  const regularisation = new Regularisation(module);
  const contrastive = new Contrastive(module, configs);
  const build = Object.freeze(module.buildInfo() as BuildInfo);
  return Object.freeze({
    build,
    loss: (name: string, input: LossArray, target: LossArray, opts?: LossOptions) =>
      losses.evaluate(name, input, target, opts),
    alloc: (n: number) => heapArrays.alloc(n),
    lossInfo: () => losses.info(),
    optimize: (o: OptimizeOptions) => optimization.optimize(o),
    lrSchedule: (schedule: Schedule & { lr: number }, steps: number) => optimization.lrSchedule(schedule, steps),
    surfaces: () => optimization.surfaces(),
    surfaceGrid: (o: SurfaceGridOptions) => optimization.surfaceGrid(o),
    dataset: (name: DatasetName, o?: DatasetOptions) => training.dataset(name, o),
    session: (o: SessionOptions) => training.session(o),
    train: (o: SessionOptions & { steps?: number }) => training.train(o),
    metrics: training.metrics,
    elasticNetPath: (o: ElasticNetPathOptions) => regularisation.elasticNetPath(o),
    regularisationGeometry: (o: GeometryOptions) => regularisation.geometry(o),
    contrastive: (o?: ContrastiveOptions) => contrastive.create(o),
    memory: () => ({ heapInUse: training.heapInUse(), sessions: training.sessionCount() }),
  }) as LossLab;
}
