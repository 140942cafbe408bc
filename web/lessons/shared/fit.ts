/**
 * Fitting a one-feature model for a lesson figure, with every loss value and gradient computed
 * by the wasm core: ŷ = a·x + b ('linear'), or a log link μ = e^{a·x + b} ('loglink': squared
 * error then sees μ, tweedie_log sees the score). A training session in the core does all the
 * work: full-batch Adam on standardized x (so one step size suits every dataset) with a cosine
 * decay of the step to zero (so MAE and quantile fits settle instead of bouncing), from the same
 * start every time, so a shared link reproduces the sender's lines exactly.
 *
 * fitLine trains to the end in one engine.train round trip; trainFrames steps the same session
 * `every` iterations at a time and keeps a snapshot of the line after each chunk (the frames of a
 * training animation). Both end on the same line: training is deterministic.
 */
import { transfer, type AsyncLossLab, type SessionOptions, type StepResult } from 'loss-lab';
import { sessionCode, type TrainSpec } from './code';
import type { LineFitRun } from './code-line-fit';
import './code-line-fit';

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

/** Snapshots of a training run: frame k holds the line after iterations[k] steps (frame 0: the start). */
export interface TrainingFrames {
  total: number;
  iterations: Float64Array;
  slope: Float64Array;
  intercept: Float64Array;
  /** The line after the last step: the same as fitLine's. */
  fit: LineFit;
}

/** The core's limit of work per call (core/include/losslab/limits.hpp, docs/limits.md). */
const WORK_PER_CALL = 3e8;

/** Steps of every fit unless a request says otherwise. */
export const ITERATIONS = 1500;

/** Mean and population standard deviation (1 for a constant, so standardising never divides by 0). */
export function meanSd(x: ArrayLike<number>): { mean: number; sd: number } {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= Math.max(1, x.length);
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - mean) ** 2;
  const sd = Math.sqrt(v / Math.max(1, x.length));
  return { mean, sd: sd > 1e-12 ? sd : 1 };
}

interface Prepared {
  session: SessionOptions;
  /** How the step size was chosen, for "Copy as code". */
  lrNote: string;
  iterations: number;
  toLine(u: number, w: number, loss: number, steps: number): LineFit;
}

function prepare(request: FitRequest): Prepared {
  const { mean: mx, sd: sx } = meanSd(request.x);
  const z = Float64Array.from(request.x as ArrayLike<number>, (v) => (v - mx) / sx);
  const y = Float64Array.from(request.y as ArrayLike<number>);
  const iterations = request.iterations ?? ITERATIONS;
  const lr = request.logLink ? 0.1 : 0.2 * Math.max(meanSd(y).sd, 1e-3);
  return {
    iterations,
    lrNote: request.logLink ? 'The lab\'s step size for log-link fits: 0.1.' : 'The lab\'s step size: 0.2 × the population sd of y (so one setting suits every dataset).',
    // z and y are this fit's own copies, so they move to the engine instead of being copied.
    session: {
      model: request.logLink ? 'loglink' : 'linear',
      loss: request.loss,
      lossParams: request.params,
      optimizer: 'adam',
      params: { lr },
      schedule: { name: 'cosine', T_max: iterations, eta_min: 0 },
      epochs: iterations,
      seed: 0,
      data: { x: transfer(z), y: transfer(y) },
    },
    toLine: (u, w, loss, steps) => {
      const slope = u / sx;
      return { slope, intercept: w - slope * mx, loss, iterations: steps };
    },
  };
}

/** A one-feature linear or log-link model: θ = [weight, bias]. */
const lineOf = (p: Prepared, r: StepResult, loss: number): LineFit =>
  p.toLine(r.coef?.[0] ?? r.params[0], r.intercept ?? r.params[1], r.trainLoss[r.trainLoss.length - 1] ?? loss, r.steps);

const empty = (): LineFit => ({ slope: 0, intercept: 0, loss: 0, iterations: 0 });

export function abortError(): Error {
  const error = new Error('the computation was cancelled');
  error.name = 'AbortError';
  return error;
}

/** Trains to the end of the schedule (one round trip to the engine) and returns the line. */
export async function fitLine(engine: AsyncLossLab, request: FitRequest, signal?: AbortSignal): Promise<LineFit> {
  if (request.x.length === 0) return empty();
  const p = prepare(request);
  // One chunk where the core's work limit per call allows (a fit of a few hundred points takes
  // milliseconds, so progress reports would only add messages); a learner's large CSV takes several.
  // The core prices a full-batch step of this 2-parameter model at (n + n) × (2 + 20) work units.
  const chunk = Math.max(1, Math.min(p.iterations, Math.floor((0.9 * WORK_PER_CALL) / (44 * request.x.length))));
  const r = await engine.train({ ...p.session, steps: p.iterations }, { signal, chunk });
  return lineOf(p, r, NaN);
}

