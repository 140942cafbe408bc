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
