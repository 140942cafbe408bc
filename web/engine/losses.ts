import type { RawModule } from './generated/losslab.js';
import { fail } from './errors.js';
import { Scratch, type NumericArray, type Precision } from './heap.js';
import { arrayLength, checkKeys, deepFreeze, ElementBudget, limitsOf, numericArray, requireObject, type Limits } from './values.js';

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

const optionKeys = ['params', 'classes', 'reduction', 'weights', 'classWeights'] as const;

export class Losses {
  private readonly infos: readonly LossInfo[];
  private readonly byName: ReadonlyMap<string, LossInfo>;
  private readonly limits: Limits;

  constructor(
    private readonly module: RawModule,
    private readonly scratch: Scratch,
  ) {
    const parsed = module.lossInfo() as LossInfo[];
    this.infos = deepFreeze(parsed);
    this.byName = new Map(this.infos.map((info) => [info.name, info]));
    this.limits = limitsOf(module);
  }

  info(): readonly LossInfo[] {
    return this.infos;
  }

  evaluate(name: string, input: NumericArray, target: NumericArray, options: LossOptions = {}): LossResult {
    if (typeof name !== 'string') fail(`the loss name must be a string, got ${typeof name}`, 'name');
    const info = this.byName.get(name);
    if (!info) fail(`unknown loss '${String(name)}'; known losses: ${[...this.byName.keys()].join(', ')}`, 'name');
    const o = requireObject('options', options);
    checkKeys(`${name} options`, o, optionKeys);
    const reduction = o.reduction ?? 'mean';
    if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
      fail(`reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`, 'reduction');
    }
    let classes = 0;
    if (info.layout === 'elementwise') {
      if (o.classes !== undefined) fail(`${name} is elementwise and takes no classes option (only row and pair losses do)`, 'classes');
    } else {
      const what = info.layout === 'pairs' ? 'the embedding size D' : 'the number of classes K';
      if (!(typeof o.classes === 'number' && Number.isInteger(o.classes) && o.classes >= 1 && o.classes <= this.limits.elementsPerCall)) {
        fail(`${name} needs options.classes, a whole number >= 1 (${what}, the row length of the input), got ${String(o.classes)}`, 'classes');
      }
      classes = o.classes;
    }
    if (o.classWeights !== undefined && !info.classWeights) {
      fail(`${name} does not take classWeights (only ${this.classWeightLosses()} do)`, 'classWeights');
    }
    // Every array is read once, into arrays the wrapper owns, before the heap is touched (a
    // getter or proxy calling back into the lab cannot disturb this call), and every length is
    // checked before anything is allocated.
    const precision: Precision = input instanceof Float32Array ? 'float' : 'double';
    const lengthOf = (what: string, v: unknown) =>
      arrayLength(v) ?? fail(`${what} must be an array or a typed array of numbers, got ${v === null ? 'null' : typeof v}`, what);
    const n = lengthOf('input', input);
    const targetLength = lengthOf('target', target);
    if (info.layout === 'rows' && n % classes !== 0) fail(`input length ${n} is not a multiple of classes = ${classes}`, 'input');
    const samples = info.layout === 'elementwise' ? n : n / classes;
    const expectedTarget = info.layout === 'rows' ? samples : n;
    if (targetLength !== expectedTarget) {
      fail(`input and target lengths differ: target has ${targetLength} values, expected ${expectedTarget}`, 'target');
    }
    if (o.weights !== undefined && lengthOf('weights', o.weights) !== samples) {
      fail(`weights has ${lengthOf('weights', o.weights)} values, expected one per sample (${samples})`, 'weights');
    }
    if (o.classWeights !== undefined && lengthOf('classWeights', o.classWeights) !== classes) {
      fail(`classWeights has ${lengthOf('classWeights', o.classWeights)} values, expected one per class (${classes})`, 'classWeights');
    }
    const budget = new ElementBudget(this.limits.elementsPerCall);
    const x = numericArray('input', input, budget, precision);
    const y = numericArray('target', target, budget, precision);
    const weights = o.weights === undefined ? undefined : numericArray('weights', o.weights, budget, precision);
    // Class weights travel after the named parameters (see wasm/adapters/losses.hpp).
    const params = this.paramVector(info, o.params ?? {});
    if (o.classWeights !== undefined) params.push(...numericArray('classWeights', o.classWeights, budget));
    const paramArray = Float64Array.from(params);

    const scratch = this.scratch;
    scratch.begin(
      Scratch.bytesFor(n, precision) * 2 +
        Scratch.bytesFor(y.length, precision) +
        Scratch.bytesFor(weights?.length ?? 0, precision) +
        Scratch.bytesFor(samples, precision) +
        Scratch.bytesFor(paramArray.length, 'double'),
    );
    try {
      const call = {
        name,
        reduction,
        input: scratch.write(x, precision),
        inputSize: n,
        target: scratch.write(y, precision),
        targetSize: y.length,
        weights: weights ? scratch.write(weights, precision) : 0,
        weightsSize: weights?.length ?? 0,
        params: scratch.write(paramArray, 'double'),
        paramsSize: paramArray.length,
        classes,
        grad: scratch.reserve(n, precision),
        perSample: scratch.reserve(samples, precision),
      };
      // A zero-length weights array still means "weights given" (and will be rejected as a size
      // mismatch for a non-empty batch); offset 0 would read as "no weights".
      if (weights && weights.length === 0 && samples > 0) call.weights = call.perSample;
      const result = precision === 'float' ? this.module.lossFloat(call) : this.module.lossDouble(call);
      if (result.error) fail(result.error.startsWith(`${name}:`) ? result.error : `${name}: ${result.error}`);
      const grad = scratch.view(call.grad, n, precision).slice();
      const value = reduction === 'none' ? Float64Array.from(scratch.view(call.perSample, samples, precision)) : result.value;
      return { value, grad };
    } finally {
      scratch.end();
    }
  }

  private classWeightLosses(): string {
    return this.infos
      .filter((info) => info.classWeights)
      .map((info) => info.name)
      .join(', ');
  }

  private paramVector(info: LossInfo, params: unknown): number[] {
    const given = requireObject('params', params);
    const known = new Set(info.params.map((p) => p.name));
    for (const key of Object.keys(given)) {
      if (!known.has(key)) {
        const list = info.params.length ? info.params.map((p) => p.name).join(', ') : 'none';
        fail(`params: ${info.name} has no parameter '${key}'; its parameters: ${list}`, `params.${key}`);
      }
    }
    return info.params.map((p) => {
      const v = Object.prototype.hasOwnProperty.call(given, p.name) ? given[p.name] : p.default;
      if (typeof v !== 'number') fail(`${info.name}: ${p.name} must be a number, got ${typeof v}`, `params.${p.name}`);
      return v;
    });
  }
}
