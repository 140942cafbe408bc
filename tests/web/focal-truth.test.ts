// The quantities the focal lesson added for issue 14 ("teaching truth"), against hand-derived
// values: the gradient factor, the tuned threshold, the bootstrap's metrics (which must equal the
// core's at unit weights), the hopeless examples' share of the focal loss and the prior readout.
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, inProcess, type AsyncLossLab, type LossLab } from 'loss-lab';
import { weightRatio } from '../../web/lessons/focal-loss/model';
import { bestF1Threshold, compareModels, focalGradientFactor, precisionAtRecall, rng, weightedAveragePrecision, weightedCounts } from '../../web/lessons/focal-loss/stats';
import { HOPELESS_PT, sharesAt } from '../../web/lessons/focal-loss/shares';
import { describeSteps, higherSteps } from '../../web/lessons/focal-loss/figures/prior';
import { prVertices } from '../../web/lessons/focal-loss/stats';

let lab: LossLab;
let engine: AsyncLossLab;
beforeAll(async () => {
  lab = await createLossLab();
  engine = await inProcess(lab);
});

const order = (score: ArrayLike<number>) => Uint32Array.from({ length: score.length }, (_, i) => i).sort((i, j) => score[j] - score[i]);

describe('loss against gradient', () => {
  it('at p_t = 0.9, γ = 2 the loss is 100× smaller but the gradient only 34.5× (2.9e-3 against 0.1)', async () => {
    const r = await weightRatio(engine, 0.9, 2);
    expect(r.ratio).toBeCloseTo(100, 9);
    // By hand: (0.1)² − 2·0.9·0.1·log 0.9 = 0.01 + 0.0189648 = 0.0289648.
    expect(focalGradientFactor(0.9, 2)).toBeCloseTo(0.0289648, 6);
    expect(r.gradRatio).toBeCloseTo(34.524, 2);
    expect(r.ceGrad).toBeCloseTo(-0.1, 12);
    expect(r.focalGrad).toBeCloseTo(-0.00289648, 7);
  });

  it('the gradient factor exceeds 1 for hard examples: 0.81 + 2·0.1·0.9·log 10 = 1.2245 at p_t = 0.1, γ = 2', async () => {
    expect(focalGradientFactor(0.1, 2)).toBeCloseTo(0.81 + 0.18 * Math.log(10), 12);
    expect(1 / (await weightRatio(engine, 0.1, 2)).gradRatio).toBeCloseTo(1.2245, 4);
  });

  it('at p_t = 0.99 the loss is 10,000× smaller and the gradient about 3,300× (1 / (0.0001 + 2·0.99·0.01·log(1/0.99)))', async () => {
    const r = await weightRatio(engine, 0.99, 2);
    expect(r.ratio).toBeCloseTo(10000, 4);
    expect(r.gradRatio).toBeCloseTo(1 / (0.0001 - 2 * 0.99 * 0.01 * Math.log(0.99)), 4);
    expect(Math.round(r.gradRatio / 100) * 100).toBe(3300);
  });

  it('the closed-form gradient factor matches the core\'s gradients across p_t and γ', async () => {
    for (const pt of [0.05, 0.3, 0.5, 0.75, 0.99]) {
      for (const gamma of [0, 0.5, 1, 2, 5]) {
        const r = await weightRatio(engine, pt, gamma);
        expect(1 / r.gradRatio / focalGradientFactor(pt, gamma)).toBeCloseTo(1, 8);
        // The gradient is always silenced less than the loss (for γ > 0 and p_t < 1).
        if (gamma > 0) expect(r.gradRatio).toBeLessThan(r.ratio);
      }
    }
  });
});

