import type { RawModule } from './generated/losslab.js';
import { fail } from './errors.js';
import { Scratch, type NumericArray, type Precision } from './heap.js';

export type Reduction = 'mean' | 'sum' | 'none';
export type LossTask = 'regression' | 'binary' | 'multiclass' | 'contrastive';

export interface LossParamInfo {
  name: string;
  default: number;
  /** null when unbounded */
  min: number | null;
  max: number | null;
  minInclusive: boolean;
  maxInclusive: boolean;
  description: string;
}

/** Metadata of one loss, read from the C++ registry (core/src/losses/registry.cpp). */
export interface LossInfo {
  name: string;
  task: LossTask;
  /** elementwise: one input per target; rows: N×K logits; pairs: N×D anchors against N×D positives */
  layout: 'elementwise' | 'rows' | 'pairs';
  input: string;
  target: string;
  params: LossParamInfo[];
  /** KaTeX source of the per-sample loss */
  latex: string;
  /** KaTeX source of its derivative with respect to the input */
  gradLatex: string;
  description: string;
  /** The reference implementation whose numbers we match, e.g. "torch.nn.HuberLoss" */
  convention: string;
  /** Whether options.classWeights is accepted (cross_entropy, multiclass_hinge), as torch's `weight`. */
  classWeights: boolean;
}

export interface LossOptions {
  /** Hyperparameters by name, e.g. { delta: 1.35 }; missing ones take their defaults. */
  params?: Record<string, number>;
  /**
   * Required for the non-elementwise losses: K for multi-class losses (input is N×K row-major
   * logits, target N class indices in [0, K)), D for info_nce (input N×D anchors, target N×D
   * positives).
   */
  classes?: number;
  reduction?: Reduction;
  /** One non-negative weight per sample; 'mean' becomes Σ w·loss / Σ w. */
  weights?: NumericArray;
  /**
   * One non-negative weight per class (K values), for losses whose info has classWeights: torch's
   * `weight` (cross_entropy's mean then divides by Σ weight[target], as torch does).
   */
  classWeights?: NumericArray;
}

export interface LossResult<G extends Float32Array | Float64Array = Float32Array | Float64Array> {
  /** The reduced loss, or per-sample values for reduction 'none'. */
  value: number | Float64Array;
  /** d(value)/d(input), same length as the input (Float32Array on the float path). */
  grad: G;
}

function isNumericArray(x: unknown): x is NumericArray {
  if (Array.isArray(x)) return true;
  // every typed array of numbers (Float32Array, Float64Array, Int32Array, Uint8Array, ...), but
  // not a DataView or a BigInt64Array, which cannot be copied as numbers
  return (
    ArrayBuffer.isView(x) &&
    !(x instanceof DataView) &&
    !(typeof BigInt64Array !== 'undefined' && (x instanceof BigInt64Array || x instanceof BigUint64Array))
  );
}

function checkArray(what: string, x: unknown): asserts x is NumericArray {
  if (!isNumericArray(x)) fail(`${what} must be an array or a typed array of numbers`);
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (typeof x[i] !== 'number') fail(`${what}[${i}] is not a number (got ${typeof x[i]})`);
    }
  }
}

export class Losses {
  private readonly infos: readonly LossInfo[];
  private readonly byName: ReadonlyMap<string, LossInfo>;

  constructor(
    private readonly module: RawModule,
    private readonly scratch: Scratch,
  ) {
    const parsed = JSON.parse(module.lossInfo()) as LossInfo[];
    this.infos = Object.freeze(parsed.map((info) => Object.freeze(info)));
    this.byName = new Map(this.infos.map((info) => [info.name, info]));
  }

  info(): readonly LossInfo[] {
    return this.infos;
  }

