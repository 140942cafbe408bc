/**
 * The lesson's state table (controls, URL and validation all come from it) and the named
 * racers. A racer is an optimizer as the learner sees it ("momentum", "Nesterov") mapped onto
 * the core's torch.optim names: momentum and Nesterov are torch's SGD with momentum > 0.
 */
import type { ParamTable, ParamValue } from '../../state/params';

export const RACERS = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw'] as const;
export type Racer = (typeof RACERS)[number];

export const RACER_LABELS: Record<Racer, string> = {
  sgd: 'Gradient descent', momentum: 'Momentum', nesterov: 'Nesterov', rmsprop: 'RMSprop', adagrad: 'Adagrad', adam: 'Adam', adamw: 'AdamW',
};
/** Okabe–Ito palette slots (styles.css --series-N), fixed for a racer across every figure. */
export const RACER_SERIES: Record<Racer, number> = { sgd: 0, momentum: 1, nesterov: 2, rmsprop: 3, adagrad: 4, adam: 5, adamw: 6 };

export const SURFACES = ['quadratic', 'rosenbrock', 'beale', 'himmelblau', 'saddle'] as const;
export type LessonSurface = (typeof SURFACES)[number];
export const SURFACE_LABELS: Record<LessonSurface, string> = {
  quadratic: 'Ill-conditioned bowl (quadratic)', rosenbrock: 'Rosenbrock valley', beale: 'Beale', himmelblau: 'Himmelblau (four minima)', saddle: 'Saddle x² − y²',
};

export const SCHEDULES = ['constant', 'step', 'exponential', 'cosine', 'cosine_warm_restarts', 'warmup_cosine', 'one_cycle'] as const;
export type ScheduleChoice = (typeof SCHEDULES)[number];
export const SCHEDULE_LABELS: Record<ScheduleChoice, string> = {
  constant: 'Constant', step: 'Step decay', exponential: 'Exponential decay', cosine: 'Cosine annealing',
  cosine_warm_restarts: 'Cosine with warm restarts', warmup_cosine: 'Linear warmup, then cosine', one_cycle: 'One-cycle',
};

/**
 * Starting learning rates and start points per surface: sensible hand-picked values, not the
 * result of a sweep (the fair-comparison figure does the sweep). SGD on the bowl sits a little
 * under its stability limit 2/κ.
 */
export const PRESETS: Record<LessonSurface, { start: [number, number]; lr: Record<Racer, number> }> = {
  quadratic: { start: [-2.5, 1.5], lr: { sgd: 0.03, momentum: 0.01, nesterov: 0.01, rmsprop: 0.02, adagrad: 0.5, adam: 0.1, adamw: 0.1 } },
  rosenbrock: { start: [-1.5, 2], lr: { sgd: 0.001, momentum: 0.001, nesterov: 0.001, rmsprop: 0.01, adagrad: 0.5, adam: 0.1, adamw: 0.1 } },
  beale: { start: [1, 1.5], lr: { sgd: 0.01, momentum: 0.002, nesterov: 0.002, rmsprop: 0.03, adagrad: 0.5, adam: 0.1, adamw: 0.1 } },
  himmelblau: { start: [0.5, -0.5], lr: { sgd: 0.01, momentum: 0.002, nesterov: 0.002, rmsprop: 0.03, adagrad: 0.5, adam: 0.1, adamw: 0.1 } },
  saddle: { start: [-1.5, 0.05], lr: { sgd: 0.05, momentum: 0.01, nesterov: 0.01, rmsprop: 0.01, adagrad: 0.1, adam: 0.05, adamw: 0.05 } },
};

export const LR_RANGE = [1e-5, 1000] as const;
export const MAX_STEPS = 1000;

const lrRow = (racer: Racer) => ({
  name: `lr_${racer}`, type: 'number' as const, label: `${RACER_LABELS[racer]} learning rate`,
  default: PRESETS.quadratic.lr[racer], min: LR_RANGE[0], max: LR_RANGE[1], step: 1e-7,
});

