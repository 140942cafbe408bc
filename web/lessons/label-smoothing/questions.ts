/**
 * The lesson's questions: each one runs its experiment on the engine with the lesson's state at
 * the moment the learner presses the button, and judges the answer by what the core computed.
 */
import type { AsyncLossLab } from 'loss-lab';
import { fmt, pct } from '../../ui/dom';
import { defineQuestion } from '../framework/lesson';
import { optimalGap } from './gaps';
import { modelStory } from './story';
import { finalPair } from './pair';
import { makeData, sessionFor, snapshot } from './data';
import { TRAIN_STEPS, type LessonState } from './params';


/** Both models trained to the end on the current data (ε = 0.1 when the slider is at 0). */
async function pair(s: LessonState, engine: AsyncLossLab) {
  const epsilon = s.epsilon > 0 ? s.epsilon : 0.1;
  const result = await finalPair(engine, { classes: s.classes, noise: s.noise, seed: s.seed, model: s.model, epsilon });
  return { ...result, epsilon, noise: s.noise };
}

/** The ε choices of the noise-matching question. */
export const EPSILON_CHOICES = [0.05, 0.1, 0.25, 0.5] as const;

/**
 * The smoothed model trained with each ε of EPSILON_CHOICES on the current data (same seed, steps
 * and optimiser as the figures), scored on the test split.
 */
export async function epsilonSweep(s: LessonState, engine: AsyncLossLab) {
  const data = await makeData(engine, s);
  return Promise.all(EPSILON_CHOICES.map(async (epsilon) => {
    const session = await sessionFor(engine, data, s.model, epsilon, TRAIN_STEPS, s.seed);
    try {
      await session.run(TRAIN_STEPS, { chunk: 100 });
      return { epsilon, test: await snapshot(engine, session, data.test, data.classes) };
    } finally {
      void session.free();
    }
  }));
}

/** ε = ηK/(K − 1): the smoothing whose target equals the distribution of a label with symmetric noise η. */
export const noiseMatchingEpsilon = (noise: number, classes: number) => (noise * classes) / (classes - 1);

