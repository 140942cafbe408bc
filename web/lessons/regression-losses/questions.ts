/**
 * The lesson's four predict-then-run questions. Each runs its experiment on the engine with the
 * state at the moment of the press (the learner's own points, δ and seed), then judges.
 */
import { fmt } from '../../ui/dom';
import { defineQuestion } from '../framework/lesson';
import { fitLine, type LineFit } from '../shared/fit';
import { learnerPoints } from './data';
import { heldOutScores, quantileBand, tweedieFit, zeroInflated } from './experiments';
import type { State } from './params';

const leverage = defineQuestion<State>({
  id: 'leverage',
  prompt: 'Predict: you add one point far to the right, at x = 6, y = 0 (far below the line). Whose slope moves the most?',
  options: [
    { id: 'mse', label: 'MSE' }, { id: 'mae', label: 'MAE' }, { id: 'huber', label: 'Huber' }, { id: 'same', label: 'They all move about the same' },
  ],
  async run(state, engine) {
    const { points: p } = await learnerPoints(engine, state);
    const x2 = Float64Array.from([...p.x, 6]), y2 = Float64Array.from([...p.y, 0]);
    const losses = ['mse', 'mae', 'huber'];
    const slopes = await Promise.all(losses.flatMap((loss) => {
      const params = loss === 'huber' ? { delta: state.delta } : undefined;
      return [fitLine(engine, { loss, params, x: p.x, y: p.y }), fitLine(engine, { loss, params, x: x2, y: y2 })];
    }));
    const moves: Record<string, number> = Object.fromEntries(losses.map((loss, i) => [loss, Math.abs(slopes[2 * i + 1].slope - slopes[2 * i].slope)]));
    const sorted = Object.entries(moves).sort((a, b) => b[1] - a[1]);
    const same = sorted[0][1] < 1.5 * sorted[2][1];
    const mseResidual = 0 - (slopes[1].slope * 6 + slopes[1].intercept); // r = y − ŷ of the added point on the MSE line
    return {
      correct: same ? 'same' : sorted[0][0],
      observed: `Slope change after adding the point: MSE ${fmt(moves.mse, 3)}, Huber ${fmt(moves.huber, 3)}, MAE ${fmt(moves.mae, 3)}.`,
      explanation: `At x = 6 the point sits about 6 units of x from the centre of the cloud. Under MSE its pull is twice its residual, ψ = 2r: the MSE line passes ${fmt(-mseResidual, 1)} above the point even after it has moved, so the point pulls down with ${fmt(-2 * mseResidual, 1)}, and times that lever it turns the line. Under Huber and MAE its pull is capped (at δ, or at 1), but it is not "just one more vote": what the line balances is Σψᵢ·xᵢ, the pulls times their x, and this point's lever is 6 times the typical one. Its vote weighs like several points, and the further out it sits the more it weighs: the breakdown figure below moves it to x = 200, where MAE and Huber give way completely.`,
    };
  },
});

const delta = defineQuestion<State>({
  id: 'delta',
  prompt: 'Predict: with a very small δ = 0.1, the Huber line lands closest to which other line?',
  options: [{ id: 'mse', label: 'The MSE line' }, { id: 'mae', label: 'The MAE line' }],
  async run(state, engine) {
    const { points: p } = await learnerPoints(engine, state);
    const [huber, mse, mae] = await Promise.all([
      fitLine(engine, { loss: 'huber', params: { delta: 0.1 }, x: p.x, y: p.y }),
      fitLine(engine, { loss: 'mse', x: p.x, y: p.y }),
      fitLine(engine, { loss: 'mae', x: p.x, y: p.y }),
    ]);
    const gap = (a: LineFit, b: LineFit) => Math.abs(a.slope - b.slope) + Math.abs(a.intercept - b.intercept);
    const toMse = gap(huber, mse), toMae = gap(huber, mae);
    let outside = 0;
    for (let i = 0; i < p.x.length; i++) if (Math.abs(p.y[i] - (huber.slope * p.x[i] + huber.intercept)) > 0.1) outside++;
    const linear = outside / p.x.length;
    return {
      correct: toMae < toMse ? 'mae' : 'mse',
      observed: `Huber (δ = 0.1): slope ${fmt(huber.slope, 3)}, intercept ${fmt(huber.intercept, 3)}. MAE: ${fmt(mae.slope, 3)}, ${fmt(mae.intercept, 3)}. MSE: ${fmt(mse.slope, 3)}, ${fmt(mse.intercept, 3)}.`,
      explanation: `With δ = 0.1, ${fmt(100 * linear, 0)}% of the residuals on the Huber line are larger than δ, in the linear part, where Huber's pull is a constant ±δ: the same as MAE's, scaled by δ. The rest, within δ of the line, pull less. Scaling a loss does not move its minimum, so the line lands next to the MAE line. A very large δ would do the opposite and copy MSE.`,
    };
  },
});

