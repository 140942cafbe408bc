// The label-smoothing lesson's new computed quantities against hand-derived values (issue 14):
// the ECE noise floor and bootstrap interval, the worst-tenth share of a loss, early stopping,
// the noise-matching ε = ηK/(K − 1), and the temperature figure's ECE curve; then the claims the
// text makes at the default settings, recomputed from the same functions the page runs.
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, inProcess, type AsyncLossLab } from 'loss-lab';
import { eceDifference, eceNoiseFloor, quantile, uniform } from '../../web/lessons/label-smoothing/uncertainty';
import { TEMPERATURE_GRID, worstTenthShare } from '../../web/lessons/label-smoothing/temperature';
import { earlyStop, type TrainingFrame } from '../../web/lessons/label-smoothing/frames';
import { noiseMatchingEpsilon } from '../../web/lessons/label-smoothing/questions';
import { smoothedTarget } from '../../web/lessons/label-smoothing/gaps';
import { finalPair } from '../../web/lessons/label-smoothing/pair';
import { makeData, TEST_SIZE } from '../../web/lessons/label-smoothing/data';

let engine: AsyncLossLab;
beforeAll(async () => {
  engine = await inProcess(await createLossLab());
});

describe('sampling helpers', () => {
  it('uniform is seeded and in [0, 1); quantile interpolates as numpy does', () => {
    const a = uniform(7), b = uniform(7);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile(Array.from({ length: 101 }, (_, i) => i), 0.95)).toBeCloseTo(95, 12);
  });
});

describe('the ECE noise floor and the bootstrap interval', () => {
  it('a model that is always sure and always right has a floor of exactly 0', async () => {
    const floor = await eceNoiseFloor(engine, new Float64Array(500).fill(1), 1, undefined, 20);
    expect(floor.mean).toBe(0);
    expect(floor.p95).toBe(0);
  });

  it('all points at confidence 0.5 (one bin): the floor is E|mean of n coin flips − 1/2| ≈ ½·√(2/(πn))', async () => {
    const n = 2000;
    const floor = await eceNoiseFloor(engine, new Float64Array(n).fill(0.5), 3);
    const expected = 0.5 * Math.sqrt(2 / (Math.PI * n)); // 0.00892
    expect(floor.mean).toBeGreaterThan(0.85 * expected);
    expect(floor.mean).toBeLessThan(1.15 * expected);
  });

  it('two identical models differ by exactly 0 in every resample', async () => {
    const random = uniform(5);
    const confidence = Float64Array.from({ length: 300 }, () => 0.3 + 0.7 * random());
    const correct = Float64Array.from(confidence, (c) => (random() < c ? 1 : 0));
    const d = await eceDifference(engine, { confidence, correct }, { confidence, correct }, 9, undefined, 20);
    expect([d.value, d.low, d.high]).toEqual([0, 0, 0]);
  });
});

describe('small computed quantities', () => {
  it('the worst tenth of 1..10 carries 10/55 of the sum', () => {
    expect(worstTenthShare([3, 1, 4, 10, 5, 9, 2, 6, 8, 7])).toBeCloseTo(10 / 55, 15);
  });

  it('early stopping picks the frame with the lowest validation loss up to the shown one', () => {
    const frame = (step: number, hard: number, smooth: number) => ({ step, hard: { validationLoss: hard }, smooth: { validationLoss: smooth } }) as unknown as TrainingFrame;
    const frames = [frame(0, 2, 2), frame(4, 1.5, 1.2), frame(8, 1.1, 1.3), frame(12, 1.4, 1.0)];
    expect(earlyStop(frames, 3, 'hard')).toBe(2);
    expect(earlyStop(frames, 3, 'smooth')).toBe(3);
    expect(earlyStop(frames, 1, 'hard')).toBe(1);
    expect(earlyStop(frames, 0, 'hard')).toBe(0);
  });

  it('ε = ηK/(K − 1) makes the core’s smoothed target the noisy-label distribution (η = 0.2, K = 5: 0.25 → 0.8 / 0.05)', async () => {
    expect(noiseMatchingEpsilon(0.2, 5)).toBeCloseTo(0.25, 15);
    const target = await smoothedTarget(engine, 5, noiseMatchingEpsilon(0.2, 5));
    expect(target[0]).toBeCloseTo(1 - 0.2, 12);
    for (let k = 1; k < 5; k++) expect(target[k]).toBeCloseTo(0.2 / 4, 12);
  });

  it('the temperature grid runs from 1/4 to 8 and contains T = 1', () => {
    expect(TEMPERATURE_GRID[0]).toBeCloseTo(0.25, 12);
    expect(TEMPERATURE_GRID[40]).toBeCloseTo(8, 12);
    expect(TEMPERATURE_GRID[16]).toBeCloseTo(1, 12);
  });
});

describe('the claims of the text at the default settings', () => {
  const defaults = { classes: 5, epsilon: 0.1, noise: 0.2, seed: 7, model: 'mlp' as const };

  it('the test set has 2000 points drawn apart from the 200 training and 200 validation points', async () => {
    const d = await makeData(engine, defaults);
    expect(d.train.y.length).toBe(200);
    expect(d.validation.y.length).toBe(200);
    expect(d.test.y.length).toBe(TEST_SIZE);
    expect(d.test.x.length).toBe(2 * TEST_SIZE);
  });

  it('hard labels: over-confident, ECE ≈ 0.15; smoothed ≈ 0.08, the gap outside its bootstrap interval; temperature over-corrects', async () => {
    const r = await finalPair(engine, defaults);
    expect(r.hard.test.meanConfidence - r.hard.test.accuracy).toBeGreaterThan(0.1);
    expect(r.hard.test.ece).toBeCloseTo(0.151, 3);
    expect(r.smooth.test.ece).toBeCloseTo(0.076, 3);
    const d = await eceDifference(engine, r.hard.test, r.smooth.test, defaults.seed + 2);
    expect(d.low).toBeGreaterThan(0.04);
    // The curve's T = 1 point is the model as trained.
    expect(r.hard.fit.eceCurve[16]).toBeCloseTo(r.hard.fit.before.ece, 9);
    // T ≈ 3.6 raises the ECE and leaves confidence far below accuracy (unchanged by T).
    expect(r.hard.fit.temperature).toBeCloseTo(3.6, 1);
    expect(r.hard.fit.after.ece).toBeGreaterThan(r.hard.fit.before.ece);
    expect(r.hard.fit.after.accuracy).toBe(r.hard.fit.before.accuracy);
    expect(r.hard.fit.after.meanConfidence).toBeLessThan(r.hard.fit.after.accuracy - 0.1);
    // The NLL-optimal T is not the ECE-optimal one: the curve's minimum lies below 2.
    let best = 0;
    for (let i = 1; i < TEMPERATURE_GRID.length; i++) if (r.hard.fit.eceCurve[i] < r.hard.fit.eceCurve[best]) best = i;
    expect(TEMPERATURE_GRID[best]).toBeLessThan(2);
    expect(r.hard.fit.eceCurve[best]).toBeLessThan(0.07);
    expect(r.hard.fit.worstShare).toBeGreaterThan(0.5);
  }, 60_000);
});
