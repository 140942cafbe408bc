/**
 * Fitting a one-feature model y ≈ f(a·x + b) for a lesson figure, with every loss value and
 * gradient computed by the wasm core. When the engine offers training sessions (lab.session),
 * they do the fitting; until then the loss's own gradient from lab.loss drives a plain
 * full-batch Adam loop here (the chain rule to slope and intercept is two dot products).
 * Lessons call fitLine and never care which path ran.
 */
import type { LossLab } from 'loss-lab';

export type Link = 'identity' | 'log';

export interface FitRequest {
  loss: string;
  params?: Record<string, number>;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** identity: ŷ = a x + b; log: the loss sees the score s = a x + b (losses on a log link, e.g. tweedie_log) */
  link?: Link;
  /** For squared error on a log-link model: the loss sees μ = exp(a x + b). */
  predictExp?: boolean;
  /** Warm start (e.g. the previous fit while the learner drags a point). */
  start?: { slope: number; intercept: number };
  iterations?: number;
}

export interface LineFit {
  slope: number;
  intercept: number;
  /** The loss (mean) at the fit, as the core computed it. */
  loss: number;
  iterations: number;
}

function stats(x: ArrayLike<number>): { mean: number; sd: number } {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= Math.max(1, x.length);
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - mean) ** 2;
  const sd = Math.sqrt(v / Math.max(1, x.length));
  return { mean, sd: sd > 1e-12 ? sd : 1 };
}

/**
 * Fits by full-batch Adam on standardized x (so one step size suits every dataset), with the
 * step decaying linearly to zero: robust losses (MAE, quantile) have gradients of constant size,
 * and only a shrinking step lets them settle on the exact line.
 */
type TrainFn = (options: Record<string, unknown>) => { coef?: ArrayLike<number>; intercept?: number; trainLoss: ArrayLike<number> };

export function fitLine(lab: LossLab, request: FitRequest): LineFit {
  const n = request.x.length;
  if (n === 0) return { slope: 0, intercept: 0, loss: 0, iterations: 0 };
  const train = (lab as unknown as { train?: TrainFn }).train;
  if (typeof train === 'function' && !sessionsBroken.has(lab)) {
    try {
      return fitBySession(lab, train, request);
    } catch {
      // A core whose sessions fail (e.g. a half-finished build) still teaches: the loss's own
      // gradient from lab.loss fits the line instead.
      sessionsBroken.add(lab);
    }
  }
  return fitByLossGradient(lab, request);
}

const sessionsBroken = new WeakSet<LossLab>();

/**
 * A training session in the core: full-batch Adam on standardized x with a cosine decay of the
 * step to zero (so MAE and quantile fits settle instead of bouncing), converted back to the
 * learner's x afterwards.
 */
function fitBySession(lab: LossLab, train: TrainFn, request: FitRequest): LineFit {
  const { mean: mx, sd: sx } = stats(request.x);
  const z = Float64Array.from(request.x as ArrayLike<number>, (v) => (v - mx) / sx);
  const y = Float64Array.from(request.y as ArrayLike<number>);
  const logLink = request.predictExp === true || request.link === 'log';
  const iterations = request.iterations ?? 1500;
  const lr = logLink ? 0.1 : 0.2 * Math.max(stats(y).sd, 1e-3);
  const result = train.call(lab, {
    model: logLink ? 'loglink' : 'linear',
    loss: request.loss,
    lossParams: request.params,
    optimizer: 'adam',
    params: { lr },
    schedule: { name: 'cosine', T_max: iterations, eta_min: 0 },
    epochs: iterations,
    seed: 0,
    data: { x: z, y },
  });
  const u = result.coef?.[0] ?? 0, w = result.intercept ?? 0;
  const slope = u / sx;
  return { slope, intercept: w - slope * mx, loss: result.trainLoss[result.trainLoss.length - 1] ?? NaN, iterations };
}

function fitByLossGradient(lab: LossLab, request: FitRequest): LineFit {
  const n = request.x.length;
  const { mean: mx, sd: sx } = stats(request.x);
  const z = Float64Array.from(request.x as ArrayLike<number>, (v) => (v - mx) / sx);
  const y = Float64Array.from(request.y as ArrayLike<number>);
  const ys = stats(y);
  const exp = request.predictExp === true;
  // Parameters in standardized coordinates: score = u·z + w.
  let u = 0, w = exp ? Math.log(Math.max(1e-3, ys.mean)) : request.link === 'log' ? Math.log(Math.max(1e-3, ys.mean)) : ys.mean;
  if (request.start && Number.isFinite(request.start.slope) && Number.isFinite(request.start.intercept)) {
    u = request.start.slope * sx;
    w = request.start.intercept + request.start.slope * mx;
  }
  const iterations = request.iterations ?? 1500;
  const scale = exp || request.link === 'log' ? 1 : Math.max(ys.sd, 1e-3);
  const lr0 = (request.start ? 0.05 : 0.2) * scale;
  const m = [0, 0], v = [0, 0];
  const beta1 = 0.9, beta2 = 0.999, eps = 1e-12;
  const scores = new Float64Array(n);
  const inputs = new Float64Array(n);
  let loss = NaN;
  for (let t = 1; t <= iterations; t++) {
    for (let i = 0; i < n; i++) {
      scores[i] = u * z[i] + w;
      inputs[i] = exp ? Math.exp(Math.min(50, scores[i])) : scores[i];
    }
    const result = lab.loss(request.loss, inputs, y, { params: request.params });
    loss = result.value as number;
    let gu = 0, gw = 0;
    for (let i = 0; i < n; i++) {
      const g = exp ? result.grad[i] * inputs[i] : result.grad[i];
      gu += g * z[i];
      gw += g;
    }
    const grads = [gu, gw];
    const lr = lr0 * (1 - (t - 1) / iterations);
    for (let k = 0; k < 2; k++) {
      m[k] = beta1 * m[k] + (1 - beta1) * grads[k];
      v[k] = beta2 * v[k] + (1 - beta2) * grads[k] ** 2;
      const mHat = m[k] / (1 - beta1 ** t), vHat = v[k] / (1 - beta2 ** t);
      const stepK = (lr * mHat) / (Math.sqrt(vHat) + eps * scale);
      if (k === 0) u -= stepK;
      else w -= stepK;
    }
  }
  const slope = u / sx;
  const intercept = w - slope * mx;
  return { slope, intercept, loss, iterations };
}

/** Per-point predictions of a fitted line (μ = exp(score) when exp is set). */
export function predict(fit: { slope: number; intercept: number }, x: ArrayLike<number>, exp = false): Float64Array {
  return Float64Array.from(x as ArrayLike<number>, (v) => (exp ? Math.exp(Math.min(50, fit.slope * v + fit.intercept)) : fit.slope * v + fit.intercept));
}
