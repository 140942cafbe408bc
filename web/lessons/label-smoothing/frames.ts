/**
 * The live training of the two models as frames: both sessions step in the engine, and every
 * STEPS_PER_FRAME steps each one's test predictions are summarised (confidence, logit norms,
 * reliability bins, losses). Frames stream to the figure as they are computed; the sessions are
 * freed at the end, on an error or when a newer state cancels the run.
 */
import type { AsyncLossLab, AsyncSession, StepResult } from 'loss-lab';
import type { ComputeContext } from '../framework/figure';
import { abortError, CE } from './gaps';
import { centredLogits, makeData, sessionFor, snapshot, type LessonData, type Summary } from './data';
import { SIDES, type Pair, type PairSettings, type Side } from './pair';
import { STEPS_PER_FRAME, TRAIN_STEPS } from './params';
import { histogramBins, type Bin } from '../../ui/layers';

const STREAM_INTERVAL_MS = 100;

export interface SideFrame extends Summary {
  /** accuracy on the (noisy) training labels, from the session's own metrics */
  trainAccuracy: number;
  /** why the session stopped early, if it did ('' otherwise) */
  stopped: string;
  /** plain cross-entropy on the validation split: what early stopping watches */
  validationLoss: number;
  /** the histograms the figure draws: top-class probability over [0, 1], logit norm over [0, normTop] */
  confidenceBins: Bin[];
  normBins: Bin[];
}

export interface TrainingFrame extends Pair<SideFrame> {
  step: number;
  /** the last frame of a finished run */
  done: boolean;
  /** the scales of the charts up to this frame, so the axes only ever grow as in a live run */
  lossMax: number;
  normMax: number;
  /** the logit-norm histograms' x extent, from normMax */
  normTop: number;
  /** the largest bin of each pair of histograms (both models), for a count axis they share */
  confidenceCountMax: number;
  normCountMax: number;
}

/**
 * An axis top from the ladder 1, 1.5, 2, 3, 5, 7.5 × 10^k, at or above `v`: it changes a few times
 * per decade, so a playback redraws a chart's axes on a handful of frames instead of most of them
 * (the counts of a histogram and the largest logit norm grow through the whole training).
 */
const LADDER = [1, 1.5, 2, 3, 5, 7.5, 10];
export function axisTop(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const decade = 10 ** Math.floor(Math.log10(v));
  return decade * LADDER.find((m) => m * decade >= v * (1 - 1e-12))!;
}

/** Bins of each histogram of the training figure. */
export const HISTOGRAM_BINS = 20;

export interface TrainingRun extends PairSettings {
  frames: TrainingFrame[];
  /** the training objective after every step */
  trainLoss: Pair<number[]>;
  /** the test objective at every frame, as [step, loss] */
  testLoss: Pair<Array<[number, number]>>;
  /** rows in the training, validation and test splits */
  sizes: [number, number, number];
  /** K of the data trained on (the slider's, or the learner's file's) */
  dataClasses: number;
  /** the learner's file, when the run trained on it */
  file?: string;
}

