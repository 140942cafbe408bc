/**
 * The side-by-side training run, as frames: both models (same data, seed and starting weights;
 * only the loss differs) are stepped in the engine, and every STEPS_PER_TICK steps a frame keeps
 * what the figure shows: each model's predicted probability over a grid of the plane and its
 * held-out metrics. Playback then only chooses which frame to draw. No DOM here.
 */
import type { AsyncLossLab, AsyncSession, BinaryMetrics, ContourBand } from 'loss-lab';
import type { ComputeContext } from '../framework/figure';
import { MAX_STEPS, STEPS_PER_TICK } from './params';
import { makeData, sessionOptions, SIDES, throwIfAborted, type LessonState, type Side } from './model';
import { bestF1Threshold, compareModels, precisionAtRecall, prVertices, type Comparison } from './stats';
import { sharesAt, type LossShares } from './shares';
import { TRAINING_KEYS } from './model';
import { timeSlicer } from '../shared/slice';

/** Bootstrap resamples behind the intervals of the last frame. */
export const RESAMPLES = 200;
/** Bins of the reliability diagrams. */
export const CALIBRATION_BINS = 10;

/** Resolution of the probability grid behind each boundary chart. */
export const GRID_SIZE = 61;
/** Frames computed before the first one is shown, and between two partial results. */
const FRAMES_PER_PARTIAL = 3;

export interface FrameMetrics {
  recall: number;
  precision: number;
  f1: number;
  accuracy: number;
  prAuc: number;
  /** [tn, fp, fn, tp] */
  confusion: Float64Array;
  pr?: { x: Float64Array; y: Float64Array };
}

export interface TrainingFrame {
  /** Optimizer steps both models have taken. */
  step: number;
  grid: Record<Side, Float64Array>;
  /** Where each grid crosses P = 0.5 (the decision boundary), traced in the engine's worker: d3-contour's polygons in grid units. */
  boundary: Record<Side, ContourBand['coordinates']>;
  metrics: Record<Side, FrameMetrics>;
  /** The BCE model flagged at the threshold with the best F1 on the training points (not the held-out ones). */
  tuned: FrameMetrics & { threshold: number };
  /** Where BCE's and focal's losses sit on the BCE model's training predictions (figures/where.ts). */
  where: LossShares;
}

export interface Calibration {
  count: Float64Array;
  confidence: Float64Array;
  frequency: Float64Array;
  ece: number;
  /** Mean predicted P(rare) over the held-out points. */
  meanProbability: number;
}

/** What only the last frame carries: calibration, and the bootstrap intervals of the comparisons. */
export interface FinalResult {
  calibration: Record<Side, Calibration>;
  /** Share of rare points among the held-out points. */
  rate: number;
  /** Focal at 0.5 minus BCE at 0.5: does focal flag more rare points at the default threshold? */
  atHalf: Comparison;
  /** Focal at 0.5 minus BCE at its tuned threshold: the honest baseline. */
  againstTuned: Comparison;
  /** BCE's best held-out precision at a recall at least focal's (read off BCE's PR curve). */
  bcePrecisionAtFocalRecall: number;
}

export type RunSettings = Pick<LessonState, 'seed' | 'ratio' | 'noise' | 'model' | 'gamma' | 'alpha' | 'weighting' | 'prior' | 'owndata'>;

export interface TrainingRun {
  settings: RunSettings;
  xRange: readonly [number, number];
  yRange: readonly [number, number];
  /** Trained on the learner's own CSV. */
  own: boolean;
  /** Training points of each class, as x, y pairs. */
  negatives: Float64Array;
  positives: Float64Array;
  trainCount: number;
  /** Share of the rare class among the training points. */
  prior: number;
  heldOut: number;
  positivesHeld: number;
  /** The "always common class" baseline on the held-out points. */
  majority: FrameMetrics;
  frames: TrainingFrame[];
  /** A model diverged; the last frame is its last finite state. */
  diverged: boolean;
  /** Set once the last step is taken. */
  final?: FinalResult;
}

/** Keeps the metrics a frame shows; of the PR curve only its vertices (stats.ts prVertices), so a run's frames stay small. */
export const frameMetrics = (m: BinaryMetrics): FrameMetrics => {
  const v = m.pr ? prVertices(m.pr.x, m.pr.y) : undefined;
  return {
    recall: m.recall, precision: m.precision, f1: m.f1, accuracy: m.accuracy, prAuc: m.prAuc ?? Number.NaN,
    confusion: m.confusion, pr: v ? { x: Float64Array.from(v, (p) => p[0]), y: Float64Array.from(v, (p) => p[1]) } : undefined,
  };
};

