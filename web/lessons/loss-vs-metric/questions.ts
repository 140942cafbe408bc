/**
 * The lesson's "predict, then run" questions. Each one runs its experiment on the engine when the
 * learner presses the button, with the lesson's settings at that moment.
 */
import type { AsyncLossLab } from 'loss-lab';
import { fmt } from '../../ui/dom';
import { defineQuestion } from '../framework/lesson';
import { costThreshold, pairedDifference, sharedCredit, type CreditRun } from './model';
import type { LessonState } from './params';
import { expectedLoss } from './scoring';

const THRESHOLD_OPTIONS = [0.5, 0.25, 0.091, 0.01];

const threshold = defineQuestion<LessonState>({
  id: 'threshold',
  prompt: 'Predict: a missed default costs 10 times a refused good loan (FN:FP = 10:1). Given a calibrated probability of default p, above which p should the lender refuse, to pay the least?',
  options: THRESHOLD_OPTIONS.map((t) => ({ id: String(t), label: t === 0.091 ? 'About 0.09' : `About ${t}` })),
  async run(state, engine) {
    const run = await sharedCredit(engine, { ...state, fnfp: 10 });
    const sweep = run.models.a.sweep;
    const nearest = THRESHOLD_OPTIONS.reduce((best, t) => (Math.abs(t - sweep.bestThreshold) < Math.abs(best - sweep.bestThreshold) ? t : best));
    return {
      correct: String(nearest),
      observed: `On the held-out loans the BCE model's cost per 1,000 decisions is lowest at threshold ${fmt(sweep.bestThreshold, 3)} (${fmt(1000 * sweep.bestCost, 1)}); at 1/11 = ${fmt(costThreshold(10), 3)} it is ${fmt(1000 * run.models.a.metrics.expectedCost, 1)}, at 0.5 it is ${fmt(1000 * run.models.b.metrics.expectedCost, 1)}.`,
      explanation: 'Refusing a loan with probability p of default costs (1 − p)·c_FP in expectation (the loan was good); lending costs p·c_FN. Refuse when p·c_FN > (1 − p)·c_FP, that is when p > c_FP / (c_FP + c_FN) = 1/11 ≈ 0.091. The rule needs a calibrated p, which a proper loss like BCE gives; the sweep\'s best threshold on one held-out half sits near 1/11, not exactly on it, because of sampling noise in the 4,000 loans.',
    };
  },
});

const linear = defineQuestion<LessonState>({
  id: 'linear',
  prompt: 'Predict: the label is 1 with probability q = 0.3 and the loss is the linear asymmetric loss with FN:FP = 10:1. Which prediction p gives the smallest expected loss?',
  options: [{ id: '0.3', label: 'p = 0.3, the true probability' }, { id: '0.091', label: 'p = 1/11, the cost threshold' }, { id: '1', label: 'p = 1' }, { id: '0', label: 'p = 0' }],
  async run(_state, engine) {
    const curve = await expectedLoss(engine, 'asymmetric', 0.3, { fn_cost: 10, fp_cost: 1 });
    const ids = [0.3, 0.091, 1, 0];
    const nearest = ids.reduce((best, t) => (Math.abs(t - curve.argmin) < Math.abs(best - curve.argmin) ? t : best));
    return {
      correct: String(nearest),
      observed: `The core's expected loss is smallest at p = ${curve.argmin} (${fmt(curve.min, 3)}); its slope is ${fmt(curve.slope, 3)} at every p.`,
      explanation: 'The expected loss is 10·q·(1 − p) + (1 − q)·p, a straight line in p with slope (1 − q) − 10q = 0.7 − 3 = −2.3. A straight line is smallest at an end: here p = 1. The loss only asks which side of 1/11 q lies on, so it rewards pushing every prediction to 0 or 1: it is not a proper scoring rule, and its outputs are decisions, not probabilities.',
    };
  },
});

/** Costs of (a) re-thresholded at the new ratio and of (c) as trained, at a ratio the models were not trained for. */
export async function costChange(engine: AsyncLossLab, run: CreditRun, newRatio: number) {
  const y = run.data.yVal as Float64Array;
  const decide = (p: Float64Array, t: number) => p.map((v) => (v >= t ? 1 : 0));
  const params = { params: { fn_cost: newRatio, fp_cost: 1 }, reduction: 'none' as const };
  const [a, c] = await Promise.all([
    engine.loss('asymmetric', decide(run.models.a.probability, costThreshold(newRatio)), y, params),
    engine.loss('asymmetric', decide(run.models.c.probability, 0.5), y, params),
  ]);
  const costA = a.value as Float64Array, costC = c.value as Float64Array;
  const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
  return { a: mean(costA), c: mean(costC), diff: pairedDifference(costA, costC) };
}

const adapt = defineQuestion<LessonState>({
  id: 'adapt',
  prompt: 'Predict: models (a) and (c) were trained when FN:FP was 10:1. The bank starts recovering most of a defaulted loan, so the costs fall to 2:1, and nobody retrains. (a) moves its threshold to 1/3; (c)’s outputs are not probabilities, so no cost rule says where its new threshold should go, and it keeps deciding as trained. Which costs less per 1,000 held-out decisions?',
  options: [{ id: 'a', label: '(a), BCE re-thresholded' }, { id: 'c', label: '(c), the linear-loss model' }, { id: 'tie', label: 'No difference beyond the noise' }],
  async run(state, engine) {
    const run = await sharedCredit(engine, { ...state, fnfp: 10 });
    const r = await costChange(engine, run, 2);
    const wide = 1.96 * r.diff.se;
    return {
      correct: Math.abs(r.diff.mean) <= wide ? 'tie' : r.diff.mean > 0 ? 'a' : 'c',
      observed: `At 2:1: (a) ${fmt(1000 * r.a, 1)} per 1,000, (c) ${fmt(1000 * r.c, 1)}; (c) − (a) = ${fmt(1000 * r.diff.mean, 1)} ± ${fmt(1000 * wide, 1)} (95%, paired).`,
      explanation: 'At the cost ratio it was trained for, the linear loss does about as well as thresholding BCE (the credit figure): it bakes that one threshold into the model. But its outputs are not probabilities, so when the costs move no rule says where to put a new threshold: finding one means tuning it on labelled held-out data (or retraining). The BCE model only needs the new c_FP / (c_FP + c_FN). Training on the metric ties the model to one set of costs; training on a proper loss and deciding afterwards does not.',
    };
  },
});

export const questions = [linear, threshold, adapt];
