/**
 * Temperature scaling (Guo et al. 2017) of a trained session: one T for all logits, fitted on the
 * validation split with every loss value from the core, reported on the test split.
 */
import type { AsyncLossLab, AsyncSession } from 'loss-lab';
import { abortError, CE } from './gaps';
import { centredLogits, softmaxByCore, summarise, type LessonData, type Summary } from './data';

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
