/**
 * The lesson's state, one row per value: the controls, the URL (?ratio=…&gamma=…) and its
 * validation all come from this table, so a shared link reproduces the sender's run exactly
 * (same seed, same data, same two models, same number of steps when they press Play).
 */
import type { ParamTable } from '../../state/params';

/** The γ values of the modulating-factor figure (γ = 0 is plain cross-entropy). */
export const FACTOR_GAMMAS = [0, 0.5, 1, 2, 5] as const;
/** Okabe–Ito palette slots (styles.css --series-N), one per γ curve. */
export const GAMMA_SERIES: Record<number, number> = { 0: 1, 0.5: 2, 1: 3, 2: 5, 5: 6 };
/** One palette slot per trained model, fixed across every figure and table. */
export const MODEL_SERIES = { bce: 3, focal: 5, majority: 6 } as const;

export const MODEL_LABELS: Record<string, string> = { logistic: 'Logistic regression', mlp: 'Small MLP (8 tanh units)' };

/** Training budget of one run: Play stops here, so every run of a link ends in the same place. */
export const MAX_STEPS = 400;
/** Optimizer steps per Step press (and per animation frame at speed 1×). */
export const STEPS_PER_TICK = 4;

export const params: ParamTable = [
  { name: 'seed', type: 'integer', label: 'Seed', default: 1, min: 1, max: 99999 },
  { name: 'ratio', type: 'integer', label: 'Imbalance (negatives per positive, 1:N)', default: 100, min: 1, max: 200 },
  { name: 'noise', type: 'number', label: 'Noise (spread of each class)', default: 1, min: 0.4, max: 2.5, step: 0.1 },
  { name: 'model', type: 'choice', label: 'Model (the same for both sides)', default: 'logistic', options: ['logistic', 'mlp'] },
  { name: 'gamma', type: 'number', label: 'Focal γ (focusing)', default: 2, min: 0, max: 5, step: 0.1 },
  { name: 'alpha', type: 'number', label: 'Focal α (weight of the rare class)', default: 0.75, min: 0, max: 1, step: 0.05 },
  { name: 'weighting', type: 'boolean', label: 'Use the α class weight in focal (off: α_t = 1)', default: true },
  { name: 'prior', type: 'boolean', label: 'Start both models at the prior: bias = log(π / (1 − π))', default: false },
  { name: 'pt', type: 'number', label: 'Marker p_t', default: 0.9, min: 0.01, max: 0.99, step: 0.01 },
];
