/**
 * Fitting a one-feature model for a lesson figure, with every loss value and gradient computed
 * by the wasm core: ŷ = a·x + b ('linear'), or a log link μ = e^{a·x + b} ('loglink': squared
 * error then sees μ, tweedie_log sees the score). A training session in the core (lab.session)
 * does the work; if sessions are unavailable in this build, the loss's own gradient from lab.loss
 * drives the same full-batch Adam here (the chain rule to slope and intercept is two dot products).
 *
 * Both paths train on standardized x (so one step size suits every dataset) with a cosine decay
 * of the step to zero (so MAE and quantile fits settle instead of bouncing), start from the same
 * point every time, and are deterministic: a shared link reproduces the sender's lines exactly.
 * A LineTrainer steps the fit (for play/step animations); fitLine runs it to the end.
 */
import type { LossLab } from 'loss-lab';

export interface FitRequest {
  loss: string;
  params?: Record<string, number>;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** A log-link model (μ = e^{a x + b}); with 'mse' the loss sees μ, with tweedie_log the score. */
  logLink?: boolean;
  iterations?: number;
}

export interface LineFit {
  slope: number;
  intercept: number;
  /** The training loss after the last step, as the core computed it. */
  loss: number;
  /** Steps taken. */
  iterations: number;
}

