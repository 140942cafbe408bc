// The optimization API under Node: trajectories against an independent JS reference, schedules,
// datasets, sessions (including the reference Huber-vs-OLS experiment), metrics, clear errors,
// and the wasm heap returning to its baseline after many session cycles.
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, LossLabError, type LossLab } from 'loss-lab';

let lab: LossLab;
beforeAll(async () => {
  lab = await createLossLab();
});

function rosenbrockGrad(x: number, y: number): [number, number] {
  return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
}

/** torch.optim.Adam written out independently, for comparison. */
function referenceAdam(start: [number, number], steps: number, lr: (t: number) => number): number[] {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  let [x, y] = start;
  const m = [0, 0];
  const v = [0, 0];
  const path = [x, y];
  for (let t = 1; t <= steps; t++) {
    const g = rosenbrockGrad(x, y);
    const theta = [x, y];
    for (let i = 0; i < 2; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      const mHat = m[i] / (1 - b1 ** t);
      const vHat = v[i] / (1 - b2 ** t);
      theta[i] -= (lr(t - 1) * mHat) / (Math.sqrt(vHat) + eps);
    }
    [x, y] = theta;
    path.push(x, y);
  }
  return path;
}

describe('lab.optimize', () => {
  it('matches an independent Adam on Rosenbrock over 200 steps with a cosine schedule', () => {
    const steps = 200;
    const r = lab.optimize({
      surface: 'rosenbrock',
      optimizer: 'adam',
      params: { lr: 0.05 },
      schedule: { name: 'cosine', T_max: 150, eta_min: 1e-4 },
      start: [-1.5, 2],
      steps,
    });
    const cosine = (t: number) => 1e-4 + (0.05 - 1e-4) * (1 + Math.cos((Math.PI * t) / 150)) / 2;
    const ref = referenceAdam([-1.5, 2], steps, cosine);
    expect(r.path.length).toBe(2 * (steps + 1));
    expect(r.loss.length).toBe(steps + 1);
    expect(r.lr.length).toBe(steps);
    expect(r.divergence).toEqual({ diverged: false });
    for (let i = 0; i < ref.length; i++) {
      expect(Math.abs(r.path[i] - ref[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref[i])));
    }
    expect(r.firstName).toBe('m_hat');
    expect(r.second?.length).toBe(2 * steps);
  });

  it('matches heavy-ball SGD step by step, and reports the velocity', () => {
    const r = lab.optimize({
      surface: 'quadratic',
      surfaceParams: { kappa: 10, angle: 0 },
      optimizer: 'sgd',
      params: { lr: 0.02, momentum: 0.9 },
      start: [2, 1],
      steps: 50,
    });
    let [x, y] = [2, 1];
    let [bx, by] = [0, 0];
    for (let t = 0; t < 50; t++) {
      const g = [x, 10 * y];
      [bx, by] = t === 0 ? [g[0], g[1]] : [0.9 * bx + g[0], 0.9 * by + g[1]];
      x -= 0.02 * bx;
      y -= 0.02 * by;
      expect(r.path[2 * (t + 1)]).toBeCloseTo(x, 12);
      expect(r.path[2 * (t + 1) + 1]).toBeCloseTo(y, 12);
      expect(r.first![2 * t]).toBeCloseTo(bx, 12);
    }
  });

  it('truncates the path before the escape on the saddle and reports the step', () => {
    const r = lab.optimize({ surface: 'saddle', optimizer: 'sgd', params: { lr: 0.1 }, start: [1, 0.01], steps: 100 });
    expect(r.divergence).toEqual({ diverged: true, step: 38, reason: 'left the box |x|, |y| <= 10' });
    expect(r.path.length).toBe(2 * 38);
    expect([...r.path].every(Number.isFinite)).toBe(true);
  });

  it('adds reproducible gradient noise', () => {
    const opts = {
      surface: 'quadratic' as const,
      optimizer: 'sgd' as const,
      params: { lr: 0.05 },
      start: [1, 1] as [number, number],
      steps: 20,
      noise: { std: 0.5, seed: 3 },
    };
    expect([...lab.optimize(opts).path]).toEqual([...lab.optimize(opts).path]);
    expect([...lab.optimize({ ...opts, noise: { std: 0.5, seed: 4 } }).path]).not.toEqual([...lab.optimize(opts).path]);
  });

  it('throws clear errors for bad input and stays usable', () => {
    const base = { surface: 'rosenbrock' as const, optimizer: 'adam' as const, start: [0, 0] as [number, number], steps: 5 };
    expect(() => lab.optimize({ ...base, optimizer: 'adamax' as never })).toThrow(/unknown optimizer 'adamax'/);
    expect(() => lab.optimize({ ...base, params: { lr: 0 } })).toThrow(LossLabError);
    expect(() => lab.optimize({ ...base, params: { lr: -1 } })).toThrow(/lr = -1 is outside \(0, inf\]/);
    expect(() => lab.optimize({ ...base, params: { betas: [0.9, 1] } })).toThrow(/betas\[1\] = 1 is outside \[0, 1\)/);
    expect(() => lab.optimize({ ...base, surface: 'ackley' as never })).toThrow(/surface/);
    expect(() => lab.optimize({ ...base, start: [NaN, 0] })).toThrow(/start/);
    expect(() => lab.optimize({ ...base, schedule: { name: 'cosine' } as never })).toThrow(/needs T_max/);
    expect(lab.optimize(base).path.length).toBe(12);
  });
});