describe('the tuned threshold', () => {
  it('picks the best F1 on the core\'s PR curve: scores 0.9, 0.8, 0.3, 0.1 with labels 1, 0, 1, 0 give 0.3 (F1 0.8)', () => {
    const pr = lab.metrics.pr([0.9, 0.8, 0.3, 0.1], [1, 0, 1, 0]);
    const best = bestF1Threshold(pr);
    expect(best.threshold).toBe(0.3);
    expect(best.f1).toBeCloseTo(0.8, 12);
    // At that threshold the core flags 0.9, 0.8 and 0.3: recall 1, precision 2/3.
    const m = lab.metrics.binary([0.9, 0.8, 0.3, 0.1], [1, 0, 1, 0], { threshold: best.threshold });
    expect(m.recall).toBe(1);
    expect(m.precision).toBeCloseTo(2 / 3, 12);
  });

  it('reads the best precision at a given recall off a PR curve', () => {
    const pr = { x: [0, 0.5, 0.5, 1, 1], y: [1, 1, 0.5, 2 / 3, 0.5], thresholds: [0.9, 0.9, 0.8, 0.3, 0.1] };
    expect(precisionAtRecall(pr, 0.5)).toBe(1);
    expect(precisionAtRecall(pr, 0.75)).toBeCloseTo(2 / 3, 12);
    expect(precisionAtRecall(pr, 1)).toBeCloseTo(2 / 3, 12);
  });
});

describe('the bootstrap\'s metrics', () => {
  it('equal the core\'s average precision, recall, precision and F1 at unit weights (ties included)', () => {
    const random = rng(7);
    const n = 3000;
    const score = Float64Array.from({ length: n }, () => Math.round(random() * 200) / 200);
    const label = Float64Array.from(score, (s) => (random() < 0.02 + 0.1 * s ? 1 : 0));
    const unit = new Float64Array(n).fill(1);
    const core = lab.metrics.binary(score, label, { threshold: 0.3 });
    expect(weightedAveragePrecision(score, label, unit, order(score))).toBeCloseTo(core.prAuc!, 12);
    const mine = weightedCounts(score, label, unit, 0.3);
    expect(mine.recall).toBeCloseTo(core.recall, 12);
    expect(mine.precision).toBeCloseTo(core.precision, 12);
    expect(mine.f1).toBeCloseTo(core.f1, 12);
  });

  it('treats a weight of 2 as a duplicated example: AP 0.75 by hand, as the core scores the duplicate', () => {
    // 0.9 (rare): R 0.5, P 1 → 0.5; 0.8 (common, twice): R unchanged; 0.3 (rare): R 1, P 2/4 → +0.25.
    const score = [0.9, 0.8, 0.3], label = [1, 0, 1];
    expect(weightedAveragePrecision(score, label, [1, 2, 1], order(score))).toBeCloseTo(0.75, 12);
    expect(lab.metrics.pr([0.9, 0.8, 0.8, 0.3], [1, 0, 0, 1]).area).toBeCloseTo(0.75, 12);
  });

  it('gives a zero difference with a zero-width interval for a model compared with itself, and is reproducible from its seed', async () => {
    const random = rng(3);
    const n = 2000;
    const score = Float64Array.from({ length: n }, () => random());
    const label = Float64Array.from(score, (s) => (random() < 0.05 * s ? 1 : 0));
    const [same] = await compareModels(label, [{ score, threshold: 0.5 }, { score, threshold: 0.5 }], [[0, 1]], { resamples: 50, seed: 1 });
    for (const k of ['recall', 'precision', 'f1', 'prAuc'] as const) expect(same[k]).toEqual({ value: 0, low: 0, high: 0 });
    const other = Float64Array.from(score, (s, i) => (i % 3 === 0 ? 1 - s : s));
    const a = await compareModels(label, [{ score, threshold: 0.5 }, { score: other, threshold: 0.2 }], [[0, 1]], { resamples: 50, seed: 9 });
    const b = await compareModels(label, [{ score, threshold: 0.5 }, { score: other, threshold: 0.2 }], [[0, 1]], { resamples: 50, seed: 9 });
    expect(a).toEqual(b);
    expect(a[0].prAuc.low).toBeLessThanOrEqual(a[0].prAuc.value);
    expect(a[0].prAuc.high).toBeGreaterThanOrEqual(a[0].prAuc.value);
  });
});

