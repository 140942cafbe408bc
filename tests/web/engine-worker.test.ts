// The asynchronous engine API (web/engine/remote.ts) over the worker protocol (web/engine/rpc.ts).
// Under Node the "worker" is the same `serve` function on one end of a real MessageChannel, so
// everything a page relies on is exercised: structured cloning, transfer of result buffers, errors
// rebuilt as LossLabError, sessions addressed by handle, chunked runs with progress and cancel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, inProcess, LossLabError, transfer, type AsyncLossLab, type LossLab } from 'loss-lab';
import { transferables } from '../../web/engine/rpc';

let lab: LossLab;
let engine: AsyncLossLab;
beforeAll(async () => {
  lab = await createLossLab();
  engine = await inProcess(lab);
});
afterAll(() => engine.terminate());

const line = { x: Float64Array.from({ length: 40 }, (_, i) => i / 10 - 2), y: Float64Array.from({ length: 40 }, (_, i) => 3 * (i / 10 - 2) + 1) };
const sessionOptions = { model: 'linear' as const, loss: 'mse', optimizer: 'sgd' as const, params: { lr: 0.1 }, epochs: 300, data: line };

describe('the async API gives the same numbers as the synchronous one', () => {
  it('loss: value and gradient equal, the registry preloaded', async () => {
    const sync = lab.loss('huber', [0, 3, -2], [1, 0, 0], { params: { delta: 1.5 } });
    const remote = await engine.loss('huber', [0, 3, -2], [1, 0, 0], { params: { delta: 1.5 } });
    expect(remote.value).toBe(sync.value);
    expect(remote.grad).toBeInstanceOf(Float64Array);
    expect([...remote.grad]).toEqual([...sync.grad]);
    expect(engine.losses.map((l) => l.name)).toEqual(lab.lossInfo().map((l) => l.name));
    expect(engine.mode).toBe('main-thread');
  });

  it('a session stepped remotely follows the same path as one stepped here', async () => {
    const here = lab.session(sessionOptions);
    const there = await engine.session(sessionOptions);
    const a = here.step(25), b = await there.step(25);
    expect([...b.trainLoss]).toEqual([...a.trainLoss]);
    expect([...(await there.predict([0.5, 1]))]).toEqual([...here.predict([0.5, 1])]);
    here.free();
    await there.free();
    expect(there.freed).toBe(true);
  });

  it('train() runs in chunks and merges the history as one call would', async () => {
    const whole = lab.train({ ...sessionOptions, steps: 120 });
    const parts: number[] = [];
    const chunked = await engine.train({ ...sessionOptions, steps: 120 }, { chunk: 25, onProgress: (p) => parts.push(p.trainLoss.length) });
    expect([...chunked.history.trainLoss]).toEqual([...whole.history.trainLoss]);
    expect(chunked.steps).toBe(120);
    // 120 steps in chunks of 25: progress after the first four chunks, the last one resolves.
    expect(parts).toEqual([25, 25, 25, 25]);
  });
});

describe('errors cross as LossLabError, and the engine stays usable', () => {
  it('rejects with a LossLabError naming the problem', async () => {
    await expect(engine.loss('no_such_loss', [1], [1])).rejects.toBeInstanceOf(LossLabError);
    await expect(engine.loss('no_such_loss', [1], [1])).rejects.toThrow(/no_such_loss/);
    expect((await engine.loss('mse', [2], [1])).value).toBe(1);
  });

  it('a freed session says so instead of crashing', async () => {
    const s = await engine.session(sessionOptions);
    await s.free();
    await expect(s.step(1)).rejects.toThrow(/freed/);
  });

  it('an argument that cannot be cloned gives a clear error', async () => {
    await expect(engine.loss('mse', [1], [1], { params: { delta: (() => 1) as unknown as number } })).rejects.toThrow(/cannot be sent to the engine/);
  });
});

