// Time slicing for compute loops (web/lessons/shared/slice.ts): a slicer gives the page a task
// boundary only after its budget has run since the last one, and never before.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { timeSlicer } from '../../web/lessons/shared/slice';

const busy = (ms: number) => { const end = performance.now() + ms; while (performance.now() < end) { /* spin */ } };

describe('timeSlicer', () => {
  afterEach(() => { delete (globalThis as { scheduler?: unknown }).scheduler; });

  it('yields once the budget has run, and only then', async () => {
    const yieldTask = vi.fn(async () => undefined);
    (globalThis as { scheduler?: unknown }).scheduler = { yield: yieldTask };
    const slice = timeSlicer(5);
    await slice();
    expect(yieldTask).toHaveBeenCalledTimes(0);
    busy(6);
    await slice();
    expect(yieldTask).toHaveBeenCalledTimes(1);
    // The budget starts again after a yield.
    await slice();
    expect(yieldTask).toHaveBeenCalledTimes(1);
    busy(6);
    await slice();
    expect(yieldTask).toHaveBeenCalledTimes(2);
  });

  it('without scheduler.yield, yields a whole task (not a microtask) once over budget', async () => {
    const settled = async (budget: number) => {
      const slice = timeSlicer(budget);
      busy(2);
      let done = false;
      void slice().then(() => { done = true; });
      for (let i = 0; i < 5; i++) await Promise.resolve();
      return done;
    };
    expect(await settled(1000)).toBe(true);   // under budget: back within microtasks
    expect(await settled(1)).toBe(false);     // over budget: waits for a task
  });
});
