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

export interface RawModule {
  HEAPU8: Uint8Array;
  HEAPF32: Float32Array;
  HEAPF64: Float64Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  buildInfo(): string;
  lossInfo(): string;
  lossFloat(call: RawLossCall): RawLossResult;
  lossDouble(call: RawLossCall): RawLossResult;
  // Optimization core (wasm/adapters/optimization.hpp): JSON text in, JSON text out; bulk arrays
  // are {"$f64": [index, length]} references into the result buffer at byte offset "$base".
  optimize(options: string): string;
  lrSchedule(options: string, steps: number): string;
  surfaces(): string;
  surfaceGrid(options: string): string;
  optimizationNames(): string;
  dataset(name: string, options: string): string;
  metrics(kind: string, options: string): string;
  sessionCreate(options: string): string;
  sessionStep(id: number, steps: number): string;
  sessionPredict(id: number, options: string): string;
  sessionState(id: number): string;
  sessionFree(id: number): boolean;
  sessionCount(): number;
  // Regularisation (wasm/adapters/regularisation.hpp): JSON in, JSON out.
  elasticNetPath(options: string): string;
  regularisationGeometry(options: string): string;
  contrastiveCreate(options: string): string;
  contrastiveStep(id: number, steps: number): string;
  contrastiveFree(id: number): boolean;
  heapInUse(): number;
  /** JSON of the resource limits (core/include/losslab/limits.hpp). */
  limits(): string;
  /** Declares [begin, end) bytes as the only region the next call's heap references may use. */
  setScratch(begin: number, end: number): void;
  /** Frees the core's result buffer (after its contents were copied out). */
  resultRelease(): void;
}

export interface ModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}

declare function createLossLabModule(options?: ModuleOptions): Promise<RawModule>;
export default createLossLabModule;