  evaluate(name: string, input: NumericArray, target: NumericArray, options: LossOptions = {}): LossResult {
    const info = this.byName.get(name);
    if (!info) fail(`unknown loss '${String(name)}'; known losses: ${[...this.byName.keys()].join(', ')}`);
    checkArray('input', input);
    checkArray('target', target);
    if (typeof options !== 'object' || options === null) fail('options must be an object');
    if (options.weights !== undefined) checkArray('weights', options.weights);
    const classWeights = options.classWeights;
    if (classWeights !== undefined) {
      if (!info.classWeights) fail(`${name} does not take classWeights (only ${this.classWeightLosses()} do)`);
      checkArray('classWeights', classWeights);
    }
    const reduction = options.reduction ?? 'mean';
    if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
      fail(`reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
    }
    const classes = options.classes ?? (info.layout === 'elementwise' ? 0 : NaN);
    if (info.layout !== 'elementwise' && !(Number.isInteger(classes) && classes >= 1 && classes <= 0xffffffff)) {
      const what = info.layout === 'pairs' ? 'the embedding size D' : 'the number of classes K';
      fail(`${name} needs options.classes, a whole number >= 1 (${what}, the row length of the input)`);
    }
    if (classWeights !== undefined && classWeights.length !== classes) {
      fail(`classWeights has ${classWeights.length} values, expected one per class (${classes})`);
    }
    // Class weights travel after the named parameters (see wasm/adapters/losses.hpp).
    const params = this.paramVector(info, options.params ?? {});
    if (classWeights !== undefined) for (let k = 0; k < classWeights.length; k++) params.push(classWeights[k]);

    const precision: Precision = input instanceof Float32Array ? 'float' : 'double';
    const n = input.length;
    const samples = info.layout === 'elementwise' ? n : Math.floor(n / Math.max(1, classes));
    const weights = options.weights;
    this.scratch.begin(
      Scratch.bytesFor(n, precision) * 2 +
        Scratch.bytesFor(target.length, precision) +
        Scratch.bytesFor(weights?.length ?? 0, precision) +
        Scratch.bytesFor(samples, precision) +
        Scratch.bytesFor(params.length, 'double'),
    );
    const call = {
      name,
      reduction,
      input: this.scratch.write(input, precision),
      inputSize: n,
      target: this.scratch.write(target, precision),
      targetSize: target.length,
      weights: weights ? this.scratch.write(weights, precision) : 0,
      weightsSize: weights?.length ?? 0,
      params: this.scratch.write(params, 'double'),
      paramsSize: params.length,
      classes: info.layout === 'elementwise' ? 0 : classes,
      grad: this.scratch.reserve(n, precision),
      perSample: this.scratch.reserve(samples, precision),
    };
    // A zero-length weights array still means "weights given" (and will be rejected as a size
    // mismatch for a non-empty batch); offset 0 would read as "no weights".
    if (weights && weights.length === 0 && samples > 0) call.weights = call.perSample;
    const result = precision === 'float' ? this.module.lossFloat(call) : this.module.lossDouble(call);
    if (result.error) fail(result.error.startsWith(`${name}:`) ? result.error : `${name}: ${result.error}`);
    const grad = this.scratch.view(call.grad, n, precision).slice();
    const value = reduction === 'none' ? Float64Array.from(this.scratch.view(call.perSample, samples, precision)) : result.value;
    return { value, grad };
  }

  private classWeightLosses(): string {
    return this.infos
      .filter((info) => info.classWeights)
      .map((info) => info.name)
      .join(', ');
  }

  private paramVector(info: LossInfo, given: Record<string, number>): number[] {
    if (typeof given !== 'object' || given === null) fail('options.params must be an object of numbers');
    const known = new Set(info.params.map((p) => p.name));
    for (const key of Object.keys(given)) {
      if (!known.has(key)) {
        const list = info.params.length ? info.params.map((p) => p.name).join(', ') : 'none';
        fail(`${info.name} has no parameter '${key}'; its parameters: ${list}`);
      }
    }
    return info.params.map((p) => {
      const v = Object.prototype.hasOwnProperty.call(given, p.name) ? given[p.name] : p.default;
      if (typeof v !== 'number') fail(`${info.name}: ${p.name} must be a number`);
      return v;
    });
  }
}
