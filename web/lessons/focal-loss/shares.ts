/**
 * Where the loss sits, for the training figure's BCE model at one step: every training example
 * scored under BCE and under focal on the same predictions, binned by p_t, with the shares of the
 * easy and of the hopeless examples. Computed with the training frames (run.ts), drawn by
 * figures/where.ts. No DOM here.
 */
import type { AsyncLossLab, Dataset } from 'loss-lab';
import { focalParams, logitsOf, SIDES, type LessonState, type Side } from './model';

export const BINS = 20;
/** A rare example the model puts at p_t below this sits deep inside the common cloud: "hopeless". */
export const HOPELESS_PT = 0.05;

/** Where the loss sits for the BCE model at one step. */
export interface LossShares {
  /** Share of the total loss in each p_t bin, per loss. */
  shares: Record<Side, Float64Array>;
  /** Share of the loss and of the gradient carried by easy examples (p_t ≥ 0.5). */
  summary: Record<Side, { easyLoss: number; easyGrad: number; hopelessLoss: number; meanLoss: number }>;
  easyCount: number;
  /** Rare examples with p_t < HOPELESS_PT, and how many rare examples there are. */
  hopelessCount: number;
  rareCount: number;
  n: number;
  steps: number;
}

/** Scores every training example under both losses on the same predictions p. */
export async function sharesAt(engine: AsyncLossLab, d: Dataset, p: Float64Array, s: Pick<LessonState, 'gamma' | 'alpha' | 'weighting'>, steps: number): Promise<LossShares> {
  const n = d.y.length;
  const logits = logitsOf(p), pts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]));
    pts[i] = d.y[i] === 1 ? q : 1 - q;
  }
  const [bce, focal] = await Promise.all([
    engine.loss('bce_logits', logits, d.y, { reduction: 'none' }),
    engine.loss('focal', logits, d.y, { params: focalParams(s), reduction: 'none' }),
  ]);
  const per = { bce, focal };
  let easyCount = 0, hopelessCount = 0, rareCount = 0;
  const hopeless = (i: number) => d.y[i] === 1 && pts[i] < HOPELESS_PT;
  for (let i = 0; i < n; i++) {
    if (pts[i] >= 0.5) easyCount++;
    if (d.y[i] === 1) rareCount++;
    if (hopeless(i)) hopelessCount++;
  }
  const shares = {} as Record<Side, Float64Array>;
  const summary = {} as Record<Side, { easyLoss: number; easyGrad: number; hopelessLoss: number; meanLoss: number }>;
  for (const side of SIDES) {
    const values = per[side].value as Float64Array, grads = per[side].grad;
    const bins = new Float64Array(BINS);
    let total = 0, totalGrad = 0, easy = 0, easyGrad = 0, lost = 0;
    for (let i = 0; i < n; i++) {
      if (hopeless(i)) lost += values[i];
      const b = Math.min(BINS - 1, Math.floor(pts[i] * BINS));
      bins[b] += values[i];
      total += values[i];
      totalGrad += Math.abs(grads[i]);
      if (pts[i] >= 0.5) { easy += values[i]; easyGrad += Math.abs(grads[i]); }
    }
    shares[side] = bins.map((v) => (total > 0 ? v / total : 0));
    summary[side] = { easyLoss: total > 0 ? easy / total : 0, easyGrad: totalGrad > 0 ? easyGrad / totalGrad : 0, hopelessLoss: total > 0 ? lost / total : 0, meanLoss: total / Math.max(1, n) };
  }
  return { shares, summary, easyCount, hopelessCount, rareCount, n, steps };
}

