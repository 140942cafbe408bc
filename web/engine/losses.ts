import type { RawModule } from './generated/losslab.js';
import { fail } from './errors.js';
import { HeapArray, HeapArrays, Scratch, type NumericArray, type Precision } from './heap.js';
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
  weights?: NumericArray | HeapArray;
  /**
   * One non-negative weight per class (K values), for losses whose info has classWeights: torch's
   * `weight` (cross_entropy's mean then divides by Σ weight[target], as torch does).
   */
  classWeights?: NumericArray;
  /**
   * Where the gradient goes, instead of a new array: a HeapArray from lab.alloc (or a Float32Array
   * view of one), written in place by the core (the zero-copy route), or any Float32Array of the
   * input's length, filled by copying (chunk by chunk for a big batch, so after an error it may
   * hold part of a gradient). The input must be float (Float32Array or HeapArray).
   */
  grad?: HeapArray | Float32Array;
}

export interface LossResult<G extends Float32Array | Float64Array = Float32Array | Float64Array> {
  /** The reduced loss, or per-sample values for reduction 'none'. */
  value: number | Float64Array;
  /**
   * d(value)/d(input), same length as the input (Float32Array on the float path). With
   * options.grad, the memory given there (for a HeapArray: a view of it, valid until the heap grows).
   */
  grad: G;
}

const optionKeys = ['params', 'classes', 'reduction', 'weights', 'classWeights', 'grad'] as const;

/**
 * Elements per chunk of the streamed copying route (see Losses.streamed): three float arrays of
 * 128 KB stay in a core's cache between the copy in, the kernel and the copy out. Measured at
 * N = 2^20 through the public API: 32768 was as fast as or faster than 8192, 16384 and 65536.
 */
const STREAM_CHUNK = 32768;

/** Loss arguments: numbers anywhere, or float32 memory already in the wasm heap (lab.alloc). */
export type LossArray = NumericArray | HeapArray;

export class Losses {
  private readonly infos: readonly LossInfo[];
  private readonly byName: ReadonlyMap<string, LossInfo>;
  private readonly limits: Limits;

  constructor(
    private readonly module: RawModule,
    private readonly scratch: Scratch,
    private readonly heap: HeapArrays,
  ) {
    const parsed = module.lossInfo() as LossInfo[];
    this.infos = deepFreeze(parsed);
    this.byName = new Map(this.infos.map((info) => [info.name, info]));
    this.limits = limitsOf(module);
  }

  info(): readonly LossInfo[] {
    return this.infos;
  }

