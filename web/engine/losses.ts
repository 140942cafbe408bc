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
}

export interface LossOptions {
  /** Hyperparameters by name, e.g. { delta: 1.35 }; missing ones take their defaults. */
  params?: Record<string, number>;
  /** K for multi-class losses (input is N×K row-major), D for contrastive ones. */
  classes?: number;
  reduction?: Reduction;
  /** One non-negative weight per sample. */
  weights?: NumericArray;
}

export interface LossResult<G extends Float32Array | Float64Array = Float32Array | Float64Array> {
  /** The reduced loss, or per-sample values for reduction 'none'. */
  value: number | Float64Array;
  /** d(value)/d(input), same length as the input (Float32Array on the float path). */
  grad: G;
}

function isNumericArray(x: unknown): x is NumericArray {
  return Array.isArray(x) || ArrayBuffer.isView(x);
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
    if (options.weights !== undefined) checkArray('weights', options.weights);
    const reduction = options.reduction ?? 'mean';
    if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
      fail(`reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
    }
    const classes = options.classes ?? (info.layout === 'elementwise' ? 0 : NaN);
    if (info.layout !== 'elementwise' && !(Number.isInteger(classes) && classes >= 1)) {
      fail(`${name} needs options.classes, a whole number >= 1 (the row length of the input)`);
    }
    const params = this.paramVector(info, options.params ?? {});

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
    if (result.error) fail(`${name}: ${result.error}`);
    const grad = this.scratch.view(call.grad, n, precision).slice();
    const value = reduction === 'none' ? Float64Array.from(this.scratch.view(call.perSample, samples, precision)) : result.value;
    return { value, grad };
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
