// The core's typed configs cross Embind as value objects, completed in TS from the defaults the
// core declares (configDefaults). Every config type must come back from C++ exactly as sent; an
// unknown field must be a LossLabError naming it and listing the known ones; and 1000 sessions
// created, stepped, asked for predictions and freed must leave the wasm heap as they found it.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, LossLabError, type LossLab } from 'loss-lab';
import createLossLabModule, { type RawConfig, type RawModule } from '../../web/engine/generated/losslab.js';
import { Configs } from '../../web/engine/configs.js';

let lab: LossLab;
let raw: RawModule;
let configs: Configs;
beforeAll(async () => {
  lab = await createLossLab();
  const wasmBinary = await readFile(new URL('../../web/engine/generated/losslab.wasm', import.meta.url));
  raw = await createLossLabModule({ wasmBinary, locateFile: (p) => p });
  configs = new Configs(raw);
});

/** Every field moved off its default: numbers by a non-representable-in-float amount, flags flipped, words to the next choice. */
function moved(config: RawConfig, integers: Set<string>, what: string): RawConfig {
  const out: RawConfig = {};
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === 'boolean') out[key] = !value;
    else if (typeof value === 'number') out[key] = integers.has(`${what}.${key}`) ? value + 3 : value + 0.1234567890123;
    else {
      const words = configs.defaults.choices[key];
      out[key] = words[(words.indexOf(value) + 1) % words.length];
    }
  }
  return out;
}

function echo(kind: string, name: string, config: unknown): unknown {
  const back = raw.echoConfig(kind, name, config) as { error?: string };
  if (typeof back.error === 'string') throw new Error(back.error);
  return back;
}