  evaluate(name: string, input: LossArray, target: LossArray, options: LossOptions = {}): LossResult {
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
    const precision: Precision = input instanceof Float32Array || input instanceof HeapArray ? 'float' : 'double';
    // a view detached by heap growth reads as empty: say so before the lengths are compared
    for (const [what, v] of [['input', input], ['target', target], ['weights', o.weights], ['grad', o.grad]] as const) this.heap.checkAttached(what, v);
    const lengthOf = (what: string, v: unknown) =>
      (v instanceof HeapArray ? v.length : arrayLength(v)) ?? fail(`${what} must be an array or a typed array of numbers, got ${v === null ? 'null' : typeof v}`, what);
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
    // Arrays already in the heap (lab.alloc) are read and written in place; the others are
    // copied in: a typed array of the call's precision straight into the heap, anything else
    // through numericArray (each element read once, into an array the wrapper owns).
    const heap = this.heap;
    const budget = new ElementBudget(this.limits.elementsPerCall);
    const argument = (what: string, v: unknown): { offset: number; length: number } | Float32Array | Float64Array => {
      const offset = heap.resident(what, v);
      if (offset !== undefined) {
        const length = (v as HeapArray | Float32Array).length;
        if (precision !== 'float') fail(`${what} is float32 wasm memory, so the input must be float32 too (a Float32Array or a HeapArray)`, what);
        budget.take(what, length);
        return { offset, length };
      }
      if (precision === 'float' ? v instanceof Float32Array : v instanceof Float64Array) {
        budget.take(what, (v as Float32Array | Float64Array).length);
        return v as Float32Array | Float64Array;
      }
      return numericArray(what, v, budget, precision);
    };
    const x = argument('input', input);
    const y = argument('target', target);
    const weights = o.weights === undefined ? undefined : argument('weights', o.weights);
    // Class weights travel after the named parameters (see wasm/adapters/losses.hpp).
    const params = this.paramVector(info, o.params ?? {});
    if (o.classWeights !== undefined) params.push(...numericArray('classWeights', o.classWeights, budget));
    const paramArray = Float64Array.from(params);
    const gradTo = o.grad;
    let gradOffset: number | undefined;
    if (gradTo !== undefined) {
      if (!(gradTo instanceof HeapArray || gradTo instanceof Float32Array)) {
        fail(`options.grad must be a HeapArray (lab.alloc) or a Float32Array, got ${gradTo === null ? 'null' : typeof gradTo}`, 'grad');
      }
      if (precision !== 'float') fail('options.grad needs a float32 input (a Float32Array or a HeapArray)', 'grad');
      if (gradTo.length !== n) fail(`options.grad has ${gradTo.length} values, expected the input's ${n}`, 'grad');
      gradOffset = heap.resident('grad', gradTo);
      if (gradOffset !== undefined) {
        const end = gradOffset + n * 4;
        for (const [what, a] of [['input', x], ['target', y], ['weights', weights]] as const) {
          if (a && 'offset' in a && a.length > 0 && n > 0 && a.offset < end && gradOffset < a.offset + a.length * 4) {
            fail(`options.grad overlaps ${what}: the gradient needs memory of its own`, 'grad');
          }
        }
      }
    }
    const copied = (a: { offset: number; length: number } | Float32Array | Float64Array | undefined) =>
      a && !('offset' in a) ? Scratch.bytesFor(a.length, precision) : 0;

    // A big float batch copied from JS arrays streams through the heap in cache-sized chunks:
    // copied in, evaluated and copied out while it is still in cache, so the copies cost little
    // more than the zero-copy route (the whole arrays at once went through memory three times).
    if (precision === 'float' && info.layout === 'elementwise' && n > 2 * STREAM_CHUNK && !weights && o.classWeights === undefined &&
        gradOffset === undefined && !('offset' in x) && !('offset' in y) &&
        // a gradient written chunk by chunk must not land on input still to be read
        !(gradTo instanceof Float32Array && (gradTo.buffer === x.buffer || gradTo.buffer === y.buffer))) {
      return this.streamed(name, reduction, x as Float32Array, y as Float32Array, paramArray, gradTo as Float32Array | undefined);
    }

    const scratch = this.scratch;
    scratch.begin(
      copied(x) + copied(y) + copied(weights) +
        (gradOffset === undefined ? Scratch.bytesFor(n, precision) : 0) +
        (reduction === 'none' ? Scratch.bytesFor(samples, precision) : 0) +
        Scratch.bytesFor(paramArray.length, 'double'),
    );
    try {
      const place = (a: { offset: number; length: number } | Float32Array | Float64Array) =>
        'offset' in a ? a.offset : scratch.write(a, precision);
      const call = {
        name,
        reduction,
        input: place(x),
        inputSize: n,
        target: place(y),
        targetSize: y.length,
        weights: weights ? place(weights) : 0,
        weightsSize: weights?.length ?? 0,
        params: scratch.write(paramArray, 'double'),
        paramsSize: paramArray.length,
        classes,
        grad: gradOffset ?? scratch.reserve(n, precision),
        perSample: reduction === 'none' ? scratch.reserve(samples, precision) : 0,
        meanDivisor: 0,
      };
      // A zero-length weights array still means "weights given" (and will be rejected as a size
      // mismatch for a non-empty batch); offset 0 would read as "no weights".
      if (weights && weights.length === 0 && samples > 0) call.weights = call.grad;
      const result = precision === 'float' ? this.module.lossFloat(call) : this.module.lossDouble(call);
      if (result.error) fail(result.error.startsWith(`${name}:`) ? result.error : `${name}: ${result.error}`);
      let grad: Float32Array | Float64Array;
      if (gradOffset !== undefined) {
        grad = gradTo instanceof HeapArray ? gradTo.view : new Float32Array(heap.buffer(), gradOffset, n);
      } else if (gradTo instanceof Float32Array) {
        gradTo.set(scratch.view(call.grad, n, 'float'));
        grad = gradTo;
      } else {
        grad = scratch.view(call.grad, n, precision).slice();
      }
      const value = reduction === 'none' ? Float64Array.from(scratch.view(call.perSample, samples, precision)) : result.value;
      return { value, grad };
    } finally {
      scratch.end();
    }
  }

  /**
   * The copying route of an elementwise float loss with no weights, chunk by chunk: each chunk's
   * value and gradient are its share of the whole batch (meanDivisor, for 'mean'), so the
   * gradient is the one a single call computes, element for element, and the value is the same
   * sum in another order. On an error, `into` may hold the chunks before the bad one.
   */
  private streamed(name: string, reduction: Reduction, x: Float32Array, y: Float32Array, params: Float64Array, into: Float32Array | undefined): LossResult {
    const n = x.length;
    const grad = into ?? new Float32Array(n);
    const perSample = reduction === 'none' ? new Float64Array(n) : undefined;
    const chunk = Scratch.bytesFor(STREAM_CHUNK, 'float');
    const scratch = this.scratch;
    scratch.begin((perSample ? 4 : 3) * chunk + Scratch.bytesFor(params.length, 'double'));
    try {
      const input = scratch.reserve(STREAM_CHUNK, 'float'), target = scratch.reserve(STREAM_CHUNK, 'float');
      const gradOut = scratch.reserve(STREAM_CHUNK, 'float'), samples = perSample ? scratch.reserve(STREAM_CHUNK, 'float') : 0;
      const paramsAt = scratch.write(params, 'double');
      let value = 0;
      for (let start = 0; start < n; start += STREAM_CHUNK) {
        const length = Math.min(STREAM_CHUNK, n - start);
        scratch.view(input, length, 'float').set(x.subarray(start, start + length));
        scratch.view(target, length, 'float').set(y.subarray(start, start + length));
        const result = this.module.lossFloat({
          name, reduction, input, inputSize: length, target, targetSize: length, weights: 0, weightsSize: 0,
          params: paramsAt, paramsSize: params.length, classes: 0, grad: gradOut, perSample: samples,
          meanDivisor: reduction === 'mean' ? n : 0,
        });
        if (result.error) {
          // the core counts from the chunk's start; the caller's arrays count from 0
          const error = result.error.replace(/\b(input|target)\[(\d+)\]/g, (_, what: string, i: string) => `${what}[${start + Number(i)}]`);
          fail(error.startsWith(`${name}:`) ? error : `${name}: ${error}`);
        }
        grad.set(scratch.view(gradOut, length, 'float'), start);
        if (perSample) perSample.set(scratch.view(samples, length, 'float'), start);
        value += result.value;
      }
      return { value: perSample ?? value, grad };
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
