// Types of the raw Embind module that wasm/bindings.cpp builds into ./losslab.js (a build output).
// Only web/engine imports it; everything else uses the public API in ../index.ts.

export interface RawLossCall {
  name: string;
  reduction: string;
  input: number;
  inputSize: number;
  target: number;
  targetSize: number;
  weights: number;
  weightsSize: number;
  params: number;
  paramsSize: number;
  classes: number;
  grad: number;
  perSample: number;
  /** > 0: this call is one chunk of a batch of that many samples (its mean divides by this). */
  meanDivisor: number;
}

export interface RawLossResult {
  error: string;
  value: number;
}

/** core/include/losslab/limits.hpp (value_object "Limits"). */
export interface Limits {
  elementsPerCall: number;
  datasetPoints: number;
  stepsPerCall: number;
  trajectorySteps: number;
  trainingSteps: number;
  workPerCall: number;
  gridCells: number;
  classes: number;
}

/** value_object "BuildInfo". */
export interface RawBuildInfo {
  /** true when the core was compiled with -msimd128 */
  simd: boolean;
  version: string;
}

/**
 * Calls cross as value objects whose numeric arrays are Float64Arrays (web/engine/values.ts
 * snapshots them); results come back as plain objects whose arrays are Float64Arrays owned by JS,
 * or as { error } (wasm/adapters/values.hpp).
 */
export type RawResult<T = Record<string, unknown>> = T | { error: string };

/** A complete config of the core (configs.hpp's value objects: SgdConfig, CosineSchedule, Warmup, …). */
export type RawConfig = Record<string, number | boolean | string>;

export interface RawConfigDefaults {
  optimizers: Record<string, RawConfig>;
  schedules: Record<string, RawConfig>;
  surfaces: Record<string, RawConfig>;
  warmup: RawConfig;
  penalty: RawConfig;
  earlyStopping: RawConfig;
  training: { batchSize: number; epochs: number; seed: number; features: number; classes: number; precision: 'float64' | 'float32' };
  models: Record<string, { hidden: number[]; activation: string; task: string }>;
  /** each dataset's n, seed, validation and options (value objects LinearDataset, MoonsDataset, …); integers: its whole-number options */
  datasets: Record<string, { n: number; seed: number; validation: number; options: RawConfig; integers: string[] }>;
  /** the metrics' option defaults */
  metrics: { threshold: number; fnCost: number; fpCost: number; bins: number };
  /** the words of every field that takes one (anneal_strategy, activation, task, x_distribution) */
  choices: Record<string, string[]>;
}

export interface RawScheduleInfo {
  name: string;
  params: { name: string; default: number | null; min: number | null; max: number | null; description: string; integer: boolean }[];
  latex: string;
  description: string;
  convention: string;
}

/** value_object "OptimizeCall" */
export interface RawOptimizeCall {
  surface: string;
  surfaceConfig: RawConfig;
  optimizer: string;
  optimizerConfig: RawConfig;
  schedule: string;
  scheduleConfig: RawConfig;
  warmup: RawConfig;
  startX: number;
  startY: number;
  steps: number;
  noiseStd: number;
  noiseSeed: number;
}

/** value_object "ScheduleCall" */
export interface RawScheduleCall {
  lr: number;
  schedule: string;
  scheduleConfig: RawConfig;
  warmup: RawConfig;
  steps: number;
}

/** value_object "SurfaceGridCall" (undefined: the surface's view box, 100 × 100) */
export interface RawSurfaceGridCall {
  surface: string;
  surfaceConfig: RawConfig;
  xmin: number | undefined;
  xmax: number | undefined;
  ymin: number | undefined;
  ymax: number | undefined;
  nx: number | undefined;
  ny: number | undefined;
}

/** value_object "DatasetCall" (data::dataset_config): options complete for the named dataset */
export interface RawDatasetCall {
  dataset: string;
  options: RawConfig;
  n: number;
  seed: number;
  validation: number;
}

/** value_object "SessionCall" */
export interface RawSessionCall {
  model: { name: string; hidden: Float64Array; activation: string; task: string; outputBias: number | null };
  loss: string;
  /** in the order of the loss's registry params */
  lossParams: Float64Array;
  optimizer: string;
  optimizerConfig: RawConfig;
  schedule: string;
  scheduleConfig: RawConfig;
  warmup: RawConfig;
  batchSize: number;
  epochs: number;
  seed: number;
  penalty: RawConfig;
  earlyStopping: RawConfig;
  x: Float64Array;
  y: Float64Array;
  xVal: Float64Array;
  yVal: Float64Array;
  features: number;
  classes: number;
  /** 'float64' (the reference) or 'float32' (train::precision) */
  precision: string;
}

/** value_object "ElasticNetCall" (regularisation::path_config) */
export interface RawElasticNetCall {
  x: Float64Array;
  y: Float64Array;
  xVal: Float64Array;
  yVal: Float64Array;
  lambdas: Float64Array;
  features: number;
  l1Ratio: number;
  tol: number;
  maxSweeps: number;
}

