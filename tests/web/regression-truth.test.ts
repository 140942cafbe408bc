// The regression lesson's new computed quantities against hand-derived values: the Wilson
// interval, the skewed noise, the leverage bound, the pull balance, the robust σ, the paired
// difference and Tweedie's weight μ^(−p) from the core's gradients; and the default numbers the
// text states (Σψ = Σxψ = 0, MAE 2.74 / Huber 2.49 at x = 100, held-out coverage, the Tweedie table).
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, inProcess, type AsyncLossLab, type LossLab } from 'loss-lab';
import { fitLine, predict } from '../../web/lessons/shared/fit';
import { learnerPoints } from '../../web/lessons/regression-losses/data';
import {
  between, heldOutScores, leverageLimit, pairedDifference, quantileBand, skewNoise, smallSampleCoverage, tweedieFit, tweedieWeight, wilson, zeroInflated,
} from '../../web/lessons/regression-losses/experiments';
import { pullBalance, robustSigma } from '../../web/lessons/regression-losses/fitting';

let lab: LossLab;
let engine: AsyncLossLab;
beforeAll(async () => {
  lab = await createLossLab();
  engine = await inProcess(lab);
});
const plain = { seed: 1, outliers: 10, moves: [], added: [], removed: [] };

describe('hand-derived values', () => {
  it('the Wilson interval of 8/10 is 0.490 to 0.943', () => {
    // p = 0.8, z² = 3.8415: centre (0.8 + 0.19207)/1.38415 = 0.71688, half 1.95996·√(0.016 + 0.0096037)/1.38415 = 0.22664
    const [lo, hi] = wilson(8, 10);
    expect(lo).toBeCloseTo(0.4902, 3);
    expect(hi).toBeCloseTo(0.9433, 3);
  });

  it('skewed noise maps z to σ(x)(e^z − 1): median kept, mean raised by σ(x)(√e − 1)', () => {
    // x = 1: σ = 1; y = 3 + 1·z with z = 1 → 3 + (e − 1); z = 0 stays on the line.
    const y = skewNoise([1, 1, 3], [4, 3, 9 + 2 * -1]);
    expect(y[0]).toBeCloseTo(3 + Math.E - 1, 12);
    expect(y[1]).toBe(3);
    expect(y[2]).toBeCloseTo(9 + 2 * (Math.exp(-1) - 1), 12);
  });

  it('the leverage bound is the median plus Σ|x − median|', () => {
    expect(leverageLimit([-2, 0, 1, 5])).toEqual({ median: 0.5, lever: 2.5 + 0.5 + 0.5 + 4.5 });
    expect(leverageLimit([3, 1, 2])).toEqual({ median: 2, lever: 2 });
  });

  it('the pull balance sums ψ and xψ, and counts points on the line', () => {
    const b = pullBalance([1, 2, -3], [1, -1, 0.5], [0.2, 0, -1e-9]);
    expect(b).toMatchObject({ sum: 0.5, moment: 1 - 2 - 1.5, scale: 1 + 2 + 1.5, onLine: [1, 2], offSum: 1, offMoment: 1 });
    // ψa + ψb = −1 and 2ψa − 3ψb = −1: −5ψb = 1, so ψb = −0.2 and ψa = −0.8
    expect(b.solved![0]).toBeCloseTo(-0.8, 12);
    expect(b.solved![1]).toBeCloseTo(-0.2, 12);
  });

  it('with three points on the line, pulls inside the box are found when the smallest ones lie outside it', () => {
    // off the line: ψ = 1 at x = 3, so x = 0, 1, 2 need Σψ = −1 and Σxψ = −3. The smallest such ψ,
    // (2/3, −1/3, −4/3), leaves [−1, 1]; (1, −1, −1) stays inside and balances too.
    const b = pullBalance([0, 1, 2, 3], [0, 0, 0, 1], [0, 1e-4, -1e-4, 0.5], [-1, 1]);
    expect(b.solved).toEqual([1, -1, -1]);
    const free = pullBalance([0, 1, 2, 3], [0, 0, 0, 1], [0, 1e-4, -1e-4, 0.5]);
    [2 / 3, -1 / 3, -4 / 3].forEach((v, j) => expect(free.solved![j]).toBeCloseTo(v, 12));
  });

  it('with three points on the line, the balancing pulls are the smallest that cancel the rest', () => {
    // off the line: ψ = 1 at x = 4, so the on-line points at x = 0, 1, 2 need Σψ = −1 and Σxψ = −4.
    // The smallest such ψ is a + b·x: 3a + 3b = −1 and 3a + 5b = −4 give b = −1.5, a = 7/6.
    const b = pullBalance([0, 1, 2, 4], [0, 0, 0, 1], [0, 1e-4, -1e-4, 0.5]);
    expect(b.onLine).toEqual([0, 1, 2]);
    const psi = b.solved!;
    expect(psi).toHaveLength(3);
    [7 / 6, 7 / 6 - 1.5, 7 / 6 - 3].forEach((v, j) => expect(psi[j]).toBeCloseTo(v, 12));
    expect(psi.reduce((s, v) => s + v, 0)).toBeCloseTo(-1, 12);
    expect(psi[1] + 2 * psi[2]).toBeCloseTo(-4, 12);
  });

  it('σ̂ is the median absolute residual over 0.6745', () => {
    const fit = { slope: 2, intercept: 1, loss: 0, iterations: 0 };
    // residuals 0.1, −0.3, 0.2, 5 → |r| sorted 0.1, 0.2, 0.3, 5 → median 0.25
    expect(robustSigma([0, 1, 2, 3], [1.1, 2.7, 5.2, 12], fit)).toBeCloseTo(0.25 / 0.6745, 12);
  });

  it('the paired difference of (3, 5, 4) and (1, 2, 3) is 2 ± 0.577', () => {
    const d = pairedDifference([3, 5, 4], [1, 2, 3]);
    expect(d.mean).toBeCloseTo(2, 12);
    expect(d.se).toBeCloseTo(Math.sqrt(1 / 3), 12); // differences 2, 3, 1: variance 1, s.e. √(1/3)
  });

  it("Tweedie's gradient in μ is μ^(−p) times squared error's: 2√2 at μ = 0.5, p = 1.5", async () => {
    const w = await tweedieWeight(engine, 0.5, 0, 1.5);
    expect(w.squared).toBeCloseTo(1, 12); // 2(μ − y)
    expect(w.tweedie).toBeCloseTo(2 * 0.5 ** -1.5 * 0.5, 12); // 2μ^(−p)(μ − y)
    expect(w.ratio).toBeCloseTo(2 * Math.SQRT2, 12);
    const v = await tweedieWeight(engine, 3, 1, 4 / 3);
    expect(v.ratio).toBeCloseTo(3 ** (-4 / 3), 12);
  });

  it('between counts the points inside a band, edges included', () => {
    const lo = { slope: 0, intercept: 0, loss: 0, iterations: 0 }, hi = { slope: 0, intercept: 1, loss: 0, iterations: 0 };
    expect(between(lo, hi, [0, 0, 0, 0], [-0.1, 0, 0.5, 1])).toBe(3);
  });
});

