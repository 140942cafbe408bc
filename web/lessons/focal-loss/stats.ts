/**
 * The statistics the training figure puts next to the core's metrics, free of the DOM so Vitest
 * can check them by hand: the threshold a practitioner would tune (best F1 on the training
 * points, read off the core's PR curve), the focal gradient factor in closed form, and a paired,
 * class-stratified bootstrap of the held-out differences between two models. The point estimates
 * on the page are the core's (engine.metrics); the bootstrap resamples the same held-out scores
 * and recomputes the same definitions (average precision as the core defines it: Σ (R_k − R_{k−1}) P_k
 * over distinct scores, no interpolation; a score ≥ the threshold is flagged), so at unit weights it
 * reproduces the core's numbers exactly (tests/web/focal-truth.test.ts).
 */
import { uniform as rng } from '../shared/random';

/** A PR curve as engine.metrics.pr returns it: point k flags every score ≥ thresholds[k]. */
export interface PrCurve {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  thresholds: ArrayLike<number>;
}

/** The threshold with the best F1 on a PR curve (the first one on ties), with that F1. */
export function bestF1Threshold(pr: PrCurve): { threshold: number; f1: number } {
  let best = -1, threshold = 0.5;
  for (let k = 0; k < pr.x.length; k++) {
    const r = pr.x[k], p = pr.y[k];
    const f1 = r + p > 0 ? (2 * r * p) / (r + p) : 0;
    if (r > 0 && f1 > best) {
      best = f1;
      threshold = pr.thresholds[k];
    }
  }
  return { threshold, f1: Math.max(0, best) };
}

/**
 * The vertices of a PR curve: the two ends of each run of equal recall. Between two rare points
 * the curve only drops vertically, so these points draw exactly the same steps as all of them
 * (about 2 per rare point instead of one per held-out point), and the best precision at
 * any recall is kept (each run starts at its highest precision).
 */
export function prVertices(x: ArrayLike<number>, y: ArrayLike<number>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = 0; k < x.length; k++) if (k === 0 || k === x.length - 1 || x[k] !== x[k - 1] || x[k + 1] !== x[k]) out.push([x[k], y[k]]);
  return out;
}

/** The best precision a PR curve reaches at a recall of at least `recall` (0 if none). */
export function precisionAtRecall(pr: PrCurve, recall: number): number {
  let best = 0;
  for (let k = 0; k < pr.x.length; k++) if (pr.x[k] >= recall - 1e-12 && pr.y[k] > best) best = pr.y[k];
  return best;
}

/**
 * d(focal)/dz ÷ d(CE)/dz for an example of probability p_t of its true class, without α:
 * (1 − p_t)^γ − γ p_t (1 − p_t)^(γ−1) log p_t. At p_t = 0.9, γ = 2: 0.01 + 0.018965 = 0.028965,
 * so the gradient is 34.5× smaller while the loss is 100× smaller.
 */
export function focalGradientFactor(pt: number, gamma: number): number {
  if (gamma === 0) return 1;
  return (1 - pt) ** gamma - gamma * pt * (1 - pt) ** (gamma - 1) * Math.log(pt);
}

/** The seeded generator of the bootstrap (shared with the other lessons), so the page is reproducible from the seed. */
export { rng };

/** Average precision of weighted examples, scores sorted once (`order`: indices by score, descending). */
export function weightedAveragePrecision(score: ArrayLike<number>, label: ArrayLike<number>, weight: ArrayLike<number>, order: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < label.length; i++) if (label[i] === 1) positives += weight[i];
  if (positives <= 0) return 0;
  let tp = 0, fp = 0, previousRecall = 0, ap = 0;
  for (let k = 0; k < order.length;) {
    const s = score[order[k]];
    // One point per distinct score: a tie is flagged (or not) as a block.
    while (k < order.length && score[order[k]] === s) {
      const i = order[k++];
      if (label[i] === 1) tp += weight[i];
      else fp += weight[i];
    }
    if (tp + fp > 0) {
      const recall = tp / positives;
      ap += (recall - previousRecall) * (tp / (tp + fp));
      previousRecall = recall;
    }
  }
  return ap;
}