/** How many step calls are in flight at once: enough to keep the engine busy, few enough to stop soon. */
const PIPELINE = 25;

/** Trains to the end, `every` steps per frame, and returns every frame (the start included). */
export async function trainFrames(engine: AsyncLossLab, request: FitRequest, every: number, signal?: AbortSignal): Promise<TrainingFrames> {
  const p = request.x.length === 0 ? undefined : prepare(request);
  const total = p?.iterations ?? 0;
  const count = Math.ceil(total / every) + 1;
  const iterations = new Float64Array(count), slope = new Float64Array(count), intercept = new Float64Array(count);
  let fit = p ? p.toLine(0, 0, NaN, 0) : empty();
  if (!p) return { total, iterations: iterations.subarray(0, 1), slope: slope.subarray(0, 1), intercept: intercept.subarray(0, 1), fit };
  const session = await engine.session(p.session);
  let frames = 1;
  try {
    let requested = 0, stopped = false;
    while (!stopped && requested < total) {
      if (signal?.aborted) throw abortError();
      // Steps are answered in order, so a batch can be sent without waiting for each reply.
      const batch: Array<Promise<StepResult>> = [];
      for (let j = 0; j < PIPELINE && requested < total; j++, requested += every) batch.push(session.step(Math.min(every, total - requested)));
      for (const r of await Promise.all(batch)) {
        if (stopped || r.trainLoss.length === 0) break;
        fit = lineOf(p, r, fit.loss);
        iterations[frames] = fit.iterations;
        slope[frames] = fit.slope;
        intercept[frames] = fit.intercept;
        frames++;
        stopped = r.stopped !== null;
      }
    }
  } finally {
    await session.free();
  }
  return { total, iterations: iterations.subarray(0, frames), slope: slope.subarray(0, frames), intercept: intercept.subarray(0, frames), fit };
}

/** Per-point predictions of a fitted line (μ = exp(score) when exp is set). */
export function predict(fit: { slope: number; intercept: number }, x: ArrayLike<number>, exp = false): Float64Array {
  return Float64Array.from(x as ArrayLike<number>, (v) => (exp ? Math.exp(Math.min(50, fit.slope * v + fit.intercept)) : fit.slope * v + fit.intercept));
}

/**
 * "Copy as code" for one fitted line: the same session fitLine trains (data columns named `x`
 * and `y` in the spec), with the core's seeded start.
 */
export function lineCode(engine: AsyncLossLab, request: FitRequest, label: string, fit: LineFit, columns = { x: 'x', y: 'y' }): Promise<TrainSpec> {
  const p = prepare(request);
  return sessionCode(engine, p.session, p.iterations, {
    label, x: [columns.x], y: columns.y, standardize: true, lrNote: p.lrNote, report: 'line',
    expect: [{ name: 'slope', value: fit.slope }, { name: 'intercept', value: fit.intercept }, { name: 'final loss', value: fit.loss }],
  });
}

/**
 * "Copy as code" for one fitted line as a 'fit-line' run (shared/code-line-fit.ts): the session
 * fitLine trains, on the spec's columns `columns.x`/`columns.y` (less the `exclude` rows, plus
 * `append`ed points, as the request's data was made), expecting the line the page shows.
 */
export async function lineFitRun(engine: AsyncLossLab, request: FitRequest, label: string, fit: LineFit,
  layout: { x: string; y: string; exclude?: string; append?: Array<[number, number]>; pulls?: { sum: number; moment: number } }, shown: Array<'slope' | 'intercept' | 'final loss'> = ['slope', 'intercept', 'final loss']): Promise<LineFitRun> {
  if (request.logLink) throw new Error('log-link lines are generated by lineCode');
  const p = prepare(request);
  const spec = await sessionCode(engine, p.session, p.iterations, { label, x: [layout.x], y: layout.y, standardize: true, report: 'line', expect: [] });
  const values = { slope: fit.slope, intercept: fit.intercept, 'final loss': fit.loss };
  return {
    kind: 'fit-line', label, x: layout.x, y: layout.y, exclude: layout.exclude, append: layout.append, loss: spec.loss, lossParams: request.params,
    optimizer: spec.optimizer, params: spec.params, schedule: spec.schedule, steps: spec.steps, init: spec.init, lrNote: p.lrNote, pulls: Boolean(layout.pulls),
    expect: [...shown.map((name) => ({ name, value: values[name] })),
      ...(layout.pulls ? [{ name: 'pull sum', value: layout.pulls.sum }, { name: 'pull moment', value: layout.pulls.moment }] : [])],
  };
}
