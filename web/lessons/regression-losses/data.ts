/**
 * The learner's points: the core's seeded data (200 points on y = 3x with noise 0.5, `outliers`
 * of them shifted by +50) after the learner's moves, additions and removals. Pure, apart from
 * the one engine call that generates the data.
 */
import type { AsyncLossLab } from 'loss-lab';
import { makeDataset, type Dataset } from '../shared/data';
import { ownData } from '../shared/own-data';
import type { Tuples } from './params';

export interface Points {
  x: Float64Array;
  y: Float64Array;
  /** visible index -> index in generated ++ added */
  source: number[];
  generated: number;
}

/** The same points from the same sources: the fits figure then keeps the scatter it drew. */
export const samePoints = (a: Points, b: Points) =>
  a.x.length === b.x.length && a.generated === b.generated && a.x.every((v, i) => v === b.x[i] && a.y[i] === b.y[i] && a.source[i] === b.source[i]);

export function combinePoints(base: { x: ArrayLike<number>; y: ArrayLike<number> }, moves: Tuples, added: Tuples, removed: Tuples): Points {
  const n = base.x.length;
  const xs = [...Array.from(base.x), ...added.map((p) => p[0])];
  const ys = [...Array.from(base.y), ...added.map((p) => p[1])];
  for (const [i, x, y] of moves) if (i < n) { xs[i] = x; ys[i] = y; }
  const gone = new Set(removed.map((r) => r[0]));
  const source = xs.map((_, i) => i).filter((i) => !gone.has(i));
  return { x: Float64Array.from(source, (i) => xs[i]), y: Float64Array.from(source, (i) => ys[i]), source, generated: n };
}

export function lossParams(loss: string, state: { delta: number; tau: number }): Record<string, number> | undefined {
  if (loss === 'huber') return { delta: state.delta };
  if (loss === 'quantile') return { tau: state.tau };
  return undefined;
}

export interface DataState {
  seed: number;
  outliers: number;
  moves: Tuples;
  added: Tuples;
  removed: Tuples;
  /** The learner's own dataset (its id), in place of the generated points; absent or null: the lab's. */
  owndata?: string | null;
}

export const isEdited = (s: DataState): boolean => s.moves.length + s.added.length + s.removed.length > 0;

/** The generated data before any edit. */
export function generated(engine: AsyncLossLab, seed: number, outliers: number): Promise<Dataset> {
  return makeDataset(engine, 'linear', { n: 200, seed, slope: 3, noise: 0.5, outliers, outlier_shift: 50 });
}

/** The generated data and the learner's points made from it. */
export async function learnerPoints(engine: AsyncLossLab, s: DataState): Promise<{ base: Dataset; points: Points }> {
  const own = ownData(s.owndata);
  const empty = new Float64Array(0);
  const base = own ? { x: own.x, y: own.y, xVal: empty, yVal: empty, outlier: new Uint8Array(own.x.length) } : await generated(engine, s.seed, s.outliers);
  return { base, points: combinePoints(base, s.moves, s.added, s.removed) };
}
