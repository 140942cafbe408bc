/**
 * The lesson's state, one row per value: the controls, the URL (?classes=…&epsilon=…) and its
 * validation all come from this table. ε stops at 0.99 because the core (like PyTorch) needs
 * label_smoothing < 1: at ε = 1 the target is uniform and says nothing about the class.
 */
import type { ParamTable } from '../../state/params';

export const MODELS = ['mlp', 'softmax'] as const;
export type ModelChoice = (typeof MODELS)[number];
export const MODEL_LABELS: Record<ModelChoice, string> = {
  mlp: 'Small MLP (32 tanh units)',
  softmax: 'Softmax regression (linear)',
};

/** Palette slots (styles.css --series-N), fixed across figures: hard labels vs smoothed. */
export const SERIES = { hard: 1, smooth: 3 } as const;

export const params: ParamTable = [
  { name: 'classes', type: 'integer', label: 'Classes K', default: 5, min: 3, max: 10 },
  { name: 'epsilon', type: 'number', label: 'Smoothing ε', default: 0.1, min: 0, max: 0.99, step: 0.01 },
  { name: 'noise', type: 'number', label: 'Label noise', default: 0.2, min: 0, max: 0.5, step: 0.01 },
  { name: 'seed', type: 'integer', label: 'Seed', default: 7, min: 1, max: 99999 },
  { name: 'model', type: 'choice', label: 'Model', default: 'mlp', options: MODELS },
];