/** Trains both models for MAX_STEPS steps, streaming the frames computed so far. */
export async function trainBoth(s: RunSettings, engine: AsyncLossLab, ctx: ComputeContext<TrainingRun>): Promise<TrainingRun> {
  const d = await makeData(engine, s);
  const { x, y, xVal, yVal } = d.data;
  const negatives: number[] = [], positives: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? positives : negatives).push(x[2 * i], x[2 * i + 1]);
  const positivesHeld = yVal.reduce((n, v) => n + v, 0);
  const run: TrainingRun = {
    settings: { seed: s.seed, ratio: s.ratio, noise: s.noise, model: s.model, gamma: s.gamma, alpha: s.alpha, weighting: s.weighting, prior: s.prior, owndata: s.owndata ?? null },
    xRange: d.xRange, yRange: d.yRange, own: d.own, negatives: Float64Array.from(negatives), positives: Float64Array.from(positives),
    trainCount: y.length, prior: d.prior, heldOut: yVal.length, positivesHeld,
    majority: frameMetrics(await engine.metrics.binary(new Float64Array(yVal.length), yVal)),
    frames: [], diverged: false,
  };
  const grid = { xmin: d.xRange[0], xmax: d.xRange[1], ymin: d.yRange[0], ymax: d.yRange[1], nx: GRID_SIZE, ny: GRID_SIZE };
  const sessions: Partial<Record<Side, AsyncSession>> = {};
  try {
    for (const side of SIDES) sessions[side] = await engine.session(sessionOptions(d, s, side));
    const snapshot = async (step: number) => {
      const [bce, focal] = await Promise.all(SIDES.map(async (side) => {
        const session = sessions[side]!;
        const [g, p] = await Promise.all([session.predictGrid(grid), session.predict(xVal)]);
        const [[band], metrics] = await Promise.all([engine.contours(g.values, GRID_SIZE, GRID_SIZE, [0.5]), engine.metrics.binary(p, yVal)]);
        return { grid: g.values, boundary: band?.coordinates ?? [], p, metrics: frameMetrics(metrics) };
      }));
      // The practitioner's baseline: BCE's threshold tuned for F1 on the training points.
      const trainP = await sessions.bce!.predict(x);
      const tuning = bestF1Threshold(await engine.metrics.pr(trainP, y));
      const tuned = { ...frameMetrics(await engine.metrics.binary(bce.p, yVal, { threshold: tuning.threshold })), threshold: tuning.threshold };
      const where = await sharesAt(engine, d.data, trainP, s, step);
      run.frames.push({ step, grid: { bce: bce.grid, focal: focal.grid }, boundary: { bce: bce.boundary, focal: focal.boundary }, metrics: { bce: bce.metrics, focal: focal.metrics }, tuned, where });
      last = { bce: bce.p, focal: focal.p, threshold: tuning.threshold };
      if (run.frames.length % FRAMES_PER_PARTIAL === 0) {
        ctx.partial(run);
        ctx.progress(step / MAX_STEPS, `step ${step} of ${MAX_STEPS}`);
      }
    };
    let last: { bce: Float64Array; focal: Float64Array; threshold: number } | undefined;
    let steps = 0;
    await snapshot(0);
    while (steps < MAX_STEPS) {
      throwIfAborted(ctx.signal);
      const k = Math.min(STEPS_PER_TICK, MAX_STEPS - steps);
      const results = await Promise.all(SIDES.map((side) => sessions[side]!.step(k)));
      const taken = Math.min(...results.map((r) => r.trainLoss.length));
      steps += taken;
      run.diverged = results.some((r) => r.stopped === 'diverged');
      if (taken > 0) await snapshot(steps);
      if (taken === 0 || run.diverged) break;
    }
    if (last) {
      ctx.partial(run);
      ctx.progress(0.97, 'calibration and bootstrap intervals');
      run.final = await finalResult(engine, yVal, last, run.frames[run.frames.length - 1], s.seed, ctx.signal);
    }
    return run;
  } finally {
    await Promise.all(SIDES.map((side) => sessions[side]?.free()));
  }
}

async function calibrationOf(engine: AsyncLossLab, p: Float64Array, y: Float64Array): Promise<Calibration> {
  const c = await engine.metrics.calibration(p, y, { bins: CALIBRATION_BINS });
  let mean = 0;
  for (const v of p) mean += v;
  return { count: Float64Array.from(c.count), confidence: Float64Array.from(c.confidence), frequency: Float64Array.from(c.frequency), ece: c.ece, meanProbability: mean / Math.max(1, p.length) };
}

/** Calibration of both models and the bootstrap intervals of the two comparisons, on the last frame. */
async function finalResult(engine: AsyncLossLab, yVal: Float64Array, last: { bce: Float64Array; focal: Float64Array; threshold: number }, frame: TrainingFrame, seed: number, signal: AbortSignal): Promise<FinalResult> {
  const [bce, focal] = await Promise.all([calibrationOf(engine, last.bce, yVal), calibrationOf(engine, last.focal, yVal)]);
  const options = { resamples: RESAMPLES, seed, pause: timeSlicer(), signal };
  // Models: 0 BCE at 0.5, 1 BCE at its tuned threshold, 2 focal at 0.5.
  const [atHalf, againstTuned] = await compareModels(yVal,
    [{ score: last.bce, threshold: 0.5 }, { score: last.bce, threshold: last.threshold }, { score: last.focal, threshold: 0.5 }],
    [[0, 2], [1, 2]], options);
  const curve = frame.metrics.bce.pr;
  let rate = 0;
  for (const v of yVal) rate += v;
  return {
    calibration: { bce, focal }, rate: rate / Math.max(1, yVal.length), atHalf, againstTuned,
    bcePrecisionAtFocalRecall: curve ? precisionAtRecall({ x: curve.x, y: curve.y, thresholds: curve.x }, frame.metrics.focal.recall) : Number.NaN,
  };
}

/** Runs in flight or done, by settings: the training and the "where" figure share one run. */
const runs = new Map<string, Promise<TrainingRun>>();
const RUNS_KEPT = 4;

/**
 * The run of these settings, started once for both figures that show it. The first caller's
 * context streams its frames (the training figure, which comes first in the lesson); a run
 * that fails or is cancelled is forgotten, so the next request starts afresh.
 */
export function sharedTraining(s: RunSettings, engine: AsyncLossLab, ctx: ComputeContext<TrainingRun>): Promise<TrainingRun> {
  const key = TRAINING_KEYS.map((k) => s[k]).join('|');
  let run = runs.get(key);
  if (!run) {
    run = trainBoth(s, engine, ctx);
    runs.set(key, run);
    run.catch(() => { if (runs.get(key) === run) runs.delete(key); });
    while (runs.size > RUNS_KEPT) runs.delete(runs.keys().next().value as string);
  }
  return run;
}
