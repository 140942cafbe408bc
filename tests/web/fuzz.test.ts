// A seeded property-based fuzz of every entry point of the public API (fast-check), as a hostile
// user would call it. Each property builds a valid call (which must succeed), then usually breaks
// one field with a hostile value. Whatever happens, after every call:
//   - the only exception is a LossLabError, and for a broken field its message (or .field) names it;
//   - no number anywhere in a result is NaN or ±Infinity;
//   - lab.memory().heapInUse is back at its baseline and no session is left alive;
//   - the module still computes mse by hand (checked every few calls).
// The seeds are fixed: a failure prints its counterexample and reproduces exactly.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, LossLabError, type LossLab, type Session } from 'loss-lab';

let lab: LossLab;
let baseline = 0;
let calls = 0;
const counts = { ok: 0, rejected: 0 };

beforeAll(async () => {
  lab = await createLossLab();
  // warm every path once, so first-use allocations (static tables) are not mistaken for leaks
  lab.loss('mse', [1], [0]);
  lab.surfaces();
  lab.optimize({ surface: 'quadratic', optimizer: 'adam', start: [1, 1], steps: 2, schedule: { name: 'one_cycle', total_steps: 10 } });
  lab.lrSchedule({ name: 'cosine', T_max: 5, lr: 0.1 }, 3);
  lab.surfaceGrid({ surface: 'beale', nx: 3, ny: 3 });
  lab.metrics.binary([0.2, 0.8], [0, 1]);
  lab.train({ model: 'softmax', loss: 'cross_entropy', optimizer: 'sgd', epochs: 1, data: lab.dataset('blobs', { n: 30 }) });
  // the lists of names in "unknown ..." messages are static tables built on first use
  const unknown = [
    () => lab.optimize({ surface: 'quadratic', optimizer: 'nadam' as never, start: [1, 1], steps: 1 }),
    () => lab.lrSchedule({ name: 'linear' as never, lr: 0.1 }, 3),
    () => lab.dataset('circles' as never),
    () => lab.surfaceGrid({ surface: 'ackley' as never }),
    () => lab.train({ model: 'tree' as never, loss: 'mse', optimizer: 'sgd', data: { x: [1], y: [1] } }),
  ];
  for (const call of unknown) expect(call).toThrow(LossLabError);
  baseline = lab.memory().heapInUse;
});

afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(`fuzz: ${calls} calls, ${counts.ok} results checked, ${counts.rejected} LossLabErrors`);
});

/** Uniform numbers in [0, 1) drawn by fast-check (so they shrink), handed out in turn. */
const uniforms = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 16, maxLength: 16 });
function cycle(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

/** Values a hostile caller tries in place of any field. */
const hostile = fc.oneof(
  fc.constantFrom<unknown>(
    NaN, Infinity, -Infinity, null, -1, 0, 0.5, 1.5, 1e308, -1e308, 1e-300, 2 ** 32 + 8, 2 ** 53, 1e9, -0,
    true, false, '', '5', 'cosine', 'mse', [], [NaN], [1, 'x'], [1e308, -1e308], {}, { $f64in: [16, 64] },
    { 'a.b': 1 }, { toJSON: () => 5 }, new BigInt64Array(2), new DataView(new ArrayBuffer(8)), new Float32Array([3.4e38, -3.4e38]),
    () => 1, new Date(0), new Map(),
  ),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.array(fc.double(), { maxLength: 6 }),
);

type Args = Record<string, unknown>;

/** Sets `path` (dots for nesting) in a copy of `base` to `value`; undefined deletes it. */
function mutate(base: Args, path: string, value: unknown): Args {
  const root: Args = { ...base };
  const keys = path.split('.');
  let node: Args = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = node[keys[i]];
    node[keys[i]] = next && typeof next === 'object' && !Array.isArray(next) && !ArrayBuffer.isView(next) ? { ...(next as Args) } : {};
    node = node[keys[i]] as Args;
  }
  node[keys[keys.length - 1]] = value;
  return root;
}