describe('lab.lrSchedule', () => {
  it('follows torch semantics: step boundaries, cosine endpoints, warm restarts, warmup', () => {
    const step = lab.lrSchedule({ name: 'step', step_size: 30, gamma: 0.5, lr: 0.1 }, 61);
    expect([step[0], step[29], step[30], step[59], step[60]]).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    const cos = lab.lrSchedule({ name: 'cosine', T_max: 150, eta_min: 1e-4, lr: 0.1 }, 151);
    expect(cos[0]).toBe(0.1);
    expect(cos[150]).toBe(1e-4);
    const restarts = lab.lrSchedule({ name: 'cosine_warm_restarts', T_0: 40, T_mult: 2, eta_min: 0, lr: 1 }, 200);
    expect(restarts[40]).toBe(1);
    expect(restarts[120]).toBe(1);
    expect(restarts[39]).toBeLessThan(0.01);
    const warm = lab.lrSchedule({ name: 'exponential', gamma: 0.9, lr: 1, warmup: { start_factor: 0.1, warmup_steps: 10 } }, 12);
    expect(warm[0]).toBeCloseTo(0.1, 15);
    expect(warm[5]).toBeCloseTo(0.1 + 0.9 * 0.5, 15);
    expect(warm[10]).toBe(1);
    expect(warm[11]).toBeCloseTo(0.9, 15);
    const cycle = lab.lrSchedule({ name: 'one_cycle', max_lr: 0.5, lr: 0.5 }, 100);
    expect(cycle[0]).toBeCloseTo(0.02, 15);
    expect(Math.max(...cycle)).toBeCloseTo(0.5, 12);
    expect(() => lab.lrSchedule({ name: 'step', step_size: 0, lr: 0.1 }, 10)).toThrow(/step_size = 0 is outside/);
    expect(() => lab.lrSchedule({ name: 'step', step_size: 3, lr: 0 }, 10)).toThrow(/lr = 0 must be > 0/);
  });
});

describe('lab.surfaces and lab.surfaceGrid', () => {
  it('lists the surfaces with minima, view boxes and formulas', () => {
    const names = lab.surfaces().map((s) => s.name);
    expect(names).toEqual(['rosenbrock', 'beale', 'himmelblau', 'saddle', 'quadratic', 'camel']);
    const himmelblau = lab.surfaces().find((s) => s.name === 'himmelblau')!;
    expect(himmelblau.minima).toHaveLength(4);
    expect(himmelblau.latex.length).toBeGreaterThan(0);
    const grid = lab.surfaceGrid({ surface: 'saddle', xmin: -1, xmax: 1, ymin: 0, ymax: 2, nx: 3, ny: 2 });
    expect([...grid.values]).toEqual([1, 0, 1, -3, -4, -3]);
  });
});

