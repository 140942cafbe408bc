// The loss-vs-metric lesson under Node, as the page computes it: the new metrics of the JS API
// (balanced accuracy, expected cost with its standard error, the threshold sweep) and the brier
// loss against hand-derived values, their hostile-input errors, and the lesson's computed
// quantities (expected-loss minimisers, the calibration–refinement split, the credit-risk run).
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, inProcess, LossLabError, type AsyncLossLab, type LossLab } from 'loss-lab';
import { atPrevalence, costThreshold, pairedDifference, repeatPositives, trainCredit, type CreditRun } from '../../web/lessons/loss-vs-metric/model';
import { decompose, isotonic } from '../../web/lessons/loss-vs-metric/decomposition';
import { expectedLoss } from '../../web/lessons/loss-vs-metric/scoring';
import { scoreStory } from '../../web/lessons/loss-vs-metric/figures/story';
import { costChange } from '../../web/lessons/loss-vs-metric/questions';

let lab: LossLab;
let engine: AsyncLossLab;
let run: CreditRun;
beforeAll(async () => {
  lab = await createLossLab();
  engine = await inProcess(lab);
  run = await trainCredit(engine, { fnfp: 10, ratio: 9, seed: 1 });
}, 60_000);

// scores vs labels at 0.5: tp = 2 (0.9, 0.6), fp = 1 (0.7), fn = 1 (0.2), tn = 2 (0.1, 0.4)
const score = [0.9, 0.6, 0.7, 0.2, 0.1, 0.4];
const label = [1, 1, 0, 1, 0, 0];

describe('lab.metrics: balanced accuracy, expected cost and the threshold sweep', () => {
  it('match hand-computed values', () => {
    const m = lab.metrics.binary(score, label, { fnCost: 10, fpCost: 1 });
    expect(m.balancedAccuracy).toBeCloseTo(2 / 3, 15);
    expect(m.expectedCost).toBeCloseTo(11 / 6, 15);
    const mean = 11 / 6;
    expect(m.expectedCostSe).toBeCloseTo(Math.sqrt((4 * mean ** 2 + (10 - mean) ** 2 + (1 - mean) ** 2) / 5 / 6), 14);
    expect(lab.metrics.binary(score, label).expectedCost).toBeCloseTo(2 / 6, 15); // 1:1 is the error rate
    const sweep = lab.metrics.thresholds(score, label, { thresholds: [0, 0.15, 0.5, 0.65, 1], fnCost: 10, fpCost: 1 });
    expect([...sweep.tp]).toEqual([3, 3, 2, 1, 0]);
    expect([...sweep.fp]).toEqual([3, 2, 1, 1, 0]);
    expect(sweep.cost[4]).toBeCloseTo(30 / 6, 15);
    expect(sweep.bestThreshold).toBe(0.15);
    expect(sweep.bestCost).toBeCloseTo(2 / 6, 15);
    // the default grid is 0, 0.01, …, 1
    const grid = lab.metrics.thresholds(score, label);
    expect(grid.thresholds.length).toBe(101);
    expect(grid.thresholds[37]).toBeCloseTo(0.37, 15);
    // imbalanced: accuracy 0.8 for "always negative", balanced accuracy 0.5
    expect(lab.metrics.binary([0.1, 0.2, 0.3, 0.1, 0.4], [1, 0, 0, 0, 0]).balancedAccuracy).toBe(0.5);
  });

  it('refuse hostile input with a LossLabError naming the field', () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => lab.metrics.binary(score, label, { fnCost: -1 }), /fnCost/],
      [() => lab.metrics.binary(score, label, { fpCost: NaN }), /fpCost/],
      [() => lab.metrics.binary(score, label, { fnCost: '10' as never }), /fnCost/],
      [() => lab.metrics.binary(score, label, { fn_cost: 10 } as never), /unknown option 'fn_cost'/],
      [() => lab.metrics.thresholds(score, label, { thresholds: [] }), /thresholds is empty/],
      [() => lab.metrics.thresholds(score, label, { thresholds: [0.5, Infinity] }), /thresholds/],
      [() => lab.metrics.thresholds(score, label, { threshold: 0.5 } as never), /unknown option 'threshold'/],
      [() => lab.metrics.thresholds(score, [1, 1, 0, 2, 0, 0]), /label\[3\]/],
      [() => lab.metrics.thresholds(score, [1, 0]), /lengths differ/],
      [() => lab.metrics.thresholds([0.1, NaN], [0, 1]), /score/],
    ];
    const before = lab.memory().heapInUse;
    for (const [call, message] of cases) {
      let error: unknown;
      try { call(); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(LossLabError);
      expect((error as Error).message).toMatch(message);
    }
    expect(lab.memory().heapInUse).toBe(before);
  });

  it('brier matches sklearn’s docstring example and its gradient is 2(p − y)', () => {
    const r = lab.loss('brier', [0.1, 0.9, 0.8, 0.3], [0, 1, 1, 0], { reduction: 'none' });
    expect([...(r.value as Float64Array)].reduce((a, b) => a + b) / 4).toBeCloseTo(0.0375, 15);
    expect([...r.grad].map((g) => +g.toFixed(12))).toEqual([0.2, -0.2, -0.4, 0.6]);
    expect(() => lab.loss('brier', [0.5], [0.5])).toThrow(/0 or 1/);
  });
});

