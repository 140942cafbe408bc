import type { RawModule } from './generated/losslab.js';
import { fail } from './errors.js';
import {
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

export class Optimization {
  private surfaceList?: readonly SurfaceInfo[];
  private readonly limits: Limits;

  constructor(private readonly module: RawModule) {
    this.limits = limitsOf(module);
  }

  /** Snapshots options, sends them, and returns the result (or throws the core's error). */
  private call<T>(what: string, options: unknown, send: (plain: PlainObject) => unknown): T {
    const plain = snapshot('', requireObject(what, options), new ElementBudget(this.limits.elementsPerCall)) as PlainObject;
    return unwrap(send(plain) as T | { error: string });
  }

  optimize(options: OptimizeOptions): OptimizeResult {
    const o = requireObject('optimize options', options);
    requireName('surface', o.surface);
    requireName('optimizer', o.optimizer);
    const start = o.start;
    if (!(Array.isArray(start) || ArrayBuffer.isView(start)) || (start as ArrayLike<unknown>).length !== 2) {
      fail('start must be [x, y], two finite numbers', 'start');
    }
    for (let i = 0; i < 2; i++) requireNumber(`start[${i}]`, (start as ArrayLike<unknown>)[i]);
    requireInteger('steps', o.steps, 0, this.limits.trajectorySteps);
    const raw = this.call<RawTrajectory>('optimize options', o, (plain) => this.module.optimize(plain));
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
    return this.call<{ lr: Float64Array }>('schedule', o, (plain) => this.module.lrSchedule(plain, steps)).lr;
  }

  surfaces(): readonly SurfaceInfo[] {
    this.surfaceList ??= deepFreeze(this.module.surfaces() as SurfaceInfo[]);
    return this.surfaceList;
  }

  surfaceGrid(options: SurfaceGridOptions): SurfaceGrid {
    const o = requireObject('surfaceGrid options', options);
    requireName('surface', o.surface);
    return this.call<SurfaceGrid>('surfaceGrid options', o, (plain) => this.module.surfaceGrid(plain));
  }
}