export const questions = [
  defineQuestion<LessonState>({
    id: 'gap',
    prompt: 'Predict: with hard labels (ε = 0) and K = 10 classes, how large should the gap between the true logit and the others be for the loss of one training example to be as small as possible?',
    options: [
      { id: 'small', label: 'About 2: a clear but modest lead' },
      { id: 'finite', label: 'About 5: large, but a definite number' },
      { id: 'unbounded', label: 'There is no best gap: bigger is always better' },
    ],
    async run(_, engine) {
      const [r, smooth] = await Promise.all([optimalGap(engine, 10, 0), optimalGap(engine, 10, 0.1)]);
      const correct = r.gap === null ? 'unbounded' : r.gap < 3.5 ? 'small' : 'finite';
      return {
        correct,
        observed: `The core's gradient with respect to the gap at g = ${r.probes.map((p) => `${p.gap}: ${p.gradient.toExponential(2)}`).join(', ')}: ${r.gap === null ? 'never zero' : `zero at ${fmt(r.gap, 3)}`}. With ε = 0.1 it is zero at g = ${fmt(smooth.gap ?? NaN, 3)}.`,
        explanation: 'With a one-hot target the loss is −log p of the true class, and p only reaches 1 as the gap goes to infinity, so the gradient always points to a larger gap (it just gets tiny). Smoothing asks for p = 1 − ε + ε/K instead, which a finite gap reaches exactly; beyond it the loss rises again.',
      };
    },
  }),
  defineQuestion<LessonState>({
    id: 'confidence',
    prompt: `Predict: train both models for ${TRAIN_STEPS} steps on the current data. Which one is more confident on average on the test points, and which one is better calibrated (lower ECE)?`,
    options: [
      { id: 'hard-hard', label: 'Hard labels: more confident and better calibrated' },
      { id: 'hard-smooth', label: 'Hard labels are more confident; smoothed labels are better calibrated' },
      { id: 'smooth-hard', label: 'Smoothed labels are more confident; hard labels are better calibrated' },
      { id: 'smooth-smooth', label: 'Smoothed labels: more confident and better calibrated' },
    ],
    async run(s, engine) {
      const r = await pair(s, engine);
      const moreConfident = r.hard.test.meanConfidence >= r.smooth.test.meanConfidence ? 'hard' : 'smooth';
      const betterCalibrated = r.hard.test.ece <= r.smooth.test.ece ? 'hard' : 'smooth';
      return {
        correct: `${moreConfident}-${betterCalibrated}`,
        observed: `After ${TRAIN_STEPS} steps with ${fmt(100 * r.noise, 0)}% label noise: mean confidence ${pct(r.hard.test.meanConfidence)} (hard) against ${pct(r.smooth.test.meanConfidence)} (ε = ${fmt(r.epsilon, 2)}); ECE ${fmt(r.hard.test.ece, 3)} against ${fmt(r.smooth.test.ece, 3)}; test accuracy ${pct(r.hard.test.accuracy)} against ${pct(r.smooth.test.accuracy)}.`,
        explanation: 'Hard targets reward every extra bit of confidence on the training points, including the mislabelled ones the network memorises, so it ends up surer than it is right on new data. The smoothed target caps what the loss asks for, which keeps the logits smaller and the confidence closer to the real accuracy. How big the difference is depends on ε, the noise and how long you train: a large ε can overshoot and make the model under-confident.',
      };
    },
  }),
  defineQuestion<LessonState>({
    id: 'story',
    prompt: 'Predict: Model A and Model B both classify 9 of 10 examples correctly. A is 99% sure when right and 55% sure of the wrong class on its mistake; B is 51% sure when right and 95% sure of the wrong class on its mistake. Which has the lower cross-entropy?',
    options: [{ id: 'A', label: 'Model A' }, { id: 'B', label: 'Model B' }, { id: 'same', label: 'The same: they have the same accuracy' }],
    async run(_, engine) {
      const [A, B] = await modelStory(engine);
      const same = Math.abs(A.crossEntropy - B.crossEntropy) < 1e-9;
      return {
        correct: same ? 'same' : A.crossEntropy < B.crossEntropy ? 'A' : 'B',
        observed: `Accuracy ${pct(A.accuracy)} and ${pct(B.accuracy)}; mean cross-entropy ${fmt(A.crossEntropy, 3)} (A) and ${fmt(B.crossEntropy, 3)} (B).`,
        explanation: 'Accuracy counts only which class wins. Cross-entropy looks at the probability given to the true class: B pays a lot for its confident mistake and a little for each timid success, A pays almost nothing when right and a moderate amount for its one hesitant mistake.',
      };
    },
  }),
  defineQuestion<LessonState>({
    id: 'epsilon',
    prompt: `Predict: the labels carry symmetric noise η (with the defaults η = 0.2 and K = 5). We train the smoothed model with each ε below, ${TRAIN_STEPS} steps each. Which ε gives the lowest plain cross-entropy on the noisy test labels?`,
    options: EPSILON_CHOICES.map((e) => ({ id: String(e), label: `ε = ${e}` })),
    async run(s, engine) {
      const runs = await epsilonSweep(s, engine);
      const best = runs.reduce((a, b) => (b.test.crossEntropy < a.test.crossEntropy ? b : a));
      const matched = noiseMatchingEpsilon(s.noise, s.classes);
      return {
        correct: String(best.epsilon),
        observed: `Test cross-entropy / ECE / accuracy: ${runs.map((r) => `ε = ${r.epsilon}: ${fmt(r.test.crossEntropy, 3)} / ${fmt(r.test.ece, 3)} / ${pct(r.test.accuracy)}`).join('; ')}. Here ηK/(K − 1) = ${fmt(matched, 3)}.`,
        explanation: `A noisy label keeps its true class with probability 1 − η and is each of the other K − 1 classes with probability η/(K − 1). The smoothed target gives the others ε/K each, so ε = ηK/(K − 1) (= ${fmt(matched, 3)} here) makes the target exactly the distribution of a noisy label given its true class. That is a heuristic, not the optimum of the test cross-entropy: a network that also memorises its mislabelled training points would want a larger ε, a model that cannot memorise single points (softmax regression) a smaller one. ${Math.abs(best.epsilon - matched) < 1e-9 ? 'Here the matched ε wins.' : `Here ε = ${best.epsilon} wins.`} ECE differences between neighbouring ε are within the noise floor shown above (about 0.02 per model), so judge them with care.`,
      };
    },
  }),
  defineQuestion<LessonState>({
    id: 'temperature',
    prompt: 'Predict: after training, we fit one temperature T to the hard-label model on validation data (its logits are divided by T). What comes out?',
    options: [
      { id: 'above', label: 'T above 1.05: the model is softened' },
      { id: 'one', label: 'T between 0.95 and 1.05: it was already calibrated' },
      { id: 'below', label: 'T below 0.95: the model is sharpened' },
    ],
    async run(s, engine) {
      const r = await pair(s, engine);
      const T = r.hard.fit.temperature;
      const before = r.hard.fit.before;
      const start = before.meanConfidence > before.accuracy
        ? 'This model is over-confident: its logits are too large, and dividing them by T > 1 shrinks them and pulls its confidence down. '
        : `This model starts under-confident (mean confidence ${pct(before.meanConfidence)} against an accuracy of ${pct(before.accuracy)}), yet the fit ${T > 1 ? 'softens it further' : 'sharpens it'}: it does not aim at the reliability diagram's diagonal. `;
      return {
        correct: T > 1.05 ? 'above' : T < 0.95 ? 'below' : 'one',
        observed: `Fitted T = ${fmt(T, 3)} for the hard-label model (ε = ${fmt(r.epsilon, 2)} model: T = ${fmt(r.smooth.fit.temperature, 3)}). Hard model's test ECE ${fmt(r.hard.fit.before.ece, 3)} → ${fmt(r.hard.fit.after.ece, 3)}; its mean confidence ${pct(r.hard.fit.before.meanConfidence)} → ${pct(r.hard.fit.after.meanConfidence)} against an accuracy of ${pct(r.hard.fit.after.accuracy)}.`,
        explanation: `${start}The fit minimises the validation cross-entropy, which weighs most heavily the validation points whose own label the noise flipped: the model predicts the class their position suggests, so their recorded label gets a small probability, and T is chosen to soften those. So T can overshoot: compare the ECE before and after, and the confidence with the accuracy, in the temperature figure. Because the same T divides every logit, the winning class never changes and accuracy stays.`,
      };
    },
  }),
];
