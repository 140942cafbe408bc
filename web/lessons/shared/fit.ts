/**
 * Fitting a one-feature model for a lesson figure, with every loss value and gradient computed
 * by the wasm core: ŷ = a·x + b ('linear'), or a log link μ = e^{a·x + b} ('loglink': squared
 * error then sees μ, tweedie_log sees the score). A training session in the core (lab.session)
 * does all the work: full-batch Adam on standardized x (so one step size suits every dataset)
 * with a cosine decay of the step to zero (so MAE and quantile fits settle instead of bouncing),
 * from the same start every time, so a shared link reproduces the sender's lines exactly.
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

function sessionTrainer(lab: LossLab, request: FitRequest, p: Prepared): LineTrainer {
  const session = lab.session({
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
      const u = r.coef?.[0] ?? r.params[0], w = r.intercept ?? r.params[1];
      fit = p.toLine(u, w, r.trainLoss[r.trainLoss.length - 1] ?? fit.loss, r.steps);
      done = r.stopped !== null || r.steps >= p.iterations;
      return { fit, done };
    },
    current: () => fit,
    free: () => session.free(),
  };
}

export function lineTrainer(lab: LossLab, request: FitRequest): LineTrainer {
  return sessionTrainer(lab, request, prepare(request));
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
