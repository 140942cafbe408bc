/**
 * Temperature scaling (Guo et al. 2017) of a trained session, and the pair of trained models the
 * temperature figure and the questions share: both trained in the engine, then freed.
 */
import type { AsyncLossLab, AsyncSession } from 'loss-lab';
import { abortError, CE } from './gaps';
import { centredLogits, makeData, sessionFor, snapshot, softmaxByCore, summarise, type LessonData, type Summary } from './data';
import type { ModelChoice } from './params';

export interface TemperatureFit {
  temperature: number;
  validationLossBefore: number;
  validationLossAfter: number;
  before: Summary;
  after: Summary;
}

/**
 * Divide every logit by one T > 0 chosen to minimise the plain cross-entropy on the validation
 * split, then report the test split before and after. The loss is convex in 1/T, so a
 * golden-section search over log T in [1/20, 20] finds it; every loss value comes from the core.
 * Dividing by T never changes the arg-max, so accuracy stays.
 */
export async function fitTemperature(engine: AsyncLossLab, session: AsyncSession, data: LessonData, signal?: AbortSignal): Promise<TemperatureFit> {
  const K = data.classes;
  const valLogits = centredLogits(await session.predict(data.validation.x), K);
  const nll = async (logT: number) => {
    if (signal?.aborted) throw abortError();
    const T = Math.exp(logT);
    return (await engine.loss(CE, valLogits.map((z) => z / T), data.validation.y, { classes: K })).value as number;
  };
  let a = Math.log(1 / 20), b = Math.log(20);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a), d = a + ratio * (b - a);
  let fc = await nll(c), fd = await nll(d);
  for (let i = 0; i < 60; i++) {
    if (fc < fd) { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = await nll(c); }
    else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = await nll(d); }
  }
  const temperature = Math.exp((a + b) / 2);
  const testProbabilities = await session.predict(data.test.x);
  const testLogits = centredLogits(testProbabilities, K);
  const scaled = testLogits.map((z) => z / temperature);
  const [validationLossBefore, validationLossAfter, before, after] = await Promise.all([
    nll(0), nll(Math.log(temperature)),
    summarise(engine, testProbabilities, data.test.y, K, testLogits),
    softmaxByCore(engine, scaled, K).then((p) => summarise(engine, p, data.test.y, K, scaled)),
  ]);
  return { temperature, validationLossBefore, validationLossAfter, before, after };
}

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
