/**
 * The two models of the lesson, identical but for their target: hard labels (ε = 0) and the
 * smoothed ε of the slider. trainPair trains both in the engine and fits their temperatures; the
 * temperature figure and the questions share it.
 */
import type { AsyncLossLab } from 'loss-lab';
import { makeData, sessionFor, snapshot, type LessonData, type Summary } from './data';
import { fitTemperature, type TemperatureFit } from './temperature';
import type { ModelChoice } from './params';

export interface PairSettings {
  classes: number;
  noise: number;
  seed: number;
  model: ModelChoice;
  /** the smoothed model's ε (the other one trains on hard labels) */
  epsilon: number;
}

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
