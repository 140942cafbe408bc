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
 * Options cross as plain objects whose numeric arrays are Float64Arrays (web/engine/values.ts
 * snapshots them); results come back as plain objects whose arrays are Float64Arrays owned by JS,
 * or as { error } (wasm/adapters/values.hpp).
 */
export type RawOptions = { [key: string]: RawOption };
export type RawOption = number | string | boolean | Float64Array | RawOptions;
export type RawResult<T = Record<string, unknown>> = T | { error: string };

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
  // Optimization core (wasm/adapters/optimization.hpp)
  optimize(options: RawOptions): RawResult;
  lrSchedule(options: RawOptions, steps: number): RawResult;
  surfaces(): unknown[];
  surfaceGrid(options: RawOptions): RawResult;
  optimizationNames(): { optimizers: string[]; schedules: string[]; datasets: string[] };
  dataset(name: string, options: RawOptions): RawResult;
  metrics(kind: string, options: RawOptions): RawResult;
  sessionCreate(options: RawOptions): RawResult;
  sessionStep(id: number, steps: number): RawResult;
  sessionPredict(id: number, options: RawOptions): RawResult;
  sessionState(id: number): RawResult;
  sessionFree(id: number): boolean;
  sessionCount(): number;
  // Regularisation (wasm/adapters/regularisation.hpp)
  elasticNetPath(options: RawOptions): RawResult;
  regularisationGeometry(options: RawOptions): RawResult;
  // Contrastive training (wasm/adapters/contrastive.hpp)
  contrastiveCreate(options: RawOptions): RawResult;
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