describe('every config type round-trips through Embind', () => {
  let integers: Set<string>;
  beforeAll(() => {
    integers = new Set(['warmup.warmup_steps', 'earlyStopping.patience']);
    // (moved values need not be in range: echoConfig converts, the factories check ranges)
    for (const s of raw.scheduleInfo()) for (const p of s.params) if (p.integer) integers.add(`${s.name}.${p.name}`);
  });

  it('lists every optimizer, schedule and surface with a default config', () => {
    expect(Object.keys(configs.defaults.optimizers)).toEqual(['sgd', 'rmsprop', 'adagrad', 'adam', 'adamw']);
    expect(Object.keys(configs.defaults.schedules)).toEqual(['constant', 'step', 'exponential', 'cosine', 'cosine_warm_restarts', 'one_cycle']);
    expect(Object.keys(configs.defaults.surfaces)).toEqual(['rosenbrock', 'beale', 'himmelblau', 'saddle', 'quadratic', 'camel']);
    // torch's defaults, as torch.optim documents them
    expect(configs.defaults.optimizers.adam).toEqual({ lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, amsgrad: false, bias_correction: true });
    expect(configs.defaults.optimizers.adamw.weight_decay).toBe(0.01);
    expect(configs.defaults.optimizers.rmsprop).toMatchObject({ lr: 0.01, alpha: 0.99, eps: 1e-8 });
    expect(configs.defaults.schedules.one_cycle).toMatchObject({ pct_start: 0.3, anneal_strategy: 'cos', div_factor: 25, final_div_factor: 1e4 });
  });

  for (const kind of ['optimizer', 'schedule', 'surface'] as const) {
    it(`${kind}s: every field, moved off its default, comes back as sent`, () => {
      const table = { optimizer: configs.defaults.optimizers, schedule: configs.defaults.schedules, surface: configs.defaults.surfaces }[kind];
      for (const [name, defaults] of Object.entries(table)) {
        expect(echo(kind, name, defaults)).toEqual(defaults);
        const sent = moved(defaults, integers, name);
        expect(echo(kind, name, sent)).toEqual(sent);
      }
    });
  }

  it('datasets: every option, moved off its default, comes back as sent', () => {
    expect(Object.keys(configs.defaults.datasets)).toEqual(['linear', 'heteroscedastic', 'zero_inflated', 'imbalanced', 'moons', 'spirals', 'blobs', 'sparse_linear', 'wave']);
    // the core's defaults, as docs/optimization.md lists them
    expect(configs.defaults.datasets.linear).toMatchObject({ n: 200, seed: 0, validation: 0, integers: ['outliers', 'leverage_outliers'] });
    expect(configs.defaults.datasets.linear.options).toMatchObject({ slope: 3, intercept: 0, noise: 0.5, x_distribution: 'normal', outlier_shift: 50 });
    expect(configs.defaults.datasets.heteroscedastic.options).toMatchObject({ x_distribution: 'uniform', x_min: 0, x_max: 5, heteroscedastic: 1 });
    expect(configs.defaults.datasets.blobs).toMatchObject({ n: 300, options: { classes: 3, std: 1, spread: 3, label_noise: 0 } });
    for (const [name, d] of Object.entries(configs.defaults.datasets)) {
      expect(echo('dataset', name, d.options)).toEqual(d.options);
      const sent = moved(d.options, new Set(d.integers.map((f) => `${name}.${f}`)), name);
      expect(echo('dataset', name, sent)).toEqual(sent);
    }
  });

  it('the public API carries a dataset config: every option reaches the generator', () => {
    // x ~ U(x_min, x_max), y = slope·x + intercept exactly (noise 0): the line through the points
    const d = lab.dataset('linear', { n: 40, seed: 2, validation: 0.25, slope: -2, intercept: 7, noise: 0, x_distribution: 'uniform', x_min: 10, x_max: 11 });
    expect(d.y.length).toBe(30);
    expect(d.yVal.length).toBe(10);
    for (let i = 0; i < d.y.length; i++) {
      expect(d.x[i]).toBeGreaterThanOrEqual(10);
      expect(d.x[i]).toBeLessThanOrEqual(11);
      expect(d.y[i]).toBeCloseTo(-2 * d.x[i] + 7, 12);
    }
    // the same call with the defaults spelt out is the same data
    const implicit = lab.dataset('moons', { seed: 5 });
    const explicit = lab.dataset('moons', { ...configs.defaults.datasets.moons.options, n: 200, seed: 5, validation: 0 });
    expect([...explicit.x]).toEqual([...implicit.x]);
  });

  it('the metrics carry their defaults from the core: threshold 0.5, costs 1 and 1, 10 bins, 101 thresholds', () => {
    expect(configs.defaults.metrics).toEqual({ threshold: 0.5, fnCost: 1, fpCost: 1, bins: 10 });
    const score = [0.1, 0.55, 0.5, 0.7, 0.9, 0.3], label = [0, 0, 1, 1, 1, 0];
    expect(lab.metrics.binary(score, label)).toEqual(lab.metrics.binary(score, label, { threshold: 0.5, fnCost: 1, fpCost: 1 }));
    // at 0.5 (score ≥ threshold is positive) one false alarm in six; at 0.6 one miss, which costs 3
    expect(lab.metrics.binary(score, label).accuracy).toBeCloseTo(5 / 6, 15);
    expect(lab.metrics.binary(score, label, { threshold: 0.6, fnCost: 3 }).expectedCost).toBeCloseTo(3 / 6, 15);
    expect(lab.metrics.calibration(score, label).count.length).toBe(10);
    expect(lab.metrics.thresholds(score, label).thresholds.length).toBe(101);
  });

  it('no entry point of the module takes a kind string or an options bag', () => {
    const fns = raw as unknown as Record<string, unknown>;
    expect(fns.metrics).toBeUndefined();
    expect(typeof fns.metricsBinary).toBe('function');
    expect((fns.dataset as { argCount: number }).argCount).toBe(1);
  });

  it('warm-up, penalty and early stopping come back as sent', () => {
    for (const kind of ['warmup', 'penalty', 'earlyStopping'] as const) {
      const sent = moved(configs.defaults[kind], integers, kind);
      expect(echo(kind, '', sent)).toEqual(sent);
    }
  });

  it('models come back as sent, hidden widths and output bias included', () => {
    for (const name of Object.keys(configs.defaults.models)) {
      const sent = { name, hidden: [7, 5], activation: 'relu', task: 'binary', outputBias: -1.25 };
      expect(echo('model', '', { ...sent, hidden: Float64Array.from(sent.hidden) })).toEqual(sent);
      const plain = configs.model({ name });
      expect(echo('model', '', plain)).toEqual({ ...plain, hidden: [...plain.hidden] });
    }
  });

  it('an unknown name is an error naming it', () => {
    expect(() => echo('optimizer', 'adamax', {})).toThrow(/unknown optimizer 'adamax'/);
    expect(() => echo('schedule', 'linear', {})).toThrow(/unknown schedule 'linear'/);
    expect(() => echo('surface', 'ackley', {})).toThrow(/unknown surface 'ackley'/);
  });

  it('the public API carries the configs: SGD with momentum on the quadratic, by hand', () => {
    // quadratic κ = 4, angle 0: f = ½(x² + 4y²), ∇f = (x, 4y). torch SGD momentum μ, dampening 0:
    // b₁ = g₀, θ₁ = θ₀ − lr·b₁; b₂ = μb₁ + g₁, θ₂ = θ₁ − lr·b₂.
    const lr = 0.1, mu = 0.5;
    const r = lab.optimize({ surface: 'quadratic', surfaceParams: { kappa: 4 }, optimizer: 'sgd', params: { lr, momentum: mu }, start: [1, 1], steps: 2 });
    const g0 = [1, 4];
    const p1 = [1 - lr * g0[0], 1 - lr * g0[1]];
    const b2 = [mu * g0[0] + p1[0], mu * g0[1] + 4 * p1[1]];
    const p2 = [p1[0] - lr * b2[0], p1[1] - lr * b2[1]];
    expect([...r.path]).toEqual([1, 1, ...p1, ...p2].map((v) => expect.closeTo(v, 12)));
  });

  it('the public API carries the schedule and its warm-up: linear warm-up into a step schedule, by hand', () => {
    const lr = lab.lrSchedule({ name: 'step', step_size: 2, gamma: 0.5, lr: 1, warmup: { start_factor: 0.25, warmup_steps: 2 } }, 6);
    // warm-up: 1·(0.25 + 0.75·t/2) for t = 0, 1; then StepLR at t − 2: 1, 1, 0.5, 0.5
    expect([...lr]).toEqual([0.25, 0.625, 1, 1, 0.5, 0.5].map((v) => expect.closeTo(v, 12)));
  });
});

