import type { RawModule } from './generated/losslab.js';
import { fail } from './errors.js';

/** Float arrays accepted at the API boundary. */
export type NumericArray = Float32Array | Float64Array | Int32Array | Uint8Array | readonly number[];

export type Precision = 'float' | 'double';

/**
 * A scratch arena in the wasm heap, reused across calls: each call lays out its buffers from the
 * start (begin), and gives back a large arena when it is done (end), so one big call does not keep
 * its memory. Calls are synchronous and copy user data before begin (see wire.ts), so one arena
 * serves every call. Views are taken from the module each time because memory growth detaches
 * old ones.
 *
 * Correct under failure: the old block is freed and forgotten before a new one is requested, so
 * a failed allocation leaves an empty arena, never a pointer to freed memory. And sizes are
 * checked before _malloc, whose argument is a 32-bit size_t: 2^32 + 8 bytes would wrap to 8.
 */
export class Scratch {
  /** The arena kept between calls (smaller calls share it); larger ones are freed by end(). */
  static readonly keepBytes = 1 << 16;
  /** Above this no request is made (the wasm32 heap cannot exceed 2 GiB here). */
  static readonly maxBytes = 0x7fff0000;

  private base = 0;
  private capacity = 0;
  private used = 0;

  constructor(private readonly module: RawModule) {}

  /** Byte offset and size of the arena (for the core's check of heap references). */
  get start(): number {
    return this.base;
  }
  get size(): number {
    return this.capacity;
  }

  /** Starts a new call's layout, making room for at least `bytes` bytes. */
  begin(bytes: number): void {
    this.used = 0;
    const needed = bytes + 64;
    if (!Number.isFinite(needed) || needed > Scratch.maxBytes) {
      fail(`too large: this call needs ${bytes} bytes of wasm memory; the limit is ${Scratch.maxBytes}`);
    }
    if (needed <= this.capacity) return;
    this.release();
    const capacity = Math.min(Scratch.maxBytes, Math.max(needed, Scratch.keepBytes));
    const base = this.module._malloc(capacity);
    if (!base) fail(`too large: the wasm heap cannot hold the ${capacity} bytes this call needs`);
    this.base = base;
    this.capacity = capacity;
  }

  /** Ends a call: a large arena is freed (small ones are kept for the next call). */
  end(): void {
    this.used = 0;
    if (this.capacity > Scratch.keepBytes) this.release();
  }

  private release(): void {
    const base = this.base;
    this.base = 0;
    this.capacity = 0;
    if (base) this.module._free(base);
  }

  /** Reserves `count` elements of the given precision; returns the byte offset (8-byte aligned). */
  reserve(count: number, precision: Precision): number {
    const bytes = count * (precision === 'float' ? 4 : 8);
    const offset = this.base + this.used;
    this.used += Math.ceil(bytes / 8) * 8;
    if (!this.base || this.used > this.capacity) throw new Error('scratch arena overflow (a bug in web/engine)');
    return offset;
  }

  /** Copies `values` into a fresh reservation; returns its offset (0 for an empty array). */
  write(values: Float32Array | Float64Array, precision: Precision): number {
    if (values.length === 0) return 0;
    const offset = this.reserve(values.length, precision);
    this.view(offset, values.length, precision).set(values);
    return offset;
  }

  view(offset: number, count: number, precision: Precision): Float32Array | Float64Array {
    return precision === 'float'
      ? new Float32Array(this.module.HEAPF32.buffer, offset, count)
      : new Float64Array(this.module.HEAPF64.buffer, offset, count);
  }

  /** Bytes of one reservation, without the 32-bit wrap of `(x + 7) & ~7`. */
  static bytesFor(count: number, precision: Precision): number {
    return Math.ceil((count * (precision === 'float' ? 4 : 8)) / 8) * 8 + 8;
  }
}