export interface LineTrainer {
  /** Takes up to k steps; done when the schedule is finished. */
  step(k: number): { fit: LineFit; done: boolean };
  current(): LineFit;
  readonly total: number;
  free(): void;
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

interface Prepared {
  z: Float64Array;
  y: Float64Array;
  mx: number;
  sx: number;
  lr: number;
  iterations: number;
  toLine(u: number, w: number, loss: number, steps: number): LineFit;
}

function prepare(request: FitRequest): Prepared {
  const { mean: mx, sd: sx } = stats(request.x);
  const z = Float64Array.from(request.x as ArrayLike<number>, (v) => (v - mx) / sx);
  const y = Float64Array.from(request.y as ArrayLike<number>);
  const iterations = request.iterations ?? 1500;
  const lr = request.logLink ? 0.1 : 0.2 * Math.max(stats(y).sd, 1e-3);
  return {
    z, y, mx, sx, lr, iterations,
    toLine: (u, w, loss, steps) => {
      const slope = u / sx;
      return { slope, intercept: w - slope * mx, loss, iterations: steps };
    },
  };
}

interface SessionLike {
  step(k: number): { coef?: ArrayLike<number>; intercept?: number; params?: ArrayLike<number>; trainLoss: ArrayLike<number>; steps: number; stopped: string | null };
  free(): void;
}
type SessionFn = (options: Record<string, unknown>) => SessionLike;

const sessionsBroken = new WeakSet<LossLab>();

function sessionTrainer(lab: LossLab, create: SessionFn, request: FitRequest, p: Prepared): LineTrainer {
  const session = create.call(lab, {
    model: request.logLink ? 'loglink' : 'linear',
    loss: request.loss,
    lossParams: request.params,
    optimizer: 'adam',
    params: { lr: p.lr },
    schedule: { name: 'cosine', T_max: p.iterations, eta_min: 0 },
    epochs: p.iterations,
    seed: 0,
    data: { x: p.z, y: p.y },
  });
  let fit = p.toLine(0, 0, NaN, 0);
  let done = false;
  return {
    total: p.iterations,
    step(k) {
      if (done || k <= 0) return { fit, done };
      const r = session.step(Math.min(k, p.iterations - fit.iterations));
      // A one-feature linear or log-link model: θ = [weight, bias].
      const u = r.coef?.[0] ?? r.params?.[0], w = r.intercept ?? r.params?.[1];
      if (typeof u !== 'number' || typeof w !== 'number') throw new Error('the session did not report the weight and bias');
      fit = p.toLine(u, w, r.trainLoss[r.trainLoss.length - 1] ?? fit.loss, r.steps);
      done = r.stopped !== null || r.steps >= p.iterations;
      return { fit, done };
    },
    current: () => fit,
    free: () => session.free(),
  };
}

/** The same training as a session, driven from here with the core's loss gradient. */
function gradientTrainer(lab: LossLab, request: FitRequest, p: Prepared): LineTrainer {
  const n = p.z.length;
  const exp = request.logLink === true && request.loss !== 'tweedie_log';
  let u = 0, w = 0;
  const m = [0, 0], v = [0, 0];
  const beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  const inputs = new Float64Array(n);
  let t = 0;
  let fit = p.toLine(u, w, NaN, 0);
  return {
    total: p.iterations,
    step(k) {
      for (let s = 0; s < k && t < p.iterations; s++) {
        for (let i = 0; i < n; i++) {
          const score = u * p.z[i] + w;
          inputs[i] = exp ? Math.exp(Math.min(50, score)) : score;
        }
        const result = lab.loss(request.loss, inputs, p.y, { params: request.params });
        let gu = 0, gw = 0;
        for (let i = 0; i < n; i++) {
          const g = exp ? result.grad[i] * inputs[i] : result.grad[i];
          gu += g * p.z[i];
          gw += g;
        }
        // torch.optim.Adam with CosineAnnealingLR(T_max = iterations, eta_min = 0)
        const lr = (p.lr * (1 + Math.cos((Math.PI * t) / p.iterations))) / 2;
        t++;
        const grads = [gu, gw];
        for (let j = 0; j < 2; j++) {
          m[j] = beta1 * m[j] + (1 - beta1) * grads[j];
          v[j] = beta2 * v[j] + (1 - beta2) * grads[j] ** 2;
          const update = (lr * (m[j] / (1 - beta1 ** t))) / (Math.sqrt(v[j] / (1 - beta2 ** t)) + eps);
          if (j === 0) u -= update;
          else w -= update;
        }
        fit = p.toLine(u, w, result.value as number, t);
      }
      return { fit, done: t >= p.iterations };
    },
    current: () => fit,
    free: () => undefined,
  };
}

export function lineTrainer(lab: LossLab, request: FitRequest): LineTrainer {
  const p = prepare(request);
  const create = (lab as unknown as { session?: SessionFn }).session;
  if (typeof create !== 'function' || sessionsBroken.has(lab)) return gradientTrainer(lab, request, p);
  // A core whose sessions fail (e.g. a half-finished build) still teaches: on a failure before
  // the first step, the same training continues by the gradient path.
  const fallBack = () => {
    sessionsBroken.add(lab);
    return gradientTrainer(lab, request, p);
  };
  let inner: LineTrainer;
  try {
    inner = sessionTrainer(lab, create, request, p);
  } catch {
    return fallBack();
  }
  let stepped = false;
  return {
    total: p.iterations,
    step(k) {
      try {
        const out = inner.step(k);
        stepped = true;
        return out;
      } catch (error) {
        if (stepped) throw error;
        try { inner.free(); } catch { /* already unusable */ }
        inner = fallBack();
        stepped = true;
        return inner.step(k);
      }
    },
    current: () => inner.current(),
    free: () => inner.free(),
  };
}

/** Trains to the end of the schedule and returns the line. */
export function fitLine(lab: LossLab, request: FitRequest): LineFit {
  if (request.x.length === 0) return { slope: 0, intercept: 0, loss: 0, iterations: 0 };
  const trainer = lineTrainer(lab, request);
  try {
    return trainer.step(trainer.total).fit;
  } finally {
    trainer.free();
  }
}

/** Per-point predictions of a fitted line (μ = exp(score) when exp is set). */
export function predict(fit: { slope: number; intercept: number }, x: ArrayLike<number>, exp = false): Float64Array {
  return Float64Array.from(x as ArrayLike<number>, (v) => (exp ? Math.exp(Math.min(50, fit.slope * v + fit.intercept)) : fit.slope * v + fit.intercept));
}
