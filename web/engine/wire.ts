import type { RawModule } from './generated/losslab.js';
import { fail } from './errors.js';
import { Scratch } from './heap.js';

/**
 * The wire format of the optimization API: options go to C++ as JSON text (typed arrays become
 * plain arrays; NaN/Infinity become null, which the core reports as "not finite"), and results
 * come back as JSON whose bulk arrays are references {"$f64": [index, length]} into a result
 * buffer in the wasm heap; they are copied out here, before the next call can reuse the buffer.
 */
function isTypedArray(v: unknown): v is ArrayLike<number> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/**
 * Options as JSON text. With a scratch arena, typed arrays (data, rows to predict, labels) are
 * copied into the wasm heap and sent as {"$f64in": [index, length]} references instead of text:
 * printing and re-parsing every number cost ~12 µs per row in predict. Plain arrays stay text.
 */
export function toJson(value: unknown, scratch?: Scratch): string {
  if (!scratch) return JSON.stringify(value, (_key, v: unknown) => (isTypedArray(v) ? Array.from(v) : v));
  let bytes = 0;
  JSON.stringify(value, (_key, v: unknown) => {
    if (!isTypedArray(v)) return v;
    bytes += Scratch.bytesFor(v.length, 'double');
    return 0;
  });
  scratch.begin(bytes);
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!isTypedArray(v)) return v;
    const offset = scratch.write(v as Float64Array, 'double');
    return { $f64in: [offset / 8, v.length] };
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function revive(value: Json, heap: Float64Array, base: number): unknown {
  if (Array.isArray(value)) return value.map((v) => revive(v, heap, base));
  if (value && typeof value === 'object') {
    const ref = value.$f64;
    if (Array.isArray(ref)) {
      const [index, length] = ref as number[];
      return heap.slice(base + index, base + index + length);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = revive(v, heap, base);
    return out;
  }
  return value;
}

/** Parses a result of the core; throws a LossLabError carrying the core's message on error. */
export function decode<T>(module: RawModule, text: string): T {
  const parsed = JSON.parse(text) as Record<string, Json>;
  if (typeof parsed.error === 'string') fail(parsed.error);
  const base = typeof parsed.$base === 'number' ? parsed.$base / 8 : 0;
  delete parsed.$base;
  return revive(parsed, module.HEAPF64, base) as T;
}

export function requireName(what: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) fail(`${what} must be a name (a non-empty string)`);
  return value;
}

export function requireObject(what: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`${what} must be an object`);
  return value as Record<string, unknown>;
}

export function requireInteger(what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${what} must be a whole number in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}
