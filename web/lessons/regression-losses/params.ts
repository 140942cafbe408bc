/**
 * The lesson's state, one row per value: the controls, the URL (?seed=…&delta=…) and its
 * validation all come from this table. Learner edits to the data are stored as compact lists:
 * moves ([index, x, y] of a generated point), added points ([x, y]) and removed indices.
 */
import type { ParamTable } from '../../state/params';

/** The losses fitted in the first figures, by their names in the core's registry. */
export const LINE_LOSSES = ['mse', 'mae', 'huber', 'log_cosh', 'quantile'] as const;
export type LineLoss = (typeof LINE_LOSSES)[number];

export const LOSS_LABELS: Record<LineLoss, string> = {
  mse: 'MSE', mae: 'MAE', huber: 'Huber', log_cosh: 'Log-cosh', quantile: 'Quantile',
};
/** Okabe–Ito palette slots (styles.css --series-N), one per loss, fixed across figures. */
export const LOSS_SERIES: Record<LineLoss, number> = { mse: 1, mae: 2, huber: 3, log_cosh: 4, quantile: 5 };

/** The plotting window of the scatter, which is also the range an edited point may take. */
export const X_RANGE = [-4, 8] as const;
export const Y_RANGE = [-20, 70] as const;

/** A generated point's edit: [index, x, y] moves, [x, y] additions, [index] removals. */
export type Tuples = ReadonlyArray<readonly number[]>;

/** The lesson state as figures and questions read it: the table below plus the local hover. */
export interface State {
  seed: number;
  outliers: number;
  show: readonly LineLoss[];
  delta: number;
  tau: number;
  focus: LineLoss;
  moves: Tuples;
  added: Tuples;
  removed: Tuples;
  power: number;
  /** 'local' while the learner's own CSV is in use (a link then says so; it never carries the data). */
  data: 'lab' | 'local';
  /** The id of the learner's own dataset (shared/own-data.ts), or null for the lab's data. A local value. */
  owndata: string | null;
  /** The point under the pointer (its index among the learner's points), shared by the fits and pull figures. */
  hovered: number | null;
}

export const params: ParamTable = [
  { name: 'seed', type: 'integer', label: 'Seed', default: 1, min: 1, max: 99999 },
  { name: 'outliers', type: 'integer', label: 'Outliers (+50)', default: 10, min: 0, max: 40 },
  { name: 'show', type: 'set', label: 'Lines shown', default: ['mse', 'mae', 'huber'], options: LINE_LOSSES },
  { name: 'delta', type: 'number', label: 'Huber δ', default: 1, min: 0.05, max: 20, step: 0.05 },
  { name: 'tau', type: 'number', label: 'Quantile τ', default: 0.9, min: 0.01, max: 0.99, step: 0.01 },
  { name: 'focus', type: 'choice', label: 'Show the pull under', default: 'mse', options: LINE_LOSSES },
  {
    name: 'moves', type: 'tuples', label: 'Moved points', maxRows: 60, default: [],
    columns: [
      { name: 'index', min: 0, max: 999, step: 1 },
      { name: 'x', min: X_RANGE[0], max: X_RANGE[1], step: 0.01 },
      { name: 'y', min: Y_RANGE[0], max: Y_RANGE[1], step: 0.01 },
    ],
  },
  {
    name: 'added', type: 'tuples', label: 'Added points', maxRows: 40, default: [],
    columns: [
      { name: 'x', min: X_RANGE[0], max: X_RANGE[1], step: 0.01 },
      { name: 'y', min: Y_RANGE[0], max: Y_RANGE[1], step: 0.01 },
    ],
  },
  {
    name: 'removed', type: 'tuples', label: 'Removed points', maxRows: 60, default: [],
    columns: [{ name: 'index', min: 0, max: 999, step: 1 }],
  },
  { name: 'power', type: 'number', label: 'Tweedie power p', default: 1.5, min: 1.1, max: 1.9, step: 0.05 },
  { name: 'data', type: 'choice', label: 'Data', default: 'lab', options: ['lab', 'local'] },
];