describe('the proper-scoring figure', () => {
  it('log loss and Brier are minimised at p = q; the linear loss at 0 or 1 with slope c_FP(1 − q) − c_FN q', async () => {
    for (const q of [0.01, 0.05, 0.09, 0.1, 0.3, 0.5, 0.77, 0.99]) {
      const [log, brier, linear] = await Promise.all([expectedLoss(engine, 'bce', q), expectedLoss(engine, 'brier', q), expectedLoss(engine, 'asymmetric', q, { fn_cost: 10, fp_cost: 1 })]);
      expect(Math.abs(log.argmin - q)).toBeLessThan(0.001);
      expect(Math.abs(brier.argmin - q)).toBeLessThan(0.001);
      expect(brier.min).toBeCloseTo(q * (1 - q), 12);
      expect(linear.argmin).toBe(q > 1 / 11 ? 1 : 0);
      expect(linear.slope).toBeCloseTo((1 - q) - 10 * q, 12);
      expect(Math.max(...linear.grad) - Math.min(...linear.grad)).toBeLessThan(1e-12);
    }
  });
});

describe('equal accuracy, different loss', () => {
  it('isotonic recalibration pools violators; calibration + refinement = the score', async () => {
    expect([...isotonic([0.05, 0.49, 0.49, 0.51], [1, 0, 0, 1])]).toEqual([1 / 3, 1 / 3, 1 / 3, 1]);
    const [A, B] = await scoreStory(engine);
    expect(A.accuracy).toBeCloseTo(0.9, 15);
    expect(B.accuracy).toBeCloseTo(0.9, 15);
    expect(A.brier.score).toBeCloseTo((9 * 0.01 ** 2 + 0.55 ** 2) / 10, 14);
    expect(B.brier.score).toBeCloseTo((9 * 0.49 ** 2 + 0.95 ** 2) / 10, 14);
    const h = -(1 / 6) * Math.log(1 / 6) - (5 / 6) * Math.log(5 / 6);
    expect(A.log.refinement).toBeCloseTo(0, 14);
    expect(B.log.refinement).toBeCloseTo(0.6 * h, 12);
    expect(B.brier.refinement).toBeCloseTo(0.6 * (1 / 6) * (5 / 6), 14);
    expect(A.log.uncertainty).toBeCloseTo(Math.log(2), 12);
    const d = await decompose(engine, 'brier', Float64Array.from([0.2, 0.7]), Float64Array.from([0, 1]));
    expect(d.calibration + d.refinement).toBeCloseTo(d.score, 15);
  });
});

describe('the credit-risk run at its defaults (FN:FP = 10:1, 1:9, seed 1)', () => {
  it('(a) at 1/11 costs less than (b) at 0.5 by far more than the paired interval; (c) and (d) decide as well as (a)', () => {
    const { a, b, c } = run.models;
    expect(a.threshold).toBeCloseTo(1 / 11, 15);
    expect(b.metrics.expectedCost - a.metrics.expectedCost).toBeGreaterThan(1.96 * Math.max(a.metrics.expectedCostSe, b.metrics.expectedCostSe));
    expect(run.diff.b.mean).toBeGreaterThan(3 * 1.96 * run.diff.b.se);
    expect(Math.abs(run.diff.c.mean)).toBeLessThan(1.96 * run.diff.c.se);
    expect(Math.abs(run.diff.d.mean)).toBeLessThan(1.96 * run.diff.d.se);
    // … but their probabilities are worse: log loss and Brier of (c) and (d) above the BCE model's
    expect(c.logLoss).toBeGreaterThan(2 * a.logLoss);
    expect(run.models.d.brier).toBeGreaterThan(a.brier);
  });

  it('the numbers the figure shows: costs from the confusion matrices by hand, the sweep agrees with binary()', () => {
    for (const m of Object.values(run.models)) {
      const [tn, fp, fn, tp] = m.metrics.confusion;
      expect(m.metrics.expectedCost).toBeCloseTo((10 * fn + fp) / (tn + fp + fn + tp), 15);
      const k = Math.round(m.threshold * 200);
      if (Math.abs(k / 200 - m.threshold) < 1e-12) expect(m.sweep.cost[k]).toBeCloseTo(m.metrics.expectedCost, 15);
    }
    expect([...run.models.a.metrics.confusion]).toEqual([2985, 628, 50, 337]); // also sklearn's, from the exported data
    expect(1000 * run.models.a.metrics.expectedCost).toBeCloseTo(282, 9);
    expect(1000 * run.models.b.metrics.expectedCost).toBeCloseTo(543, 9);
    expect(Math.abs(run.models.a.sweep.bestThreshold - costThreshold(10))).toBeLessThan(0.02);
  });

  it('when costs fall to 2:1 without retraining, re-thresholded BCE beats the linear-loss model beyond the noise', async () => {
    const r = await costChange(engine, run, 2);
    expect(r.diff.mean).toBeGreaterThan(1.96 * r.diff.se);
  });
});

describe('helpers', () => {
  it('paired difference, class-weight repetition and prevalence resampling', () => {
    const d = pairedDifference([0, 1, 0, 1], [1, 1, 1, 1]);
    expect(d.mean).toBe(0.5);
    expect(d.se).toBeCloseTo(Math.sqrt((4 * 0.25) / 3 / 4), 15);
    const rep = repeatPositives({ x: Float64Array.from([1, 2, 3, 4]), y: Float64Array.from([0, 1]) } as never, 3);
    expect([...rep.y]).toEqual([0, 1, 1, 1]);
    expect([...rep.x]).toEqual([1, 2, 3, 4, 3, 4, 3, 4]);
    const labels = [1, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    const idx = atPrevalence(labels, 0.5);
    expect(idx.length).toBe(4);
    expect([...idx].filter((i) => labels[i] === 1).length).toBe(2);
    const few = atPrevalence(labels, 0.8); // 2 positives and round(0.5) negatives: at least one is kept
    expect([...few].filter((i) => labels[i] === 0).length).toBe(1);
  });
});
