/**
 * The lesson's "predict, then run" questions. Each one runs its experiment on the engine when the
 * learner presses the button, and the right answer is read from what the core computed.
 */
import { fmt } from '../../ui/dom';
import { defineQuestion } from '../framework/lesson';
import { shrinkage } from './figures/adamw';
import { wave } from './figures/early';
import { FEATURES, regressionData, trainMlp } from './model';
import type { LessonState } from './params';

/** λ from 10 down to 10⁻⁴, 400 steps: fine enough to order the coefficients' exits. */
const FINE = Float64Array.from({ length: 401 }, (_, i) => 10 ** (1 - (5 * i) / 400));

const GROUPS = {
  irrelevant: [6, 7, 8, 9],
  small: [4, 5],
  pair: [0, 1],
  large: [2, 3],
} as const;

const firstZero = defineQuestion<LessonState>({
  id: 'first-zero',
  prompt: 'Predict: on the lesson’s regression (the seed of the paths figure), as λ grows under the lasso, which coefficient leaves the model for good first (is exactly zero at that λ and at every larger one)?',
  options: [
    { id: 'irrelevant', label: 'One of the irrelevant features (x6 to x9, true coefficient 0)' },
    { id: 'small', label: 'One of the small true effects (x4 = −0.5, x5 = 0.25)' },
    { id: 'pair', label: 'One of the correlated pair (x0, x1, true coefficient 2 each)' },
    { id: 'large', label: 'x2 or x3 (−1.5 and 1)' },
  ],
  async run(state, engine) {
    const data = await regressionData(engine, state.seed);
    const path = await engine.elasticNetPath({ x: data.x, y: data.y, features: FEATURES, lambdas: FINE.slice().reverse(), l1Ratio: 1 });
    // Walking λ upward: the first coefficient that is 0 and stays 0 for every larger λ.
    const lambdas = path.lambdas;
    const exit = Array.from({ length: FEATURES }, (_, j) => {
      let k = lambdas.length - 1;
      while (k >= 0 && path.coef[k * FEATURES + j] === 0) k--;
      return k + 1 < lambdas.length ? lambdas[k + 1] : Infinity;  // smallest λ from which w_j stays 0
    });
    let first = 0;
    for (let j = 1; j < FEATURES; j++) if (exit[j] < exit[first]) first = j;
    // A lasso path need not be monotone: a coefficient may touch 0 at a smaller λ and come back.
    const touch = Array.from({ length: FEATURES }, (_, j) => {
      const k = lambdas.findIndex((_, i) => path.coef[i * FEATURES + j] === 0);
      return k < 0 ? Infinity : lambdas[k];
    });
    let firstTouch = 0;
    for (let j = 1; j < FEATURES; j++) if (touch[j] < touch[firstTouch]) firstTouch = j;
    // Where that first zero run ends: the first larger λ at which the coefficient is back.
    const touchAt = lambdas.indexOf(touch[firstTouch]);
    const returnAt = lambdas.findIndex((_, i) => i > touchAt && path.coef[i * FEATURES + firstTouch] !== 0);
    const back = touch[firstTouch] < exit[first] && touch[firstTouch] < exit[firstTouch] && returnAt > 0
      ? ` Before that, x${firstTouch} is 0 from λ = ${fmt(touch[firstTouch], 4)} to about ${fmt(lambdas[returnAt - 1], 2)}, comes back, and leaves for good only at λ = ${fmt(exit[firstTouch], 3)}.`
      : '';
    const group = (Object.keys(GROUPS) as (keyof typeof GROUPS)[]).find((g) => (GROUPS[g] as readonly number[]).includes(first))!;
    return {
      correct: group,
      observed: `The core's lasso path (seed ${state.seed}) zeroes x${first} first, from λ = ${fmt(exit[first], 4)} on. The exits, in order: ${exit.map((l, j) => [l, j] as const).sort((a, b) => a[0] - b[0]).map(([l, j]) => `x${j} (${fmt(l, 3)})`).join(', ')}.${back}`,
      explanation: 'A lasso coefficient is exactly zero while the covariance of its feature with what the others leave unexplained, |c_j − Σ G_jk w_k|, stays below λ: the soft-threshold S(z, λ) returns 0 for |z| ≤ λ. An irrelevant feature only correlates with the noise, so it usually leaves first; a small true effect can leave early too, when its sample covariance is no larger than the noise’s. The exit order is an estimate from 30 rows, not a ranking of the true effects: change the seed and the middle of the order moves. And a lasso path need not be monotone: when correlated features trade weight, a coefficient can touch zero, come back as λ grows, and leave again later.',
    };
  },
});

