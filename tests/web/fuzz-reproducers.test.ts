// The reproducers of issue 16 ("Hostile input"), one test each: every call must either return
// finite, correct numbers or throw a LossLabError naming the problem, and leave the module
// usable with its heap back at the baseline.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, LossLabError, type LossLab } from 'loss-lab';

let lab: LossLab;
let baseline = 0;

/** A call every test ends with: mse of residuals 1, -2, 3 is 14/3 (hand-derived). */
function stillWorks(): void {
  expect(lab.loss('mse', [2, 0, 6], [1, 2, 3]).value).toBeCloseTo(14 / 3, 12);
  expect(lab.lossInfo().length).toBe(18);
}

beforeAll(async () => {
  lab = await createLossLab();
  stillWorks();
  baseline = lab.memory().heapInUse;
});

afterEach(() => {
  stillWorks();
  expect(lab.memory().sessions).toBe(0);
  expect(lab.memory().heapInUse).toBe(baseline);
});

/** The call throws a LossLabError whose message matches. */
function rejects(call: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    call();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(LossLabError);
  expect((thrown as Error).message).toMatch(message);
}

const tiny = { x: [0, 1, 2, 3], y: [1, 3, 5, 7] };
const linearSession = { model: 'linear' as const, loss: 'mse', optimizer: 'sgd' as const, params: { lr: 0.05 }, data: tiny };

