// The regularisation lesson under Node, as the page computes it: elastic-net paths against an
// independent recomputation (optimality conditions, the ridge normal equations solved here, the
// soft-threshold on an orthonormal design), the constrained 2-weight optima, early stopping that
// restores the best weights, hostile input, and every number text.md states at the defaults.
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, inProcess, LossLabError, type AsyncLossLab, type LossLab } from 'loss-lab';
import { shrinkage } from '../../web/lessons/regularisation/figures/adamw';
import { argmin, FEATURES, LAMBDAS, MLP, norm, pairedDifference, penalisedPath, regressionData, trainMlp, waveData } from '../../web/lessons/regularisation/model';
import { questions } from '../../web/lessons/regularisation/questions';
import type { LessonState } from '../../web/lessons/regularisation/params';

let lab: LossLab;
let engine: AsyncLossLab;
beforeAll(async () => {
  lab = await createLossLab();
  engine = await inProcess(lab);
}, 60_000);

const defaults: LessonState = { w1: 2, w2: 0.6, rho: 0.5, budget: 1, alpha: 0.5, lambda: 0.2, penalty: 'lasso', seed: 3, patience: 20, mindelta: 0, l2: 0.01, decay: 0.1 };

/** Centred Gram matrix G = XcᵀXc/n and correlations c = Xcᵀyc/n, computed here. */
function gram(x: ArrayLike<number>, y: ArrayLike<number>, p: number) {
  const n = y.length;
  const mean = new Array(p).fill(0);
  let ym = 0;
  for (let i = 0; i < n; i++) {
    ym += y[i] / n;
    for (let j = 0; j < p; j++) mean[j] += x[i * p + j] / n;
  }
  const G = Array.from({ length: p }, () => new Array(p).fill(0));
  const c = new Array(p).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) {
      const xj = x[i * p + j] - mean[j];
      c[j] += (xj * (y[i] - ym)) / n;
      for (let k = 0; k < p; k++) G[j][k] += (xj * (x[i * p + k] - mean[k])) / n;
    }
  return { G, c };
}

