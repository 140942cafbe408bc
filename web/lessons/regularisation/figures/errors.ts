/**
 * "Training and validation error against λ": for the penalty picked, the core's training and
 * validation mean squared error at every λ of the path, the validation minimum marked (with ±1
 * standard error of its validation MSE) and the learner's λ as a rule.
 */
import type { Dataset, ElasticNetPath } from 'loss-lab';
import { controlRow } from '../../../ui/controls';
import { el, fmt } from '../../../ui/dom';
import { bandLayer, lineLayer, ruleLayer, scatterLayer, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { setKept } from './keep';
import { penalisedFit } from '../../shared/code-penalised-fit';
import { argmin, FEATURES, L1_RATIO, LAMBDAS, pairedDifference, penalisedPath, REGRESSION_NOTE, regressionColumns, regressionData } from '../model';
import { PENALTY_SERIES, type LessonState } from '../params';

interface ErrorsData { data: Dataset; ratio: number; path: ElasticNetPath; chosen: ElasticNetPath; best: number; gain: { mean: number; se: number } }

const gains = new WeakMap<ElasticNetPath, { mean: number; se: number }>();
const LABELS = { lasso: 'lasso', 'elastic-net': 'elastic net', ridge: 'ridge' } as const;

export default defineFigure<LessonState>()({
  name: 'errors',
  exportName: 'error-against-lambda',
  caption: 'Training and validation mean squared error against λ, with the validation minimum marked',
  deps: ['seed', 'alpha', 'lambda', 'penalty'],
  async compute(s, engine): Promise<ErrorsData> {
    const data = await regressionData(engine, s.seed);
    const ratio = s.penalty === 'elastic-net' ? s.alpha : L1_RATIO[s.penalty];
    const { path, chosen } = await penalisedPath(engine, data, ratio, s.lambda);
    const best = argmin(path.valMse);
    // per path, not per λ input: the same path object comes back while λ is dragged
    let gain = gains.get(path);
    if (!gain) gains.set(path, (gain = pairedDifference(path, data, best, path.lambdas.length - 1)));
    return { data, ratio, path, chosen, best, gain };
  },
  code(d, s) {
    const x = Array.from({ length: FEATURES }, (_, j) => `x${j}`);
    const last = d.path.lambdas.length - 1;
    const common = { x, y: 'y', split: 'held_out', l1Ratio: d.ratio };
    return Promise.resolve({
      title: `Training and validation MSE against lambda, ${LABELS[s.penalty]}${s.penalty === 'elastic-net' ? ` (alpha = ${s.alpha})` : ''}, seed ${s.seed}`,
      source: 'regularisation/errors', columns: regressionColumns(d.data), split: 'held_out', dataNote: REGRESSION_NOTE,
      runs: [
        penalisedFit({
          ...common, label: LABELS[s.penalty], lambdas: Array.from(LAMBDAS), report: ['validation minimum'],
          expect: [
            { name: 'best lambda', value: d.path.lambdas[d.best] }, { name: 'best validation mse', value: d.path.valMse[d.best] }, { name: 'best validation se', value: d.path.valSe[d.best] },
            { name: 'last validation mse', value: d.path.valMse[last] }, { name: 'last validation se', value: d.path.valSe[last] }, { name: 'last training mse', value: d.path.trainMse[last] },
            { name: 'paired difference', value: d.gain.mean }, { name: 'paired se', value: d.gain.se },
          ],
        }),
        penalisedFit({
          ...common, label: 'chosen lambda', lambdas: [s.lambda], report: ['errors'],
          expect: [{ name: 'training mse', value: d.chosen.trainMse[0] }, { name: 'validation mse', value: d.chosen.valMse[0] }],
        }),
      ],
    });
  },
  setup(host) {
    host.body.append(controlRow(host.control('penalty', { optionLabels: { lasso: 'Lasso (L1)', 'elastic-net': 'Elastic net (α)', ridge: 'Ridge (L2)' } })));
    const chart = host.chart({ title: 'Training and validation mean squared error against λ', xLabel: 'penalty strength λ (log scale)', yLabel: 'mean squared error (log scale)', x: [0.001, 10], y: [1, 40], xScale: 'log', yScale: 'log', height: 300 });
    host.body.append(el('p', { class: 'legend-note' }, 'Solid: validation MSE (120 held-out rows), with a band of ±1 standard error. Dashed: training MSE (30 rows). Dot: the validation minimum. Vertical rule: the chosen λ. Horizontal rule: the noise variance, 4, the best any model can do on average.'));
    const readout = el('p', { class: 'readout errors-readout', 'aria-live': 'polite' });
    host.body.append(readout);
    return { chart, readout };
  },
  draw(d, { chart, readout }, s) {
    const series = PENALTY_SERIES[s.penalty];
    const lam = Array.from(d.path.lambdas);
    setKept(chart, 'band', d.path, () => bandLayer(lam.map((l, i) => [l, d.path.valMse[i] - d.path.valSe[i]] as Point), lam.map((l, i) => [l, d.path.valMse[i] + d.path.valSe[i]] as Point), { series, label: 'validation ±1 SE' }), s.penalty);
    setKept(chart, 'val', d.path, () => lineLayer(lam.map((l, i) => [l, d.path.valMse[i]] as Point), { series, label: 'validation MSE', width: 2.5 }), s.penalty);
    setKept(chart, 'train', d.path, () => lineLayer(lam.map((l, i) => [l, d.path.trainMse[i]] as Point), { series, label: 'training MSE', dashed: true }), s.penalty);
    setKept(chart, 'best', d.path, () => scatterLayer([[lam[d.best], d.path.valMse[d.best]]], { series, label: 'validation minimum', radius: 6 }), s.penalty);
    chart.set('chosen', ruleLayer([s.lambda], 'x', 'rule hover-rule'));
    setKept(chart, 'noise', 4, () => ruleLayer([4], 'y'));
    const last = lam.length - 1;
    readout.replaceChildren(
      `${LABELS[s.penalty][0].toUpperCase()}${LABELS[s.penalty].slice(1)}: the validation MSE is lowest at λ = `,
      el('strong', { class: 'best-lambda', 'data-value': lam[d.best], 'data-mse': d.path.valMse[d.best] }, fmt(lam[d.best], 3)),
      ` (${fmt(d.path.valMse[d.best], 2)} ± ${fmt(d.path.valSe[d.best], 2)}), against ${fmt(d.path.valMse[last], 2)} ± ${fmt(d.path.valSe[last], 2)} at λ = 0.001, nearly unpenalised least squares, whose training MSE is only ${fmt(d.path.trainMse[last], 2)}. Paired on the same 120 rows, the difference (least squares minus the minimum) is `,
      el('strong', { class: 'gain', 'data-mean': d.gain.mean, 'data-se': d.gain.se }, fmt(d.gain.mean, 2)),
      `, 95% interval ${fmt(d.gain.mean - 1.96 * d.gain.se, 2)} to ${fmt(d.gain.mean + 1.96 * d.gain.se, 2)} (${d.gain.mean - 1.96 * d.gain.se > 0 ? 'above 0' : 'containing 0: no difference shown'}; optimistic, since λ was picked on these rows). At the chosen λ = ${fmt(s.lambda, 3)}: training ${fmt(d.chosen.trainMse[0], 2)}, validation ${fmt(d.chosen.valMse[0], 2)}.`);
  },
});
