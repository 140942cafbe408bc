import type { RawElasticNetCall, RawElasticNetDefaults, RawGeometryCall, RawModule } from './generated/losslab.js';
import { fail } from './errors.js';
import type { NumericArray } from './heap.js';
import {
  arrayLength,
  checkKeys,
  ElementBudget,
  limitsOf,
  numericArray,
  requireInteger,
  requireNumber,
  requireObject,
  unwrap,
  type Limits,
} from './values.js';

/**
 * Options of lab.elasticNetPath: least squares with the elastic-net penalty, by coordinate descent,
 * minimising scikit-learn's objective 1/(2n)‖y − Xw − b‖² + αλ‖w‖₁ + (1 − α)λ/2 ‖w‖²
 * (sklearn.linear_model.ElasticNet(alpha=λ, l1_ratio=α); Lasso is α = 1; α = 0 is
 * Ridge(alpha = nλ)). The intercept is fitted and not penalised.
 */
export interface ElasticNetPathOptions {
  /** n × features, row-major */
  x: NumericArray;
  y: NumericArray;
  /** default 1 */
  features?: number;
  /** held-out rows: valMse is reported for them */
  xVal?: NumericArray;
  yVal?: NumericArray;
  /** each λ > 0, fitted in this order, each warm-started from the previous solution (at most 1,000) */
  lambdas: NumericArray;
  /** α in [0, 1]: 1 the lasso (default), 0 ridge */
  l1Ratio?: number;
  /** a sweep that moves no coefficient by more than tol·max(1, max|w|) ends the fit (default 1e-10) */
  tol?: number;
  /** sweeps per λ at most (default 100,000) */
  maxSweeps?: number;
}

export interface ElasticNetPath {
  lambdas: Float64Array;
  /** lambdas × features, row-major; the lasso's zeros are exactly 0 */
  coef: Float64Array;
  intercept: Float64Array;
  /** (1/n)‖y − Xw − b‖² on the training rows, per λ */
  trainMse: Float64Array;
  /** the same on the validation rows (empty without them) */
  valMse: Float64Array;
  /** its standard error: the sd of the squared validation residuals over √n_val */
  valSe: Float64Array;
  /** the sklearn objective at each solution */
  objective: Float64Array;
  /** coefficients not exactly zero, per λ */
  nonzero: Float64Array;
  sweeps: Float64Array;
  features: number;
  /** max|Xᵀy|/(nα): every coefficient is 0 from here on (0 for ridge) */
  lambdaMax: number;
  /** every λ met the tolerance */
  converged: boolean;
}

/**
 * Two weights, the loss ½(w − w*)ᵀG(w − w*) with G = [[1, ρ], [ρ, 1]], and the penalty regions of
 * budget t: α‖w‖₁ + (1 − α)/2 ‖w‖² ≤ αt + (1 − α)t²/2 (the diamond ‖w‖₁ ≤ t at α = 1, the disc
 * ‖w‖ ≤ t at α = 0), each through (±t, 0) and (0, ±t).
 */
export interface GeometryOptions {
  /** ρ in [−0.99, 0.99]: the correlation of the two features */
  rho: number;
  /** w*, the unpenalised optimum */
  optimum: readonly [number, number] | NumericArray;
  /** t > 0 */
  budget: number;
  /** α of the elastic-net region (default 0.5) */
  l1Ratio?: number;
  /** the loss grid's box (default ±3) and size (default 60 × 60) */
  xmin?: number;
  xmax?: number;
  ymin?: number;
  ymax?: number;
  nx?: number;
  ny?: number;
}

export interface ConstrainedOptimum {
  /** the minimiser on the region */
  w: Float64Array;
  /** the λ whose penalised optimum it is (0 when w* lies inside) */
  lambda: number;
  /** the constraint binds */
  active: boolean;
  /** the region's edge: x0, y0, x1, y1, … (closed) */
  boundary: Float64Array;
}

export interface RegularisationGeometry {
  l1: ConstrainedOptimum;
  l2: ConstrainedOptimum;
  elasticNet: ConstrainedOptimum;
  /** the loss on the nx × ny grid, x fastest */
  values: Float64Array;
  nx: number;
  ny: number;
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
}

const pathKeys = ['x', 'y', 'features', 'xVal', 'yVal', 'lambdas', 'l1Ratio', 'tol', 'maxSweeps'] as const;
const geometryKeys = ['rho', 'optimum', 'budget', 'l1Ratio', 'xmin', 'xmax', 'ymin', 'ymax', 'nx', 'ny'] as const;