/** Solves A w = b by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r][col]) > Math.abs(M[pivot][col])) pivot = r;
    [M[col], M[pivot]] = [M[pivot], M[col]];
    for (let r = col + 1; r < n; r++) {
      const f = M[r][col] / M[col][col];
      for (let k = col; k <= n; k++) M[r][k] -= f * M[col][k];
    }
  }
  const w = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * w[k];
    w[r] = s / M[r][r];
  }
  return w;
}

describe('lab.elasticNetPath', () => {
  it('gives the soft-threshold of Xᵀy/n on an orthonormal design, with exact zeros', () => {
    // centred columns orthonormal under 1/n; y = 2x₀ + x₁ + 5, so c = (2, 1)
    const x = [1, 1, 1, -1, -1, 1, -1, -1], y = [8, 6, 4, 2];
    const r = lab.elasticNetPath({ x, y, features: 2, lambdas: [3, 1.5, 0.5], l1Ratio: 1 });
    expect([...r.coef]).toEqual([0, 0, expect.closeTo(0.5, 12), 0, expect.closeTo(1.5, 12), expect.closeTo(0.5, 12)]);
    expect(Object.is(r.coef[3], 0)).toBe(true); // +0, not −0
    expect([...r.intercept]).toEqual([5, expect.closeTo(4.5 * 0 + 5, 12), expect.closeTo(5, 12)]);
    expect(r.lambdaMax).toBeCloseTo(2, 14);
    expect([...r.nonzero]).toEqual([0, 1, 2]);
  });

  it('ridge equals the normal equations (G + λI)w = c solved independently', async () => {
    const d = await regressionData(engine, 3);
    const { G, c } = gram(d.x, d.y, FEATURES);
    for (const lambda of [0.05, 0.5, 5]) {
      const w = solve(G.map((row, j) => row.map((v, k) => v + (j === k ? lambda : 0))), c);
      const r = lab.elasticNetPath({ x: d.x, y: d.y, features: FEATURES, lambdas: [lambda], l1Ratio: 0 });
      for (let j = 0; j < FEATURES; j++) expect(r.coef[j]).toBeCloseTo(w[j], 7); // CD stops at tol 1e-10 per sweep
    }
  });

  it('trainMse, valMse and valSe agree with the residuals recomputed from coef and intercept', async () => {
    const d = await regressionData(engine, 3);
    const { chosen } = await penalisedPath(engine, d, 1, 0.2);
    const squared = (x: Float64Array, y: Float64Array) => Array.from(y, (yi, i) => {
      let pred = chosen.intercept[0];
      for (let j = 0; j < FEATURES; j++) pred += x[i * FEATURES + j] * chosen.coef[j];
      return (yi - pred) ** 2;
    });
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const val = squared(d.xVal, d.yVal), m = mean(val);
    expect(chosen.trainMse[0]).toBeCloseTo(mean(squared(d.x, d.y)), 12);
    expect(chosen.valMse[0]).toBeCloseTo(m, 12);
    expect(chosen.valSe[0]).toBeCloseTo(Math.sqrt(val.reduce((a, v) => a + (v - m) ** 2, 0) / (val.length - 1) / val.length), 12);
  });

  it('every lasso and elastic-net solution on the path meets the optimality conditions, recomputed here', async () => {
    const d = await regressionData(engine, 3);
    const { G, c } = gram(d.x, d.y, FEATURES);
    for (const alpha of [1, 0.5]) {
      const { path } = await penalisedPath(engine, d, alpha, 0.2);
      expect(path.converged).toBe(true);
      path.lambdas.forEach((lambda, l) => {
        const w = Array.from(path.coef.subarray(l * FEATURES, (l + 1) * FEATURES));
        for (let j = 0; j < FEATURES; j++) {
          const z = c[j] - G[j].reduce((s, g, k) => s + g * w[k], 0) - (1 - alpha) * lambda * w[j];
          if (w[j] !== 0) expect(z).toBeCloseTo(alpha * lambda * Math.sign(w[j]), 7);
          else expect(Math.abs(z)).toBeLessThanOrEqual(alpha * lambda + 1e-9);
        }
      });
      // the training MSE never falls as λ grows (the path runs from large λ to small)
      for (let i = 1; i < path.trainMse.length; i++) expect(path.trainMse[i]).toBeLessThanOrEqual(path.trainMse[i - 1] + 1e-12);
    }
  });

  it('refuses bad input with a LossLabError naming the field, and stays usable', () => {
    const ok = { x: [1, 2, 3, 4], y: [1, 2, 3, 5], lambdas: [0.1] };
    const cases: Array<[unknown, RegExp]> = [
      [{ ...ok, x: [1, 2, 3] }, /x has 3 values/],
      [{ ...ok, lambdas: [0.1, 0] }, /λ must be > 0/],
      [{ ...ok, lambdas: [] }, /lambdas/],
      [{ ...ok, l1Ratio: 2 }, /l1Ratio/],
      [{ ...ok, x: [1, NaN, 3, 4] }, /x/],
      [{ ...ok, xVal: [1, 2] }, /xVal and yVal/],
      [{ ...ok, alpha: 1 }, /unknown option 'alpha'/],
      [{ x: [1, 2], y: [1, 2] }, /needs lambdas/],
      [undefined, /needs options/],
    ];
    for (const [options, message] of cases) {
      expect(() => lab.elasticNetPath(options as never)).toThrow(LossLabError);
      expect(() => lab.elasticNetPath(options as never)).toThrow(message);
    }
    expect(() => lab.regularisationGeometry({ rho: 1.5, optimum: [1, 1], budget: 1 })).toThrow(/rho/);
    expect(() => lab.regularisationGeometry({ rho: 0, optimum: [1], budget: 1 } as never)).toThrow(/optimum/);
    expect(() => lab.regularisationGeometry({ rho: 0, optimum: [1, 1], budget: 0 })).toThrow(/budget/);
    expect(lab.elasticNetPath(ok).coef.length).toBe(1);
  });
});

describe('lab.regularisationGeometry', () => {
  it('puts the L1 optimum on the diamond, the L2 optimum on the disc, and both on the lowest contour they touch', () => {
    const g = lab.regularisationGeometry({ rho: 0.5, optimum: [2, 0.6], budget: 1, l1Ratio: 0.5 });
    expect([...g.l1.w]).toEqual([expect.closeTo(1, 9), 0]);
    expect(Math.hypot(g.l2.w[0], g.l2.w[1])).toBeCloseTo(1, 9);
    // on the disc the optimum is where the loss gradient G(w − w*) is parallel to w: cross product 0
    const grad = (w: ArrayLike<number>) => [w[0] - 2 + 0.5 * (w[1] - 0.6), 0.5 * (w[0] - 2) + w[1] - 0.6];
    const gl2 = grad(g.l2.w);
    expect(gl2[0] * g.l2.w[1] - gl2[1] * g.l2.w[0]).toBeCloseTo(0, 8);
    // the elastic-net optimum sits on its region's edge: ½|w|₁ + ¼‖w‖² = ½ + ¼
    const w = g.elasticNet.w;
    expect(0.5 * (Math.abs(w[0]) + Math.abs(w[1])) + 0.25 * (w[0] ** 2 + w[1] ** 2)).toBeCloseTo(0.75, 9);
    // the grid holds ½(w − w*)ᵀG(w − w*) at its corners
    const at = (x: number, y: number) => 0.5 * ((x - 2) ** 2 + (y - 0.6) ** 2) + 0.5 * (x - 2) * (y - 0.6);
    expect(g.values[0]).toBeCloseTo(at(g.xmin, g.ymin), 12);
    expect(g.values[g.nx * g.ny - 1]).toBeCloseTo(at(g.xmax, g.ymax), 12);
    // inside the region the optimum is w* itself
    const inside = lab.regularisationGeometry({ rho: 0, optimum: [0.2, 0.1], budget: 1 });
    expect(inside.l1.active).toBe(false);
    expect([...inside.l1.w]).toEqual([0.2, 0.1]);
  });
});

describe('early stopping restores the best weights', () => {
  it('the restored model scores exactly the best validation loss, by the mse loss recomputed here', async () => {
    const data = await waveData(engine);
    const session = lab.session({
      model: { name: 'mlp', hidden: [32], activation: 'tanh' }, loss: 'mse', optimizer: 'adam', params: { lr: 0.02 }, epochs: 600, seed: 1,
      earlyStopping: { patience: 20, restore_best: true }, data: { x: data.x, y: data.y, xVal: data.xVal, yVal: data.yVal },
    });
    const r = session.step(600);
    expect(r.stopped).toBe('early_stopping');
    expect(r.restored).toBe(true);
    expect(r.epoch).toBe(r.bestEpoch + 20);
    const { value } = lab.loss('mse', session.predict(data.xVal), data.yVal);
    expect(value).toBeCloseTo(r.bestValLoss, 12);
    expect(r.valLoss[r.valLoss.length - 1]).toBeGreaterThan(r.bestValLoss);
    // restore_best needs validation data
    session.free();
    expect(() => lab.session({ model: 'linear', loss: 'mse', optimizer: 'sgd', earlyStopping: { patience: 0, restore_best: true }, data: { x: [1, 2], y: [1, 2] } })).toThrow(/validation data/);
  });
});

describe('what text.md says at the defaults', () => {
  it('paths and errors: three lasso zeros (x1 among them) and no ridge zero at λ = 0.2; validation minimum near 0.25', async () => {
    const d = await regressionData(engine, defaults.seed);
    expect(d.y.length).toBe(30);
    expect(d.yVal.length).toBe(120);
    const lasso = await penalisedPath(engine, d, 1, 0.2);
    const enet = await penalisedPath(engine, d, 0.5, 0.2);
    const ridge = await penalisedPath(engine, d, 0, 0.2);
    expect(lasso.chosen.nonzero[0]).toBe(7);
    expect(lasso.chosen.coef[1]).toBe(0);
    expect(lasso.chosen.coef[0]).toBeCloseTo(3.6, 1);
    expect(lasso.chosen.coef[8]).toBeCloseTo(0.7, 1);
    expect(ridge.chosen.nonzero[0]).toBe(10);
    expect(ridge.chosen.coef[0]).toBeCloseTo(2.1, 1);
    expect(ridge.chosen.coef[1]).toBeCloseTo(1.4, 1);
    expect(enet.chosen.nonzero[0]).toBeGreaterThan(7);
    expect(enet.chosen.coef[0] - enet.chosen.coef[1]).toBeLessThan(lasso.chosen.coef[0] - lasso.chosen.coef[1]);
    const best = argmin(lasso.path.valMse);
    expect(LAMBDAS[best]).toBeCloseTo(0.25, 2);
    expect(lasso.path.valMse[best]).toBeCloseTo(4.9, 1);
    expect(lasso.path.valMse[60]).toBeCloseTo(6.0, 1);
    expect(lasso.path.trainMse[60]).toBeCloseTo(2.0, 1);
    expect(lasso.path.nonzero[0]).toBe(0); // λ = 10: every coefficient zero
  });

  it('geometry: L1 at (1, 0), L2 about (0.87, 0.49), elastic net about (0.84, 0.27)', () => {
    const g = lab.regularisationGeometry({ rho: 0.5, optimum: [2, 0.6], budget: 1, l1Ratio: 0.5 });
    expect(g.l1.w[1]).toBe(0);
    expect(g.l2.w[0]).toBeCloseTo(0.87, 2);
    expect(g.l2.w[1]).toBeCloseTo(0.49, 2);
    expect(g.elasticNet.w[0]).toBeCloseTo(0.84, 2);
    expect(g.elasticNet.w[1]).toBeCloseTo(0.27, 2);
  });

  it('the lasso beats λ = 0.001 by 1.05 (95% interval 0.15 to 1.95), ridge by 0.70 (interval contains 0), as sklearn recomputes: paired on the validation rows', async () => {
    const d = await regressionData(engine, 3);
    for (const [ratio, mean, lo, hi] of [[1, 1.049, 0.147, 1.951], [0, 0.699, -0.078, 1.476]] as const) {
      const { path } = await penalisedPath(engine, d, ratio, 0.2);
      const best = argmin(path.valMse), last = path.lambdas.length - 1;
      const g = pairedDifference(path, d, best, last);
      // the mean of the paired differences is the difference of the two validation MSEs
      expect(g.mean).toBeCloseTo(path.valMse[last] - path.valMse[best], 10);
      expect(g.mean).toBeCloseTo(mean, 2);
      expect(g.mean - 1.96 * g.se).toBeCloseTo(lo, 1);
      expect(g.mean + 1.96 * g.se).toBeCloseTo(hi, 1);
      // paired: tighter than the two standard errors combined
      expect(g.se).toBeLessThan(Math.hypot(path.valSe[best], path.valSe[last]));
    }
  });

  it('hands back the same λ-grid path while only λ changes, and a new one for a new mix', async () => {
    const d = await regressionData(engine, 3);
    expect(await regressionData(engine, 3)).toBe(d);
    const a = await penalisedPath(engine, d, 1, 0.2), b = await penalisedPath(engine, d, 1, 0.5), c = await penalisedPath(engine, d, 0.5, 0.2);
    expect(b.path).toBe(a.path);
    expect(b.chosen.lambdas[0]).toBe(0.5);
    expect(c.path).not.toBe(a.path);
  });

  it('the network starts from weights of norm about 4.5 (text: early stopping keeps them near the start, not near 0)', async () => {
    const data = await waveData(engine);
    const session = await engine.session({ model: MLP, loss: 'mse', optimizer: 'adam', params: { lr: 0.02 }, epochs: 600, seed: 1, data: { x: data.x, y: data.y, xVal: data.xVal, yVal: data.yVal } });
    try {
      expect(norm(await session.params())).toBeCloseTo(4.5, 1);
    } finally {
      await session.free();
    }
  });

  it('early stopping: best epoch 58, stop at 78, restored 0.208 against 0.284 after 600 epochs; norms 5.0, 4.2, 11.7', async () => {
    const data = await waveData(engine);
    const [full, early, l2] = await Promise.all([trainMlp(engine, data, {}), trainMlp(engine, data, { patience: 20 }), trainMlp(engine, data, { l2: 0.01 })]);
    expect(early.bestEpoch).toBe(58);
    expect(early.stoppedEpoch).toBe(78);
    expect(early.valMse).toBeCloseTo(early.bestValLoss, 12);
    expect(early.valMse).toBeCloseTo(0.208, 3);
    expect(full.valMse).toBeCloseTo(0.284, 3);
    expect(argmin(full.valLoss) + 1).toBe(58);
    expect(norm(early.params)).toBeCloseTo(5.0, 1);
    expect(norm(l2.params)).toBeCloseTo(4.2, 1);
    expect(norm(full.params)).toBeCloseTo(11.7, 1);
  });

  it('Adam + L2 against AdamW at λ = 0.1: median shrinkage 0.08 against 0.001, norms 1.3 against 7.6, validation 0.25 and 0.26', async () => {
    const data = await waveData(engine);
    const [adam, adamw] = await Promise.all([
      trainMlp(engine, data, { optimizer: 'adam', weightDecay: 0.1 }),
      trainMlp(engine, data, { optimizer: 'adamw', weightDecay: 0.1 }),
    ]);
    const s = shrinkage(adam, false, 0.1).map((p) => p[1]).sort((a, b) => a - b);
    expect(s[s.length >> 1]).toBeCloseTo(0.08, 2);
    expect(s[0]).toBeGreaterThan(10 * 0.01 * 0.1); // even the least-shrunk is well above AdamW's lr·λ
    expect(Math.max(...(adam.second ?? []).map(Math.sqrt))).toBeLessThan(1);
    expect(new Set(shrinkage(adamw, true, 0.1).map((p) => p[1]))).toEqual(new Set([0.01 * 0.1]));
    expect(norm(adam.params)).toBeCloseTo(1.3, 1);
    expect(norm(adamw.params)).toBeCloseTo(7.6, 1);
    expect(adam.valMse).toBeCloseTo(0.25, 2);
    expect(adamw.valMse).toBeCloseTo(0.26, 2);
  });

  it('the questions, judged by the core', async () => {
    const answers = Object.fromEntries(await Promise.all(questions.map(async (q) => [q.id, (await q.run(defaults, engine)).correct])));
    expect(answers).toEqual({ 'first-zero': 'irrelevant', duplicate: 'any-half', 'adam-shrink': 'small-v' });
  });
});
