/**
 * "Model A and Model B: the same accuracy, different cross-entropy": two constructed classifiers
 * scored by the core. (The same comparison in the trained networks is in the training figure's
 * table: test accuracy and cross-entropy rows.)
 */
import { el, fmt, pct, scrollRegion } from '../../../ui/dom';
import { barLayer, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { modelStory, storyLogits, type StoryModel } from '../story';
import { CALIBRATION_BINS } from '../data';
import { headlines } from '../../shared/code-classifier';
import { logitScoresRun } from '../../shared/code-logit-scores';
import type { LessonState } from '../params';

const ROWS: Array<[string, string, (m: StoryModel) => number, (v: number) => string]> = [
  ['right', 'P(true) when right', (m) => m.trueClassProbability[0], (v) => fmt(v, 2)],
  ['wrong', 'P(true) on example 10', (m) => m.trueClassProbability[9], (v) => fmt(v, 2)],
  ['accuracy', 'Accuracy', (m) => m.accuracy, pct],
  ['crossEntropy', 'Cross-entropy', (m) => m.crossEntropy, (v) => fmt(v, 3)],
  ['ece', 'ECE', (m) => m.ece, (v) => fmt(v, 3)],
];

interface StoryData { story: StoryModel[] }

export default defineFigure<LessonState>()({
  name: 'story',
  exportName: 'model-a-b',
  caption: 'Model A and Model B: the same accuracy, different cross-entropy',
  deps: [],
  async compute(_s, engine): Promise<StoryData> {
    return { story: await modelStory(engine) };
  },
  async code({ story }) {
    const runs = story.map((m) => {
      const { logits, labels } = storyLogits(m.trueClassProbability);
      const last = m.trueClassProbability.length - 1;
      return logitScoresRun({
        label: `model ${m.name}`, classes: 2, logits, labels, bins: CALIBRATION_BINS,
        examples: { 'the first example': 0, 'the last example': last },
        expect: headlines({
          'cross entropy': m.crossEntropy, accuracy: m.accuracy, ece: m.ece,
          'loss on the first example': m.perExample[0], 'true class probability on the first example': m.trueClassProbability[0],
          'loss on the last example': m.perExample[last], 'true class probability on the last example': m.trueClassProbability[last],
        }),
      });
    });
    return { title: 'Model A and Model B: the same accuracy, different cross-entropy', source: 'label-smoothing/story', columns: {}, runs };
  },
  setup(host) {
    const chart = host.chart({ title: 'Cross-entropy of each of the 10 examples under Model A and Model B', xLabel: 'example', yLabel: 'loss of the example', x: [0.4, 10.6], y: [0, 1], height: 240 });
    const table = el('table', { class: 'story-table' });
    const reason = el('p', { class: 'readout story-reason' });
    host.body.append(el('p', { class: 'legend-note' }, 'Green bars (left of each pair): Model A. Amber bars (right): Model B.'), scrollRegion('Model A and B table', table), reason);
    return { chart, table, reason, drawn: null as StoryModel[] | null };
  },
  draw({ story }, h) {
    if (h.drawn !== story) {
      h.drawn = story;
      const [A, B] = story;
      h.chart.setDomain(undefined, [0, Math.max(...story.flatMap((m) => [...m.perExample])) * 1.1]);
      h.chart.set('A', barLayer(Array.from(A.perExample, (v, i) => [i + 1 - 0.2, v] as Point), { series: 2, label: 'Model A', width: 0.4 }));
      h.chart.set('B', barLayer(Array.from(B.perExample, (v, i) => [i + 1 + 0.2, v] as Point), { series: 5, label: 'Model B', width: 0.4 }));
      h.chart.render();
      h.table.replaceChildren(
        el('caption', {}, 'Ten examples, labels alternating 0 and 1; example 10 is the one both models get wrong. P(true) is the probability a model gives the true class; cross-entropy is the mean over the ten.'),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), ...story.map((m) => el('th', { scope: 'col' }, m.name)))),
        el('tbody', {}, ...ROWS.map(([id, label, get, format]) => el('tr', { 'data-metric': id }, el('th', { scope: 'row' }, label),
          ...story.map((m) => el('td', { 'data-model': m.name, 'data-metric': id, 'data-value': get(m) }, format(get(m))))))));
      h.reason.textContent = `Why: accuracy only asks whether the top class is right, so both score ${pct(A.accuracy)}. Cross-entropy charges −log of the probability given to the true class. `
        + `Model B's one confident mistake alone costs ${fmt(B.perExample[9], 2)} (A's mistake costs ${fmt(A.perExample[9], 2)}), and each of its nine timid right answers costs ${fmt(B.perExample[0], 2)} instead of ${fmt(A.perExample[0], 3)}. `
        + `So B's mean loss is ${fmt(B.crossEntropy, 3)} against A's ${fmt(A.crossEntropy, 3)}.`;
    }
  },
});