describe('unknown fields are rejected, naming the field and listing the known ones', () => {
  const data = { x: [0, 1, 2, 3], y: [1, 3, 5, 7] };
  const session = { model: 'linear' as const, loss: 'mse', optimizer: 'sgd' as const, data };
  const cases: [string, () => unknown, string, RegExp][] = [
    ['optimizer params', () => lab.optimize({ surface: 'rosenbrock', optimizer: 'adam', params: { beta: 0.9 } as never, start: [0, 0], steps: 1 }), 'params.beta',
      /adam: unknown parameter 'beta'; known: lr, betas, eps, weight_decay, amsgrad, bias_correction/],
    ['surface params', () => lab.optimize({ surface: 'rosenbrock', surfaceParams: { c: 1 }, optimizer: 'sgd', start: [0, 0], steps: 1 }), 'surfaceParams.c',
      /rosenbrock: unknown parameter 'c'; known: a, b/],
    ['a surface without parameters', () => lab.surfaceGrid({ surface: 'beale', surfaceParams: { a: 1 } }), 'surfaceParams.a', /beale: unknown parameter 'a'; it takes none/],
    ['schedule arguments', () => lab.lrSchedule({ name: 'cosine', T_max: 10, Tmax: 3, lr: 1 } as never, 3), 'schedule.Tmax', /cosine: unknown parameter 'Tmax'; known: T_max, eta_min/],
    ['warm-up', () => lab.lrSchedule({ name: 'constant', lr: 1, warmup: { steps: 3 } as never }, 3), 'schedule.warmup.steps',
      /warmup: unknown parameter 'steps'; known: start_factor, warmup_steps/],
    ['model', () => lab.session({ ...session, model: { name: 'mlp', width: 3 } as never }), 'width', /model: unknown option 'width'; known: name, hidden, activation, task, outputBias/],
    ['penalty', () => lab.session({ ...session, penalty: { l3: 1 } as never }), 'penalty.l3', /penalty: unknown parameter 'l3'; known: l1, l2/],
    ['early stopping', () => lab.session({ ...session, earlyStopping: { patience: 2, delta: 1 } as never }), 'earlyStopping.delta',
      /earlyStopping: unknown parameter 'delta'; known: patience, min_delta, restore_best/],
    ['loss parameters', () => lab.session({ ...session, loss: 'huber', lossParams: { beta: 1 } }), 'lossParams.beta', /huber has no parameter 'beta'; its parameters: delta/],
    ['session options', () => lab.session({ ...session, epoch: 3 } as never), 'epoch', /session: unknown option 'epoch'; known: model, loss/],
    ['contrastive optimizer params', () => lab.contrastive({ optimizer: 'sgd', params: { beta: 0.9 } as never }), 'params.beta',
      /sgd: unknown parameter 'beta'; known: lr, momentum, dampening, weight_decay, nesterov/],
    ['contrastive options', () => lab.contrastive({ temprature: 0.1 } as never), 'temprature', /contrastive: unknown option 'temprature'; known: classes, pool/],
    ['elastic-net options', () => lab.elasticNetPath({ x: [1, 2], y: [1, 2], lambdas: [1], alpha: 1 } as never), 'alpha',
      /elasticNetPath: unknown option 'alpha'; known: x, y, features/],
    ['dataset options', () => lab.dataset('linear', { n: 50, slop: 3 } as never), 'slop',
      /linear: unknown parameter 'slop'; known: n, seed, validation, slope, intercept, noise, x_distribution/],
    ['options of a dataset that has few', () => lab.dataset('moons', { ratio: 3 } as never), 'ratio', /moons: unknown parameter 'ratio'; known: n, seed, validation, noise$/],
    ['metrics options', () => lab.metrics.calibration([0.5], [1], { bin: 3 } as never), 'bin', /metrics\.calibration: unknown option 'bin'; known: bins/],
    ['optimize options', () => lab.optimize({ surface: 'rosenbrock', optimizer: 'sgd', start: [0, 0], steps: 1, step: 2 } as never), 'step', /optimize: unknown option 'step'; known: surface/],
    ['predict options', () => {
      const s = lab.session(session);
      try {
        return s.predict([1], { logit: true } as never);
      } finally {
        s.free();
      }
    }, 'logit', /predict: unknown option 'logit'; known: logits/],
  ];
  for (const [what, call, field, message] of cases) {
    it(what, () => {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LossLabError);
      expect((error as LossLabError).message).toMatch(message);
      expect((error as LossLabError).field).toBe(field);
    });
  }

  it('a whole-number field of a value object is checked whole before it crosses (a C++ long would truncate it)', () => {
    expect(() => lab.contrastive({ pool: 20.5 })).toThrow(/contrastive: pool = 20.5 must be a whole number/);
    expect(() => lab.elasticNetPath({ x: [1, 2, 3], y: [1, 2, 3], lambdas: [0.1], maxSweeps: 2.5 })).toThrow(/maxSweeps must be a whole number/);
    // in range but over a long's: refused, not wrapped
    expect(() => lab.lrSchedule({ name: 'step', step_size: 2 ** 33, gamma: 0.5, lr: 1 }, 3)).toThrow(/step_size = 8589934592 is outside/);
  });

  it('the core defaults fill what is left out: one feature for the elastic net, τ = 0.1 for contrastive runs', () => {
    const x = [0, 1, 2, 3, 4], y = [0.1, 1.9, 4.2, 5.8, 8.1];
    // lasso with one feature, λ tiny: the least-squares slope (Σ(x − x̄)(y − ȳ)/Σ(x − x̄)² = 19.9/10)
    const path = lab.elasticNetPath({ x, y, lambdas: [1e-9] });
    expect(path.features).toBe(1);
    expect(path.coef[0]).toBeCloseTo(1.99, 6);
    const run = lab.contrastive({ pool: 32, eval: 16, display: 8, batch: 8 });
    try {
      expect(run.batch).toBe(8);
      expect(run.temperature).toBe(0.1);
    } finally {
      run.free();
    }
  });

  it('a dataset option is checked whole, in range and of its type before the generator runs', () => {
    expect(() => lab.dataset('blobs', { classes: 2.5 })).toThrow(/blobs: classes = 2\.5 must be a whole number/);
    expect(() => lab.dataset('linear', { outliers: 2 ** 33 })).toThrow(/linear: outliers = 8589934592 is outside/);
    expect(() => lab.dataset('linear', { n: 0 })).toThrow(/linear: n = 0 is outside \[1, 200000\]/);
    expect(() => lab.dataset('linear', { n: 12.5 })).toThrow(/linear: n = 12\.5 must be a whole number/);
    expect(() => lab.dataset('moons', { validation: 0.95 })).toThrow(/moons: validation = 0\.95 is outside \[0, 0\.9\]/);
    expect(() => lab.dataset('linear', { x_distribution: 'cauchy' })).toThrow(/linear: x_distribution = 'cauchy' is not one of normal, uniform/);
    expect(() => lab.dataset('wave', { noise: 'loud' } as never)).toThrow(/wave: noise must be a number, got 'loud'/);
  });

  it('a metric option of the wrong type names it', () => {
    expect(() => lab.metrics.binary([0.5], [1], { fnCost: '2' } as never)).toThrow(/metrics\.binary: fnCost must be a number, got '2'/);
    expect(() => lab.metrics.binary([0.5], [1], { fpCost: -1 })).toThrow(/fpCost = -1 is outside \[0, 1e6\]/);
    expect(() => lab.metrics.interval([0], [1], [0.5], [0.1] as never)).toThrow(/metrics\.interval: alpha must be a number, got an array/);
    expect(() => lab.metrics.thresholds([0.5], [1], { thresholds: 'all' as never })).toThrow(/thresholds must be an array or a typed array of numbers/);
  });

  it('a field of the wrong type names it', () => {
    expect(() => lab.optimize({ surface: 'rosenbrock', optimizer: 'sgd', params: { nesterov: 'yes' as never }, start: [0, 0], steps: 1 })).toThrow(/sgd: nesterov must be true or false, got 'yes'/);
    expect(() => lab.lrSchedule({ name: 'step', step_size: 2.5, lr: 1 }, 3)).toThrow(/step: step_size = 2.5 must be a whole number/);
    expect(() => lab.lrSchedule({ name: 'one_cycle', anneal_strategy: 'cosine' as never, lr: 1, total_steps: 10 }, 3)).toThrow(/anneal_strategy = 'cosine' is not one of cos, linear/);
  });
});

