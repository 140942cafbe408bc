/**
 * The regularisation lesson's state, one row per value: the controls, the URL and its validation
 * all come from this table, so a shared link reproduces the sender's figures exactly.
 */
import type { ParamTable } from '../../state/params';

export const params: ParamTable = [
  { name: 'w1', type: 'number', label: 'Unpenalised optimum w₁*', default: 2, min: -2.5, max: 2.5, step: 0.05 },
  { name: 'w2', type: 'number', label: 'Unpenalised optimum w₂*', default: 0.6, min: -2.5, max: 2.5, step: 0.05 },
  { name: 'rho', type: 'number', label: 'Correlation ρ of the two features', default: 0.5, min: -0.9, max: 0.9, step: 0.05 },
  { name: 'budget', type: 'number', label: 'Budget t (the regions reach (±t, 0) and (0, ±t))', default: 1, min: 0.2, max: 2.5, step: 0.05 },
  { name: 'alpha', type: 'number', label: 'Elastic-net mix α (1 = L1, 0 = L2)', default: 0.5, min: 0, max: 1, step: 0.05 },
  { name: 'lambda', type: 'number', label: 'Penalty strength λ', default: 0.2, min: 0.001, max: 10, step: 0.001 },
  { name: 'penalty', type: 'choice', label: 'Penalty of the error curves', default: 'lasso', options: ['lasso', 'elastic-net', 'ridge'] },
  { name: 'seed', type: 'integer', label: 'Seed of the regression data', default: 3, min: 1, max: 9999 },
  { name: 'patience', type: 'integer', label: 'Patience (epochs without improvement)', default: 20, min: 1, max: 300 },
  { name: 'mindelta', type: 'number', label: 'min_delta (smallest improvement that counts)', default: 0, min: 0, max: 0.02, step: 0.0005 },
  { name: 'l2', type: 'number', label: 'L2 strength of the comparison fit', default: 0.01, min: 0.0001, max: 0.1, step: 0.0001 },
  { name: 'decay', type: 'number', label: 'λ of Adam + L2 and of AdamW', default: 0.1, min: 0.001, max: 1, step: 0.001 },
];

export interface LessonState {
  w1: number;
  w2: number;
  rho: number;
  budget: number;
  alpha: number;
  lambda: number;
  penalty: 'lasso' | 'elastic-net' | 'ridge';
  seed: number;
  patience: number;
  mindelta: number;
  l2: number;
  decay: number;
}

/** Palette slots (styles.css --series-N), one per penalty, fixed across figures. */
export const PENALTY_SERIES = { lasso: 1, 'elastic-net': 3, ridge: 2 } as const;
