/**
 * The two models of the lesson, identical but for their target: hard labels (ε = 0) and the
 * smoothed ε of the slider. trainPair trains both in the engine and fits their temperatures; the
 * temperature figure and the questions share it.
 */
import type { AsyncLossLab } from 'loss-lab';
import { ownData } from '../shared/own-data';
import { makeData, sessionFor, snapshot, type LessonData, type Summary } from './data';
import { fitTemperature, type TemperatureFit } from './temperature';
import { TRAIN_STEPS, type ModelChoice } from './params';

export interface PairSettings {
  classes: number;
  noise: number;
  seed: number;
  model: ModelChoice;
  /** the smoothed model's ε (the other one trains on hard labels) */
  epsilon: number;
  /** the id of the learner's own dataset, or null for the lab's blobs (a local value) */
  owndata?: string | null;
}

/** The settings of the pair from a state (the lesson's, or a figure's with another ε). */
export const pairSettings = (s: Omit<PairSettings, 'owndata'> & { owndata?: string | null }): PairSettings =>
  ({ classes: s.classes, epsilon: s.epsilon, noise: s.noise, seed: s.seed, model: s.model, owndata: ownData(s.owndata) ? s.owndata : null });

export type Side = 'hard' | 'smooth';
export const SIDES: readonly Side[] = ['hard', 'smooth'];
export type Pair<T> = Record<Side, T>;

/**
 * Trains both models for `steps` steps (in the engine, in chunks that a newer state can cancel),
 * and returns each one's test summary and temperature fit. The sessions are always freed. The
 * result equals the live training figure's at the same step: same data, seed and optimiser.
 */
export async function trainPair(engine: AsyncLossLab, s: PairSettings, steps: number, total: number, signal?: AbortSignal, data?: LessonData): Promise<Pair<{ test: Summary; fit: TemperatureFit }>> {
  const d = data ?? await makeData(engine, s);
  const run = async (epsilon: number) => {
    const session = await sessionFor(engine, d, s.model, epsilon, total, s.seed);
    try {
      if (steps > 0) await session.run(steps, { signal, chunk: 100 });
      return { test: await snapshot(engine, session, d.test, d.classes), fit: await fitTemperature(engine, session, d, signal) };
    } finally {
      void session.free();
    }
  };
  const [hard, smooth] = await Promise.all([run(0), run(s.epsilon)]);
  return { hard, smooth };
}

export type FinalPair = Pair<{ test: Summary; fit: TemperatureFit }>;

/**
 * Both models trained to the end, with their temperature fits. The temperature figure, the noise
 * figure and the questions all read the same pair, so it is computed once per setting: callers share one
 * computation, which stops only when every caller has given up on it.
 */
const shared = new Map<string, { promise: Promise<FinalPair>; users: number; controller: AbortController }>();
const SHARED_KEEP = 6;

export function finalPair(engine: AsyncLossLab, s: PairSettings, signal?: AbortSignal): Promise<FinalPair> {
  const key = JSON.stringify([s.classes, s.noise, s.seed, s.model, s.epsilon, s.owndata ?? null]);
  let entry = shared.get(key);
  if (!entry) {
    const controller = new AbortController();
    const promise = computeFinalPair(engine, s, controller.signal);
    entry = { promise, users: 0, controller };
    shared.set(key, entry);
    promise.catch(() => { if (shared.get(key)?.promise === promise) shared.delete(key); });
    while (shared.size > SHARED_KEEP) shared.delete(shared.keys().next().value as string);
  }
  const mine = entry;
  mine.users++;
  let settled = false;
  void mine.promise.then(() => { settled = true; }, () => { settled = true; });
  signal?.addEventListener('abort', () => {
    if (settled) return;
    if (--mine.users === 0) {
      mine.controller.abort();
      if (shared.get(key) === mine) shared.delete(key);
    }
  }, { once: true });
  return mine.promise;
}

function computeFinalPair(engine: AsyncLossLab, s: PairSettings, signal: AbortSignal): Promise<FinalPair> {
  return trainPair(engine, s, TRAIN_STEPS, TRAIN_STEPS, signal);
}