const coverage = defineQuestion<State>({
  id: 'coverage',
  prompt: 'Predict: the τ = 0.1 and τ = 0.9 lines are fitted on one half of the data. What share of the other, held-out half lies between them?',
  options: [{ id: '50', label: 'About half' }, { id: '80', label: 'About 80%, give or take a few points' }, { id: '95', label: 'About 95%' }, { id: '100', label: 'All of them' }],
  async run(state, engine) {
    const { heldInside: inside, total, interval, inside: trainInside, trainTotal } = await quantileBand(engine, state.seed);
    const share = (100 * inside) / total;
    const nearest = ['50', '80', '95', '100'].reduce((best, o) => (Math.abs(Number(o) - share) < Math.abs(Number(best) - share) ? o : best));
    return {
      correct: nearest,
      observed: `${inside} of ${total} held-out points (${fmt(share, 1)}%, 95% interval ${fmt(100 * interval[0], 1)}% to ${fmt(100 * interval[1], 1)}%) lie inside the band; on the ${trainTotal} training points, ${fmt((100 * trainInside) / trainTotal, 1)}%.`,
      explanation: 'On the points it was fitted to, the band holds about 80% by construction: the pinball loss is smallest where about τ of the points lie below the line. On fresh points two things move the share: the lines were fitted to a sample, so they carry its noise, and an error in either line on average lets points out of the band (coverage tends to fall a little short of 80%); and a share counted on a finite sample wanders by a few points (the interval). Always check coverage on held-out data.',
    };
  },
});

const tweedie = defineQuestion<State>({
  id: 'tweedie',
  prompt: 'Predict: three log-link models are trained on zero-inflated data with squared error, Tweedie (p = 1.5) and absolute error. Which scores the lowest mean absolute error on held-out points?',
  options: [{ id: 'squared', label: 'Squared error' }, { id: 'tweedie', label: 'Tweedie with p = 1.5' }, { id: 'absolute', label: 'Absolute error' }],
  async run(state, engine) {
    const data = await zeroInflated(engine, state.seed);
    const fits = await Promise.all([tweedieFit(engine, data, 'squared'), tweedieFit(engine, data, 1.5), tweedieFit(engine, data, 'absolute')]);
    const [sq, tw, ab] = await Promise.all(fits.map((f) => heldOutScores(engine, data, f)));
    const best = [['squared', sq.mae], ['tweedie', tw.mae], ['absolute', ab.mae]].sort((a, b) => (a[1] as number) - (b[1] as number))[0][0] as string;
    return {
      correct: best,
      observed: `Held-out MAE: squared error ${fmt(sq.mae, 3)}, Tweedie p = 1.5 ${fmt(tw.mae, 3)}, absolute error ${fmt(ab.mae, 3)}. Predicted total over true total: ${fmt(sq.totalRatio, 3)}, ${fmt(tw.totalRatio, 3)}, ${fmt(ab.totalRatio, 3)}.`,
      explanation: 'MAE is minimised by the median, and with 40% zeros and a long tail the median sits well below the mean. Squared error and Tweedie both aim at the mean, so they tie with each other and lose on MAE; the absolute-error model predicts the median and wins it, but its predicted total falls far short of the true total (the last numbers). Judge a loss with the metric you care about: for totals (premiums, budgets) you want the mean.',
    };
  },
});

export const questions = [leverage, delta, coverage, tweedie];
