/**
 * The lesson's "predict, then run" questions. Each trains on the engine when the learner presses
 * the button, with the lesson's settings at that moment; the answer comes from what it computed.
 */
import type { AsyncLossLab } from 'loss-lab';
import { fmt } from '../../ui/dom';
import { defineQuestion } from '../framework/lesson';
import type { LessonState } from './params';
import { runSettings, topNegativeShare, trainContrastive, type RunSettings } from './run';

const last = <T>(v: readonly T[]) => v[v.length - 1];

/** t(0.975, n − 1) for the seed counts the questions use. */
const T_975: Record<number, number> = { 4: 3.182, 6: 2.571 };

/** `count` seeds from the lesson's on. */
const seedsFrom = (seed: number, count: number) => Array.from({ length: count }, (_, i) => ((seed - 1 + i) % 9999) + 1);

/** Probe-accuracy differences (one per seed) with their mean and a 95% t interval, as text and as a verdict. */
function interval(diffs: number[], rows: string[]) {
  const mean = diffs.reduce((x, y) => x + y, 0) / diffs.length;
  const sd = Math.sqrt(diffs.reduce((x, d) => x + (d - mean) ** 2, 0) / (diffs.length - 1));
  const half = (T_975[diffs.length] * sd) / Math.sqrt(diffs.length);
  return {
    mean, half,
    describe: `${rows.join('; ')}; mean difference ${fmt(100 * mean, 1)} points (95% interval ±${fmt(100 * half, 1)})`,
    /** Which way the interval points: above 0, below 0, or across it. */
    verdict: <T>(above: T, below: T, across: T): T => (mean - half > 0 ? above : mean + half < 0 ? below : across),
  };
}

/**
 * Trains settings a and b on the same `count` seeds and compares their final probe accuracies:
 * the paired differences a − b with a 95% t interval.
 */
async function pairedSeeds(engine: AsyncLossLab, seed: number, a: RunSettings, b: RunSettings, count: 4 | 6) {
  const seeds = seedsFrom(seed, count);
  const pairs = await Promise.all(seeds.map(async (s) => {
    const [ra, rb] = await Promise.all([trainContrastive(engine, { ...a, seed: s }), trainContrastive(engine, { ...b, seed: s })]);
    return { a: last(ra.frames), b: last(rb.frames) };
  }));
  const summary = interval(pairs.map((p) => p.a.probeAccuracy - p.b.probeAccuracy),
    pairs.map((p) => `${fmt(100 * p.a.probeAccuracy, 0)}% vs ${fmt(100 * p.b.probeAccuracy, 0)}%`));
  return { seeds, pairs, ...summary };
}

const probe = defineQuestion<LessonState>({
  id: 'probe',
  prompt: 'Predict: the untrained encoder’s probe accuracy depends a lot on its random start. Over 6 seeds, does training with InfoNCE (at the settings above) raise the probe by more than that noise?',
  options: [
    { id: 'up', label: 'Yes: trained beats untrained, beyond the seed noise' },
    { id: 'none', label: 'No difference beyond the noise' },
    { id: 'down', label: 'Training makes it worse' },
  ],
  async run(state, engine) {
    const seeds = seedsFrom(state.seed, 6);
    const runs = await Promise.all(seeds.map((s) => trainContrastive(engine, { ...runSettings(state), seed: s })));
    const summary = interval(runs.map((r) => last(r.frames).probeAccuracy - r.frames[0].probeAccuracy),
      runs.map((r) => `${fmt(100 * last(r.frames).probeAccuracy, 0)}% vs ${fmt(100 * r.frames[0].probeAccuracy, 0)}%`));
    return {
      correct: summary.verdict('up', 'down', 'none'),
      observed: `Probe accuracy, trained against untrained, seeds ${seeds.join(', ')}: ${summary.describe}.`,
      explanation: 'Each seed draws new data and a new random encoder, so one run’s gain could be luck; the interval over paired seeds says how large the gain is beyond that. The probe is a fair judge because it is trained the same way on both encoders’ frozen embeddings: only what the embeddings make linearly separable differs. With positives only, or with the hardest negatives at small K, try it again.',
    };
  },
});

const collapse = defineQuestion<LessonState>({
  id: 'collapse',
  prompt: 'Predict: train with positives only, so the loss only pulls the two views of each sample together and nothing pushes different samples apart. Where does the uniformity of the held-out embeddings end up?',
  options: [
    { id: 'zero', label: 'Near 0: everything lands on one point' },
    { id: 'even', label: 'Near −1.57: spread evenly round the circle' },
    { id: 'same', label: 'About where the untrained encoder had it' },
  ],
  async run(state, engine) {
    const run = await trainContrastive(engine, { ...runSettings(state), positives: true });
    const start = run.frames[0], end = last(run.frames);
    return {
      correct: end.uniformity > -0.1 ? 'zero' : end.uniformity < -1.3 ? 'even' : 'same',
      observed: `Uniformity went from ${fmt(start.uniformity, 3)} (untrained) to ${fmt(end.uniformity, 3)} after ${end.step} steps; alignment from ${fmt(start.alignment, 3)} to ${fmt(end.alignment, 4)}; probe accuracy from ${fmt(100 * start.probeAccuracy, 1)}% to ${fmt(100 * end.probeAccuracy, 1)}%.`,
      explanation: 'With no negatives the softmax has a single term, so InfoNCE is identically 0 and only its positive term (1 − s)/τ is left to minimise. A constant encoder makes every pair identical and that term 0: the cheapest solution is collapse. Uniformity is log E e^(−2‖zᵢ − zⱼ‖²), which is log 1 = 0 when every distance is 0, its largest possible value. The negatives in the denominator are what rule the constant map out.',
    };
  },
});