/** The first non-finite number in a result, with its path, or null. */
function nonFinite(value: unknown, path = 'result', depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} = ${value}`;
  if (depth > 6 || value === null || typeof value !== 'object') return null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const a = value as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return `${path}[${i}] = ${a[i]}`;
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const bad = nonFinite(v, `${path}.${k}`, depth + 1);
    if (bad) return bad;
  }
  return null;
}

/**
 * Runs one call and checks everything listed at the top. `field`: the broken field (its last
 * part must be named by an error); `mustSucceed`: the call is valid as built.
 */
function check(call: () => unknown, field: string | null, mustSucceed = false, live: (result: unknown) => number = () => 0, value?: unknown): unknown {
  calls++;
  let result: unknown;
  let thrown: unknown;
  try {
    result = call();
  } catch (error) {
    thrown = error;
    result = undefined;
  }
  // memory first: a leak is reported against the call that made it, whatever else went wrong
  const memory = lab.memory();
  const sessions = live(result);
  if (memory.sessions !== sessions) throw new Error(`${memory.sessions} sessions alive, expected ${sessions} (field ${field})`);
  if (sessions === 0 && memory.heapInUse !== baseline) {
    const at = thrown instanceof Error ? thrown.message : 'success';
    baseline = memory.heapInUse;  // report this call once, not every call after it
    throw new Error(`heap ${memory.heapInUse} bytes, baseline ${baseline} after a call on field ${field} (${at})`);
  }
  if (thrown !== undefined) {
    if (!(thrown instanceof LossLabError)) throw new Error(`not a LossLabError (field ${field}): ${String(thrown)}`);
    expect(thrown.message.length).toBeGreaterThan(10);
    if (mustSucceed) throw new Error(`a valid call was rejected: ${thrown.message}`);
    if (field) {
      // named by the wrapper's .field, or in the message by the field's own name or its parent's
      // ("unknown optimizer 'x'" for params.optimizer)
      const parts = field.split('.');
      const named = thrown.field !== undefined && (thrown.field === field || thrown.field.startsWith(`${field}.`));
      // or by the offending value itself ("mse is elementwise and takes no classes option")
      const byValue = typeof value === 'string' && value.length > 1 && thrown.message.includes(value);
      if (!named && !byValue && !parts.slice(-2).some((part) => thrown.message.includes(part))) {
        throw new Error(`the error does not name the broken field '${field}': ${thrown.message}`);
      }
    }
    counts.rejected++;
  } else {
    counts.ok++;
    const bad = nonFinite(result);
    if (bad) throw new Error(`non-finite number in a result (field ${field}): ${bad}`);
  }
  if (calls % 25 === 0) expect(lab.loss('mse', [2, 0, 6], [1, 2, 3]).value).toBeCloseTo(14 / 3, 12);
  return result;
}

/** One broken field (or none) out of `fields`, with a hostile value. */
function breakage(fields: readonly string[]) {
  return fc.option(fc.record({ field: fc.constantFrom(...fields, 'bogus'), value: hostile }), { freq: 5 });
}

const runs = (seed: number, numRuns: number) => ({ seed, numRuns, endOnFailure: true });

describe('fuzz of the public API', () => {
  it('lab.loss', () => {
    const infos = lab.lossInfo();
    const draw = (domain: string, r: () => number, classes: number) => {
      switch (domain) {
        case 'positive': return 0.01 + 10 * r();
        case 'nonnegative': return r() < 0.3 ? 0 : 10 * r();
        case 'probability': return r();
        case 'binary': return r() < 0.5 ? 0 : 1;
        case 'class_index': return Math.floor(r() * classes);
        default: return (r() - 0.5) * 20;
      }
    };
    fc.assert(
      fc.property(
        fc.nat(infos.length - 1), fc.nat(12), fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.constantFrom('mean', 'sum', 'none'),
        fc.boolean(), uniforms, breakage(['name', 'input', 'target', 'options', 'params', 'reduction', 'classes', 'weights', 'classWeights']),
        (index, samples, width, float, reduction, weighted, draws, broken) => {
          const info = infos[index];
          const r = cycle(draws);
          const k = info.layout === 'elementwise' ? 1 : width + (info.layout === 'rows' ? 1 : 0);
          const n = samples * k;
          const input = Array.from({ length: n }, () => draw(info.input, r, k));
          const targetLength = info.layout === 'rows' ? samples : n;
          const target = Array.from({ length: targetLength }, () => draw(info.target, r, k));
          const params: Record<string, number> = {};
          for (const p of info.params) if (p.min !== null && p.max !== null && r() < 0.5) params[p.name] = p.min + (p.max - p.min) * (0.05 + 0.9 * r());
          let args: Args = {
            name: info.name,
            input: float ? Float32Array.from(input) : r() < 0.5 ? Float64Array.from(input) : input,
            target,
            options: {
              reduction,
              params,
              ...(info.layout === 'elementwise' ? {} : { classes: k }),
              ...(weighted ? { weights: Array.from({ length: samples }, () => 0.1 + r() * 3) } : {}),
              ...(info.classWeights && weighted ? { classWeights: Array.from({ length: k }, () => 0.1 + r() * 2) } : {}),
            },
          };
          let field: string | null = null;
          if (broken) {
            field = ['name', 'input', 'target', 'options'].includes(broken.field) ? broken.field : `options.${broken.field}`;
            args = mutate(args, field, broken.value);
            if (field === 'options.params') field = 'params';
            else if (field.startsWith('options.')) field = field.slice('options.'.length);
          }
          check(() => lab.loss(args.name as string, args.input as number[], args.target as number[], args.options as never), field, !broken, undefined, broken?.value);
        },
      ),
      runs(16001, 2000),
    );
  });

  it('lab.optimize, lab.lrSchedule, lab.surfaceGrid', () => {
    const surfaces = lab.surfaces();
    const optimizers = ['sgd', 'rmsprop', 'adagrad', 'adam', 'adamw'] as const;
    const schedules = [
      { name: 'constant' }, { name: 'step', step_size: 10, gamma: 0.5 }, { name: 'exponential', gamma: 0.97 },
      { name: 'cosine', T_max: 50 }, { name: 'cosine_warm_restarts', T_0: 10, T_mult: 2 }, { name: 'one_cycle', max_lr: 0.05, total_steps: 400 },
    ];
    fc.assert(
      fc.property(
        fc.nat(surfaces.length - 1), fc.nat(optimizers.length - 1), fc.nat(schedules.length - 1), fc.nat(120), uniforms,
        breakage(['surface', 'optimizer', 'start', 'steps', 'params', 'params.lr', 'params.momentum', 'params.betas', 'schedule',
          'schedule.name', 'schedule.warmup', 'surfaceParams', 'noise', 'noise.std']),
        fc.nat(2),
        (si, oi, ci, steps, draws, broken, which) => {
          const surface = surfaces[si];
          const r = cycle(draws);
          const { xmin, xmax, ymin, ymax } = surface.view;
          const optimizer = optimizers[oi];
          const schedule = optimizer === 'adagrad' && schedules[ci].name === 'one_cycle' ? { ...schedules[ci], cycle_momentum: false } : schedules[ci];
          if (which === 0) {
            let args: Args = {
              surface: surface.name, optimizer, steps, schedule,
              start: [xmin + (xmax - xmin) * r(), ymin + (ymax - ymin) * r()],
              params: { lr: 0.001 + 0.05 * r(), ...(optimizer === 'sgd' ? { momentum: 0.9 * r() } : {}) },
              ...(r() < 0.3 ? { noise: { std: r(), seed: 3 } } : {}),
            };
            if (broken) args = mutate(args, broken.field, broken.value);
            check(() => lab.optimize(args as never), broken?.field ?? null, !broken);
          } else if (which === 1) {
            let args: Args = { ...schedule, lr: 0.1 };
            let stepsArg: unknown = steps * 3;
            // the schedule is the top level here: its own fields, or an unknown key such as 'params'
            const field = broken ? (broken.field.startsWith('schedule.') ? broken.field.slice(9) : broken.field.split('.')[0]) : null;
            if (broken?.field === 'steps') stepsArg = broken.value;
            else if (field) args = mutate(args, field, broken!.value);
            check(() => lab.lrSchedule(args as never, stepsArg as number), field, !broken);
          } else {
            let args: Args = { surface: surface.name, nx: 2 + (steps % 40), ny: 2 + ((steps * 7) % 40) };
            const field = broken ? (['surface', 'surfaceParams'].includes(broken.field) ? broken.field : (['xmin', 'nx', 'ymax', 'bogus'] as const)[steps % 4]) : null;
            if (field) args = mutate(args, field, broken!.value);
            check(() => lab.surfaceGrid(args as never), field, !broken);
          }
        },
      ),
      runs(16002, 1800),
    );
  });

  it('lab.dataset', () => {
    const names = ['linear', 'heteroscedastic', 'zero_inflated', 'imbalanced', 'moons', 'spirals', 'blobs'] as const;
    fc.assert(
      fc.property(
        fc.nat(names.length - 1), fc.integer({ min: 30, max: 400 }), fc.nat(1000), fc.integer({ min: 0, max: 5 }),
        breakage(['n', 'seed', 'validation', 'noise', 'classes', 'outliers', 'leverage_outliers', 'label_noise', 'ratio']),
        (ni, n, seed, tenths, broken) => {
          let args: Args = { n, seed, validation: tenths / 10 };
          if (broken) args = mutate(args, broken.field, broken.value);
          check(() => lab.dataset(names[ni], args as never), broken?.field ?? null, !broken);
        },
      ),
      runs(16003, 1200),
    );
  });

  it('lab.session (step, predict, predictGrid, state) and lab.train', () => {
    const setups = [
      { model: 'linear', loss: ['mse', 'huber', 'mae', 'quantile', 'log_cosh'], data: 'linear' },
      { model: 'loglink', loss: ['tweedie', 'tweedie_log'], data: 'zero_inflated' },
      { model: 'logistic', loss: ['bce_logits', 'focal', 'bce', 'hinge'], data: 'moons' },
      { model: 'softmax', loss: ['cross_entropy', 'multiclass_hinge'], data: 'blobs' },
      { model: { name: 'mlp', hidden: [6], activation: 'tanh' }, loss: ['bce_logits'], data: 'spirals' },
    ] as const;
    const datasets = new Map(setups.map((s) => [s.data, lab.dataset(s.data, { n: 60, seed: 4, validation: 0.2 })]));
    fc.assert(
      fc.property(
        fc.nat(setups.length - 1), fc.nat(9), fc.constantFrom('sgd', 'adam', 'rmsprop', 'adagrad', 'adamw'), fc.integer({ min: 1, max: 25 }),
        fc.boolean(), fc.nat(3),
        breakage(['model', 'loss', 'optimizer', 'params', 'params.lr', 'schedule', 'batchSize', 'epochs', 'seed', 'penalty', 'penalty.l2',
          'earlyStopping', 'data', 'data.x', 'data.y', 'data.features', 'data.classes', 'lossParams', 'steps']),
        hostile,
        (si, li, optimizer, epochs, raw, action, broken, other) => {
          const setup = setups[si];
          const d = datasets.get(setup.data)!;
          const data = raw ? { x: Array.from(d.x), y: d.y, features: d.features, classes: d.classes || undefined, xVal: d.xVal, yVal: d.yVal } : d;
          let args: Args = {
            model: setup.model, loss: setup.loss[li % setup.loss.length], optimizer, epochs, data,
            params: { lr: 0.01 }, batchSize: epochs % 3 === 0 ? 16 : 0, seed: epochs,
          };
          if (broken && broken.field !== 'steps') args = mutate(args, broken.field, broken.value);
          if (action === 0 || broken?.field === 'steps') {
            if (broken?.field === 'steps') args.steps = broken.value;
            check(() => lab.train(args as never), broken?.field ?? null, !broken);
            return;
          }
          const one = () => 1;
          const session = check(() => lab.session(args as never), broken?.field ?? null, !broken, (s) => (s ? 1 : 0)) as Session | undefined;
          if (!session) return;
          try {
            // valid calls on the live session, then one hostile argument
            check(() => session.step(5), null, true, one);
            const features = d.features;
            check(() => session.predict(d.x.slice(0, 3 * features)), null, true, one);
            if (features === 2) check(() => session.predictGrid({ xmin: -2, xmax: 2, ymin: -1, ymax: 1, nx: 4, ny: 3 }), null, true, one);
            check(() => session.state(), null, true, one);
            if (action === 1) check(() => session.step(other as number), 'k', false, one);
            else if (action === 2) check(() => session.predict(other as number[]), 'x', false, one);
            else if (features === 2) check(() => session.predictGrid(mutate({ xmin: -1, xmax: 1, ymin: -1, ymax: 1 }, 'xmax', other) as never), 'xmax', false, one);
          } finally {
            session.free();
          }
          check(() => session!.params(), null);
        },
      ),
      runs(16004, 1000),
    );
  });

  it('lab.metrics', () => {
    const kinds = ['regression', 'binary', 'multiclass', 'roc', 'pr', 'calibration', 'coverage'] as const;
    fc.assert(
      fc.property(fc.nat(kinds.length - 1), fc.integer({ min: 2, max: 40 }), uniforms, fc.nat(4), breakage(['a', 'b', 'option']), (ki, n, draws, pick, broken) => {
        const kind = kinds[ki];
        const r = cycle(draws);
        // labels hold both classes, so ROC and PR are defined on every valid call
        const labels = Array.from({ length: n }, (_, i) => (i < 2 ? i : r() < 0.5 ? 1 : 0));
        const reals = () => Array.from({ length: n }, () => (r() - 0.5) * 100);
        const probabilities = () => Array.from({ length: n }, () => r());
        const names: Record<string, [string, string, string]> = {
          regression: ['prediction', 'target', 'bogus'], binary: ['score', 'label', 'threshold'], multiclass: ['predicted', 'label', 'classes'],
          roc: ['score', 'label', 'bogus'], pr: ['score', 'label', 'bogus'], calibration: ['probability', 'label', 'bins'], coverage: ['prediction', 'target', 'tau'],
        };
        const [aName, bName, optionName] = names[kind];
        let a: unknown = kind === 'regression' || kind === 'coverage' ? reals() : kind === 'multiclass' ? labels.map((l) => (l + pick) % 3) : probabilities();
        let b: unknown = kind === 'regression' || kind === 'coverage' ? reals() : kind === 'multiclass' ? labels.map((l) => (l * 2) % 3) : labels;
        let option: unknown = { binary: { threshold: r() }, calibration: { bins: 1 + pick }, multiclass: 3, coverage: 0.05 + 0.9 * r() }[kind as string];
        let field: string | null = null;
        if (broken?.field === 'a') (a = broken.value), (field = aName);
        else if (broken?.field === 'b') (b = broken.value), (field = bName);
        else if (broken) {
          field = broken.field === 'bogus' ? 'bogus' : optionName;
          if (kind === 'multiclass' || kind === 'coverage') option = field === 'bogus' ? option : broken.value;
          else option = { ...(option as Args), [field]: broken.value };
          if (field === 'bogus' && (kind === 'multiclass' || kind === 'coverage')) field = null;
        }
        const m = lab.metrics;
        const call = () => {
          switch (kind) {
            case 'regression': return m.regression(a as number[], b as number[]);
            case 'binary': return m.binary(a as number[], b as number[], option as never);
            case 'multiclass': return m.multiclass(a as number[], b as number[], option as number);
            case 'roc': return m.roc(a as number[], b as number[]);
            case 'pr': return m.pr(a as number[], b as number[]);
            case 'calibration': return m.calibration(a as number[], b as number[], option as never);
            case 'coverage': return m.coverage(a as number[], b as number[], option as number);
          }
        };
        check(call, field, !broken);
      }),
      runs(16005, 1500),
    );
  });

  it('arguments of every kind in every position', () => {
    // No structure at all: each entry point with hostile values for all of its arguments.
    const entry: Array<(a: unknown, b: unknown, c: unknown, d: unknown) => unknown> = [
      (a, b, c, d) => lab.loss(a as string, b as number[], c as number[], d as never),
      (a) => lab.optimize(a as never),
      (a, b) => lab.lrSchedule(a as never, b as number),
      (a) => lab.surfaceGrid(a as never),
      (a, b) => lab.dataset(a as never, b as never),
      (a) => lab.train(a as never),
      (a, b) => lab.metrics.regression(a as number[], b as number[]),
      (a, b, c) => lab.metrics.binary(a as number[], b as number[], c as never),
      (a, b, c) => lab.metrics.multiclass(a as number[], b as number[], c as number),
      (a, b, c) => lab.metrics.calibration(a as number[], b as number[], c as never),
      (a, b, c) => lab.metrics.coverage(a as number[], b as number[], c as number),
      (a, b) => lab.metrics.conformal(a as number[], b as number),
      (a, b) => lab.metrics.residualScores(a as number[], b as number[]),
      (a, b, c) => lab.metrics.cqrScores(a as number[], b as number[], c as number[]),
      (a, b, c, d) => lab.metrics.interval(a as number[], b as number[], c as number[], d as number),
    ];
    fc.assert(
      fc.property(fc.nat(entry.length - 1), hostile, hostile, hostile, hostile, (i, a, b, c, d) => {
        check(() => entry[i](a, b, c, d), null);
      }),
      runs(16006, 1500),
    );
  });
});