/** Every key of the two optimizer lessons: "How optimizers move" uses all but MOVED_KEYS; "Learning-rate schedules and fair comparisons" uses all. */
export const fullParams: ParamTable = [
  { name: 'surface', type: 'choice', label: 'Surface', default: 'quadratic', options: SURFACES },
  { name: 'kappa', type: 'number', label: 'Condition number κ', default: 50, min: 1, max: 1000, step: 0.01 },
  { name: 'angle', type: 'number', label: 'Rotation (degrees)', default: 0, min: -90, max: 90, step: 1 },
  { name: 'sx', type: 'number', label: 'Start x', default: PRESETS.quadratic.start[0], min: -4.5, max: 4.5, step: 0.01 },
  { name: 'sy', type: 'number', label: 'Start y', default: PRESETS.quadratic.start[1], min: -4.5, max: 4.5, step: 0.01 },
  { name: 'racers', type: 'set', label: 'Racing', default: ['sgd', 'momentum', 'rmsprop', 'adam'], options: RACERS },
  ...RACERS.map(lrRow),
  { name: 'mu_momentum', type: 'number', label: 'Momentum μ', default: 0.9, min: 0, max: 0.99, step: 0.01 },
  { name: 'mu_nesterov', type: 'number', label: 'Nesterov μ', default: 0.9, min: 0, max: 0.99, step: 0.01 },
  { name: 'alpha', type: 'number', label: 'RMSprop α (square-average decay)', default: 0.99, min: 0.5, max: 0.999, step: 0.001 },
  { name: 'beta1', type: 'number', label: 'Adam/AdamW β₁', default: 0.9, min: 0, max: 0.99, step: 0.01 },
  { name: 'beta2', type: 'number', label: 'Adam/AdamW β₂', default: 0.999, min: 0.5, max: 0.9999, step: 0.0001 },
  { name: 'eps', type: 'number', label: 'ε (RMSprop, Adagrad, Adam, AdamW)', default: 1e-8, min: 1e-10, max: 1, step: 1e-11 },
  { name: 'wd', type: 'number', label: 'AdamW weight decay', default: 0.01, min: 0, max: 1, step: 0.001 },
  { name: 'amsgrad', type: 'boolean', label: 'AMSGrad (Adam and AdamW)', default: false },
  { name: 'steps', type: 'integer', label: 'Steps', default: 150, min: 10, max: MAX_STEPS },
  { name: 't', type: 'integer', label: 'Step shown', default: MAX_STEPS, min: 0, max: MAX_STEPS },
  { name: 'inspect', type: 'choice', label: 'Look inside', default: 'adam', options: RACERS },
  { name: 'bias', type: 'boolean', label: 'Adam bias correction', default: true },
  { name: 'schedule', type: 'choice', label: 'Learning-rate schedule', default: 'constant', options: SCHEDULES },
  { name: 'step_size', type: 'integer', label: 'Step decay: every N steps', default: 50, min: 1, max: MAX_STEPS },
  { name: 'gamma', type: 'number', label: 'Step decay: factor γ', default: 0.5, min: 0.01, max: 1, step: 0.01 },
  { name: 'decay', type: 'number', label: 'Exponential: γ per step', default: 0.98, min: 0.9, max: 1, step: 0.001 },
  { name: 't0', type: 'integer', label: 'Warm restarts: first period T₀', default: 40, min: 1, max: MAX_STEPS },
  { name: 'warmup', type: 'integer', label: 'Warmup steps', default: 20, min: 1, max: MAX_STEPS },
  { name: 'pct', type: 'number', label: 'One-cycle: rising fraction', default: 0.3, min: 0.05, max: 0.95, step: 0.01 },
  { name: 'noise', type: 'number', label: 'Gradient noise σ (small batch = large σ)', default: 0, min: 0, max: 20, step: 0.1 },
  { name: 'seeds', type: 'integer', label: 'Seeds drawn', default: 4, min: 1, max: 8 },
  { name: 'seed', type: 'integer', label: 'Seed', default: 1, min: 1, max: 99999 },
];

/**
 * The keys that moved to the lesson "Learning-rate schedules and fair comparisons" (slug
 * lr-schedules) when the old optimizers lesson was split: an old link carrying any of them is
 * redirected there with its whole state (lesson.ts).
 */
export const MOVED_KEYS = ['schedule', 'step_size', 'gamma', 'decay', 't0', 'warmup', 'pct', 'noise', 'seeds', 'seed'] as const;

/** "How optimizers move": everything but the schedules, the noise and the seeds. */
export const params: ParamTable = fullParams.filter((p) => !(MOVED_KEYS as readonly string[]).includes(p.name));

/** The lesson's state as figures read it: the table's values plus the transient `sweep_job`. */
export type State = Record<string, ParamValue | null | undefined>;