describe('the numbers the lesson states at its defaults', () => {
  it('the pulls balance at every fitted line: Σψ = Σxψ = 0 (MAE up to the points on the line)', async () => {
    const { points: p } = await learnerPoints(engine, plain);
    for (const loss of ['mse', 'huber', 'log_cosh', 'mae']) {
      const params = loss === 'huber' ? { delta: 1 } : undefined;
      const fit = await fitLine(engine, { loss, params, x: p.x, y: p.y });
      const pred = predict(fit, p.x);
      const pull = lab.loss(loss, pred, p.y, { params, reduction: 'none' }).grad.map((g) => -g);
      const b = pullBalance(p.x, pull, Float64Array.from(p.y, (y, i) => y - pred[i]));
      if (loss === 'mae') {
        // Two parameters: the line passes through two points, whose pulls (anything in [−1, 1]) balance the rest.
        expect(b.onLine.length).toBe(2);
        expect(b.solved!.every((v) => Math.abs(v) <= 1)).toBe(true);
      } else {
        expect(Math.abs(b.sum)).toBeLessThan(1e-6);
        expect(Math.abs(b.moment)).toBeLessThan(1e-6);
      }
    }
  });

  it('one point at (100, 0) moves MAE to 2.74 and Huber to 2.49; at (200, 0) both fall to about 0', async () => {
    const { points: p } = await learnerPoints(engine, plain);
    const slope = async (loss: string, X: number) => (await fitLine(engine, { loss, params: loss === 'huber' ? { delta: 1 } : undefined, x: Float64Array.from([...p.x, X]), y: Float64Array.from([...p.y, 0]) })).slope;
    expect(await slope('mae', 100)).toBeCloseTo(2.74, 2);
    expect(await slope('huber', 100)).toBeCloseTo(2.49, 2);
    expect(Math.abs(await slope('mae', 200))).toBeLessThan(0.02);
    expect(Math.abs(await slope('huber', 200))).toBeLessThan(0.02);
    const { median, lever } = leverageLimit(p.x);
    expect(median + lever).toBeGreaterThan(100);
    expect(median + lever).toBeLessThan(200);
  }, 30_000);

  it('held-out coverage: 80% in sample by construction, inside its interval held out, short of 80% when fitted on 10 points', async () => {
    const band = await quantileBand(engine, 1);
    expect(band.trainTotal).toBe(300);
    expect(band.total).toBe(300);
    expect(Math.abs(band.inside / band.trainTotal - 0.8)).toBeLessThan(0.02);
    expect(band.interval[0]).toBeLessThan(band.heldInside / band.total);
    expect(band.interval[1]).toBeGreaterThan(band.heldInside / band.total);
    // Mean vs median: together under symmetric noise, apart (towards theory 3.324) under skewed noise.
    expect(Math.abs(band.mse.slope - band.q50.slope)).toBeLessThan(0.1);
    expect(band.skewed.mse.slope - band.skewed.q50.slope).toBeGreaterThan(0.15);
    expect(Math.abs(band.skewed.q50.slope - 3)).toBeLessThan(0.1);
    const small = await smallSampleCoverage(engine, 1);
    expect(0.8 - small.heldMean).toBeGreaterThan(2 * small.heldSe);
    expect(small.trainMean).toBeGreaterThanOrEqual(0.78);
  }, 30_000);

  it('Tweedie ties with squared error (0.2%); absolute error wins MAE (1.661) but predicts about two thirds of the total', async () => {
    const data = await zeroInflated(engine, 1);
    const [sq, tw, ab] = await Promise.all([tweedieFit(engine, data, 'squared'), tweedieFit(engine, data, 4 / 3), tweedieFit(engine, data, 'absolute')]);
    const [s, t, a] = await Promise.all([sq, tw, ab].map((f) => heldOutScores(engine, data, f)));
    expect(s.mae).toBeCloseTo(1.793, 3);
    expect(Math.abs(t.mae - s.mae) / s.mae).toBeLessThan(0.005);
    expect(a.mae).toBeCloseTo(1.661, 3);
    expect(a.totalRatio).toBeLessThan(0.7);
    expect(a.deviance).toBeGreaterThan(t.deviance);
    const d = pairedDifference(a.absErrors, s.absErrors);
    expect(d.mean).toBeLessThan(-3 * d.se);
  }, 30_000);
});
