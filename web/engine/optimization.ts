import type { RawModule, RawOptimizeCall, RawScheduleCall, RawSurfaceGridCall } from './generated/losslab.js';
import type { Configs } from './configs.js';
import { fail } from './errors.js';
import {
  checkKeys,
  deepFreeze,
  ElementBudget,
  limitsOf,
  requireInteger,
  requireName,
  requireNumber,
  requireObject,
  snapshot,
  unwrap,
  type Limits,
  type Plain,
  type PlainObject,
} from './values.js';

/** torch.optim names. */
export type OptimizerName = 'sgd' | 'rmsprop' | 'adagrad' | 'adam' | 'adamw';

/** Optimizer arguments by torch.optim's names; any subset, the rest take torch's defaults. */
export interface OptimizerParams {
  lr?: number;
  /** sgd, rmsprop */
  momentum?: number;
  /** sgd */
  dampening?: number;
  nesterov?: boolean;
  weight_decay?: number;
  /** rmsprop */
  alpha?: number;
  centered?: boolean;
  eps?: number;
  /** adagrad */
  lr_decay?: number;
  initial_accumulator_value?: number;
  /** adam, adamw */
  betas?: [number, number];
  amsgrad?: boolean;
  /** adam, adamw: false turns off the bias correction of m and v (a lesson toggle; torch always corrects) */
  bias_correction?: boolean;
}

export interface Warmup {
  /** lr multiplier at step 0 (torch.optim.lr_scheduler.LinearLR's start_factor; default 1/3) */
  start_factor?: number;
  warmup_steps: number;
}

/** A schedule, named and parameterised like torch.optim.lr_scheduler. */
export type Schedule = (
  | { name: 'constant'; factor?: number; total_iters?: number }
  | { name: 'step'; step_size: number; gamma?: number }
  | { name: 'exponential'; gamma: number }
  | { name: 'cosine'; T_max: number; eta_min?: number }
  | { name: 'cosine_warm_restarts'; T_0: number; T_mult?: number; eta_min?: number }
  | {
      name: 'one_cycle';
      max_lr?: number;
      total_steps?: number;
      pct_start?: number;
      anneal_strategy?: 'cos' | 'linear';
      div_factor?: number;
      final_div_factor?: number;
      three_phase?: boolean;
      cycle_momentum?: boolean;
      base_momentum?: number;
      max_momentum?: number;
    }
) & { warmup?: Warmup };

export type SurfaceName = 'rosenbrock' | 'beale' | 'himmelblau' | 'saddle' | 'quadratic' | 'camel';

export interface OptimizeOptions {
  surface: SurfaceName;
  /** rosenbrock: { a, b }; quadratic: { kappa, angle (degrees) } */
  surfaceParams?: Record<string, number>;
  optimizer: OptimizerName;
  params?: OptimizerParams;
  schedule?: Schedule;
  start: [number, number];
  steps: number;
  /** Gaussian noise added to each gradient coordinate (the mini-batch-noise figure). */
  noise?: { std: number; seed?: number };
}

export type Divergence = { diverged: false } | { diverged: true; step: number; reason: string };

export interface OptimizerTrace {
  /** name of `first`: 'momentum_buffer' (sgd, rmsprop) or 'm_hat' (adam, adamw); '' when none */
  firstName: string;
  /** 2 values per step, or null */
  first: Float64Array | null;
  /** name of `second`: 'square_avg' (rmsprop), 'sum' (adagrad), 'v_hat' (adam, adamw); '' when none */
  secondName: string;
  second: Float64Array | null;
  /** per step and coordinate: the factor multiplying the gradient (sgd: lr; adam: lr/(c₁(√v̂+ε))) */
  effectiveLr: Float64Array;
  /** per step and coordinate: θ_{t+1} − θ_t */
  step: Float64Array;
}

export interface OptimizeResult extends OptimizerTrace {
  /** x0, y0, x1, y1, …: steps + 1 points, fewer if the run diverged */
  path: Float64Array;
  /** loss at each point */
  loss: Float64Array;
  /** learning rate of each step taken */
  lr: Float64Array;
  /** gx, gy used at each step (noise included) */
  grad: Float64Array;
  /** momentum (or beta1) of each step when one_cycle cycles it, else null */
  momentum: Float64Array | null;
  divergence: Divergence;
}

export interface SurfaceInfo {
  name: SurfaceName;
  params: { name: string; default: number; min: number; max: number; description: string }[];
  view: { xmin: number; xmax: number; ymin: number; ymax: number };
  /** a run stops as diverged when |x| or |y| exceeds this */
  bound: number;
  minima: { x: number; y: number; value: number }[];
  latex: string;
  description: string;
}

export interface SurfaceGridOptions {
  surface: SurfaceName;
  surfaceParams?: Record<string, number>;
  /** defaults: the surface's view box */
  xmin?: number;
  xmax?: number;
  ymin?: number;
  ymax?: number;
  /** defaults 100 × 100 */
  nx?: number;
  ny?: number;
}

