/**
 * One contrastive training run in the engine's worker: a frame every EVERY steps (the first is
 * the untrained encoder), streamed to the figure as it trains. Pure data, no DOM.
 */
import type { AsyncLossLab, ContrastiveSnapshot } from 'loss-lab';
import { CLASSES, DISPLAY, EVERY, LEARNING_RATE, STEPS, type LessonState, type TRAINING_KEYS } from './params';

export type RunSettings = Pick<LessonState, (typeof TRAINING_KEYS)[number]>;

/** The training keys of a state, read one by one (a figure's state throws on any key outside its deps). */
export function runSettings(s: RunSettings): RunSettings {
  return { tau: s.tau, batch: s.batch, negatives: s.negatives, hard: s.hard, positives: s.positives, augmentation: s.augmentation, seed: s.seed };
}

/** Steps between streamed updates of a run in progress. */
const STREAM_EVERY = 4 * EVERY;

export interface ContrastiveRunData {
  settings: RunSettings;
  frames: ContrastiveSnapshot[];
  /** the objective of every step so far */
  batchLoss: number[];
  labels: Float64Array;
  /** negatives per anchor actually used (K, at most N − 1; 0 with positives only) */
  negatives: number;
  display: number;
  done: boolean;
}

export interface RunContext {
  signal?: AbortSignal;
  partial?(data: ContrastiveRunData): void;
  progress?(fraction: number, label?: string): void;
}

export function runOptions(s: RunSettings) {
  return {
    classes: CLASSES, temperature: s.tau, batch: s.batch, negatives: s.negatives, hard: s.hard, positivesOnly: s.positives,
    augmentation: s.augmentation, seed: s.seed, display: DISPLAY, optimizer: 'adam' as const, params: { lr: LEARNING_RATE },
  };
}

/** Trains STEPS steps, keeping a frame every EVERY; frees the run whatever happens. */
export async function trainContrastive(engine: AsyncLossLab, state: RunSettings, ctx: RunContext = {}, steps = STEPS): Promise<ContrastiveRunData> {
  const s = runSettings(state);
  const run = await engine.contrastive(runOptions(s));
  try {
    const first = await run.step(0);
    const data: ContrastiveRunData = {
      settings: runSettings(s), frames: [first], batchLoss: [], labels: run.evalLabels, negatives: run.negatives, display: run.display, done: false,
    };
    for (let t = 0; t < steps; t += EVERY) {
      if (ctx.signal?.aborted) throw Object.assign(new Error('the computation was cancelled'), { name: 'AbortError' });
      const frame = await run.step(EVERY);
      data.frames = [...data.frames, frame];
      data.batchLoss = [...data.batchLoss, ...frame.batchLoss];
      // Streamed in fifths (every 80 steps at the defaults): each update costs the page a paint.
      if ((t + EVERY) % STREAM_EVERY === 0 && t + EVERY < steps) {
        ctx.progress?.((t + EVERY) / steps, 'training');
        ctx.partial?.({ ...data });
      }
    }
    return { ...data, done: true };
  } finally {
    await run.free();
  }
}

/** The share of an anchor's negative weight that its single heaviest negative carries. */
export function topNegativeShare(frame: ContrastiveSnapshot, display: number, anchor: number): number {
  let top = 0, total = 0;
  for (let j = 0; j < display; ++j) {
    if (j === anchor) continue;
    const w = frame.weights[anchor * display + j];
    total += w;
    top = Math.max(top, w);
  }
  return total > 0 ? top / total : 0;
}