describe('memory safety', () => {
  it('rejects leverage_outliers beyond n before generating anything', () => {
    rejects(() => lab.dataset('linear', { n: 3, leverage_outliers: 1e5 }), /leverage_outliers = 100000 is outside \[0, 3\]/);
  });

  it('rejects outliers + leverage_outliers > n before generating anything', () => {
    rejects(() => lab.dataset('linear', { n: 10, outliers: 6, leverage_outliers: 6 }), /outliers \+ leverage_outliers = 12 is more than n = 10/);
    // the generator still works and plants exactly the outliers asked for
    const d = lab.dataset('linear', { n: 10, outliers: 4, leverage_outliers: 6 });
    expect([...d.outlier].reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('rejects blobs with 0 classes instead of dividing by zero', () => {
    rejects(() => lab.dataset('blobs', { classes: 0 }), /classes = 0 is outside \[2, 20\]/);
  });

  it('checks the class count inferred from the labels before sizing the model', () => {
    rejects(
      () => lab.session({ model: 'softmax', loss: 'cross_entropy', optimizer: 'sgd', data: { x: [1, 2], y: [0, 1e9] } }),
      /label 1e\+09.*limit is 1000 classes/,
    );
  });

  it('never reads a user object as a heap reference', () => {
    const spoof = { $f64in: [16, 64] } as unknown as number[];
    rejects(() => lab.train({ ...linearSession, data: { x: spoof, y: [1, 2] } }), /'data\.x\.\$f64in' is not an option name/);
    rejects(() => lab.dataset('linear', { n: { $f64in: [16, 64] } } as never), /'n\.\$f64in' is not an option name/);
    rejects(() => lab.optimize({ surface: 'quadratic', optimizer: 'sgd', start: [1, 1], steps: 3, params: { $f64in: [0, 2] } as never }), /is not an option name/);
  });

  it('keeps the scratch buffer correct after a failed allocation', () => {
    // 2^25 doubles per array: beyond the elements-per-call limit, so nothing is allocated
    const big = new Float64Array(1 << 25);
    rejects(() => lab.loss('mse', big, big), /too large: input brings this call to 33554432 elements; the limit is 16777216/);
    const half = new Float64Array(1 << 23);
    rejects(() => lab.loss('mse', half, half, { weights: half }), /too large: weights brings this call to 25165824 elements/);
    stillWorks();
  });

  it('gives a large call its memory back', () => {
    const n = 1 << 22;
    const r = lab.loss('mse', new Float64Array(n).fill(1), new Float64Array(n));
    expect(r.value).toBe(1);
  });

  it('reads options once, before the heap is touched, so a toJSON or getter calling the lab cannot corrupt a call', () => {
    const data = {
      x: [0, 1, 2, 3],
      y: [1, 3, 5, 7],
      toJSON() {
        lab.loss('mse', new Float64Array(4096).fill(9), new Float64Array(4096));
        return { x: [5], y: [5] };
      },
    };
    rejects(() => lab.train({ ...linearSession, data }), /data: unknown option 'toJSON'/);
    let calls = 0;
    const getterData = {
      get x() {
        calls++;
        lab.loss('mse', new Float64Array(4096).fill(9), new Float64Array(4096));
        return [0, 1, 2, 3];
      },
      y: [1, 3, 5, 7],
    };
    const r = lab.train({ ...linearSession, data: getterData, epochs: 2000 });
    expect(calls).toBeGreaterThan(0);
    // y = 2x + 1 exactly: gradient descent on it reaches slope 2 and intercept 1
    expect(r.coef![0]).toBeCloseTo(2, 6);
    expect(r.intercept).toBeCloseTo(1, 6);
  });
});

describe('no bare throws, no hangs', () => {
  it.each([-1, NaN, null, Infinity, 1e9, true, '5'])('dataset moons with n = %s is a LossLabError naming n', (n) => {
    rejects(() => lab.dataset('moons', { n } as never), /\bn\b/);
  });

  it('rejects n = 1e8 at once', () => {
    const t0 = performance.now();
    rejects(() => lab.dataset('linear', { n: 1e8 }), /n = 1e\+08 is outside \[1, 200000\]/);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('refuses a training run beyond the total-steps limit before running it', () => {
    const t0 = performance.now();
    const data = lab.dataset('linear', { n: 200 });
    rejects(() => lab.train({ ...linearSession, data, epochs: 1e6, batchSize: 1 }), /epochs × steps per epoch = 1e\+06 × 200 = 2e\+08 training steps; the limit is 1000000/);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('refuses session.step(1e7) on a 64×64 MLP instead of freezing', () => {
    const data = lab.dataset('spirals', { n: 300 });
    const s = lab.session({ model: { name: 'mlp', hidden: [64, 64] }, loss: 'bce_logits', optimizer: 'adam', data, epochs: 1000 });
    try {
      rejects(() => s.step(1e7), /k must be a whole number in \[0, 1000000\]/);
      // 2·64+64 + 64·64+64 + 64+1 = 4417 parameters; a full-batch step on 300 points costs
      // (300 + 300) × (4417 + 20) = 2,662,200 work units, so 1000 steps (all epochs) are 2.6622e9
      expect(s.parameterCount).toBe(4417);
      rejects(() => s.step(1e6), /step: k: 1000 steps of this session are 2\.6622e\+09 work units; the limit per call is 3e\+08 \(at most 112 steps per call/);
      expect(s.step(3).trainLoss.length).toBe(3);
    } finally {
      s.free();
    }
  });

  it('refuses one_cycle over an overflowing number of steps', () => {
    const data = lab.dataset('linear', { n: 200 });
    rejects(
      () => lab.session({ ...linearSession, data, batchSize: 1, epochs: 4295 * 1e6, schedule: { name: 'one_cycle', max_lr: 0.1 } }),
      /epochs must be a whole number in \[1, 1000000\]/,
    );
    const rows = { x: Array.from({ length: 1000 }, (_, i) => i / 1000), y: Array.from({ length: 1000 }, (_, i) => i / 500) };
    rejects(
      () => lab.session({ ...linearSession, data: rows, batchSize: 1, epochs: 4295, schedule: { name: 'one_cycle', max_lr: 0.1 } }),
      /epochs × steps per epoch = 4295 × 1000 = 4\.295e\+06 training steps; the limit is 1000000/,
    );
  });
});

describe('nothing is silently accepted', () => {
  it.each([['param'], ['weight'], ['reductions'], ['classWeight']])('loss options: unknown key %s', (key) => {
    rejects(() => lab.loss('huber', [0], [3], { [key]: { delta: 0.5 } } as never), new RegExp(`unknown option '${key}'; known: params, classes, reduction, weights, classWeights`));
  });

  it('train: epoch (for epochs)', () => {
    rejects(() => lab.train({ ...linearSession, epoch: 5 } as never), /session: unknown option 'epoch'; known: model, loss/);
  });

  it('metrics.binary: thresold (for threshold)', () => {
    rejects(() => lab.metrics.binary([0.2, 0.9], [0, 1], { thresold: 0.9 } as never), /unknown option 'thresold'; known: threshold/);
  });

  it('wrong types are errors, not defaults', () => {
    rejects(() => lab.metrics.coverage([1, 2], [1, 2], '0.9' as never), /tau must be a number, got '0.9'/);
    rejects(() => lab.metrics.binary([0.2, 0.9], [0, 1], { threshold: NaN }), /threshold must be a finite number, got NaN/);
    rejects(() => lab.metrics.calibration([0.2, 0.9], [0, 1], { bins: 2.5 }), /bins = 2.5 must be a whole number/);
    rejects(() => lab.session({ ...linearSession, schedule: 'cosine' as never }), /schedule must be an object/);
    rejects(() => lab.dataset('moons', { n: true } as never), /n must be a number, got true/);
  });

  it('predict(undefined), a mismatched predictGrid and an inverted box are errors', () => {
    const data = lab.dataset('moons', { n: 40 });
    const s = lab.session({ model: 'logistic', loss: 'bce_logits', optimizer: 'sgd', data });
    try {
      rejects(() => s.predict(undefined as never), /predict needs x/);
      rejects(() => s.predictGrid({ x: [1, 2] } as never), /predictGrid: unknown option 'x'/);
      rejects(() => s.predictGrid({ xmin: 1, xmax: -1, ymin: -1, ymax: 1 }), /xmin < xmax/);
      const g = s.predictGrid({ xmin: -1, xmax: 1, ymin: -1, ymax: 1, nx: 3, ny: 4 });
      expect([g.nx, g.ny, g.values.length]).toEqual([3, 4, 12]);
    } finally {
      s.free();
    }
  });
});

describe('never NaN or Infinity', () => {
  it.each(['mae', 'mse', 'huber', 'smooth_l1', 'log_cosh', 'quantile'])('%s at ±1e308 is an error, not Infinity', (name) => {
    rejects(() => lab.loss(name, [1e308], [-1e308]), /beyond the double range/);
  });

  it('mse at 1e200 and on the float path at 3.4e38 is an error', () => {
    rejects(() => lab.loss('mse', [1e200], [0]), /beyond the double range/);
    rejects(() => lab.loss('mse', new Float32Array([3.4e38]), new Float32Array([-3.4e38])), /beyond the float range/);
  });

  it('weights and class weights of 1e308', () => {
    rejects(() => lab.loss('mse', [1, 2], [0, 0], { weights: [1e308, 1e308] }), /weights sum to more than the double range/);
    rejects(() => lab.loss('cross_entropy', [0, 1, 1, 0], [0, 1], { classes: 2, classWeights: [1e308, 1e308] }), /classWeights sum/);
    // one huge weight is fine: the weighted mean of losses 1 and 4 is dominated by the first
    expect(lab.loss('mse', [1, 2], [0, 0], { weights: [1e308, 1] }).value).toBeCloseTo(1, 12);
  });

  it('tweedie at μ = 1e-300 is an error, not a −Infinity gradient', () => {
    rejects(() => lab.loss('tweedie', [1e-300], [1]), /tweedie: the loss or its gradient at input\[0\] = 1e-300 is beyond the double range/);
  });

  it('an exponential schedule that overflows is an error', () => {
    rejects(() => lab.lrSchedule({ name: 'exponential', gamma: 2, lr: 0.1 }, 2000), /overflows the double range at step 1024/);
    // 2^1023 is the last finite power of two: the first 1024 steps are returned exactly
    const lr = lab.lrSchedule({ name: 'exponential', gamma: 2, lr: 0.1 }, 1024);
    expect(lr[1023]).toBe(0.1 * 2 ** 1023);
  });

  it('metrics.regression with 1e200 gives finite metrics', () => {
    const m = lab.metrics.regression([1e200, 0], [0, 0]);
    // residuals 1e200 and 0: mae 5e199, rmse 1e200/√2, r2 0 (constant target, nonzero error)
    expect(m.mae / 5e199).toBeCloseTo(1, 14);
    expect(m.rmse / (1e200 / Math.SQRT2)).toBeCloseTo(1, 14);
    expect(m.r2).toBe(0);
  });
});

describe('clear errors', () => {
  it('BigInt arrays name the field', () => {
    const big = new BigInt64Array(4);
    rejects(() => lab.metrics.regression(big as never, [1, 2, 3, 4]), /prediction must be an array of numbers, got a BigInt64Array/);
    rejects(() => lab.train({ ...linearSession, data: { x: big as never, y: [1, 2, 3, 4] } }), /data\.x must be an array of numbers, got a BigInt64Array/);
    const s = lab.session(linearSession);
    try {
      rejects(() => s.predict(big as never), /x must be an array of numbers, got a BigInt64Array/);
    } finally {
      s.free();
    }
  });

  it('null options', () => {
    rejects(() => lab.train(null as never), /train options must be an object, got null/);
    rejects(() => lab.metrics.multiclass(null as never, [0, 1], 2), /predicted must be an array or a typed array of numbers, got null/);
  });

  it('steps: -1 names steps', () => {
    rejects(() => lab.train({ ...linearSession, steps: -1 }), /steps must be a whole number in \[0, 1000000\], got -1/);
  });

  it('a string start point names start', () => {
    rejects(() => lab.optimize({ surface: 'quadratic', optimizer: 'sgd', start: '1,2' as never, steps: 3 }), /start must be \[x, y\]/);
    rejects(() => lab.optimize({ surface: 'quadratic', optimizer: 'sgd', start: ['1', 2] as never, steps: 3 }), /start\[0\] must be a finite number/);
  });

  it('a huge input with a 1-element target reports the length mismatch', () => {
    const input = new Float32Array(1.5e8);
    rejects(() => lab.loss('mse', input, new Float32Array(1)), /input and target lengths differ: target has 1 values, expected 150000000/);
    rejects(() => lab.metrics.regression(input, [1]), /metrics\.regression: prediction and target lengths differ: 150000000 vs 1/);
    rejects(() => lab.session({ ...linearSession, data: { x: input, y: [1, 2] } }), /data: x has 150000000 values, expected y\.length × features = 2/);
  });
});
