/**
 * Turns the lesson state into calls of the core. Every trajectory is one engine.optimize call
 * that returns the whole run (path, losses, per-step optimizer state, divergence); nothing here
 * does optimizer math itself. No DOM: the figures and the questions share it.
 */
import type { AsyncLossLab, OptimizeOptions, OptimizeResult, OptimizerName, OptimizerParams, Schedule, SurfaceInfo } from 'loss-lab';
import { defaults, type StateValues } from '../../state/params';
import { fullParams, MOVED_KEYS, RACERS, type LessonSurface, type Racer, type ScheduleChoice } from './params';
import { engineMemo } from '../shared/engine-memo';

export interface RaceSettings {
  surface: LessonSurface;
  kappa: number;
  angle: number;
  start: [number, number];
  steps: number;
  schedule: ScheduleChoice;
  scheduleParams: { step_size: number; gamma: number; decay: number; t0: number; warmup: number; pct: number };
  noise: number;
  seeds: number;
  seed: number;
  bias: boolean;
  hyper: { mu_momentum: number; mu_nesterov: number; alpha: number; beta1: number; beta2: number; eps: number; wd: number; amsgrad: boolean };
  lr: Record<Racer, number>;
}

/** The state keys settingsFrom reads: the deps of every figure that runs the race (lr-schedules). */
export const SETTINGS_KEYS = [
  'surface', 'kappa', 'angle', 'sx', 'sy', 'steps', 'schedule', 'step_size', 'gamma', 'decay', 't0', 'warmup', 'pct',
  'noise', 'seeds', 'seed', 'bias', 'mu_momentum', 'mu_nesterov', 'alpha', 'beta1', 'beta2', 'eps', 'wd', 'amsgrad',
  ...RACERS.map((r) => `lr_${r}`),
] as const;

/** The keys "How optimizers move" has: no schedule, no noise (those runs are constant-lr, full-batch). */
export const CORE_SETTINGS_KEYS = SETTINGS_KEYS.filter((k) => !(MOVED_KEYS as readonly string[]).includes(k));

const FULL_DEFAULTS = defaults(fullParams);

/**
 * The race settings from a state. `keys` are the keys this state has (a figure's deps): a key
 * outside them (a schedule key in "How optimizers move") takes its default, so constant lr, no noise.
 */
export function settingsFrom(values: Readonly<StateValues>, keys: readonly string[] = SETTINGS_KEYS): RaceSettings {
  const has = new Set(keys);
  const get = (k: string) => (has.has(k) ? values[k] : FULL_DEFAULTS[k]);
  const n = (k: string) => get(k) as number;
  const lr = Object.fromEntries(RACERS.map((r) => [r, n(`lr_${r}`)])) as Record<Racer, number>;
  return {
    surface: get('surface') as LessonSurface,
    kappa: n('kappa'), angle: n('angle'), start: [n('sx'), n('sy')], steps: n('steps'),
    schedule: get('schedule') as ScheduleChoice,
    scheduleParams: { step_size: n('step_size'), gamma: n('gamma'), decay: n('decay'), t0: n('t0'), warmup: n('warmup'), pct: n('pct') },
    noise: n('noise'), seeds: n('seeds'), seed: n('seed'), bias: get('bias') as boolean,
    hyper: { mu_momentum: n('mu_momentum'), mu_nesterov: n('mu_nesterov'), alpha: n('alpha'), beta1: n('beta1'), beta2: n('beta2'), eps: n('eps'), wd: n('wd'), amsgrad: get('amsgrad') as boolean },
    lr,
  };
}

export function surfaceParams(s: Pick<RaceSettings, 'surface' | 'kappa' | 'angle'>): Record<string, number> | undefined {
  return s.surface === 'quadratic' ? { kappa: s.kappa, angle: s.angle } : undefined;
}

/** The schedule in torch.optim.lr_scheduler's terms, sized to the run. */
export function scheduleFor(s: Pick<RaceSettings, 'schedule' | 'scheduleParams' | 'steps'>): Schedule | undefined {
  const p = s.scheduleParams;
  switch (s.schedule) {
    case 'constant': return undefined;
    case 'step': return { name: 'step', step_size: p.step_size, gamma: p.gamma };
    case 'exponential': return { name: 'exponential', gamma: p.decay };
    case 'cosine': return { name: 'cosine', T_max: s.steps };
    case 'cosine_warm_restarts': return { name: 'cosine_warm_restarts', T_0: p.t0 };
    case 'warmup_cosine': {
      const warmup = Math.min(p.warmup, s.steps - 1);
      return { name: 'cosine', T_max: Math.max(1, s.steps - warmup), warmup: { warmup_steps: warmup, start_factor: 0.01 } };
    }
    case 'one_cycle': return { name: 'one_cycle', total_steps: s.steps, pct_start: p.pct };
  }
}