describe('lab.dataset', () => {
  it('is reproducible by seed and reports the reference outliers', () => {
    const a = lab.dataset('linear', { n: 200, slope: 3, noise: 0.5, outliers: 10, seed: 1 });
    const b = lab.dataset('linear', { n: 200, slope: 3, noise: 0.5, outliers: 10, seed: 1 });
    expect([...a.x]).toEqual([...b.x]);
    expect(a.outlier.reduce((s, v) => s + v, 0)).toBe(10);
    expect(a.task).toBe('regression');
  });

  it('has the advertised zero fraction and imbalance', () => {
    const z = lab.dataset('zero_inflated', { n: 4000, seed: 2 });
    const zeros = z.y.filter((v) => v === 0).length / z.y.length;
    expect(zeros).toBeGreaterThan(0.36);
    expect(zeros).toBeLessThan(0.44);
    const imb = lab.dataset('imbalanced', { n: 10010, ratio: 1000, seed: 2 });
    expect(imb.y.reduce((s, v) => s + v, 0)).toBe(10);
    const split = lab.dataset('moons', { n: 100, validation: 0.2 });
    expect(split.y.length).toBe(80);
    expect(split.yVal.length).toBe(20);
    expect(() => lab.dataset('iris' as never)).toThrow(/unknown dataset 'iris'/);
    expect(() => lab.dataset('imbalanced', { ratio: 2000 })).toThrow(/ratio = 2000 is outside/);
  });
});

describe('lab.session and lab.train', () => {
  it('reproduces the reference Huber-vs-OLS experiment', () => {
    const data = lab.dataset('linear', { n: 200, slope: 3, noise: 0.5, outliers: 10, outlier_shift: 50, seed: 0 });
    const ols = lab.train({ model: 'linear', loss: 'mse', optimizer: 'sgd', params: { lr: 0.1 }, epochs: 500, data });
    expect(ols.stopped).toBe('completed');
    expect(ols.intercept!).toBeGreaterThan(2.2);
    expect(ols.intercept!).toBeLessThan(2.8);
    expect(Math.abs(ols.coef![0] - 3)).toBeGreaterThan(0.1);
    if (!lab.lossInfo().some((l) => l.name === 'huber')) return;
    const huber = lab.train({
      model: 'linear',
      loss: 'huber',
      lossParams: { delta: 1.35 },
      optimizer: 'sgd',
      params: { lr: 0.5 },
      epochs: 3000,
      data,
    });
    expect(Math.abs(huber.intercept!)).toBeLessThan(0.2);
    expect(Math.abs(huber.coef![0] - 3)).toBeLessThan(0.15);
    expect(huber.history.trainLoss.length).toBe(3000);
  });

  it('steps k at a time, predicts, and gives identical histories for the same seed', () => {
    const data = lab.dataset('moons', { n: 120, seed: 5 });
    const options = {
      model: { name: 'mlp' as const, hidden: [8], activation: 'tanh' as const, task: 'regression' as const },
      loss: 'mse',
      optimizer: 'adam' as const,
      params: { lr: 0.02 },
      batchSize: 16,
      epochs: 3,
      seed: 4,
      data,
    };
    const a = lab.session(options);
    const b = lab.session(options);
    const ra = a.step(10);
    const rb = b.step(10);
    expect(ra.trainLoss.length).toBe(10);
    expect([...ra.trainLoss]).toEqual([...rb.trainLoss]);
    const rest = a.step(1000);
    expect(rest.stopped).toBe('completed');
    expect(rest.steps).toBe(3 * 8);
    expect(a.predict([0, 0, 1, 1]).length).toBe(2);
    const grid = a.predictGrid({ xmin: -1, xmax: 2, ymin: -1, ymax: 1, nx: 4, ny: 3 });
    expect(grid.values.length).toBe(12);
    expect(a.state().firstName).toBe('m_hat');
    a.free();
    b.free();
    expect(() => a.step(1)).toThrow(/freed/);
  });

  it('reports divergence without NaN', () => {
    const data = lab.dataset('linear', { n: 50, seed: 1 });
    const r = lab.train({ model: 'linear', loss: 'mse', optimizer: 'sgd', params: { lr: 100 }, epochs: 200, data });
    expect(r.stopped).toBe('diverged');
    expect([...r.history.trainLoss].every(Number.isFinite)).toBe(true);
    expect([...r.params].every(Number.isFinite)).toBe(true);
  });

  it('rejects bad sessions with clear errors', () => {
    const data = lab.dataset('linear', { n: 20 });
    expect(() => lab.session({ model: 'logistic', loss: 'mse', optimizer: 'sgd', data })).toThrow(/must be 0 or 1/);
    expect(() => lab.session({ model: 'linear', loss: 'nope', optimizer: 'sgd', data })).toThrow(/unknown loss 'nope'/);
    expect(() => lab.session({ model: 'linear', loss: 'mse', optimizer: 'sgd', data: { x: [], y: [] } })).toThrow(/y is empty/);
    expect(() => lab.session({ model: 'linear', loss: 'mse', optimizer: 'sgd', data: { x: [1, NaN], y: [1, 2] } })).toThrow(
      /not finite|outside/,
    );
    expect(() =>
      lab.session({ model: 'softmax', loss: 'mse', optimizer: 'sgd', data: { x: [0, 1], y: [0, 5], classes: 3 } }),
    ).toThrow(/class index/);
  });

  it('returns the wasm heap to its baseline after 1000 create/step/free cycles', () => {
    const data = lab.dataset('moons', { n: 64, seed: 1 });
    const cycle = () => {
      const s = lab.session({
        model: { name: 'mlp', hidden: [16, 8], task: 'regression' },
        loss: 'mse',
        optimizer: 'adamw',
        params: { lr: 0.01 },
        batchSize: 16,
        data,
      });
      s.step(5);
      s.predictGrid({ xmin: -1, xmax: 1, ymin: -1, ymax: 1, nx: 10, ny: 10 });
      s.free();
    };
    cycle();
    const baseline = lab.memory();
    for (let i = 0; i < 1000; i++) cycle();
    const after = lab.memory();
    expect(after.sessions).toBe(baseline.sessions);
    expect(after.heapInUse).toBe(baseline.heapInUse);
  }, 120_000);
});