describe('the typed session path', () => {
  it('predict returns logits on request: the logit of P(y = 1)', () => {
    const d = lab.dataset('moons', { n: 40, seed: 2 });
    const s = lab.session({ model: 'logistic', loss: 'bce_logits', optimizer: 'adam', params: { lr: 0.05 }, data: d });
    try {
      s.step(30);
      const x = d.x.slice(0, 10);
      const p = s.predict(x);
      const z = s.predict(x, { logits: true });
      // logistic: P = σ(z)
      expect([...p]).toEqual([...z].map((v) => expect.closeTo(1 / (1 + Math.exp(-v)), 12)));
      // linear in x: z = w·x + b with the session's parameters
      const [w1, w2, b] = s.params();
      expect(z[0]).toBeCloseTo(w1 * x[0] + w2 * x[1] + b, 12);
    } finally {
      s.free();
    }
  });

  it('names each metric once across the API: a session reports what metrics.* reports', () => {
    const d = lab.dataset('moons', { n: 60, seed: 4 });
    const s = lab.session({ model: 'logistic', loss: 'bce_logits', optimizer: 'adam', params: { lr: 0.05 }, data: d });
    try {
      const r = s.step(20);
      const direct = lab.metrics.binary(s.predict(d.x), d.y);
      for (const [name, value] of Object.entries(r.metrics)) expect(direct[name as keyof typeof direct], name).toBeCloseTo(value, 12);
      expect(Object.keys(r.metrics)).toEqual(expect.arrayContaining(['accuracy', 'rocAuc', 'prAuc']));
    } finally {
      s.free();
    }
  });

  it('returns the wasm heap to its baseline after 1000 create/step/predict/free cycles', () => {
    const d = lab.dataset('spirals', { n: 60, seed: 1 });
    const options = {
      model: { name: 'mlp' as const, hidden: [8, 8], activation: 'tanh' as const },
      loss: 'bce_logits',
      optimizer: 'adamw' as const,
      params: { lr: 0.01, betas: [0.8, 0.95] as [number, number] },
      schedule: { name: 'cosine' as const, T_max: 50, warmup: { warmup_steps: 2 } },
      penalty: { l2: 1e-3 },
      data: d,
    };
    // one warm cycle first: first-use allocations (Embind's type tables) are not leaks
    const warm = lab.session(options);
    warm.step(2);
    warm.free();
    const baseline = lab.memory();
    for (let i = 0; i < 1000; i++) {
      const s = lab.session({ ...options, seed: i });
      s.step(2);
      s.predict(d.x.subarray(0, 8), { logits: i % 2 === 0 });
      s.free();
    }
    const after = lab.memory();
    expect(after.sessions).toBe(baseline.sessions);
    expect(after.heapInUse).toBe(baseline.heapInUse);
  });
});
