// The optimizers lesson's racers, as the lesson builds them (compute.ts), run by the core and
// compared step by step with independent implementations of torch.optim's update rules written
// here, on the rotated ill-conditioned bowl and on Rosenbrock. Also the lesson's schedules against
// their closed forms.
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, type AsyncLossLab, type LossLab } from 'loss-lab';
import { defaults } from '../../web/state/params';
import { optimizeOptions, raceRuns, scheduleFor, settingsFrom, surfaceInfo, type RaceSettings } from '../../web/lessons/optimizers/options';
import { contourSurface } from '../../web/lessons/optimizers/contour-surface';
import { fullParams as params, RACERS, type Racer } from '../../web/lessons/optimizers/params';

let lab: LossLab;
beforeAll(async () => {
  lab = await createLossLab();
});

type Grad = (x: number, y: number) => [number, number];

const bowl = (kappa: number, degrees: number): Grad => {
  const a = (degrees * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
  return (x, y) => {
    const u = x * c + y * s, v = -x * s + y * c;
    return [u * c - kappa * v * s, u * s + kappa * v * c];
  };
};
const rosenbrock: Grad = (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];

/** torch.optim's update rules (defaults: no dampening, no lr decay, zero initial accumulators). */
function reference(racer: Racer, s: RaceSettings, grad: Grad, steps: number): number[] {
  const h = s.hyper, lr = s.lr[racer];
  let [x, y] = s.start;
  const path = [x, y];
  let b = [0, 0], m = [0, 0], v = [0, 0], vmax = [0, 0];
  const sum = [0, 0];
  for (let t = 1; t <= steps; t++) {
    const g = grad(x, y);
    const theta = [x, y];
    for (let i = 0; i < 2; i++) {
      switch (racer) {
        case 'sgd': theta[i] -= lr * g[i]; break;
        case 'momentum':
        case 'nesterov': {
          const mu = racer === 'momentum' ? h.mu_momentum : h.mu_nesterov;
          b[i] = t === 1 ? g[i] : mu * b[i] + g[i];
          theta[i] -= lr * (racer === 'nesterov' ? g[i] + mu * b[i] : b[i]);
          break;
        }
        case 'rmsprop':
          v[i] = h.alpha * v[i] + (1 - h.alpha) * g[i] * g[i];
          theta[i] -= (lr * g[i]) / (Math.sqrt(v[i]) + h.eps);
          break;
        case 'adagrad':
          sum[i] += g[i] * g[i];
          theta[i] -= (lr * g[i]) / (Math.sqrt(sum[i]) + h.eps);
          break;
        case 'adam':
        case 'adamw': {
          if (racer === 'adamw') theta[i] *= 1 - lr * h.wd;
          m[i] = h.beta1 * m[i] + (1 - h.beta1) * g[i];
          v[i] = h.beta2 * v[i] + (1 - h.beta2) * g[i] * g[i];
          vmax[i] = Math.max(vmax[i], v[i]);
          const second = h.amsgrad ? vmax[i] : v[i];
          const mHat = s.bias ? m[i] / (1 - h.beta1 ** t) : m[i];
          const vHat = s.bias ? second / (1 - h.beta2 ** t) : second;
          theta[i] -= (lr * mHat) / (Math.sqrt(vHat) + h.eps);
          break;
        }
      }
    }
    [x, y] = theta;
    path.push(x, y);
  }
  return path;
}

const base = (): RaceSettings => settingsFrom(defaults(params));

function expectSamePath(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected[i])));
  }
}

describe('the lesson racers follow torch.optim, step for step', () => {
  for (const racer of RACERS) {
    it(`${racer} on the κ = 50 bowl rotated by 30°`, () => {
      const s = { ...base(), angle: 30, steps: 60 };
      const run = lab.optimize(optimizeOptions(racer, s));
      expect(run.divergence.diverged).toBe(false);
      expectSamePath(run.path, reference(racer, s, bowl(50, 30), 60));
    });
  }

  it('adam without bias correction and with amsgrad, on Rosenbrock', () => {
    for (const patch of [{ bias: false }, { hyper: { ...base().hyper, amsgrad: true } }]) {
      const s: RaceSettings = { ...base(), surface: 'rosenbrock', start: [-1.5, 2], steps: 40, ...patch };
      expectSamePath(lab.optimize(optimizeOptions('adam', s)).path, reference('adam', s, rosenbrock, 40));
    }
  });

  it('SGD just above 2/κ diverges and just below it converges', () => {
    const s = { ...base(), steps: 400 };
    expect(lab.optimize(optimizeOptions('sgd', s, { lr: 0.0405 })).divergence.diverged).toBe(true);
    const below = lab.optimize(optimizeOptions('sgd', s, { lr: 0.0395 }));
    expect(below.divergence.diverged).toBe(false);
    expect(below.loss[below.loss.length - 1]).toBeLessThan(below.loss[0] * 1e-3);
  });
});