export class Regularisation {
  private readonly limits: Limits;
  /** path_config's defaults, read from the core once. */
  private pathDefaults?: RawElasticNetDefaults;

  constructor(private readonly module: RawModule) {
    this.limits = limitsOf(module);
  }

  elasticNetPath(options: ElasticNetPathOptions): ElasticNetPath {
    if (options === undefined) fail('elasticNetPath needs options: x, y and lambdas', 'options');
    const o = requireObject('elasticNetPath options', options);
    checkKeys('elasticNetPath', o, pathKeys);
    const features = o.features === undefined ? (this.pathDefaults ??= this.module.elasticNetDefaults()).features : requireInteger('features', o.features, 1, 1000);
    for (const key of ['x', 'y', 'lambdas'] as const) {
      if (o[key] === undefined) fail(`elasticNetPath needs ${key}, an array of numbers`, key);
    }
    const pairs = [['x', 'y'], ['xVal', 'yVal']] as const;
    for (const [xs, ys] of pairs) {
      const xl = arrayLength(o[xs]), yl = arrayLength(o[ys]);
      if ((o[xs] === undefined) !== (o[ys] === undefined)) fail(`elasticNetPath: ${xs} and ${ys} go together`, o[xs] === undefined ? xs : ys);
      if (xl !== undefined && yl !== undefined && xl !== yl * features) {
        fail(`elasticNetPath: ${xs} has ${xl} values, expected ${ys}.length × features = ${yl * features}`, xs);
      }
    }
    if (o.l1Ratio !== undefined) {
      const a = requireNumber('l1Ratio', o.l1Ratio);
      if (a < 0 || a > 1) fail(`l1Ratio must be in [0, 1], got ${a}`, 'l1Ratio');
    }
    if (o.tol !== undefined) requireNumber('tol', o.tol);
    if (o.maxSweeps !== undefined) requireInteger('maxSweeps', o.maxSweeps, 1, 10_000_000);
    const budget = new ElementBudget(this.limits.elementsPerCall);
    const array = (what: string, v: unknown) => numericArray(what, v, budget) as Float64Array;
    const lambdas = array('lambdas', o.lambdas);
    for (let i = 0; i < lambdas.length; i++) {
      if (!(lambdas[i] > 0)) fail(`elasticNetPath: lambdas[${i}] = ${lambdas[i]}; every λ must be > 0`, 'lambdas');
    }
    const defaults = (this.pathDefaults ??= this.module.elasticNetDefaults());
    const none = new Float64Array(0);
    const call: RawElasticNetCall = {
      x: array('x', o.x),
      y: array('y', o.y),
      xVal: o.xVal !== undefined ? array('xVal', o.xVal) : none,
      yVal: o.yVal !== undefined ? array('yVal', o.yVal) : none,
      lambdas,
      features,
      l1Ratio: (o.l1Ratio as number | undefined) ?? defaults.l1Ratio,
      tol: (o.tol as number | undefined) ?? defaults.tol,
      maxSweeps: (o.maxSweeps as number | undefined) ?? defaults.maxSweeps,
    };
    return unwrap(this.module.elasticNetPath(call)) as unknown as ElasticNetPath;
  }

  geometry(options: GeometryOptions): RegularisationGeometry {
    if (options === undefined) fail('regularisationGeometry needs options: rho, optimum and budget', 'options');
    const o = requireObject('regularisationGeometry options', options);
    checkKeys('regularisationGeometry', o, geometryKeys);
    for (const key of ['rho', 'budget'] as const) {
      if (o[key] === undefined) fail(`regularisationGeometry needs ${key}`, key);
    }
    if (arrayLength(o.optimum) !== 2) fail('regularisationGeometry: optimum must be [w1, w2], two finite numbers', 'optimum');
    const optional = (key: 'l1Ratio' | 'xmin' | 'xmax' | 'ymin' | 'ymax' | 'nx' | 'ny') => (o[key] === undefined ? undefined : requireNumber(key, o[key]));
    const call: RawGeometryCall = {
      rho: requireNumber('rho', o.rho),
      optimum: numericArray('optimum', o.optimum, new ElementBudget(this.limits.elementsPerCall)) as Float64Array,
      budget: requireNumber('budget', o.budget),
      l1Ratio: optional('l1Ratio'),
      xmin: optional('xmin'),
      xmax: optional('xmax'),
      ymin: optional('ymin'),
      ymax: optional('ymax'),
      nx: optional('nx'),
      ny: optional('ny'),
    };
    return unwrap(this.module.regularisationGeometry(call)) as unknown as RegularisationGeometry;
  }
}