describe('lab.metrics', () => {
  it('matches hand-computed values, including a tie in the AUC', () => {
    const reg = lab.metrics.regression([2, 0, 3, 5], [1, 2, 3, 4]);
    expect(reg.mae).toBeCloseTo(1, 15);
    expect(reg.rmse).toBeCloseTo(Math.sqrt(1.5), 15);
    const bin = lab.metrics.binary([0.8, 0.5, 0.5, 0.2], [1, 1, 0, 0]);
    expect(bin.rocAuc).toBeCloseTo(0.875, 15);
    expect([...bin.confusion]).toEqual([1, 1, 0, 2]);
    const roc = lab.metrics.roc([0.8, 0.5, 0.5, 0.2], [1, 1, 0, 0]);
    expect([...roc.x]).toEqual([0, 0, 0.5, 1]);
    const pr = lab.metrics.pr([0.7, 0.9, 0.6, 0.8], [1, 1, 0, 0]);
    expect(pr.area).toBeCloseTo(5 / 6, 15);
    const multi = lab.metrics.multiclass([0.9, 0.1, 0.2, 0.8, 0.6, 0.4], [0, 1, 1], 2);
    expect(multi.accuracy).toBeCloseTo(2 / 3, 15);
    const cal = lab.metrics.calibration([0.2, 0.4, 0.9, 0.9], [0, 1, 1, 1], { bins: 2 });
    expect(cal.ece).toBeCloseTo(0.15, 15);
    expect(lab.metrics.coverage([3, 3, 3, 3], [1, 2, 3, 4], 0.9).coverage).toBe(0.75);
    expect(() => lab.metrics.regression([], [])).toThrow(/empty/);
    expect(() => lab.metrics.binary([0.1, 0.2], [0, 2])).toThrow(/must be 0 or 1/);
  });
});
