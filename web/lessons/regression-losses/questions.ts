/**
 * The lesson's four predict-then-run questions. Each runs its experiment on the engine with the
 * state at the moment of the press (the learner's own points, δ and seed), then judges.
 */
import { fmt } from '../../ui/dom';
import { defineQuestion } from '../framework/lesson';
import { fitLine, type LineFit } from '../shared/fit';
import { learnerPoints } from './data';
import { heldOutMae, quantileBand, tweedieFit, zeroInflated } from './experiments';
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
    return {
      correct: same ? 'same' : sorted[0][0],
      observed: `Slope change after adding the point: MSE ${fmt(moves.mse, 3)}, Huber ${fmt(moves.huber, 3)}, MAE ${fmt(moves.mae, 3)}.`,
      explanation: 'Under MSE the new point pulls with a force proportional to its residual (about 18 here), and because it sits far from the other x values, that force turns the line. Under Huber and MAE its pull is capped (at δ, or at 1), so it is just one more vote among 200.',
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
    return {
      correct: toMae < toMse ? 'mae' : 'mse',
      observed: `Huber (δ = 0.1): slope ${fmt(huber.slope, 3)}, intercept ${fmt(huber.intercept, 3)}. MAE: ${fmt(mae.slope, 3)}, ${fmt(mae.intercept, 3)}. MSE: ${fmt(mse.slope, 3)}, ${fmt(mse.intercept, 3)}.`,
      explanation: 'With a tiny δ almost every residual is in the linear part, where Huber\'s pull is a constant ±δ: the same shape as MAE, scaled by δ. Scaling a loss does not move its minimum, so the line lands next to the MAE line. A very large δ would do the opposite and copy MSE.',
    };
  },
});

const coverage = defineQuestion<State>({
  id: 'coverage',
  prompt: 'Predict: what share of the points lies between the τ = 0.1 and τ = 0.9 lines?',
  options: [{ id: '50', label: 'About half' }, { id: '80', label: 'About 80%' }, { id: '95', label: 'About 95%' }, { id: '100', label: 'All of them' }],
  async run(state, engine) {
    const { inside, total } = await quantileBand(engine, state.seed);
    const share = (100 * inside) / total;
    const nearest = ['50', '80', '95', '100'].reduce((best, o) => (Math.abs(Number(o) - share) < Math.abs(Number(best) - share) ? o : best));
    return {
      correct: nearest,
      observed: `${inside} of ${total} points (${fmt(share, 1)}%) lie inside the band.`,
      explanation: 'The τ = 0.1 line has about 10% of the points below it and the τ = 0.9 line about 10% above it, so about 80% remain between them. It is only about 80% because the lines are fitted to this sample: on new data the share would wander a little.',
    };
  },
});

const tweedie = defineQuestion<State>({
  id: 'tweedie',
  prompt: 'Predict: on held-out zero-inflated data, which training loss gives the lower mean absolute error?',
  options: [{ id: 'squared', label: 'Squared error' }, { id: 'tweedie', label: 'Tweedie with p = 1.5' }, { id: 'tie', label: 'No real difference (within 1%)' }],
  async run(state, engine) {
    const data = await zeroInflated(engine, state.seed);
    const fits = await Promise.all([tweedieFit(engine, data, 'squared'), tweedieFit(engine, data, 1.5)]);
    const [sq, tw] = await Promise.all(fits.map((f) => heldOutMae(engine, data, f)));
    const tie = Math.abs(sq - tw) / Math.max(sq, tw) < 0.01;
    return {
      correct: tie ? 'tie' : sq < tw ? 'squared' : 'tweedie',
      observed: `Held-out MAE: squared error ${fmt(sq, 3)}, Tweedie p = 1.5 ${fmt(tw, 3)}.`,
      explanation: tie
        ? 'Both losses aim at the same thing, the mean of y at each x, and our synthetic data was generated from exactly the log-linear model both fits assume, so they land in nearly the same place. Tweedie\'s advantage shows on real data whose tail is heavier or messier than the model: squared error lets the few huge targets dominate its gradient, while Tweedie scales each point\'s pull by μ^(1−p) and so tempers them.'
        : 'Squared error weighs every residual by its size, so the few huge targets dominate its gradient; Tweedie scales each point\'s pull by μ^(1−p), which tempers the large predictions. On our synthetic data the gap is what you see here, not the 23% of the published example: both losses aim at the mean, and our data follows the model they assume.',
    };
  },
});

export const questions = [leverage, delta, coverage, tweedie];