const temperature = defineQuestion<LessonState>({
  id: 'temperature',
  prompt: 'Predict: train once at τ = 0.01 and once at τ = 1. At which temperature does an anchor’s heaviest negative take the larger share of the push (the weight the negatives share)?',
  options: [
    { id: 'small', label: 'At τ = 0.01' },
    { id: 'large', label: 'At τ = 1' },
    { id: 'same', label: 'About the same' },
  ],
  async run(state, engine) {
    const base = { ...runSettings(state), positives: false };
    const [cold, warm] = await Promise.all([trainContrastive(engine, { ...base, tau: 0.01 }), trainContrastive(engine, { ...base, tau: 1 })]);
    const meanShare = (run: typeof cold) => {
      const f = last(run.frames);
      let sum = 0;
      for (let a = 0; a < run.display; ++a) sum += topNegativeShare(f, run.display, a);
      return sum / run.display;
    };
    const c = meanShare(cold), w = meanShare(warm), even = 1 / Math.min(cold.negatives, cold.display - 1);
    return {
      correct: c > 1.5 * w ? 'small' : w > 1.5 * c ? 'large' : 'same',
      observed: `Averaged over the ${cold.display} anchors shown, the heaviest negative carries ${fmt(100 * c, 1)}% of the negatives’ weight at τ = 0.01 and ${fmt(100 * w, 1)}% at τ = 1 (an even spread would be ${fmt(100 * even, 1)}%). Uniformity after training: ${fmt(last(cold.frames).uniformity, 2)} at τ = 0.01, ${fmt(last(warm.frames).uniformity, 2)} at τ = 1.`,
      explanation: 'The weights are P_j = e^(s_j/τ) / Σ e^(s/τ). Two negatives whose similarities differ by Δ get weights in the ratio e^(Δ/τ): at τ = 0.01 a gap of 0.05 is a factor e⁵ ≈ 148, so the nearest negatives take nearly all the push; at τ = 1 the same gap is a factor 1.05. Small τ is a hard-negative miner built into the loss; large τ pushes on everything alike. (After training at τ = 0.01 several negatives sit at almost the same similarity, so the heaviest one does not take everything.) That focus is why τ = 0.01 packs the classes together here: as τ → 0 the loss approaches max(0, s_hardest − s_positive)/τ, most anchors’ positives cannot beat their nearest negative (augmentation noise, false negatives), and shrinking the whole embedding shrinks every such gap.',
    };
  },
});

const hard = defineQuestion<LessonState>({
  id: 'hard',
  prompt: 'Predict: with K = 3 negatives per anchor, we choose the 3 most similar other samples (hard negatives) instead of 3 random ones. Over 6 seeds, what happens to the linear-probe accuracy?',
  options: [
    { id: 'better', label: 'Hard negatives do better' },
    { id: 'worse', label: 'Hard negatives do worse' },
    { id: 'same', label: 'No difference beyond the noise' },
  ],
  async run(state, engine) {
    const base = { ...runSettings(state), positives: false, negatives: 3 };
    const c = await pairedSeeds(engine, state.seed, { ...base, hard: true }, { ...base, hard: false }, 6);
    const collapsed = c.pairs.filter((p) => p.a.uniformity > -0.1).length;
    return {
      correct: c.verdict('better', 'worse', 'same'),
      observed: `Probe accuracy, hard against random, seeds ${c.seeds.join(', ')}: ${c.describe}. ${collapsed} of ${c.seeds.length} hard-negative runs collapsed (uniformity above −0.1).`,
      explanation: 'The hardest negatives are the samples most like the anchor: here, samples of its own class whose views look just like the positive. Pushing them away fights the pull towards the positive, and early in training, when every similarity is near 1, the easiest way to stop the fight is to make all similarities equal: the loss sits at log(K + 1) with zero gradient, which is collapse. Schroff et al. (FaceNet, 2015) report the same: selecting the hardest negatives “can in practice lead to bad local minima early on in training, specifically it can result in a collapsed model”; they use semi-hard negatives instead.',
    };
  },
});

const negatives = defineQuestion<LessonState>({
  id: 'negatives',
  prompt: 'Predict: on this problem, does contrasting each anchor with K = 31 negatives train a better encoder (by the linear probe, over 4 seeds) than K = 1?',
  options: [
    { id: 'more', label: 'Yes, K = 31 is clearly better' },
    { id: 'fewer', label: 'No, K = 1 is clearly better' },
    { id: 'same', label: 'No difference beyond the noise' },
  ],
  async run(state, engine) {
    const base = { ...runSettings(state), positives: false, hard: false, batch: Math.max(state.batch, 32) };
    const c = await pairedSeeds(engine, state.seed, { ...base, negatives: 31 }, { ...base, negatives: 1 }, 4);
    return {
      correct: c.verdict('more', 'fewer', 'same'),
      observed: `Probe accuracy, K = 31 against K = 1, seeds ${c.seeds.join(', ')}: ${c.describe}.`,
      explanation: 'More negatives raise the ceiling of the bound, log(K + 1), and make each step compare the anchor with more of the embedding. On large problems that matters: SimCLR and MoCo gained accuracy from thousands of negatives. Here there are four classes on a circle, and a single random negative per step already pushes them apart: over 4 seeds the interval is several points wide and includes 0, so the lab cannot resolve a difference (over seeds 1 to 12 it is +2.6 ± 3.8 points). That is no evidence of a gain, not proof that there is none. Judge a claim about negatives on the problem at hand, with the seed noise measured.',
    };
  },
});

export const questions = [probe, collapse, temperature, negatives, hard];