/** Recall, precision and F1 of weighted examples flagged at score ≥ threshold (0/0 counts as 0). */
export function weightedCounts(score: ArrayLike<number>, label: ArrayLike<number>, weight: ArrayLike<number>, threshold: number): { recall: number; precision: number; f1: number } {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < label.length; i++) {
    const flagged = score[i] >= threshold;
    if (label[i] === 1) {
      if (flagged) tp += weight[i];
      else fn += weight[i];
    } else if (flagged) fp += weight[i];
  }
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0, precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  return { recall, precision, f1: recall + precision > 0 ? (2 * recall * precision) / (recall + precision) : 0 };
}

/** One scored model: its held-out scores and the threshold it flags at. */
export interface Scored {
  score: ArrayLike<number>;
  threshold: number;
}

/** A difference B − A and its 95% bootstrap interval (2.5th and 97.5th percentiles). */
export interface Difference {
  value: number;
  low: number;
  high: number;
}

export interface Comparison {
  recall: Difference;
  precision: Difference;
  f1: Difference;
  prAuc: Difference;
  resamples: number;
}

const orderOf = (score: ArrayLike<number>): Uint32Array => {
  const order = Uint32Array.from({ length: score.length }, (_, i) => i);
  return order.sort((i, j) => score[j] - score[i]);
};

const percentile = (sorted: Float64Array, q: number) => {
  const at = q * (sorted.length - 1), lo = Math.floor(at), hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
};

/** Which two scored models a comparison subtracts (B − A), by index into the models list. */
export type Pair = readonly [number, number];

/**
 * Paired bootstrap of model differences on the same held-out points, resampling the rare and the
 * common points separately (so every resample keeps the class counts). Each resample is a vector
 * of multiplicities on which every model is scored; each pair [a, b] reports b − a. PR-AUC is
 * computed per distinct score array. Awaits `pause` after every resample (a time slicer,
 * shared/slice.ts: it yields to the page only when the loop has run a few milliseconds), so
 * no task runs long.
 */
export async function compareModels(label: ArrayLike<number>, models: readonly Scored[], pairs: readonly Pair[], options: { resamples: number; seed: number; pause?: () => Promise<void>; signal?: AbortSignal }): Promise<Comparison[]> {
  const n = label.length;
  const rare: number[] = [], common: number[] = [];
  for (let i = 0; i < n; i++) (label[i] === 1 ? rare : common).push(i);
  const scores = [...new Set(models.map((m) => m.score))];
  const orders = new Map<ArrayLike<number>, Uint32Array>();
  for (const score of scores) {
    orders.set(score, orderOf(score));
    await options.pause?.();
  }
  const keys = ['recall', 'precision', 'f1', 'prAuc'] as const;
  type Point = Record<(typeof keys)[number], number>;
  const score = (w: ArrayLike<number>): Point[] => {
    const ap = new Map(scores.map((sc) => [sc, weightedAveragePrecision(sc, label, w, orders.get(sc)!)]));
    return models.map((m) => ({ ...weightedCounts(m.score, label, w, m.threshold), prAuc: ap.get(m.score)! }));
  };
  const differences = (points: Point[]) => pairs.map(([a, b]) => Object.fromEntries(keys.map((k) => [k, points[b][k] - points[a][k]])) as Point);
  const observed = differences(score(new Float64Array(n).fill(1)));
  const draws = pairs.map(() => Object.fromEntries(keys.map((k) => [k, new Float64Array(options.resamples)])) as Record<(typeof keys)[number], Float64Array>);
  const random = rng(options.seed);
  const w = new Float64Array(n);
  for (let r = 0; r < options.resamples; r++) {
    if (options.signal?.aborted) throw Object.assign(new Error('the computation was cancelled'), { name: 'AbortError' });
    w.fill(0);
    for (const group of [rare, common]) for (let j = 0; j < group.length; j++) w[group[Math.floor(random() * group.length)]] += 1;
    differences(score(w)).forEach((d, p) => { for (const k of keys) draws[p][k][r] = d[k]; });
    await options.pause?.();
  }
  return pairs.map((_, p) => {
    const out = { resamples: options.resamples } as Comparison;
    for (const k of keys) {
      const sorted = draws[p][k].sort();
      out[k] = { value: observed[p][k], low: percentile(sorted, 0.025), high: percentile(sorted, 0.975) };
    }
    return out;
  });
}
