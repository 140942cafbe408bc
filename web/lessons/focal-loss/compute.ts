/**
 * The focal-loss lesson's experiments, free of the DOM so Vitest can run them under Node exactly
 * as the page does: the data, the two sessions' options (identical but for the loss), the focal
 * parameters in torchvision's convention and the weight ratio read off the core's own losses.
 */
import type { Dataset, LossLab, SessionOptions } from 'loss-lab';
import type { StateStore } from '../../state/store';
import { MAX_STEPS } from './params';

export type Side = 'bce' | 'focal';
export const SIDES: readonly Side[] = ['bce', 'focal'];
export const SIDE_LABELS: Record<Side, string> = { bce: 'BCE', focal: 'Focal' };

/** Data: two Gaussian clouds 2.5 apart on the first axis; half of the points held out. */
export const DATA_POINTS = 3000;
export const SEPARATION = 2.5;
export const LEARNING_RATE = 0.05;
export const PRIOR_STEPS = 150;

export interface LessonState {
  seed: number;
  ratio: number;
  noise: number;
  model: 'logistic' | 'mlp';
  gamma: number;
  alpha: number;
  weighting: boolean;
  prior: boolean;
  pt: number;
}

export function readState(store: StateStore): LessonState {
  return {
    seed: store.get<number>('seed'), ratio: store.get<number>('ratio'), noise: store.get<number>('noise'),
    model: store.get<string>('model') as 'logistic' | 'mlp', gamma: store.get<number>('gamma'), alpha: store.get<number>('alpha'),
    weighting: store.get<boolean>('weighting'), prior: store.get<boolean>('prior'), pt: store.get<number>('pt'),
  };
}

/** The focal parameters as the core takes them: α < 0 turns the class weighting off (torchvision). */
export function focalParams(s: Pick<LessonState, 'gamma' | 'alpha' | 'weighting'>): Record<string, number> {
  return { gamma: s.gamma, alpha: s.weighting ? s.alpha : -1 };
}

/** The logit whose sigmoid is p (the marker and the curves are evaluated at logits). */
export const logit = (p: number) => Math.log(p / (1 - p));

/**
 * How many times less an example with probability p_t of its true class weighs under focal
 * (without α) than under cross-entropy: the ratio of the two losses the core computes.
 */
export function weightRatio(lab: LossLab, pt: number, gamma: number): { ratio: number; focal: number; ce: number } {
  const z = [logit(pt)];
  const focal = lab.loss('focal', z, [1], { params: { gamma, alpha: -1 } }).value as number;
  const ce = lab.loss('bce_logits', z, [1]).value as number;
  return { ratio: focal > 0 ? ce / focal : Number.POSITIVE_INFINITY, focal, ce };
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'more than a million';
  if (ratio >= 100) return Math.round(ratio).toLocaleString('en-US');
  if (ratio >= 10) return ratio.toFixed(1).replace(/\.0$/, '');
  return ratio.toFixed(2).replace(/0$/, '').replace(/\.0?$/, '');
}

export interface ImbalancedData {
  data: Dataset;
  /** Share of the rare class among the training points. */
  prior: number;
  xRange: readonly [number, number];
  yRange: readonly [number, number];
}

export function makeData(lab: LossLab, s: Pick<LessonState, 'seed' | 'ratio' | 'noise'>): ImbalancedData {
  const data = lab.dataset('imbalanced', { n: DATA_POINTS, seed: s.seed, ratio: s.ratio, std: s.noise, separation: SEPARATION, validation: 0.5 });
  let positives = 0;
  for (const label of data.y) positives += label;
  const prior = positives / Math.max(1, data.y.length);
  const reach = 3 * s.noise + 0.5;
  return { data, prior, xRange: [-SEPARATION / 2 - reach, SEPARATION / 2 + reach], yRange: [-reach, reach] };
}

/** The session options of one side: everything but the loss is shared, so the two start identical. */
export function sessionOptions(d: ImbalancedData, s: LessonState, side: Side, prior = s.prior): SessionOptions {
  const bias = Math.log(d.prior / (1 - d.prior));
  const base = s.model === 'mlp' ? { name: 'mlp' as const, hidden: [8], activation: 'tanh' as const, task: 'binary' as const } : { name: 'logistic' as const };
  const model = prior && Number.isFinite(bias) ? { ...base, outputBias: bias } : base;
  return {
    model: model as SessionOptions['model'],
    loss: side === 'bce' ? 'bce_logits' : 'focal',
    ...(side === 'focal' ? { lossParams: focalParams(s) } : {}),
    optimizer: 'adam',
    params: { lr: LEARNING_RATE },
    epochs: MAX_STEPS,
    seed: s.seed,
    // Training points only: the held-out half is scored here through lab.metrics, so the core
    // need not evaluate it after every step.
    data: { x: d.data.x, y: d.data.y, features: 2 },
  };
}