const duplicate = defineQuestion<LessonState>({
  id: 'duplicate',
  prompt: 'Predict: add an exact copy of x0 as an eleventh feature. How do the lasso and ridge split the weight between the two identical columns?',
  options: [
    { id: 'any-half', label: 'Lasso: any split costs the same, so it keeps whichever it reaches; ridge: exactly half on each' },
    { id: 'half-half', label: 'Both put exactly half on each copy' },
    { id: 'any-any', label: 'Both keep whichever split they reach first' },
    { id: 'half-any', label: 'Lasso: exactly half on each; ridge: whichever split it reaches' },
  ],
  async run(state, engine) {
    const data = await regressionData(engine, state.seed);
    const n = data.y.length, p = FEATURES + 1;
    const x = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      x.set(data.x.subarray(i * FEATURES, (i + 1) * FEATURES), i * p);
      x[i * p + FEATURES] = data.x[i * FEATURES];
    }
    const fit = (l1Ratio: number) => engine.elasticNetPath({ x, y: data.y, features: p, lambdas: [0.2], l1Ratio });
    const [lasso, ridge] = await Promise.all([fit(1), fit(0)]);
    const single = await engine.elasticNetPath({ x: data.x, y: data.y, features: FEATURES, lambdas: [0.2], l1Ratio: 1 });
    const split = (w: Float64Array) => {
      const a = w[0], b = w[FEATURES];
      return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b)) ? 'half' : 'any';
    };
    const l = split(lasso.coef), r = split(ridge.coef);
    return {
      correct: `${l}-${r}`,
      observed: `At λ = 0.2 the core's lasso gives x0 = ${fmt(lasso.coef[0], 4)} and its copy ${fmt(lasso.coef[FEATURES], 4)}, which sum to ${fmt(lasso.coef[0] + lasso.coef[FEATURES], 4)}: the lasso's x0 without the copy is ${fmt(single.coef[0], 4)}. Ridge gives ${fmt(ridge.coef[0], 4)} and ${fmt(ridge.coef[FEATURES], 4)}.`,
      explanation: 'The fit only sees the sum a + b of the two weights. For a sum of one sign, the L1 penalty |a| + |b| = |a + b| is the same for every split, so the lasso has a whole segment of optima with the same sum, and coordinate descent stops at whichever point of it its sweeps reach (often, but not always, all on one copy). The L2 penalty a² + b² is smallest when a = b, so ridge splits the weight exactly in half. The elastic net’s L2 part breaks the tie the same way, which is why it keeps groups of correlated features together.',
    };
  },
});

const adamShrink = defineQuestion<LessonState>({
  id: 'adam-shrink',
  prompt: 'Predict: with Adam and weight_decay = λ (L2 added to the gradient), which weights does the penalty shrink most per step?',
  options: [
    { id: 'small-v', label: 'Those whose gradients have been small (small √v̂)' },
    { id: 'large-v', label: 'Those whose gradients have been large (large √v̂)' },
    { id: 'same', label: 'All by the same fraction lr·λ, as in AdamW' },
  ],
  async run(state, engine) {
    const data = await wave(engine);
    const run = await trainMlp(engine, data, { optimizer: 'adam', weightDecay: state.decay });
    const pts = shrinkage(run, false, state.decay).sort((a, b) => a[0] - b[0]);
    const low = pts[0], high = pts[pts.length - 1];
    const ratio = low[1] / high[1];
    return {
      correct: ratio > 1.5 ? 'small-v' : ratio < 1 / 1.5 ? 'large-v' : 'same',
      observed: `After 600 steps at λ = ${fmt(state.decay, 3)}: the parameter with the smallest √v̂ (${fmt(low[0], 5)}) is pulled by the penalty towards 0 by ${fmt(low[1], 5)} of its value per step, the one with the largest √v̂ (${fmt(high[0], 4)}) by ${fmt(high[1], 6)}: ${fmt(ratio, 1)} times less. (The loss gradient pulls back: at the end of training the weights hardly move.)`,
      explanation: 'Adam divides the whole gradient, the λθ term included, by √v̂ + ε. A weight whose gradients were small has a small √v̂, so its penalty term is magnified; a weight with large gradients is shrunk less (still more than AdamW’s lr·λ whenever its √v̂ + ε is below 1, as it is for every parameter here). AdamW takes the decay out of the gradient (θ ← θ(1 − lr·λ), as torch.optim.AdamW) so every weight loses the same fraction lr·λ per step. With plain SGD the two are the same thing, which is why "weight decay" and "L2" are used as synonyms; under Adam they are not. The answer follows from Adam’s update rule itself; the run shows how large the spread is: a factor of tens across the parameters of one network.',
    };
  },
});

export const questions = [firstZero, duplicate, adamShrink];
