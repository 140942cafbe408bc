/**
 * The lesson's state, one row per value: the controls, the URL (?alpha=…&ncal=…) and its
 * validation all come from this table, so a shared link reproduces the sender's figures exactly.
 */
import type { ParamTable } from '../../state/params';

export const MODELS = ['linear', 'mlp'] as const;
export type ModelChoice = (typeof MODELS)[number];

export const params: ParamTable = [
  { name: 'tau', type: 'number', label: 'Quantile level τ', default: 0.9, min: 0.05, max: 0.95, step: 0.05 },
  { name: 'skew', type: 'number', label: 'Skew of the sample', default: 1, min: 0, max: 1.5, step: 0.1 },
  { name: 'q', type: 'number', label: 'Candidate quantile q', default: 1, min: -3, max: 12, step: 0.05 },
  { name: 'alpha', type: 'number', label: 'Miscoverage α (the band aims to hold 1 − α)', default: 0.2, min: 0.05, max: 0.5, step: 0.05 },
  { name: 'model', type: 'choice', label: 'Quantile model', default: 'linear', options: [...MODELS] },
  { name: 'ntrain', type: 'integer', label: 'Training points for the quantile band', default: 20, min: 10, max: 400 },
  { name: 'ncal', type: 'integer', label: 'Calibration points n', default: 99, min: 19, max: 999 },
  { name: 'seed', type: 'integer', label: 'Seed', default: 1, min: 1, max: 99999 },
];

export interface State {
  tau: number;
  skew: number;
  q: number;
  alpha: number;
  model: ModelChoice;
  ntrain: number;
  ncal: number;
  seed: number;
  /** Presses of "Repeat over 50 seeds" (0: not yet). Transient, never in the URL. */
  repeats: number;
}

/** Palette slots (styles.css --series-N), one per concept across the figures. */
export const SERIES = { train: 0, held: 7, quantile: 5, split: 1, cqr: 2, loss: 3, grad: 4, nominal: 6 } as const;
