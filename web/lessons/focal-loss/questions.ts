/**
 * The lesson's four "predict, then run" questions. Each one runs its experiment on the engine
 * when the learner presses the button, with the lesson's settings at that moment.
 */
import type { AsyncLossLab } from 'loss-lab';
import { fmt } from '../../ui/dom';
import { defineQuestion } from '../framework/lesson';
import { MAX_STEPS } from './params';
import { formatRatio, lossNow, makeData, sessionOptions, SIDES, weightRatio, withSession, type ImbalancedData, type LessonState, type Side } from './model';
import type { BinaryMetrics } from 'loss-lab';

/** Trains both models of the given settings for `steps` steps and measures them on held-out data. */
async function trainPair(engine: AsyncLossLab, d: ImbalancedData, s: LessonState, steps: number): Promise<Record<Side, BinaryMetrics>> {
  const out = {} as Record<Side, BinaryMetrics>;
  for (const side of SIDES) {
    out[side] = await withSession(engine, sessionOptions(d, s, side), async (session) => {
      for (let done = 0; done < steps; done += 40) await session.step(Math.min(40, steps - done));
      return engine.metrics.binary(await session.predict(d.data.xVal), d.data.yVal);
    });
  }
  return out;
}

const factor = defineQuestion<LessonState>({
  id: 'factor',
  prompt: 'Predict: with γ = 2, an example the model gets right with p_t = 0.99 counts how many times less than under cross-entropy?',
  options: [{ id: '2', label: 'About 2 times less' }, { id: '100', label: 'About 100 times less' }, { id: '10000', label: 'About 10,000 times less' }],
  async run(_, engine) {
    const { ratio, focal, ce } = await weightRatio(engine, 0.99, 2);
    const nearest = ['2', '100', '10000'].reduce((best, o) => (Math.abs(Math.log(Number(o) / ratio)) < Math.abs(Math.log(Number(best) / ratio)) ? o : best));
    return {
      correct: nearest,
      observed: `The core computes a focal loss of ${fmt(focal, 7)} and a cross-entropy of ${fmt(ce, 5)}: a ratio of ${formatRatio(ratio)}.`,
      explanation: 'The factor is (1 − p_t)^γ = 0.01² = 0.0001, so the example keeps one ten-thousandth of its loss. At p_t = 0.9 it was 0.1² = 0.01, a hundredth. Each step closer to certainty divides the loss of an easy example by another 100 at γ = 2. Its gradient, which is what moves the model, falls less steeply: about 34.5 times at p_t = 0.9 and about 3,300 times at p_t = 0.99 (the readout of the figure above shows it for any p_t).',
    };
  },
});

const recall = defineQuestion<LessonState>({
  id: 'recall',
  prompt: `Predict: at 1:100, after ${MAX_STEPS} steps with the current settings, which model catches more of the rare examples at the usual threshold of 0.5 (higher recall on held-out data)?`,
  options: [{ id: 'bce', label: 'The BCE model' }, { id: 'focal', label: 'The focal model' }, { id: 'tie', label: 'They catch the same number' }],
  async run(state, engine) {
    const s = { ...state, ratio: 100 };
    const m = await trainPair(engine, await makeData(engine, s), s, MAX_STEPS);
    const tie = Math.abs(m.bce.recall - m.focal.recall) < 1e-9;
    return {
      correct: tie ? 'tie' : m.focal.recall > m.bce.recall ? 'focal' : 'bce',
      observed: `Held-out recall: BCE ${fmt(m.bce.recall, 3)}, focal ${fmt(m.focal.recall, 3)} (precision ${fmt(m.bce.precision, 3)} vs ${fmt(m.focal.precision, 3)}; accuracy ${fmt(m.bce.accuracy, 3)} vs ${fmt(m.focal.accuracy, 3)}).`,
      explanation: 'At 0.5 the focal model usually flags more rare points, at a cost in precision. That is not because BCE ignored the rare class: BCE is a proper scoring rule, so its outputs estimate P(rare | x), and at 1:100 that posterior rarely reaches 0.5 even where rare points live. The focal loss with α = 0.75 inflates its outputs, so more of them cross 0.5. Compare the PR-AUCs (the ranking, threshold-free): they are the same, and BCE with a tuned threshold matches focal\'s F1 (the "BCE, tuned threshold" row). With α = 0.25, the weighting off or γ = 0 the answer can change: try it.',
    };
  },
});

const paradox = defineQuestion<LessonState>({
  id: 'paradox',
  prompt: 'Predict: at 1:100, what accuracy does a "model" get that always answers "common class"?',
  options: [{ id: '50', label: 'About 50%' }, { id: '90', label: 'About 90%' }, { id: '99', label: 'About 99%' }],
  async run(state, engine) {
    const d = await makeData(engine, { ...state, ratio: 100 });
    const m = await engine.metrics.binary(new Float64Array(d.data.yVal.length), d.data.yVal);
    const share = 100 * m.accuracy;
    const nearest = ['50', '90', '99'].reduce((best, o) => (Math.abs(Number(o) - share) < Math.abs(Number(best) - share) ? o : best));
    return {
      correct: nearest,
      observed: `Accuracy ${fmt(share, 1)}%, recall of the rare class ${fmt(m.recall, 3)}, F1 ${fmt(m.f1, 3)} on ${d.data.yVal.length} held-out points.`,
      explanation: 'Only about one point in 101 is rare, so never finding a single one is still right about 99% of the time. Accuracy counts every point once, so the common class decides it; recall, precision and F1 of the rare class expose the useless model at once.',
    };
  },
});

const prior = defineQuestion<LessonState>({
  id: 'prior',
  prompt: 'Predict: at 1:100, how does starting the bias at the prior change the BCE training loss before the first step?',
  options: [{ id: 'lower', label: 'Much lower (less than a fifth)' }, { id: 'same', label: 'About the same' }, { id: 'higher', label: 'Higher' }],
  async run(state, engine) {
    const s = { ...state, ratio: 100 };
    const d = await makeData(engine, s);
    const start = (atPrior: boolean) => withSession(engine, sessionOptions(d, s, 'bce', atPrior), (session) => lossNow(engine, session, d.data, 'bce', s));
    const plain = await start(false), atPrior = await start(true);
    return {
      correct: atPrior < plain / 5 ? 'lower' : atPrior > plain * 1.05 ? 'higher' : 'same',
      observed: `Starting BCE loss: ${fmt(plain, 3)} with the default start, ${fmt(atPrior, 3)} with the bias at the prior.`,
      explanation: 'A default start predicts roughly 0.5 everywhere (the random weights spread it a little), which costs around log 2 ≈ 0.69 per example. Starting at the prior predicts about the base rate π ≈ 0.01 everywhere (exactly π only where the rest of the network outputs about 0, which is why the paper draws its weights with σ = 0.01), whose cross-entropy is close to the entropy of the labels, about 0.056 at 1:100. The first steps no longer have to push every output down.',
    };
  },
});

export const questions = [factor, recall, paradox, prior];
