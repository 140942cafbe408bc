// The regression lesson's engine work under Node, as the page runs it: fitLine (one engine.train
// round trip) against the same session stepped by hand, the training frames ending on the fitted
// line, and the learner's edits combined with the generated points.
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, inProcess, type AsyncLossLab, type LossLab } from 'loss-lab';
import { fitLine, trainFrames } from '../../web/lessons/shared/fit';
import { combinePoints, learnerPoints } from '../../web/lessons/regression-losses/data';
import { quantileBand } from '../../web/lessons/regression-losses/experiments';

let lab: LossLab;
let engine: AsyncLossLab;
beforeAll(async () => {
  lab = await createLossLab();
  engine = await inProcess(lab);
});

const plain = { seed: 1, outliers: 10, moves: [], added: [], removed: [] };

describe('fitting a line', () => {
  it('gives the line of the same session stepped 1500 times, on standardized x', async () => {
    const { points } = await learnerPoints(engine, plain);
    const fit = await fitLine(engine, { loss: 'huber', params: { delta: 1 }, x: points.x, y: points.y });
    const mean = points.x.reduce((a, b) => a + b, 0) / points.x.length;
    const sd = Math.sqrt(points.x.reduce((a, b) => a + (b - mean) ** 2, 0) / points.x.length);
    const ySd = Math.sqrt(points.y.reduce((a, b) => a + b * b, 0) / points.y.length - (points.y.reduce((a, b) => a + b, 0) / points.y.length) ** 2);
    const session = lab.session({
      model: 'linear', loss: 'huber', lossParams: { delta: 1 }, optimizer: 'adam', params: { lr: 0.2 * ySd },
      schedule: { name: 'cosine', T_max: 1500, eta_min: 0 }, epochs: 1500, seed: 0,
      data: { x: Float64Array.from(points.x, (v) => (v - mean) / sd), y: points.y },
    });
    const r = session.step(1500);
    session.free();
    expect(fit.iterations).toBe(1500);
    expect(fit.slope).toBeCloseTo(r.coef![0] / sd, 10);
    expect(fit.intercept).toBeCloseTo(r.intercept! - (r.coef![0] / sd) * mean, 10);
    // The +50 outliers tilt MSE, not Huber (the true slope is 3).
    const mse = await fitLine(engine, { loss: 'mse', x: points.x, y: points.y });
    expect(mse.slope).toBeGreaterThan(fit.slope + 0.3);
    expect(Math.abs(fit.slope - 3)).toBeLessThan(0.15);
  });

  it('animates in frames of 10 iterations that end exactly on the fitted line', async () => {
    const { points } = await learnerPoints(engine, plain);
    const request = { loss: 'mae', x: points.x, y: points.y };
    const frames = await trainFrames(engine, request, 10);
    const fit = await fitLine(engine, request);
    expect(frames.slope.length).toBe(151);
    expect([frames.iterations[0], frames.iterations[1], frames.iterations[150]]).toEqual([0, 10, 1500]);
    expect([frames.slope[0], frames.intercept[0]]).toEqual([0, 0]);
    expect(frames.slope[150]).toBe(fit.slope);
    expect(frames.intercept[150]).toBe(fit.intercept);
    expect(frames.fit).toEqual(fit);
    expect((await engine.memory()).sessions).toBe(0);
  });

  it('stops at once when its signal is aborted, and frees its session', async () => {
    const { points } = await learnerPoints(engine, plain);
    const controller = new AbortController();
    controller.abort();
    await expect(trainFrames(engine, { loss: 'mse', x: points.x, y: points.y }, 10, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    await expect(fitLine(engine, { loss: 'mse', x: points.x, y: points.y }, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect((await engine.memory()).sessions).toBe(0);
  });
});

describe("the learner's points", () => {
  it('apply moves, additions and removals to the generated data, keeping each point\'s source', () => {
    const base = { x: [0, 1, 2], y: [0, 3, 6] };
    const p = combinePoints(base, [[1, 5, 5]], [[7, 7]], [[0]]);
    expect(Array.from(p.x)).toEqual([5, 2, 7]);
    expect(Array.from(p.y)).toEqual([5, 6, 7]);
    expect(p.source).toEqual([1, 2, 3]);
    expect(p.generated).toBe(3);
  });

  it('the quantile band holds the share of points its τ levels promise on its own sample, and about that share held out', async () => {
    const band = await quantileBand(engine, 1);
    expect(band.trainTotal).toBe(300);
    expect(band.inside / band.trainTotal).toBeGreaterThan(0.78);
    expect(band.inside / band.trainTotal).toBeLessThan(0.82);
    expect(band.total).toBe(300);
    expect(band.heldInside / band.total).toBeGreaterThan(0.72);
    expect(band.heldInside / band.total).toBeLessThan(0.88);
  });
});
