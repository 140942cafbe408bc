import type { RawModule } from './generated/losslab.js';
import { fail } from './errors.js';

/**
 * The wire format of the optimization API: options go to C++ as JSON text (typed arrays become
 * plain arrays; NaN/Infinity become null, which the core reports as "not finite"), and results
 * come back as JSON whose bulk arrays are references {"$f64": [index, length]} into a result
 * buffer in the wasm heap; they are copied out here, before the next call can reuse the buffer.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v,
  );
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
