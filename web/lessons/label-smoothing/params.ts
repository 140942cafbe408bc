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

/** The largest K the lesson takes: the classes slider's maximum, and the limit for a learner's file. */
export const MAX_CLASSES = 10;

export const params: ParamTable = [
  { name: 'classes', type: 'integer', label: 'Classes K', default: 5, min: 3, max: MAX_CLASSES },
  { name: 'epsilon', type: 'number', label: 'Smoothing ε', default: 0.1, min: 0, max: 0.99, step: 0.01 },
  { name: 'noise', type: 'number', label: 'Label noise', default: 0.2, min: 0, max: 0.5, step: 0.01 },
  { name: 'seed', type: 'integer', label: 'Seed', default: 7, min: 1, max: 99999 },
  { name: 'model', type: 'choice', label: 'Model', default: 'mlp', options: MODELS },
  // 'local' when the learner trains on a CSV of their own: the file stays in their browser (saved
  // work), so a link made with it only says so (shared/own-data.ts).
  { name: 'data', type: 'choice', label: 'Data', default: 'lab', options: ['lab', 'local'] },
];

/** Optimiser steps of one training run (full batch, Adam), and steps between two frames of it. */
export const TRAIN_STEPS = 300;
export const STEPS_PER_FRAME = 4;
/** The step a frame of the training figure shows (frame 0 is the untrained pair). */
export const stepOfFrame = (frame: number) => Math.min(TRAIN_STEPS, frame * STEPS_PER_FRAME);
export const LAST_FRAME = Math.ceil(TRAIN_STEPS / STEPS_PER_FRAME);

/** The state the figures read: the parameters above plus the lesson's transient values. */
export interface LessonState {
  classes: number;
  epsilon: number;
  noise: number;
  seed: number;
  model: ModelChoice;
  /** lab | local: whether the figures train on the learner's own CSV (its rows stay local) */
  data: string;
  /** the id of the learner's own dataset (shared/own-data.ts), or null for the lab's blobs; a local value */
  owndata: string | null;
  /** the frame the training figure shows (its playback position), followed by later figures */
  trainingFrame: number;
  /** the step "Fit a temperature now" asked for; null until pressed (the fit at the end is always ready) */
  fitStep: number | null;
}