describe('the hopeless examples', () => {
  it('carry the focal loss of the rare examples with p_t < 0.05, by hand on four examples', async () => {
    // Labels 1, 1, 0, 0 with P(rare) 0.01, 0.9, 0.1, 0.6; focal with γ = 2, α = 0.75:
    // −α_t (1 − p_t)² log p_t = 0.75·0.99²·4.60517, 0.75·0.01·0.10536, 0.25·0.01·0.10536, 0.25·0.36·0.91629.
    const y = Float64Array.from([1, 1, 0, 0]);
    const p = Float64Array.from([0.01, 0.9, 0.1, 0.6]);
    const focal = [0.75 * 0.99 ** 2 * -Math.log(0.01), 0.75 * 0.01 * -Math.log(0.9), 0.25 * 0.01 * -Math.log(0.9), 0.25 * 0.36 * -Math.log(0.4)];
    const bce = [-Math.log(0.01), -Math.log(0.9), -Math.log(0.9), -Math.log(0.4)];
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    const d = { x: new Float64Array(8), y, xVal: new Float64Array(0), yVal: new Float64Array(0) } as unknown as Parameters<typeof sharesAt>[1];
    const r = await sharesAt(engine, d, p, { gamma: 2, alpha: 0.75, weighting: true }, 0);
    expect(HOPELESS_PT).toBe(0.05);
    expect(r.hopelessCount).toBe(1);
    expect(r.rareCount).toBe(2);
    expect(r.summary.focal.hopelessLoss).toBeCloseTo(focal[0] / sum(focal), 9);
    expect(r.summary.bce.hopelessLoss).toBeCloseTo(bce[0] / sum(bce), 9);
    // Easy examples (p_t ≥ 0.5): the second and the third.
    expect(r.easyCount).toBe(2);
    expect(r.summary.focal.easyLoss).toBeCloseTo((focal[1] + focal[2]) / sum(focal), 9);
  });
});

describe('the PR curve a frame keeps', () => {
  it('keeps the two ends of every run of equal recall, so the steps drawn are the same', () => {
    const x = [0, 0.5, 0.5, 0.5, 0.5, 1, 1, 1], y = [1, 1, 0.5, 0.4, 1 / 3, 0.4, 1 / 3, 2 / 7];
    expect(prVertices(x, y)).toEqual([[0, 1], [0.5, 1], [0.5, 1 / 3], [1, 0.4], [1, 2 / 7]]);
    // On the core's curve of 10,000 held-out points with 100 rare ones: at most 2 per recall level.
    const random = rng(5);
    const score = Float64Array.from({ length: 10000 }, () => random());
    const label = Float64Array.from(score, (s, i) => (i % 100 === 0 ? 1 : 0));
    const pr = lab.metrics.pr(score, label);
    const v = prVertices(pr.x, pr.y);
    expect(v.length).toBeLessThanOrEqual(2 * 101 + 2);
    expect(v[v.length - 1]).toEqual([pr.x[pr.x.length - 1], pr.y[pr.y.length - 1]]);
    // The best precision at any recall is the same on the vertices as on the whole curve.
    const vx = v.map((p) => p[0]), vy = v.map((p) => p[1]);
    for (const r of [0.05, 0.2, 0.37, 0.5, 0.81, 1]) expect(precisionAtRecall({ x: vx, y: vy, thresholds: vx }, r)).toBe(precisionAtRecall(pr, r));
  });
});

describe('the prior readout', () => {
  it('lists the steps where the prior start\'s loss is above the default start\'s', () => {
    expect(higherSteps([1, 2, 3, 1, 5], [2, 1, 2, 2, 1])).toEqual([1, 2, 4]);
    expect(describeSteps([1, 2, 4, 7, 8, 9])).toBe('1–2, 4, 7–9');
    expect(describeSteps([])).toBe('');
  });
});