export interface RawElasticNetDefaults {
  features: number;
  l1Ratio: number;
  tol: number;
  maxSweeps: number;
}

/** contrastive::config's defaults under the API's names; its optimizer by name and lr */
export interface RawContrastiveDefaults {
  classes: number;
  pool: number;
  eval: number;
  spread: number;
  augmentation: number;
  nuisance: number;
  hidden: number;
  dim: number;
  batch: number;
  negatives: number;
  temperature: number;
  display: number;
  probeSteps: number;
  seed: number;
  hard: boolean;
  positivesOnly: boolean;
  optimizer: string;
  lr: number;
}

/** value_object "ContrastiveCall" (contrastive::config) */
export interface RawContrastiveCall extends Omit<RawContrastiveDefaults, 'lr'> {
  optimizerConfig: RawConfig;
}

/** value_object "GeometryCall" (undefined: l1Ratio 0.5, the box ±3, 60 × 60) */
export interface RawGeometryCall {
  rho: number;
  optimum: Float64Array;
  budget: number;
  l1Ratio: number | undefined;
  xmin: number | undefined;
  xmax: number | undefined;
  ymin: number | undefined;
  ymax: number | undefined;
  nx: number | undefined;
  ny: number | undefined;
}

export interface RawModule {
  HEAPU8: Uint8Array;
  HEAPF32: Float32Array;
  HEAPF64: Float64Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  buildInfo(): RawBuildInfo;
  limits(): Limits;
  /** every loss's metadata (unbounded range ends are null) */
  lossInfo(): unknown[];
  lossFloat(call: RawLossCall): RawLossResult;
  lossDouble(call: RawLossCall): RawLossResult;
  // Typed configs (wasm/adapters/configs.hpp)
  configDefaults(): RawConfigDefaults;
  scheduleInfo(): RawScheduleInfo[];
  /** A config read as the calls read it and written back (for the round-trip tests). */
  echoConfig(kind: string, name: string, config: unknown): RawResult;
  // Optimization core (wasm/adapters/optimization.hpp)
  optimize(call: RawOptimizeCall): RawResult;
  lrSchedule(call: RawScheduleCall): RawResult;
  surfaces(): unknown[];
  surfaceGrid(call: RawSurfaceGridCall): RawResult;
  optimizationNames(): { optimizers: string[]; schedules: string[]; datasets: string[] };
  dataset(call: RawDatasetCall): RawResult;
  sessionCreate(call: RawSessionCall): RawResult;
  sessionStep(id: number, steps: number): RawResult;
  sessionPredict(id: number, x: Float64Array, logits: boolean): RawResult;
  sessionPredictGrid(id: number, box: { xmin: number; xmax: number; ymin: number; ymax: number; nx?: number; ny?: number }, logits: boolean): RawResult;
  sessionState(id: number): RawResult;
  sessionFree(id: number): boolean;
  sessionCount(): number;
  // Metrics, one function each (wasm/adapters/metrics.hpp, conformal.hpp)
  metricsRegression(prediction: Float64Array, target: Float64Array): RawResult;
  metricsBinary(score: Float64Array, label: Float64Array, threshold: number, fnCost: number, fpCost: number): RawResult;
  /** thresholds undefined: 0, 0.01, …, 1 */
  metricsThresholds(score: Float64Array, label: Float64Array, thresholds: Float64Array | undefined, fnCost: number, fpCost: number): RawResult;
  metricsMulticlass(predicted: Float64Array, label: Float64Array, classes: number): RawResult;
  metricsRoc(score: Float64Array, label: Float64Array): RawResult;
  metricsPr(score: Float64Array, label: Float64Array): RawResult;
  metricsCalibration(probability: Float64Array, label: Float64Array, bins: number): RawResult;
  metricsCoverage(prediction: Float64Array, target: Float64Array, tau: number): RawResult;
  metricsConformal(scores: Float64Array, alpha: number): RawResult;
  metricsResidualScores(prediction: Float64Array, target: Float64Array): RawResult;
  metricsCqrScores(lower: Float64Array, upper: Float64Array, target: Float64Array): RawResult;
  metricsInterval(lower: Float64Array, upper: Float64Array, target: Float64Array, alpha: number): RawResult;
  // Regularisation (wasm/adapters/regularisation.hpp)
  elasticNetDefaults(): RawElasticNetDefaults;
  elasticNetPath(call: RawElasticNetCall): RawResult;
  regularisationGeometry(call: RawGeometryCall): RawResult;
  // Contrastive training (wasm/adapters/contrastive.hpp)
  contrastiveDefaults(): RawContrastiveDefaults;
  contrastiveCreate(call: RawContrastiveCall): RawResult;
  contrastiveStep(id: number, steps: number): RawResult;
  contrastiveFree(id: number): boolean;
  heapInUse(): number;
}

export interface ModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}

declare function createLossLabModule(options?: ModuleOptions): Promise<RawModule>;
export default createLossLabModule;
