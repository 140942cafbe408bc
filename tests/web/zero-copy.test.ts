// lab.loss's two routes for float32 data: the copying route (Float32Arrays anywhere) and the
// zero-copy route (lab.alloc HeapArrays, or views inside them, read and written in place). Both
// must give the same numbers, equal to hand-derived ones; misuse of heap memory (freed, detached by
// heap growth, foreign, overlapping) is a LossLabError naming the argument.
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, HeapArray, LossLabError, type LossLab } from 'loss-lab';

let lab: LossLab;
beforeAll(async () => {
  lab = await createLossLab();
});

function heap(values: ArrayLike<number>): HeapArray {
  const h = lab.alloc(values.length);
  h.view.set(values);
  return h;
}

/** The first index where a and b differ (bit for bit, as numbers), or -1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function expectLossLabError(call: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    call();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(LossLabError);
  expect((caught as Error).message).toMatch(pattern);
}

describe('lab.loss zero-copy and copying routes', () => {
  // r = x - y = [0.5, -1, 3, 0] (exact in float): mse = (0.25 + 1 + 9 + 0) / 4, grad = 2r / 4
  const x = [1.5, -0.5, 2, 0.25], y = [1, 0.5, -1, 0.25];
  const mseValue = 10.25 / 4, mseGrad = [0.25, -0.5, 1.5, 0];

  it('mse: the copying route, a HeapArray route and a view route agree with the hand-derived values', () => {
    const copying = lab.loss('mse', new Float32Array(x), new Float32Array(y));
    const hx = heap(x), hy = heap(y), hg = lab.alloc(4);
    const zero = lab.loss('mse', hx, hy, { grad: hg });
    expect(zero.grad.buffer).toBe(hg.view.buffer); // the gradient is the caller's heap memory
    expect(Array.from(hg.view)).toEqual(mseGrad);
    const views = lab.loss('mse', hx.view, hy.view.subarray(0, 4), { grad: hg.view });
    for (const r of [copying, zero, views]) {
      expect(r.value).toBe(mseValue);
      expect(Array.from(r.grad)).toEqual(mseGrad);
    }
    for (const h of [hx, hy, hg]) h.free();
  });

  it('bce_logits at logit 0: log 2 per sample and ∓1/2 over N, on both routes', () => {
    const logits = [0, 0], labels = [1, 0];
    const hx = heap(logits), hy = heap(labels), hg = lab.alloc(2);
    const zero = lab.loss('bce_logits', hx, hy, { grad: hg });
    const copying = lab.loss('bce_logits', new Float32Array(logits), new Float32Array(labels));
    for (const r of [zero, copying]) {
      expect(r.value as number).toBeCloseTo(Math.LN2, 6);
      expect(Array.from(r.grad)).toEqual([-0.25, 0.25]);
    }
    for (const h of [hx, hy, hg]) h.free();
  });

  it('gives bit-identical results on both routes for 2·10^4 values of every float loss with a fast path', () => {
    const n = 20_000;
    const input = new Float32Array(n), target = new Float32Array(n), bits = new Float32Array(n);
    let s = 7;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < n; i++) {
      input[i] = (rand() - 0.5) * 8;
      target[i] = (rand() - 0.5) * 4;
      bits[i] = rand() < 0.5 ? 0 : 1;
    }
    for (const name of ['mse', 'huber', 'log_cosh', 'bce_logits', 'focal', 'quantile']) {
      const t = name === 'bce_logits' || name === 'focal' ? bits : target;
      const copying = lab.loss(name, input, t);
      const hx = heap(input), hy = heap(t), hg = lab.alloc(n);
      const zero = lab.loss(name, hx, hy, { grad: hg });
      expect(zero.value, name).toBe(copying.value);
      expect(firstDifference(hg.view, copying.grad), name).toBe(-1);
      // an ordinary Float32Array as options.grad is filled by one copy
      const into = new Float32Array(n);
      const filled = lab.loss(name, input, t, { grad: into });
      expect(filled.grad).toBe(into);
      expect(firstDifference(into, copying.grad), name).toBe(-1);
      for (const h of [hx, hy, hg]) h.free();
    }
  });

  it('a big batch on the copying route streams through the heap in chunks: the same gradient bit for bit, the same value to rounding', () => {
    // 3.04 chunks of 32768 (web/engine/losses.ts STREAM_CHUNK), so the last chunk is partial
    const n = 3 * 32768 + 1234;
    const input = new Float32Array(n), target = new Float32Array(n), bits = new Float32Array(n), positive = new Float32Array(n);
    let s = 11;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < n; i++) {
      input[i] = (rand() - 0.5) * 8;
      target[i] = (rand() - 0.5) * 4;
      bits[i] = rand() < 0.3 ? 1 : 0;
      positive[i] = rand() * 3;
    }
    // fast-path kernels, and tweedie_log (no fast path: the reference code in float)
    for (const name of ['mse', 'huber', 'log_cosh', 'bce_logits', 'focal', 'quantile', 'tweedie_log']) {
      const t = name === 'bce_logits' || name === 'focal' ? bits : name === 'tweedie_log' ? positive : target;
      const hx = heap(input), hy = heap(t), hg = lab.alloc(n);
      for (const reduction of ['mean', 'sum', 'none'] as const) {
        const zero = lab.loss(name, hx, hy, { grad: hg, reduction });
        const streamed = lab.loss(name, input, t, { reduction });
        expect(firstDifference(streamed.grad, hg.view), `${name} ${reduction}`).toBe(-1);
        if (reduction === 'none') {
          expect(firstDifference(streamed.value as Float64Array, zero.value as Float64Array), `${name} none`).toBe(-1);
        } else {
          // the chunks' values are added in another order than the kernel's lanes
          expect(Math.abs((streamed.value as number) - (zero.value as number)), `${name} ${reduction}`).toBeLessThanOrEqual(1e-12 * Math.abs(zero.value as number));
        }
      }
      // into a Float32Array of the caller's, and into the input itself (that one is not streamed)
      const into = new Float32Array(n);
      expect(firstDifference(lab.loss(name, input, t, { grad: into }).grad, lab.loss(name, hx, hy, { grad: hg }).grad), name).toBe(-1);
      const own = Float32Array.from(input);
      lab.loss(name, own, t, { grad: own });
      expect(firstDifference(own, into), `${name}, the gradient written over its input`).toBe(-1);
      for (const h of [hx, hy, hg]) h.free();
    }
  });

  it('an error in a later chunk names the element by its index in the whole array', () => {
    const n = 3 * 32768;
    const input = new Float32Array(n), target = new Float32Array(n);
    input[2 * 32768 + 5] = NaN;
    expectLossLabError(() => lab.loss('mse', input, target), /mse: input\[65541\] = nan is NaN/);
    target[32768 + 7] = 2;
    expectLossLabError(() => lab.loss('bce_logits', new Float32Array(n), target), /target\[32775\] = 2 must be in \[0, 1\]/);
  });

  it('weights and reduction none work on heap memory', () => {
    const hx = heap(x), hy = heap(y), hw = heap([1, 0, 2, 1]);
    const r = lab.loss('mse', hx, hy, { weights: hw, reduction: 'none' });
    expect(Array.from(r.value as Float64Array)).toEqual([0.25, 0, 18, 0]);
    for (const h of [hx, hy, hw]) h.free();
  });
});

describe('lab.alloc lifetime errors', () => {
  it('a freed HeapArray, or a view of one, is a LossLabError naming the argument', () => {
    const hx = heap([1, 2]), hy = heap([0, 0]);
    const staleView = hx.view;
    hx.free();
    expect(hx.freed).toBe(true);
    expectLossLabError(() => lab.loss('mse', hx, hy), /input is a HeapArray that was freed/);
    expectLossLabError(() => lab.loss('mse', staleView, hy), /input is a view of wasm memory that no live lab\.alloc\(\) array holds/);
    expectLossLabError(() => hx.view, /freed/);
    expectLossLabError(() => lab.loss('mse', new Float32Array(2), new Float32Array(2), { grad: hx }), /grad is a HeapArray that was freed/);
    hx.free(); // twice is harmless
    hy.free();
  });

  it('a view detached by heap growth is a LossLabError; the HeapArray re-derives its view', () => {
    const hx = heap([3, 4]), hy = heap([1, 1]);
    const before = hx.view;
    const big = lab.alloc(1 << 24); // 64 MiB: grows the wasm memory, detaching older views
    expect(before.length).toBe(0);
    expectLossLabError(() => lab.loss('mse', before, hy), /detached/);
    expect(Array.from(hx.view)).toEqual([3, 4]);
    expect(lab.loss('mse', hx, hy).value).toBe((4 + 9) / 2);
    for (const h of [hx, hy, big]) h.free();
  });

  it('a gradient overlapping an input, heap memory on the double path, and bad lengths are LossLabErrors', () => {
    const hx = heap([1, 2, 3, 4]), hy = heap([0, 0, 0, 0]);
    expectLossLabError(() => lab.loss('mse', hx, hy, { grad: hx }), /options\.grad overlaps input/);
    expectLossLabError(() => lab.loss('mse', hx.view.subarray(0, 2), hy.view.subarray(0, 2), { grad: hx.view.subarray(1, 3) }), /overlaps input/);
    expectLossLabError(() => lab.loss('mse', [1, 2, 3, 4], hy as unknown as number[]), /float32/);
    expectLossLabError(() => lab.loss('mse', hx, hy, { grad: new Float32Array(3) }), /grad has 3 values, expected the input's 4/);
    expectLossLabError(() => lab.alloc(-1), /alloc: length/);
    expectLossLabError(() => lab.alloc(1.5), /alloc: length/);
    hx.free();
    hy.free();
  });

  it('heapInUse is back to its baseline after 1000 alloc / loss / free cycles', () => {
    const baseline = lab.memory().heapInUse;
    for (let i = 0; i < 1000; i++) {
      const hx = heap([i, 1, 2]), hy = heap([0, 1, 2]), hg = lab.alloc(3);
      lab.loss('huber', hx, hy, { grad: hg });
      hx.free();
      hy.free();
      hg.free();
    }
    expect(lab.memory().heapInUse).toBe(baseline);
  });
});
