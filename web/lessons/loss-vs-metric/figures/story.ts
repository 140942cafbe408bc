/**
 * "Equal accuracy, different loss": the Model A / Model B pair of the label-smoothing lesson
 * (its modelStory, reused as it is), scored as binary forecasts of P(label = 1): accuracy, log
 * loss, the Brier score, and each score split into calibration and refinement (decomposition.ts).
 */
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { barLayer, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { modelStory } from '../../label-smoothing/story';
import { decompose, type Decomposition } from '../decomposition';
import type { LessonState } from '../params';
import type { DecompositionRun } from '../../shared/code-decomposition';
import '../../shared/code-decomposition';

interface Scored { name: 'A' | 'B'; accuracy: number; log: Decomposition; brier: Decomposition; probability: Float64Array }

/** Labels of the story's ten examples alternate 0, 1. */
export async function scoreStory(engine: Parameters<typeof modelStory>[0]): Promise<Scored[]> {
  const story = await modelStory(engine);
  return Promise.all(story.map(async (m) => {
    const y = Float64Array.from(m.trueClassProbability, (_, i) => i % 2);
    const probability = Float64Array.from(m.trueClassProbability, (q, i) => (y[i] === 1 ? q : 1 - q));
    const [log, brier] = await Promise.all([decompose(engine, 'bce', probability, y), decompose(engine, 'brier', probability, y)]);
    return { name: m.name, accuracy: m.accuracy, log, brier, probability };
  }));
}

const ROWS: Array<[string, string, (m: Scored) => number, number]> = [
  ['accuracy', 'Accuracy', (m) => m.accuracy, 2],
  ['logloss', 'Log loss', (m) => m.log.score, 3],
  ['log-calibration', '  of which calibration', (m) => m.log.calibration, 3],
  ['log-refinement', '  of which refinement', (m) => m.log.refinement, 3],
  ['brier', 'Brier score', (m) => m.brier.score, 4],
  ['brier-calibration', '  of which calibration', (m) => m.brier.calibration, 4],
  ['brier-refinement', '  of which refinement', (m) => m.brier.refinement, 4],
];

export default defineFigure<LessonState>()({
  name: 'story',
  exportName: 'equal-accuracy',
  caption: 'Model A and Model B: equal accuracy, different log loss and Brier score, split into calibration and refinement',
  deps: [],
  async compute(_s, engine) {
    return { scored: await scoreStory(engine) };
  },
  setup(host) {
    const chart = host.chart({ title: 'Log loss of Model A and Model B split into refinement (gold) and calibration (green)', xLabel: 'model', yLabel: 'log loss (nats)', x: [-0.6, 1.6], y: [0, 1], height: 220 });
    chart.setCategories(['Model A', 'Model B']);
    const table = el('table', { class: 'story-table' });
    const reason = el('p', { class: 'readout story-reason' });
    host.body.append(el('p', { class: 'legend-note' }, 'Each bar is a model’s whole log loss: the gold part is refinement, the green part above it calibration.'), scrollRegion('Model A and B scores', table), reason);
    return { chart, table, reason };
  },
  draw({ scored }, h) {
    const [A, B] = scored;
    h.chart.setDomain(undefined, [0, Math.max(A.log.score, B.log.score) * 1.15]);
    h.chart.set('calibration', barLayer(scored.map((m, i) => [i, m.log.score] as Point), { series: 2, label: 'calibration + refinement (total)', width: 0.5 }));
    h.chart.set('refinement', barLayer(scored.map((m, i) => [i, m.log.refinement] as Point), { series: 5, label: 'refinement', width: 0.5 }));
    h.chart.render();
    h.table.replaceChildren(
      el('caption', {}, 'The ten examples of the label-smoothing lesson, labels alternating 0 and 1, scored as forecasts of P(label = 1). Calibration + refinement = the score.'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), ...scored.map((m) => el('th', { scope: 'col' }, `Model ${m.name}`)))),
      el('tbody', {}, ...ROWS.map(([id, label, get, digits]) => el('tr', { 'data-metric': id }, el('th', { scope: 'row' }, label),
        ...scored.map((m) => el('td', { 'data-model': m.name, 'data-metric': id, 'data-value': get(m) }, fmt(get(m), digits)))))));
    h.reason.textContent = `Both models get ${fmt(100 * A.accuracy, 0)}% right, so accuracy cannot tell them apart. Both proper scores can: log loss ${fmt(A.log.score, 3)} vs ${fmt(B.log.score, 3)}, Brier ${fmt(A.brier.score, 4)} vs ${fmt(B.brier.score, 4)}. `
      + `Refinement is the score left after the best monotone recalibration of each model's probabilities: A's ordering already separates the two labels perfectly, so its refinement is ${fmt(A.log.refinement, 3)} and its whole loss is miscalibration (99% where it is right, 45% on the one it misses). `
      + `B ranks one positive (its 5% answer) below all five negatives, so even recalibrated it keeps ${fmt(B.log.refinement, 3)} nats of refinement; the other ${fmt(B.log.calibration, 3)} is calibration, from its timid 51% answers and its 95%-sure mistake. `
      + `With ten examples the recalibration is fitted to the labels it is scored on, so refinement here is optimistic.`;
  },
  async code({ scored }) {
    const runs = scored.map((m): DecompositionRun => ({
      kind: 'decomposition', label: `model ${m.name}`, probability: Array.from(m.probability), target: Array.from(m.probability, (_, i) => i % 2),
      scores: [{ name: 'log loss', loss: 'bce' }, { name: 'brier', loss: 'brier' }],
      expect: [{ name: 'accuracy', value: m.accuracy },
        ...([['log loss', m.log], ['brier', m.brier]] as const).flatMap(([name, s]) => [
          { name, value: s.score }, { name: `${name} calibration`, value: s.calibration }, { name: `${name} refinement`, value: s.refinement }])],
    }));
    return {
      title: 'Model A and Model B: equal accuracy, different log loss and Brier score, split into calibration and refinement', source: 'loss-vs-metric/story', columns: {}, runs,
      dataNote: 'The label-smoothing lesson\'s ten examples, labels alternating 0 and 1',
    };
  },
});
