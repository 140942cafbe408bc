import type { RawModule } from './generated/losslab.js';
import { fail } from './errors.js';

/** Float arrays accepted at the API boundary. */
export type NumericArray = Float32Array | Float64Array | Int32Array | Uint8Array | readonly number[];

export type Precision = 'float' | 'double';

/**
 * A scratch arena in the wasm heap, reused across calls: each call lays out its buffers from the
 * start (begin), and gives back a large arena when it is done (end), so one big call does not keep
 * its memory. Calls are synchronous and copy user data before begin (see values.ts), so one arena
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

/**
 * Float32 memory in the wasm heap that the caller owns (`lab.alloc(n)`): the zero-copy route of
 * `lab.loss`. Write the data into `view`, pass the HeapArray (or its view) as input, target,
 * weights or `options.grad`, and the core reads and writes it in place, with no copy in or out.
 *
 * Lifetime: the memory is the caller's until `free()`; after that every use (view, lab.loss) is a
 * LossLabError. `view` is a Float32Array over the module's memory: when the heap grows (any lab
 * call may grow it), the old ArrayBuffer is detached and views taken earlier read as empty. The
 * getter re-derives the view whenever the heap has moved, so read `heap.view` again after a lab
 * call rather than keeping a view; lab.loss reports a view of the old memory as a LossLabError.
 */
export class HeapArray {
  #view: Float32Array | undefined;
  #freed = false;

  /** @internal created by HeapArrays.alloc */
  constructor(
    private readonly owner: HeapArrays,
    /** byte offset in the wasm heap */
    readonly byteOffset: number,
    readonly length: number,
  ) {}

  /** The memory as a Float32Array (re-derived after heap growth). */
  get view(): Float32Array {
    if (this.#freed) fail('this HeapArray was freed (lab.alloc memory is invalid after free())', 'view');
    const buffer = this.owner.buffer();
    if (!this.#view || this.#view.buffer !== buffer) this.#view = new Float32Array(buffer, this.byteOffset, this.length);
    return this.#view;
  }

  get freed(): boolean {
    return this.#freed;
  }

  /** Gives the memory back to the heap; later uses are errors. Freeing twice is harmless. */
  free(): void {
    if (this.#freed) return;
    this.#freed = true;
    this.#view = undefined;
    this.owner.release(this);
  }
}

/** The live HeapArrays of one module, and where a typed array lives relative to the heap. */
export class HeapArrays {
  private readonly live = new Map<number, HeapArray>();
  /** Every heap ArrayBuffer seen: a view on one that is no longer current was detached by growth. */
  private readonly seen = new WeakSet<ArrayBufferLike>();

  constructor(
    private readonly module: RawModule,
    private readonly maxElements: number,
  ) {}

  buffer(): ArrayBufferLike {
    const buffer = this.module.HEAPF32.buffer;
    this.seen.add(buffer);
    return buffer;
  }

  alloc(length: number): HeapArray {
    if (!(typeof length === 'number' && Number.isInteger(length) && length >= 0 && length <= this.maxElements)) {
      fail(`alloc: length must be a whole number in [0, ${this.maxElements}], got ${String(length)}`, 'length');
    }
    // at least one float, so every HeapArray has its own non-null offset
    const pointer = this.module._malloc(Math.max(1, length) * 4);
    if (!pointer) fail(`alloc: the wasm heap cannot hold ${length} more floats`, 'length');
    const array = new HeapArray(this, pointer, length);
    this.live.set(pointer, array);
    this.buffer();
    return array;
  }

  /** @internal */
  release(array: HeapArray): void {
    if (this.live.get(array.byteOffset) !== array) return;
    this.live.delete(array.byteOffset);
    this.module._free(array.byteOffset);
  }

  /** A view of a heap buffer that growth has replaced (detached: it reads as empty) is an error. */
  checkAttached(what: string, value: unknown): void {
    if (value instanceof Float32Array && value.buffer !== this.buffer() && this.seen.has(value.buffer)) {
      fail(`${what} is a view of wasm memory from before the heap grew (detached): read the HeapArray's view again`, what);
    }
  }

  /**
   * The heap offset of `value` when it already lives in the heap: a live HeapArray, or a
   * Float32Array view that lies inside one. undefined for memory outside the heap (the copying
   * route). A freed HeapArray, a view of freed or foreign heap memory, or a view detached by heap
   * growth is a LossLabError naming `what`.
   */
  resident(what: string, value: unknown): number | undefined {
    if (value instanceof HeapArray) {
      if (value.freed || this.live.get(value.byteOffset) !== value) fail(`${what} is a HeapArray that was freed`, what);
      return value.byteOffset;
    }
    if (!(value instanceof Float32Array)) return undefined;
    const current = this.buffer();
    if (value.buffer !== current) {
      this.checkAttached(what, value);
      return undefined;
    }
    const start = value.byteOffset, end = start + value.byteLength;
    for (const array of this.live.values()) {
      if (start >= array.byteOffset && end <= array.byteOffset + array.length * 4) return start;
    }
    fail(`${what} is a view of wasm memory that no live lab.alloc() array holds (freed, or not from lab.alloc)`, what);
  }
}