describe('the lesson schedules', () => {
  const multipliers = (patch: Partial<RaceSettings>) => {
    const s = { ...base(), steps: 100, ...patch };
    return lab.lrSchedule({ ...(scheduleFor(s) ?? { name: 'constant' }), lr: 1 }, s.steps);
  };
  const p = base().scheduleParams;

  it('step, exponential and cosine match their closed forms', () => {
    const step = multipliers({ schedule: 'step' });
    const exponential = multipliers({ schedule: 'exponential' });
    const cosine = multipliers({ schedule: 'cosine' });
    for (const t of [0, 1, 49, 50, 99]) {
      expect(step[t]).toBeCloseTo(p.gamma ** Math.floor(t / p.step_size), 12);
      expect(exponential[t]).toBeCloseTo(p.decay ** t, 12);
      expect(cosine[t]).toBeCloseTo(0.5 * (1 + Math.cos((Math.PI * t) / 100)), 12);
    }
  });

  it('every schedule runs every racer (one-cycle cycles momentum only where there is one)', () => {
    for (const schedule of ['constant', 'step', 'exponential', 'cosine', 'cosine_warm_restarts', 'warmup_cosine', 'one_cycle'] as const) {
      const s = { ...base(), schedule, steps: 50 };
      for (const racer of RACERS) {
        const run = lab.optimize(optimizeOptions(racer, s));
        expect(run.lr.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      }
    }
  });

  it('warmup then cosine starts small, peaks after the warmup and ends near zero', () => {
    const m = multipliers({ schedule: 'warmup_cosine' });
    expect(m[0]).toBeLessThan(0.05);
    expect(Math.max(...m)).toBeCloseTo(1, 2);
    expect(m.indexOf(Math.max(...m))).toBeGreaterThanOrEqual(p.warmup - 1);
    expect(m[m.length - 1]).toBeLessThan(0.01);
  });
});

describe('the race runs once per setting, whichever figures ask', () => {
  // A counting engine in front of the real one: raceRuns is what the race figure and the
  // lr-schedules loss curves both call, with the same settings, on every change.
  const counting = () => {
    let calls = 0;
    const engine = {
      optimize: async (o: Parameters<LossLab['optimize']>[0]) => { calls++; return lab.optimize(o); },
    } as unknown as AsyncLossLab;
    return { engine, calls: () => calls };
  };
  const settings = (noise: number) => settingsFrom({ ...defaults(params), noise, seeds: 3 });

  it('shares the runs between two requests for the same settings, and runs new settings again', async () => {
    const { engine, calls } = counting();
    const racers = ['sgd', 'adam'];
    const [a, b] = await Promise.all([raceRuns(engine, settings(0.5), racers), raceRuns(engine, settings(0.5), racers)]);
    expect(calls()).toBe(2 * 3);  // two racers, three seeds each, once
    expect(b).toBe(a);
    expect(a.runs.map((r) => [r.racer, r.extra.length])).toEqual([['sgd', 2], ['adam', 2]]);
    await raceRuns(engine, settings(0.25), racers);
    expect(calls()).toBe(2 * 3 * 2);
    // the engines do not share: each page's lab has its own runs
    const other = counting();
    await raceRuns(other.engine, settings(0.5), racers);
    expect(other.calls()).toBe(6);
  });

  it('does not keep a failed run: the next request tries again', async () => {
    let calls = 0;
    const engine = { optimize: async () => { calls++; throw new Error('worker stopped'); } } as unknown as AsyncLossLab;
    const first = await raceRuns(engine, settings(0), ['sgd']);
    expect(first.failures).toEqual([{ racer: 'sgd', message: 'worker stopped' }]);
    await raceRuns(engine, settings(0), ['sgd']);
    expect(calls).toBe(2);
  });

  it('an aborted request ends with an AbortError, and the shared runs still reach the other figure', async () => {
    const { engine, calls } = counting();
    const controller = new AbortController();
    const aborted = raceRuns(engine, settings(0), ['sgd'], controller.signal);
    const other = raceRuns(engine, settings(0), ['sgd']);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect((await other).runs).toHaveLength(1);
    expect(calls()).toBe(1);
  });
});

describe('the race surface is traced once per surface, not once per start point', () => {
  // A counting engine in front of the real one, with the methods contourSurface calls.
  const counting = () => {
    const calls = { grid: 0, contours: 0 };
    let fail = false;
    const engine = {
      surfaceList: lab.surfaces(),
      surfaceGrid: async (o: Parameters<LossLab['surfaceGrid']>[0]) => { calls.grid++; if (fail) throw new Error('worker stopped'); return lab.surfaceGrid(o); },
      contours: async () => { calls.contours++; return []; },
    } as unknown as AsyncLossLab;
    return { engine, calls, failNext: (f: boolean) => { fail = f; } };
  };

  it('shares grid and bands between requests for the same surface, and traces a new one again', async () => {
    const { engine, calls } = counting();
    const info = surfaceInfo(engine, 'quadratic');
    const a = await contourSurface(engine, 'quadratic', { kappa: 10, angle: 30 }, info);
    const b = await contourSurface(engine, 'quadratic', { kappa: 10, angle: 30 }, info);
    expect(b).toBe(a);
    expect(calls).toEqual({ grid: 1, contours: 1 });
    // 16 levels at the middles of 16 equal steps in log10 over five decades below the range
    expect(a.levels).toHaveLength(16);
    expect(Math.log10(a.levels[15] / a.levels[0])).toBeCloseTo((5 * 15) / 16, 9);
    await contourSurface(engine, 'quadratic', { kappa: 20, angle: 30 }, info);
    expect(calls).toEqual({ grid: 2, contours: 2 });
    // another engine (another page's lab) has its own
    const other = counting();
    await contourSurface(other.engine, 'quadratic', { kappa: 10, angle: 30 }, info);
    expect(other.calls).toEqual({ grid: 1, contours: 1 });
  });

  it('does not keep a failure: the next request tries again', async () => {
    const { engine, calls, failNext } = counting();
    const info = surfaceInfo(engine, 'rosenbrock');
    failNext(true);
    await expect(contourSurface(engine, 'rosenbrock', undefined, info)).rejects.toThrow('worker stopped');
    failNext(false);
    await contourSurface(engine, 'rosenbrock', undefined, info);
    expect(calls.grid).toBe(2);
  });
});
