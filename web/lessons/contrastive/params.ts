/**
 * The lesson's state, one row per value: the controls, the URL (?tau=…&negatives=…) and its
 * validation all come from this table, so a shared link reproduces the sender's run exactly.
 */
import type { ParamTable } from '../../state/params';

export const params: ParamTable = [
  { name: 'tau', type: 'number', label: 'Temperature τ', default: 0.1, min: 0.01, max: 1, step: 0.01 },
  { name: 'batch', type: 'integer', label: 'Batch size N (pairs per step)', default: 32, min: 4, max: 128 },
  { name: 'negatives', type: 'integer', label: 'Negatives per anchor K (at most N − 1)', default: 31, min: 1, max: 127 },
  { name: 'hard', type: 'boolean', label: 'Hard negatives (the K most similar)', default: false },
  { name: 'positives', type: 'boolean', label: 'Positives only (no negatives)', default: false },
  { name: 'augmentation', type: 'number', label: 'Augmentation noise of a view', default: 0.3, min: 0, max: 1, step: 0.05 },
  { name: 'seed', type: 'integer', label: 'Seed', default: 1, min: 1, max: 9999 },
  { name: 'anchor', type: 'integer', label: 'Anchor shown (held-out pair)', default: 0, min: 0, max: 31 },
];

export interface LessonState {
  tau: number;
  batch: number;
  negatives: number;
  hard: boolean;
  positives: boolean;
  augmentation: number;
  seed: number;
  anchor: number;
  trainFrame: number;
}

/** Keys that start a new training run. */
export const TRAINING_KEYS = ['tau', 'batch', 'negatives', 'hard', 'positives', 'augmentation', 'seed'] as const;
export const STEPS = 400;
export const EVERY = 20;
/** Held-out pairs whose similarities and weights each frame carries (the anchor slider's range). */
export const DISPLAY = 32;
export const LEARNING_RATE = 0.01;
export const CLASSES = 4;
