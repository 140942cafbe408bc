// The label-smoothing lesson's experiments under Node, as the page runs them: the smoothed target
// and the optimal logit gap against hand-derived values, and the streamed training frames against
// the pair the temperature figure and the questions train in one go (same data, seed, optimiser).
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, inProcess, type AsyncLossLab } from 'loss-lab';
import { optimalGap, smoothedTarget } from '../../web/lessons/label-smoothing/gaps';
import { trainFrames, type TrainingRun } from '../../web/lessons/label-smoothing/frames';
import { trainPair } from '../../web/lessons/label-smoothing/pair';
import { LAST_FRAME, stepOfFrame, TRAIN_STEPS } from '../../web/lessons/label-smoothing/params';

let engine: AsyncLossLab;
beforeAll(async () => {
  engine = await inProcess(await createLossLab());
});

const settings = { classes: 5, epsilon: 0.1, noise: 0.2, seed: 7, model: 'mlp' as const };

describe('the smoothed target and the logit gap', () => {
  it('reads 1 − ε + ε/K and ε/K off the core for K = 10, ε = 0.1', async () => {
    const target = await smoothedTarget(engine, 10, 0.1);
    expect(target[0]).toBeCloseTo(0.91, 12);
    expect(target[1]).toBeCloseTo(0.01, 12);
  });

  it('finds the gap log 91 for K = 10, ε = 0.1 (e^g / (e^g + 9) = 0.91), and none for hard labels', async () => {
    expect((await optimalGap(engine, 10, 0.1)).gap).toBeCloseTo(Math.log(91), 9);
    const hard = await optimalGap(engine, 10, 0);
    expect(hard.gap).toBeNull();
    expect(hard.probes.every((p) => p.gradient < 0)).toBe(true);
  });
});

describe('the training frames', () => {
  it('hold every frame from step 0 to the end, streamed in order, and end where one uninterrupted run ends', async () => {
    const partials: number[] = [];
    const run: TrainingRun = await trainFrames(engine, settings, {
      signal: new AbortController().signal,
      progress: () => {},
      partial: (r) => partials.push(r.frames.length),
    });
    expect(run.frames.map((f) => f.step)).toEqual(Array.from({ length: LAST_FRAME + 1 }, (_, i) => stepOfFrame(i)));
    expect(run.frames.at(-1)!.done).toBe(true);
    expect(run.trainLoss.hard).toHaveLength(TRAIN_STEPS);
    // Streamed as they come (the first at once, then at most every 100 ms), never going back.
    expect(partials[0]).toBe(1);
    expect(partials.every((n, i) => i === 0 || n > partials[i - 1])).toBe(true);
    expect(partials.at(-1)!).toBeLessThanOrEqual(LAST_FRAME);
    const last = run.frames.at(-1)!;
    const pair = await trainPair(engine, settings, TRAIN_STEPS, TRAIN_STEPS);
    for (const side of ['hard', 'smooth'] as const) {
      expect(last[side].meanConfidence).toBe(pair[side].test.meanConfidence);
      expect(last[side].ece).toBe(pair[side].test.ece);
      expect(last[side].accuracy).toBe(pair[side].test.accuracy);
    }
    // Every frame carries its histograms: each counts every test point once, over [0, 1] for the
    // confidence and up to the frame's norm axis, which covers the largest norm so far.
    for (const frame of run.frames) {
      for (const side of ['hard', 'smooth'] as const) {
        const f = frame[side], total = (bins: Array<{ count: number }>) => bins.reduce((n, b) => n + b.count, 0);
        expect(total(f.confidenceBins)).toBe(f.confidence.length);
        expect(total(f.normBins)).toBe(f.logitNorm.length);
        expect([f.confidenceBins[0].x0, f.confidenceBins.at(-1)!.x1]).toEqual([0, 1]);
        expect(f.normBins.at(-1)!.x1).toBe(frame.normTop);
        expect(Math.max(...f.logitNorm)).toBeLessThanOrEqual(frame.normTop);
        expect(frame.confidenceCountMax).toBeGreaterThanOrEqual(Math.max(...f.confidenceBins.map((b) => b.count)));
      }
    }
    // With 20% label noise the smoothed model ends less confident and better calibrated.
    expect(last.smooth.meanConfidence).toBeLessThan(last.hard.meanConfidence);
    expect(last.smooth.ece).toBeLessThan(last.hard.ece);
    expect(pair.hard.fit.temperature).toBeGreaterThan(1);
  }, 60_000);  // trains four networks through the message channel

  it('stops when cancelled and frees its sessions', async () => {
    const controller = new AbortController();
    const before = (await engine.memory()).sessions;
    const running = trainFrames(engine, settings, {
      signal: controller.signal,
      progress: () => {},
      partial: () => controller.abort(),
    });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((r) => setTimeout(r, 10));
    expect((await engine.memory()).sessions).toBe(before);
  });
});

describe('the training figure\'s axis tops move a few times per decade', () => {
  it('rounds up to 1, 1.5, 2, 3, 5, 7.5 × 10^k', async () => {
    const { axisTop } = await import('../../web/lessons/label-smoothing/frames');
    expect([0.9, 1, 1.01, 2.5, 11, 74, 75.5, 760, 0.0031].map(axisTop)).toEqual([1, 1, 1.5, 3, 15, 75, 100, 1000, 0.005]);
    // no usable value: a unit axis
    expect([0, -3, NaN, Infinity].map(axisTop)).toEqual([1, 1, 1, 1]);
  });
});
