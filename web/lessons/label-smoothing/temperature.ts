/**
 * Temperature scaling (Guo et al. 2017) of a trained session: one T for all logits, fitted on the
 * validation split with every loss value from the core, reported on the test split.
 */
import type { AsyncLossLab, AsyncSession } from 'loss-lab';
import { abortError, CE } from './gaps';
import { timeSlicer } from '../shared/slice';
import { CALIBRATION_BINS, centredLogits, softmaxByCore, summarise, type LessonData, type Summary } from './data';

/** The temperatures at which the test ECE is traced: 41 steps, evenly spaced in log T from 1/4 to 8. */
export const TEMPERATURE_GRID = Float64Array.from({ length: 41 }, (_, i) => Math.exp(Math.log(0.25) + (i / 40) * Math.log(32)));

export interface TemperatureFit {
  temperature: number;
  validationLossBefore: number;
  validationLossAfter: number;
  before: Summary;
  after: Summary;
  /** the test ECE at each T of TEMPERATURE_GRID */
  eceCurve: Float64Array;
  /** the index in TEMPERATURE_GRID of the lowest test ECE (the first, if several tie) */
  bestOnGrid: number;
  /** the share of the validation cross-entropy (at T = 1) carried by its worst 10% of points */
  worstShare: number;
}

/** Of a sum of per-example losses, the share carried by the largest tenth. */
export function worstTenthShare(losses: ArrayLike<number>): number {
  const sorted = Float64Array.from(losses).sort().reverse();
  let all = 0, worst = 0;
  sorted.forEach((v, i) => { all += v; if (i < Math.ceil(sorted.length / 10)) worst += v; });
  return all > 0 ? worst / all : NaN;
}

/** The test ECE of logits divided by each T of the grid (probabilities and ECE from the core). */
async function eceAlongTemperature(engine: AsyncLossLab, logits: Float64Array, labels: Float64Array, K: number): Promise<Float64Array> {
  // Every T's logits are divided and sent at once (the engine answers them together), with a
  // task boundary whenever that loop has run a few milliseconds (shared/slice.ts).
  const slice = timeSlicer(), eces: Array<Promise<number>> = [];
  for (const T of TEMPERATURE_GRID) {
    await slice();
    const ece = eceAt(engine, logits.map((z) => z / T), labels, K);
    ece.catch(() => undefined);  // reported by Promise.all below, not as unhandled while the loop runs
    eces.push(ece);
  }
  return Float64Array.from(await Promise.all(eces));
}

/** The test ECE of already scaled logits. */
async function eceAt(engine: AsyncLossLab, scaled: Float64Array, labels: Float64Array, K: number): Promise<number> {
  const p = await softmaxByCore(engine, scaled, K);
  const n = labels.length, confidence = new Float64Array(n), correct = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (p[i * K + k] > p[i * K + best]) best = k;
    confidence[i] = p[i * K + best];
    correct[i] = best === labels[i] ? 1 : 0;
  }
  return (await engine.metrics.calibration(confidence, correct, { bins: CALIBRATION_BINS })).ece;
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
  const [validationLossBefore, validationLossAfter, before, after, eceCurve, perExample] = await Promise.all([
    nll(0), nll(Math.log(temperature)),
    summarise(engine, testProbabilities, data.test.y, K, testLogits),
    softmaxByCore(engine, scaled, K).then((p) => summarise(engine, p, data.test.y, K, scaled)),
    eceAlongTemperature(engine, testLogits, data.test.y, K),
    engine.loss(CE, valLogits, data.validation.y, { classes: K, reduction: 'none' }).then((r) => r.value as Float64Array),
  ]);
  let bestOnGrid = 0;
  for (let i = 1; i < eceCurve.length; i++) if (eceCurve[i] < eceCurve[bestOnGrid]) bestOnGrid = i;
  return { temperature, validationLossBefore, validationLossAfter, before, after, eceCurve, bestOnGrid, worstShare: worstTenthShare(perExample) };
}