export async function trainFrames(engine: AsyncLossLab, s: PairSettings, context: ComputeContext<TrainingRun>): Promise<TrainingRun> {
  const { signal } = context;
  const data: LessonData = await makeData(engine, s);
  const sessions: Partial<Pair<AsyncSession>> = {};
  const run: TrainingRun = {
    ...s, frames: [], trainLoss: { hard: [], smooth: [] }, testLoss: { hard: [], smooth: [] },
    sizes: [data.train.y.length, data.validation.y.length, data.test.y.length], dataClasses: data.classes, file: data.own?.file,
  };
  const epsilonOf = (side: string) => (side === 'hard' ? 0 : s.epsilon);
  try {
    for (const side of SIDES) sessions[side] = await sessionFor(engine, data, s.model, epsilonOf(side), TRAIN_STEPS, s.seed);
    let lossMax = 1, normMax = 1, step = 0, streamed = 0;
    const last: Partial<Pair<StepResult>> = {};
    for (;;) {
      if (signal.aborted) throw abortError();
      const [hard, smooth] = await Promise.all(SIDES.map(async (side): Promise<Omit<SideFrame, 'confidenceBins' | 'normBins'>> => {
        const [summary, validationLoss] = await Promise.all([
          snapshot(engine, sessions[side]!, data.test, data.classes, epsilonOf(side)),
          validationCrossEntropy(engine, sessions[side]!, data),
        ]);
        const r = last[side];
        return { ...summary, validationLoss, trainAccuracy: r?.metrics.accuracy ?? NaN, stopped: r?.stopped === 'diverged' ? r.stopReason : '' };
      }));
      const stoppedEarly = !!last.hard?.stopped || !!last.smooth?.stopped;
      for (const [side, f] of [['hard', hard], ['smooth', smooth]] as const) {
        run.testLoss[side].push([step, f.objective]);
        // The untrained models' loss sets the scale of the curves.
        if (step === 0) lossMax = Math.max(lossMax, f.objective * 1.1);
        for (const v of f.logitNorm) if (Number.isFinite(v)) normMax = Math.max(normMax, v);
        if (Number.isFinite(f.objective)) lossMax = Math.max(lossMax, f.objective);
      }
      const done = step >= TRAIN_STEPS || stoppedEarly;
      // The histograms are binned here, once per frame, not in every draw of a playback.
      const normTop = axisTop(normMax * 1.05);
      const binned = (f: typeof hard): SideFrame => ({ ...f, confidenceBins: histogramBins(f.confidence, [0, 1], HISTOGRAM_BINS), normBins: histogramBins(f.logitNorm, [0, normTop], HISTOGRAM_BINS) });
      const sides = { hard: binned(hard), smooth: binned(smooth) };
      const largest = (key: 'confidenceBins' | 'normBins') => Math.max(...SIDES.flatMap((side) => sides[side][key].map((b) => b.count)));
      run.frames.push({ step, done, ...sides, lossMax, normMax, normTop, confidenceCountMax: largest('confidenceBins'), normCountMax: largest('normBins') });
      if (done) break;
      // Frames stream at most every 100 ms (and the first at once): each one costs the page a
      // repaint of the playback bar and progress, which need not happen for every frame.
      const now = Date.now();
      if (step === 0 || now - streamed >= STREAM_INTERVAL_MS) {
        streamed = now;
        context.progress(step / TRAIN_STEPS, `step ${step} of ${TRAIN_STEPS}`);
        context.partial({ ...run, frames: run.frames.slice() });
      }
      const k = Math.min(STEPS_PER_FRAME, TRAIN_STEPS - step);
      const results = await Promise.all(SIDES.map((side) => sessions[side]!.step(k)));
      SIDES.forEach((side, i) => {
        last[side] = results[i];
        run.trainLoss[side].push(...results[i].trainLoss);
        for (const v of results[i].trainLoss) if (Number.isFinite(v)) lossMax = Math.max(lossMax, v);
      });
      step = Math.max(results[0].steps, results[1].steps);
    }
    return run;
  } finally {
    for (const side of SIDES) void sessions[side]?.free();
  }
}

/** The plain cross-entropy (ε = 0) of a session's predictions on the validation split, from the core. */
async function validationCrossEntropy(engine: AsyncLossLab, session: AsyncSession, data: LessonData): Promise<number> {
  const logits = centredLogits(await session.predict(data.validation.x), data.classes);
  return (await engine.loss(CE, logits, data.validation.y, { classes: data.classes })).value as number;
}

/**
 * Early stopping as a practitioner runs it: of the frames up to `index`, the one with the lowest
 * validation cross-entropy (the test split plays no part in the choice).
 */
export function earlyStop(frames: readonly TrainingFrame[], index: number, side: Side): number {
  let best = 0;
  for (let i = 1; i <= Math.min(index, frames.length - 1); i++) {
    if (frames[i][side].validationLoss < frames[best][side].validationLoss) best = i;
  }
  return best;
}
