import type { RawModule } from './generated/losslab.js';

/** Float arrays accepted at the API boundary. */
export type NumericArray = Float32Array | Float64Array | Int32Array | Uint8Array | readonly number[];

export type Precision = 'float' | 'double';

/**
 * A scratch arena in the wasm heap, reused across calls: each call lays out its buffers from the
 * start, and the arena grows (never shrinks) when a call needs more. Calls are synchronous, so one
 * arena serves every call. Views are taken from the module each time because memory growth
 * detaches old ones.
 */
export class Scratch {
  private base = 0;
  private capacity = 0;
  private used = 0;

  constructor(private readonly module: RawModule) {}

  /** Starts a new call's layout, making room for at least `bytes` bytes. */
  begin(bytes: number): void {
    const needed = bytes + 64;
    if (needed > this.capacity) {
      if (this.base) this.module._free(this.base);
      const capacity = Math.max(needed, this.capacity * 2, 1 << 16);
      const base = this.module._malloc(capacity);
      if (!base) throw new Error(`could not allocate ${capacity} bytes in the wasm heap`);
      this.base = base;
      this.capacity = capacity;
    }
    this.used = 0;
  }

  /** Reserves `count` elements of the given precision; returns the byte offset (8-byte aligned). */
  reserve(count: number, precision: Precision): number {
    const bytes = count * (precision === 'float' ? 4 : 8);
    const offset = this.base + this.used;
    this.used += (bytes + 7) & ~7;
    if (this.used > this.capacity) throw new Error('scratch arena overflow (a bug in web/engine)');
    return offset;
  }

  /** Copies `values` into a fresh reservation; returns its offset (0 for an empty array). */
  write(values: NumericArray, precision: Precision): number {
    if (values.length === 0) return 0;
    const offset = this.reserve(values.length, precision);
    this.view(offset, values.length, precision).set(values as ArrayLike<number>);
    return offset;
  }

  view(offset: number, count: number, precision: Precision): Float32Array | Float64Array {
    return precision === 'float'
      ? new Float32Array(this.module.HEAPF32.buffer, offset, count)
      : new Float64Array(this.module.HEAPF64.buffer, offset, count);
  }

  static bytesFor(count: number, precision: Precision): number {
    return ((count * (precision === 'float' ? 4 : 8) + 7) & ~7) + 8;
  }
}
