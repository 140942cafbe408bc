/**
 * The lesson's "predict, then run" questions. Each one runs its experiment on the engine when the
 * learner presses the button, with the lesson's seed at that moment; the right option is read
 * from what the run computed.
 */
import { fmt, pct } from '../../ui/dom';
import { defineQuestion } from '../framework/lesson';
import { meanInterval } from '../shared/stats';
import { conformalRun } from './conformal';
import { quantileBands } from './quantile-bands';
import type { State } from './params';
import { sampleLoss } from './pinball';


const minimiser = defineQuestion<State>({
  id: 'minimiser',
  prompt: 'Predict: for the skewed sample of the first figure (skew 1) and τ = 0.9, which single prediction q has the smallest mean pinball loss?',
  options: [
    { id: 'mean', label: 'The sample mean' },
    { id: 'median', label: 'The sample median' },
    { id: 'quantile', label: 'The 180th smallest of the 200 points (the 0.9-quantile)' },
    { id: 'max', label: 'The largest point' },
  ],
  async run(state, engine) {
    const s = await sampleLoss(engine, { tau: 0.9, skew: 1, q: 0, seed: state.seed });
    const sorted = Float64Array.from(s.sample).sort();
    const mean = s.sample.reduce((a, v) => a + v, 0) / s.sample.length;
    const candidates = { mean, median: (sorted[99] + sorted[100]) / 2, quantile: s.quantile, max: sorted[sorted.length - 1] };
    const correct = (Object.keys(candidates) as Array<keyof typeof candidates>).reduce((best, k) => (Math.abs(candidates[k] - s.argmin) < Math.abs(candidates[best] - s.argmin) ? k : best), 'mean');
    return {
      correct,
      observed: `The core's mean loss is smallest at q = ${fmt(s.argmin, 3)}; the 180th smallest point is ${fmt(s.quantile, 3)}, the median ${fmt(candidates.median, 3)}, the mean ${fmt(mean, 3)}.`,
      explanation: 'The slope of the mean loss in q is (share of points below q) − τ: negative while fewer than 90% of the points lie below q, positive after. It turns at the point with 90% of the sample below it, the 0.9-quantile. So the pinball loss estimates a quantile, whatever the skew; squared error would give the mean and absolute error the median.',
    };
  },
});

const heldOut = defineQuestion<State>({
  id: 'held-out',
  prompt: 'Predict: a linear quantile band from τ = 0.1 to τ = 0.9 is fitted on 20 points. Averaged over 30 seeds, what share of fresh held-out points does it cover?',
  options: [{ id: 'above', label: 'More than 80%' }, { id: 'about', label: 'About 80%' }, { id: 'below', label: 'Clearly less than 80%' }],
  async run(state, engine) {
    const r = await quantileBands(engine, { alpha: 0.2, model: 'linear', ntrain: 20, seed: state.seed });
    const held = meanInterval(r.heldOut), ins = meanInterval(r.inSample);
    const correct = held.high < 0.8 ? 'below' : held.low > 0.8 ? 'above' : 'about';
    return {
      correct,
      observed: `Held-out coverage ${pct(held.mean)} (95% interval ${pct(held.low)} to ${pct(held.high)}); on the training points ${pct(ins.mean)}.`,
      explanation: 'Each quantile line is placed so that the right share of its own training points falls below it: the training coverage is about 80% by construction. But the lines are estimated from 20 noisy points, and their errors push the band off the true quantiles at most x, so fresh points fall outside more often. Nothing in the loss promises held-out coverage; calibrating on points the model has not seen (conformal prediction) does.',
    };
  },
});

const threshold = defineQuestion<State>({
  id: 'threshold',
  prompt: 'Predict: with n = 19 calibration scores and α = 0.1, which score is the conformal threshold?',
  options: [
    { id: '17', label: 'The 17th smallest' },
    { id: '18', label: 'The 18th smallest (the second largest)' },
    { id: '19', label: 'The 19th smallest (the largest)' },
    { id: 'inf', label: 'None: the threshold is +∞' },
  ],
  async run(state, engine) {
    const run = await conformalRun(engine, { alpha: 0.1, ncal: 19 }, state.seed);
    const t = run.cqr;
    const sorted = Float64Array.from(t.scores).sort();
    const rankOf = t.threshold === null ? 'inf' : String(sorted.indexOf(t.threshold) + 1);
    return {
      correct: rankOf,
      observed: `The core's threshold for these 19 CQR scores is ${t.threshold === null ? '+∞' : fmt(t.threshold, 4)}; the sorted scores end with ${Array.from(sorted.slice(16), (v) => fmt(v, 4)).join(', ')}.`,
      explanation: 'The threshold is the k-th smallest score with k = ⌈(n + 1)(1 − α)⌉ = ⌈20 × 0.9⌉ = 18. A new exchangeable point is equally likely to rank anywhere among the 20 scores, so its score is at most the 18th smallest of the 19 with probability 18/20 = 0.9. The plain empirical 90% quantile of 19 scores would be the ⌈17.1⌉ = 18th too here; with n = 10 and α = 0.2 the two differ (the 9th against the 8th).',
    };
  },
});

const conditional = defineQuestion<State>({
  id: 'conditional',
  prompt: 'Predict: split conformal (a constant-width band around the mean model) holds about 80% of all test points at α = 0.2. What share of the test points with x in [4, 5], where the noise is largest, does it hold?',
  options: [{ id: 'above', label: 'Clearly more than 80%' }, { id: 'about', label: 'About 80%' }, { id: 'below', label: 'Clearly less than 80%' }],
  async run(state, engine) {
    const run = await conformalRun(engine, { alpha: 0.2, ncal: 99 }, state.seed);
    const bin = run.split.bins[4], count = run.binCounts[4];
    const margin = 2 * Math.sqrt((0.8 * 0.2) / Math.max(1, count));
    const correct = bin.coverage < 0.8 - margin ? 'below' : bin.coverage > 0.8 + margin ? 'above' : 'about';
    const cqrBins = run.cqr.bins.map((b) => pct(b.coverage)).join(', ');
    return {
      correct,
      observed: `Split conformal: ${pct(run.split.test.coverage)} of all ${run.test.y.length} test points, ${pct(bin.coverage)} of the ${count} with x in [4, 5] (CQR: ${pct(run.cqr.bins[4].coverage)}).`,
      explanation: `The guarantee is marginal: averaged over all x. A band of one width is too wide where the noise is small and too narrow where it is large, so it tends to over-cover the calm region and under-cover the noisy one while the average comes out right${correct === 'below' ? '' : ` (on this data set the noisy bin's ${pct(bin.coverage)} is within the noise of 80%, an unusually lucky draw; over many data sets that bin averages about 60%)`}. CQR starts from quantile models whose width grows with the noise: here its five bins hold ${cqrBins}. It corrects both lines by one amount at every x, though, so no bin is promised anything: conformal methods promise coverage only on average over x.`,
    };
  },
});

export const questions = [minimiser, heldOut, threshold, conditional];
