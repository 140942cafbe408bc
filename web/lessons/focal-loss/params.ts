/**
 * The lesson's state, one row per value: the controls, the URL (?ratio=…&gamma=…) and its
 * validation all come from this table, so a shared link reproduces the sender's run exactly
 * (same seed, same data, same two models, same number of steps when they press Play).
 */
import type { ParamTable } from '../../state/params';

/** The γ values of the modulating-factor figure (γ = 0 is plain cross-entropy). */
export const FACTOR_GAMMAS = [0, 0.5, 1, 2, 5] as const;
/**
 * Okabe–Ito palette slots (styles.css --series-N), one per γ curve: cross-entropy (γ = 0) in
 * the BCE model's blue and the lesson's γ = 2 in the focal model's purple, as in every figure.
 */
export const GAMMA_SERIES: Record<number, number> = { 0: 3, 0.5: 2, 1: 5, 2: 4, 5: 6 };
/** One palette slot per trained model, fixed across every figure and table. */
// Focal is reddish purple, not orange: the rare class's dots are vermillion (series 1), and an
// orange model beside them read as "the rare class's model".
export const MODEL_SERIES = { bce: 3, tuned: 7, focal: 4, majority: 6 } as const;

export const MODEL_LABELS: Record<string, string> = { logistic: 'Logistic regression', mlp: 'Small MLP (8 tanh units)' };

/**
 * Training budget of one run: Play stops here, so every run of a link ends in the same place.
 * 120 full-batch Adam steps: both models have settled by then (the held-out PR-AUC moves in the
 * second or third decimal between step 100 and 400 at the defaults), and a step of the MLP on
 * 10,000 training points costs about 7-13 ms in the core, so the two models take 2-3 s,
 * streamed to the page frame by frame.
 */
export const MAX_STEPS = 120;
/** Optimizer steps per Step press (and per animation frame at speed 1×): 21 frames per run. */
export const STEPS_PER_TICK = 6;

export const params: ParamTable = [
  { name: 'seed', type: 'integer', label: 'Seed', default: 1, min: 1, max: 99999 },
  { name: 'ratio', type: 'integer', label: 'Imbalance (negatives per positive, 1:N)', default: 100, min: 1, max: 200 },
  { name: 'noise', type: 'number', label: 'Noise (spread of each class)', default: 1, min: 0.4, max: 2.5, step: 0.1 },
  { name: 'model', type: 'choice', label: 'Model (the same for both sides)', default: 'mlp', options: ['logistic', 'mlp'] },
  { name: 'gamma', type: 'number', label: 'Focal γ (focusing)', default: 2, min: 0, max: 5, step: 0.1 },
  { name: 'alpha', type: 'number', label: 'Focal α (weight of the rare class)', default: 0.75, min: 0, max: 1, step: 0.05 },
  { name: 'weighting', type: 'boolean', label: 'Use the α class weight in focal (off: α_t = 1)', default: true },
  { name: 'prior', type: 'boolean', label: 'Start both models at the prior: bias = log(π / (1 − π))', default: false },
  { name: 'pt', type: 'number', label: 'Marker p_t', default: 0.9, min: 0.01, max: 0.99, step: 0.01 },
  { name: 'data', type: 'choice', label: 'Data', default: 'lab', options: ['lab', 'local'] },
];
