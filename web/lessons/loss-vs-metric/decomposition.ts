/**
 * A score of probabilities split into calibration and refinement, by isotonic recalibration (the
 * CORP decomposition of Dimitriadis, Gneiting & Jordan, 2021): r = the pool-adjacent-violators
 * fit of the labels on p (the best probabilities that keep p's ranking), then
 *   S(p) = [S(p) − S(r)] + S(r) = calibration + refinement,
 * and refinement = uncertainty S(ȳ) − discrimination [S(ȳ) − S(r)]. Every score is the core's
 * (bce for log loss, brier for the Brier score); only the pooling happens here. On few examples
 * r is fitted to the same labels it is scored on, so refinement is optimistic.
 */
import type { AsyncLossLab } from 'loss-lab';

/** Isotonic (non-decreasing in p) least-squares fit of y, ties in p pooled first. */
export function isotonic(p: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  const blocks: Array<{ sum: number; count: number; members: number[]; p: number }> = [];
  for (const i of order) {
    const last = blocks[blocks.length - 1];
    if (last && last.p === p[i]) { last.sum += y[i]; last.count += 1; last.members.push(i); }
    else blocks.push({ sum: y[i], count: 1, members: [i], p: p[i] });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1], a = blocks[blocks.length - 2];
      if (a.sum / a.count <= b.sum / b.count) break;
      a.sum += b.sum; a.count += b.count; a.members.push(...b.members);
      blocks.pop();
    }
  }
  const r = new Float64Array(p.length);
  for (const b of blocks) for (const i of b.members) r[i] = b.sum / b.count;
  return r;
}

export interface Decomposition { score: number; calibration: number; refinement: number; uncertainty: number; discrimination: number }

export async function decompose(engine: AsyncLossLab, loss: 'bce' | 'brier', p: Float64Array, y: Float64Array): Promise<Decomposition> {
  const r = isotonic(p, y);
  let mean = 0;
  for (const v of y) mean += v / y.length;
  const base = new Float64Array(y.length).fill(mean);
  const [s, sr, su] = await Promise.all([engine.loss(loss, p, y), engine.loss(loss, r, y), engine.loss(loss, base, y)]);
  const score = s.value as number, refinement = sr.value as number, uncertainty = su.value as number;
  return { score, calibration: score - refinement, refinement, uncertainty, discrimination: uncertainty - refinement };
}
