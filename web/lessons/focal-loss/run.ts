/**
 * The side-by-side training run, as frames: both models (same data, seed and starting weights;
 * only the loss differs) are stepped in the engine, and every STEPS_PER_TICK steps a frame keeps
 * what the figure shows: each model's predicted probability over a grid of the plane and its
 * held-out metrics. Playback then only chooses which frame to draw. No DOM here.
 */
import type { AsyncLossLab, AsyncSession, BinaryMetrics } from 'loss-lab';
import type { ComputeContext } from '../framework/figure';
import { MAX_STEPS, STEPS_PER_TICK } from './params';
import { makeData, sessionOptions, SIDES, throwIfAborted, type LessonState, type Side } from './model';

/** Resolution of the probability grid behind each boundary chart. */
export const GRID_SIZE = 61;
/** Frames computed before the first one is shown, and between two partial results. */
const FRAMES_PER_PARTIAL = 10;

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
  metrics: Record<Side, FrameMetrics>;
}

export type RunSettings = Pick<LessonState, 'seed' | 'ratio' | 'noise' | 'model' | 'gamma' | 'alpha' | 'weighting' | 'prior'>;

export interface TrainingRun {
  settings: RunSettings;
  xRange: readonly [number, number];
  yRange: readonly [number, number];
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
}

export const frameMetrics = (m: BinaryMetrics): FrameMetrics => ({
  recall: m.recall, precision: m.precision, f1: m.f1, accuracy: m.accuracy, prAuc: m.prAuc ?? Number.NaN,
  confusion: m.confusion, pr: m.pr ? { x: m.pr.x, y: m.pr.y } : undefined,
});

/** Trains both models for MAX_STEPS steps, streaming the frames computed so far. */
export async function trainBoth(s: RunSettings, engine: AsyncLossLab, ctx: ComputeContext<TrainingRun>): Promise<TrainingRun> {
  const d = await makeData(engine, s);
  const { x, y, xVal, yVal } = d.data;
  const negatives: number[] = [], positives: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? positives : negatives).push(x[2 * i], x[2 * i + 1]);
  const positivesHeld = yVal.reduce((n, v) => n + v, 0);
  const run: TrainingRun = {
    settings: { seed: s.seed, ratio: s.ratio, noise: s.noise, model: s.model, gamma: s.gamma, alpha: s.alpha, weighting: s.weighting, prior: s.prior },
    xRange: d.xRange, yRange: d.yRange, negatives: Float64Array.from(negatives), positives: Float64Array.from(positives),
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
        return { grid: g.values, metrics: frameMetrics(await engine.metrics.binary(p, yVal)) };
      }));
      run.frames.push({ step, grid: { bce: bce.grid, focal: focal.grid }, metrics: { bce: bce.metrics, focal: focal.metrics } });
      if (run.frames.length % FRAMES_PER_PARTIAL === 0) {
        ctx.partial(run);
        ctx.progress(step / MAX_STEPS, `step ${step} of ${MAX_STEPS}`);
      }
    };
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
    return run;
  } finally {
    await Promise.all(SIDES.map((side) => sessions[side]?.free()));
  }
}