export interface SurfaceGrid {
  /** nx × ny values, row j at y = ymin + j (ymax − ymin)/(ny − 1), x varying fastest */
  values: Float64Array;
  nx: number;
  ny: number;
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
}

interface RawTrajectory extends Omit<OptimizeResult, 'divergence' | 'first' | 'second' | 'momentum'> {
  first: Float64Array;
  second: Float64Array;
  momentum: Float64Array;
  diverged: boolean;
  divergedStep: number;
  reason: string;
}

const optimizeKeys = ['surface', 'surfaceParams', 'optimizer', 'params', 'schedule', 'start', 'steps', 'noise'] as const;
const gridKeys = ['surface', 'surfaceParams', 'xmin', 'xmax', 'ymin', 'ymax', 'nx', 'ny'] as const;

function part(what: string, value: Plain | undefined): PlainObject | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value instanceof Float64Array) fail(`${what} must be an object`, what);
  return value;
}

export class Optimization {
  private surfaceList?: readonly SurfaceInfo[];
  private readonly limits: Limits;

  constructor(
    private readonly module: RawModule,
    private readonly configs: Configs,
  ) {
    this.limits = limitsOf(module);
  }

  /** Options read once into plain values (values.ts), so nothing of the caller's runs mid-call. */
  private plain(what: string, options: unknown): PlainObject {
    return snapshot('', requireObject(what, options), new ElementBudget(this.limits.elementsPerCall)) as PlainObject;
  }

  optimize(options: OptimizeOptions): OptimizeResult {
    const o = requireObject('optimize options', options);
    checkKeys('optimize', o, optimizeKeys);
    requireName('surface', o.surface);
    requireName('optimizer', o.optimizer);
    const start = o.start;
    if (!(Array.isArray(start) || ArrayBuffer.isView(start)) || (start as ArrayLike<unknown>).length !== 2) {
      fail('start must be [x, y], two finite numbers', 'start');
    }
    for (let i = 0; i < 2; i++) requireNumber(`start[${i}]`, (start as ArrayLike<unknown>)[i]);
    requireInteger('steps', o.steps, 0, this.limits.trajectorySteps);
    const p = this.plain('optimize options', o);
    const noise = part('noise', p.noise) ?? {};
    checkKeys('noise', noise, ['std', 'seed']);
    const call: RawOptimizeCall = {
      ...this.configs.surface(p.surface, part('surfaceParams', p.surfaceParams)),
      ...this.configs.optimizer(p.optimizer, part('params', p.params)),
      ...this.configs.schedule(part('schedule', p.schedule)),
      startX: (p.start as Float64Array)[0],
      startY: (p.start as Float64Array)[1],
      steps: p.steps as number,
      noiseStd: noise.std === undefined ? 0 : requireNumber('noise.std', noise.std),
      noiseSeed: noise.seed === undefined ? 0 : requireInteger('noise.seed', noise.seed, 0, Number.MAX_SAFE_INTEGER),
    };
    const raw = unwrap(this.module.optimize(call)) as unknown as RawTrajectory;
    return {
      path: raw.path,
      loss: raw.loss,
      lr: raw.lr,
      grad: raw.grad,
      firstName: raw.firstName,
      first: raw.first.length ? raw.first : null,
      secondName: raw.secondName,
      second: raw.second.length ? raw.second : null,
      effectiveLr: raw.effectiveLr,
      step: raw.step,
      momentum: raw.momentum.length ? raw.momentum : null,
      divergence: raw.diverged ? { diverged: true, step: raw.divergedStep, reason: raw.reason } : { diverged: false },
    };
  }

  lrSchedule(schedule: Schedule & { lr: number }, steps: number): Float64Array {
    const o = requireObject('schedule', schedule);
    if (o.lr === undefined) fail('lrSchedule needs lr (a number > 0)', 'lr');
    requireNumber('lr', o.lr);
    requireInteger('steps', steps, 0, this.limits.stepsPerCall);
    const { lr, ...rest } = this.plain('schedule', o);
    const call: RawScheduleCall = { lr: lr as number, ...this.configs.schedule(rest), steps };
    return (unwrap(this.module.lrSchedule(call)) as { lr: Float64Array }).lr;
  }

  surfaces(): readonly SurfaceInfo[] {
    this.surfaceList ??= deepFreeze(this.module.surfaces() as SurfaceInfo[]);
    return this.surfaceList;
  }

  surfaceGrid(options: SurfaceGridOptions): SurfaceGrid {
    const o = requireObject('surfaceGrid options', options);
    checkKeys('surfaceGrid', o, gridKeys);
    requireName('surface', o.surface);
    const p = this.plain('surfaceGrid options', o);
    const box: Record<string, number | undefined> = {};
    for (const key of ['xmin', 'xmax', 'ymin', 'ymax', 'nx', 'ny'] as const) {
      box[key] = p[key] === undefined ? undefined : requireNumber(key, p[key]);
    }
    const call = { ...this.configs.surface(p.surface, part('surfaceParams', p.surfaceParams)), ...box } as RawSurfaceGridCall;
    return unwrap(this.module.surfaceGrid(call)) as unknown as SurfaceGrid;
  }
}
