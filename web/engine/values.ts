import type { Limits, RawModule } from './generated/losslab.js';
import { fail } from './errors.js';

/**
 * Values for the core. Options cross Embind as plain JS objects whose numeric arrays are
 * Float64Arrays, and results come back the same way, their Float64Arrays already owned by JS:
 * there is no text format and no heap reference in either direction.
 *
 * User options never reach the core as they are. snapshot() first reads them once into plain
 * values the wrapper owns: every numeric array becomes a fresh Float64Array, every object a plain
 * object of checked keys. Getters, proxies and toJSON therefore run (if at all) before the call,
 * and cannot call back into the lab halfway through it; keys starting with '$' or holding '.' (the
 * core's nesting separator) are refused.
 */

export type { Limits };

const limitsByModule = new WeakMap<RawModule, Limits>();

export function limitsOf(module: RawModule): Limits {
  let limits = limitsByModule.get(module);
  if (!limits) {
    limits = Object.freeze(module.limits());
    limitsByModule.set(module, limits);
  }
  return limits;
}

/** A snapshot of options: only values the wrapper created. */
export type Plain = number | string | boolean | Float64Array | { [key: string]: Plain };
export type PlainObject = { [key: string]: Plain };

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor?.name ?? 'typed array'}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (typeof v === 'bigint') return 'a BigInt';
  return `${typeof v === 'function' ? 'a function' : typeof v === 'symbol' ? 'a symbol' : String(v)}`;
}

function isBigIntArray(v: unknown): boolean {
  return typeof BigInt64Array !== 'undefined' && (v instanceof BigInt64Array || v instanceof BigUint64Array);
}

/** The length of an array or typed array (not a DataView), undefined for anything else. */
export function arrayLength(v: unknown): number | undefined {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)) ? (v as ArrayLike<unknown>).length : undefined;
}

/** Counts the numbers of one call against the elements-per-call limit. */
export class ElementBudget {
  private used = 0;
  constructor(private readonly limit: number) {}

  take(what: string, count: number): void {
    this.used += count;
    if (count > this.limit || this.used > this.limit) {
      fail(`too large: ${what} brings this call to ${this.used} elements; the limit is ${this.limit} elements per call`, what);
    }
  }
}

/**
 * A numeric array (plain array, typed array other than BigInt, or array-like proxy) copied into a
 * fresh typed array, each element read once. null reads as NaN (as JSON writes it), so the core
 * reports it as not finite; anything else that is not a number is an error naming the element.
 */
export function numericArray(what: string, value: unknown, budget: ElementBudget, as: 'float' | 'double' = 'double'): Float64Array | Float32Array {
  if (isBigIntArray(value)) fail(`${what} must be an array of numbers, got a ${(value as object).constructor.name} (BigInt values)`, what);
  const typed = ArrayBuffer.isView(value) && !(value instanceof DataView);
  if (!typed && !Array.isArray(value)) fail(`${what} must be an array or a typed array of numbers, got ${describe(value)}`, what);
  const source = value as ArrayLike<unknown>;
  const length = source.length;
  if (!Number.isSafeInteger(length) || length < 0) fail(`${what} must be an array of numbers`, what);
  budget.take(what, length);
  const out = as === 'float' ? new Float32Array(length) : new Float64Array(length);
  if (typed) {
    out.set(source as ArrayLike<number>);
    return out;
  }
  for (let i = 0; i < length; i++) {
    const v = source[i];
    if (typeof v === 'number') out[i] = v;
    else if (v === null) out[i] = NaN;
    else fail(`${what}[${i}] is not a number (got ${typeof v === 'object' ? describe(v) : typeof v})`, what);
  }
  return out;
}

const maxDepth = 6;

/**
 * Options as plain values (see the comment at the top). `what` names the value in errors, with
 * dots for nesting ("params.betas"). undefined members are left out, as JSON.stringify does.
 */
export function snapshot(what: string, value: unknown, budget: ElementBudget, depth = 0): Plain {
  switch (typeof value) {
    case 'number':
    case 'string':
    case 'boolean':
      return value;
    case 'bigint':
      fail(`${what} must be a number, got a BigInt`, what);
    case 'function':
    case 'symbol':
    case 'undefined':
      fail(`${what} must be a number, a string, a boolean, an array or an object, got ${describe(value)}`, what);
  }
  if (value === null) return NaN;  // JSON's null: the core reports "must be a finite number, got NaN (or null)"
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return numericArray(what, value, budget) as Float64Array;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) fail(`${what} must be a plain object, got ${(value as object).constructor?.name ?? 'an object'}`, what);
  if (depth >= maxDepth) fail(`${what} is nested too deeply`, what);
  const out: PlainObject = {};
  for (const key of Object.keys(value as object)) {
    const path = what ? `${what}.${key}` : key;
    if (key === '' || key.startsWith('$') || key.includes('.')) {
      fail(`'${path}' is not an option name (names cannot be empty, start with '$' or hold '.')`, path);
    }
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    out[key] = snapshot(path, v, budget, depth + 1);
  }
  return out;
}

/** Rejects keys of `given` outside `known`, listing the known ones. */
export function checkKeys(what: string, given: object, known: readonly string[]): void {
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) fail(`${what}: unknown option '${key}'; known: ${known.join(', ')}`, key);
  }
}

/** A result of the core: the value, or a LossLabError carrying the core's message. */
export function unwrap<T>(result: T | { error: string }): T {
  const error = (result as { error?: unknown }).error;
  if (typeof error === 'string') fail(error);
  return result as T;
}

/** Freezes metadata all the way down, so a caller cannot change what the wrapper relies on. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

export function requireName(what: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) fail(`${what} must be a name (a non-empty string), got ${describe(value)}`, what);
  return value;
}

export function requireObject(what: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) {
    fail(`${what} must be an object, got ${describe(value)}`, what);
  }
  return value as Record<string, unknown>;
}

export function requireInteger(what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${what} must be a whole number in [${min}, ${max}], got ${describe(value)}`, what);
  }
  return value;
}

export function requireNumber(what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${what} must be a finite number, got ${describe(value)}`, what);
  return value;
}