describe('cancellation and memory', () => {
  it('an aborted run stops after the current chunk, rejects with AbortError, and the session stays consistent', async () => {
    const s = await engine.session({ ...sessionOptions, epochs: 100_000 });
    const controller = new AbortController();
    let chunks = 0;
    const run = s.run(100_000, { chunk: 10, signal: controller.signal, onProgress: () => { if (++chunks === 3) controller.abort(); } });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const state = await s.step(1);
    // Cancelled after a few chunks of 10: far fewer than the 100,000 asked for.
    expect(state.steps).toBeGreaterThanOrEqual(30);
    expect(state.steps).toBeLessThan(200);
    await s.free();
  });

  it('1000 remote create/step/free cycles leave the heap as they found it', async () => {
    const before = await engine.memory();
    for (let i = 0; i < 1000; i++) {
      const s = await engine.session({ ...sessionOptions, epochs: 5 });
      await s.step(2);
      await s.free();
    }
    const after = await engine.memory();
    expect(after.sessions).toBe(before.sessions);
    expect(after.heapInUse).toBe(before.heapInUse);
  });
});

describe('transfer', () => {
  it('results own their buffers, so they can move without copying; views are copied first', () => {
    const heap = new ArrayBuffer(64);
    const view = new Float64Array(heap, 8, 2);
    const owned = new Float64Array([1, 2, 3]);
    const { value, list } = transferables({ a: view, b: owned, c: [owned] });
    const out = value as { a: Float64Array; b: Float64Array };
    expect(out.a.buffer).not.toBe(heap);
    expect(out.a.byteLength).toBe(16);
    expect(out.b).toBe(owned);
    expect(list).toContain(owned.buffer);
    expect(list).not.toContain(heap);
  });

  it('transfer() hands an input over: the caller\'s array is detached, the result is right', async () => {
    const input = transfer(new Float64Array([3, 4]));
    const { value } = await engine.loss('mse', input, new Float64Array([1, 1]));
    expect(value).toBe((4 + 9) / 2);
    expect(input.byteLength).toBe(0);
  });
});

describe('contours in the engine', () => {
  it('a single peak gives one band at the threshold, a ring around the peak cell', async () => {
    // 3 × 3 grid, 1 in the middle: the 0.5 level passes halfway between the centre and its neighbours.
    const bands = await engine.contours(new Float64Array([0, 0, 0, 0, 1, 0, 0, 0, 0]), 3, 3, [0.5]);
    expect(bands).toHaveLength(1);
    expect(bands[0].value).toBe(0.5);
    const ring = bands[0].coordinates[0][0];
    const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
    expect(Math.min(...xs)).toBeCloseTo(1, 12);
    expect(Math.max(...xs)).toBeCloseTo(2, 12);
    expect(Math.min(...ys)).toBeCloseTo(1, 12);
    expect(Math.max(...ys)).toBeCloseTo(2, 12);
  });

  it('a grid whose size does not match is a clear error', async () => {
    await expect(engine.contours(new Float64Array(5), 3, 3, [0.5])).rejects.toThrow(/not nx × ny = 3 × 3/);
  });
});

describe('answers travel together', () => {
  it('calls made in one turn are answered in one message, each to its own caller, with its own arrays', async () => {
    const { connect } = await import('../../web/engine/remote');
    const { serve } = await import('../../web/engine/rpc');
    const channel = new MessageChannel();
    const stop = serve(lab, channel.port1);
    let messages = 0;
    channel.port2.addEventListener('message', () => messages++);
    const client = await connect(channel.port2);
    messages = 0;
    // twelve losses whose gradients all pass through the same scratch memory of the heap
    const inputs = Array.from({ length: 12 }, (_, k) => [k, 1, -k]);
    const calls = inputs.map((x) => client.loss('mse', x, [0, 0, 0]));
    const bad = client.loss('no_such_loss', [1], [1]).then(() => undefined, (e: unknown) => e);
    const results = await Promise.all(calls);
    results.forEach((r, k) => {
      const sync = lab.loss('mse', inputs[k], [0, 0, 0]);
      expect(r.value).toBe(sync.value);
      expect([...r.grad]).toEqual([...sync.grad]);
    });
    expect(await bad).toBeInstanceOf(LossLabError);
    // one message for the thirteen answers (a second one only if the worker took a break between them)
    expect(messages).toBeGreaterThanOrEqual(1);
    expect(messages).toBeLessThanOrEqual(2);
    stop();
    channel.port1.close();
    channel.port2.close();
  });
});