/** A racer as a torch.optim optimizer with its arguments. */
export function optimizerFor(racer: Racer, s: RaceSettings, lr = s.lr[racer]): { optimizer: OptimizerName; params: OptimizerParams } {
  const h = s.hyper;
  switch (racer) {
    case 'sgd': return { optimizer: 'sgd', params: { lr } };
    case 'momentum': return { optimizer: 'sgd', params: { lr, momentum: h.mu_momentum } };
    case 'nesterov': return { optimizer: 'sgd', params: { lr, momentum: h.mu_nesterov, nesterov: h.mu_nesterov > 0 } };
    case 'rmsprop': return { optimizer: 'rmsprop', params: { lr, alpha: h.alpha, eps: h.eps } };
    case 'adagrad': return { optimizer: 'adagrad', params: { lr, eps: h.eps } };
    case 'adam': return { optimizer: 'adam', params: { lr, betas: [h.beta1, h.beta2], eps: h.eps, amsgrad: h.amsgrad, bias_correction: s.bias } };
    case 'adamw': return { optimizer: 'adamw', params: { lr, betas: [h.beta1, h.beta2], eps: h.eps, amsgrad: h.amsgrad, weight_decay: h.wd, bias_correction: s.bias } };
  }
}

export function optimizeOptions(racer: Racer, s: RaceSettings, options: { lr?: number; seedOffset?: number; steps?: number } = {}): OptimizeOptions {
  const { optimizer, params } = optimizerFor(racer, s, options.lr);
  let schedule = scheduleFor(s);
  if (schedule?.name === 'one_cycle') {
    // torch's OneCycleLR cycles momentum (or β₁) by default; optimizers without one cannot.
    const hasMomentum = optimizer === 'adam' || optimizer === 'adamw' || (optimizer === 'sgd' && (params.momentum ?? 0) > 0);
    schedule = { ...schedule, cycle_momentum: hasMomentum };
  }
  return {
    surface: s.surface,
    ...(surfaceParams(s) ? { surfaceParams: surfaceParams(s) } : {}),
    optimizer, params,
    ...(schedule ? { schedule } : {}),
    start: s.start,
    steps: options.steps ?? s.steps,
    ...(s.noise > 0 ? { noise: { std: s.noise, seed: s.seed + (options.seedOffset ?? 0) } } : {}),
  };
}

/** Number of points actually reached (the path stops early when a run diverges). */
export const pointCount = (r: OptimizeResult) => Math.floor(r.path.length / 2);

export function surfaceInfo(engine: Pick<AsyncLossLab, 'surfaceList'>, name: LessonSurface): SurfaceInfo {
  const info = engine.surfaceList.find((s) => s.name === name);
  if (!info) throw new Error(`this build of the core has no '${name}' surface`);
  return info;
}

/** The sentence for a run that stopped early. */
export function divergenceText(r: OptimizeResult, surface: LessonSurface): string | undefined {
  if (!r.divergence.diverged) return undefined;
  const step = r.divergence.step;
  return surface === 'saddle'
    ? `left the plot at step ${step} (the saddle has no bottom: it keeps falling)`
    : `diverged at step ${step} (lr too large for this curvature)`;
}

/** The final loss of a run, Infinity when it diverged. */
export function finalLoss(r: OptimizeResult): number {
  if (r.divergence.diverged) return Number.POSITIVE_INFINITY;
  const v = r.loss[r.loss.length - 1];
  return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
}

export interface RaceRun {
  racer: Racer;
  main: OptimizeResult;
  /** extra seeds when noise is on */
  extra: OptimizeResult[];
}

export interface RaceRuns {
  runs: RaceRun[];
  /** racers the core refused to run with these settings, with its reason */
  failures: Array<{ racer: Racer; message: string }>;
}

const aborted = () => Object.assign(new Error('the computation was cancelled'), { name: 'AbortError' });

/**
 * The race's runs for these settings: every racing optimizer's run (and its extra seeds when noise
 * is on), one engine.optimize call each. Two figures of lr-schedules (the race and its loss curves)
 * ask for the same runs on every change: the latest few per engine are shared, so the worker runs
 * each optimizer once per setting, not once per figure. A run with a failure (a diverging setting,
 * a stopped worker) is not kept: the next request tries again.
 */
const sharedRaces = engineMemo<AsyncLossLab, RaceRuns>(4, (r) => r.failures.length === 0);

export async function raceRuns(engine: AsyncLossLab, s: RaceSettings, racing: readonly string[], signal?: AbortSignal): Promise<RaceRuns> {
  if (signal?.aborted) throw aborted();
  const racers = RACERS.filter((r) => racing.includes(r));
  const out = await sharedRaces(engine, JSON.stringify([s, racers]), () => runRace(engine, s, racers));
  if (signal?.aborted) throw aborted();
  return out;
}

async function runRace(engine: AsyncLossLab, s: RaceSettings, racers: readonly Racer[]): Promise<RaceRuns> {
  // Every call is sent at once: the worker runs them back to back, with one round trip in all.
  const settled = await Promise.allSettled(racers.map(async (racer) => {
    const extras = s.noise > 0 ? Array.from({ length: s.seeds - 1 }, (_, i) => engine.optimize(optimizeOptions(racer, s, { seedOffset: i + 1 }))) : [];
    const [main, ...extra] = await Promise.all([engine.optimize(optimizeOptions(racer, s)), ...extras]);
    return { racer, main, extra };
  }));
  const out: RaceRuns = { runs: [], failures: [] };
  racers.forEach((racer, i) => {
    const r = settled[i];
    if (r.status === 'fulfilled') out.runs.push(r.value);
    else out.failures.push({ racer, message: (r.reason as Error).message });
  });
  return out;
}
