/**
 * "Coefficient paths": the ten coefficients of the seeded regression against λ under the lasso,
 * the elastic net (α from the slider) and ridge, each path a warm-started coordinate-descent run
 * in the core, with the learner's λ marked and a table of the three fits at that λ (exact zeros
 * shown as such). The CSV export carries the data too, so the path can be recomputed elsewhere.
 */
import type { Dataset, ElasticNetPath } from 'loss-lab';
import type { Layer } from '../../../ui/chart';
import { controlRow } from '../../../ui/controls';
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { lineLayer, ruleLayer, type Point } from '../../../ui/layers';
import { logSlider } from '../../../ui/log-slider';
import { defineFigure } from '../../framework/figure';
import { setKept } from './keep';
import { penalisedFit } from '../../shared/code-penalised-fit';
import { coefficientPoints, FEATURES, penalisedPath, REGRESSION_NOTE, regressionColumns, regressionData } from '../model';
import type { LessonState } from '../params';

interface PathsData { data: Dataset; lasso: { path: ElasticNetPath; chosen: ElasticNetPath }; enet: { path: ElasticNetPath; chosen: ElasticNetPath }; ridge: { path: ElasticNetPath; chosen: ElasticNetPath } }

const TRUE_COEF = [2, 2, -1.5, 1, -0.5, 0.25, 0, 0, 0, 0];
/** One colour per feature, the same in the three charts (palette slots 0-7, then muted). */
/**
 * Colours of x0 … x9: the six true effects get six different colours, the correlated pair x0 and x1
 * the two most distinct (vermillion, blue); the irrelevant x6 to x9 share sky and grey, with x8 and
 * x9 dashed, so no two lines the text names look alike.
 */
const FEATURE_SERIES = [1, 3, 2, 5, 4, 6, 7, 0, 7, 0] as const;
const featureSeries = (j: number) => FEATURE_SERIES[j];

/** The regression rows as a CSV-only layer (draws nothing): split, y, x0 … x9. */
function dataLayer(d: Dataset): Layer {
  const rows: Array<Array<number | string>> = [];
  const add = (split: string, x: Float64Array, y: Float64Array) => {
    for (let i = 0; i < y.length; i++) rows.push([split, y[i], ...Array.from(x.subarray(i * FEATURES, (i + 1) * FEATURES))]);
  };
  add('train', d.x, d.y);
  add('validation', d.xVal, d.yVal);
  return { draw() {}, csv: () => ({ columns: ['split', 'y', ...Array.from({ length: FEATURES }, (_, j) => `x${j}`)], rows }) };
}

export default defineFigure<LessonState>()({
  name: 'paths',
  exportName: 'coefficient-paths',
  caption: 'Coefficient paths against λ for the lasso, the elastic net and ridge, with the chosen λ marked',
  deps: ['seed', 'alpha', 'lambda'],
  async compute(s, engine): Promise<PathsData> {
    const data = await regressionData(engine, s.seed);
    const [lasso, enet, ridge] = await Promise.all([
      penalisedPath(engine, data, 1, s.lambda),
      penalisedPath(engine, data, s.alpha, s.lambda),
      penalisedPath(engine, data, 0, s.lambda),
    ]);
    return { data, lasso, enet, ridge };
  },
  code(d, s) {
    // The table's three fits at the chosen λ (each fitted at that λ alone, as the page does), and
    // the lasso's λ_max of the readout.
    const fits = [['lasso', 1, d.lasso.chosen], ['elastic net', s.alpha, d.enet.chosen], ['ridge', 0, d.ridge.chosen]] as const;
    const x = Array.from({ length: FEATURES }, (_, j) => `x${j}`);
    const runs = fits.map(([label, l1Ratio, fit]) => penalisedFit({
      label, x, y: 'y', split: 'held_out', l1Ratio, lambdas: [s.lambda],
      report: label === 'lasso' ? ['coefficients', 'zeros', 'lambda max'] : ['coefficients', 'zeros'],
      expect: [
        ...x.map((c, j) => ({ name: `coef ${c}`, value: fit.coef[j] })),
        { name: 'intercept', value: fit.intercept[0] },
        { name: 'zeros', value: FEATURES - fit.nonzero[0] },
        ...(label === 'lasso' ? [{ name: 'lambda max', value: d.lasso.path.lambdaMax }] : []),
      ],
    }));
    return Promise.resolve({
      title: `Lasso, elastic net (alpha = ${s.alpha}) and ridge fits at lambda = ${s.lambda}, seed ${s.seed}`,
      source: 'regularisation/paths', columns: regressionColumns(d.data), split: 'held_out', dataNote: REGRESSION_NOTE, runs,
    });
  },
  setup(host) {
    host.body.append(controlRow(logSlider(host.store, 'lambda'), host.control('alpha'), host.control('seed')));
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const opts = { xLabel: 'penalty strength λ (log scale)', yLabel: 'coefficient', x: [0.001, 10] as const, y: [-2, 4] as const, xScale: 'log' as const, height: 260 };
    /** Each chart under a visible heading naming its penalty. */
    const panel = (heading: string, title: string) => {
      const box = el('div', {}, el('p', { class: 'legend-note' }, el('strong', {}, heading)));
      pair.append(box);
      return host.chart({ ...opts, title }, box);
    };
    const lasso = panel('Lasso (L1)', 'Lasso (L1) coefficient paths against λ');
    const enet = panel('Elastic net (α from the slider)', 'Elastic-net coefficient paths against λ, for the α of the slider');
    const ridge = panel('Ridge (L2)', 'Ridge (L2) coefficient paths against λ');
    host.body.append(
      el('p', { class: 'legend-note' }, ...Array.from({ length: FEATURES }, (_, j) => [
        el('span', { class: `swatch series-${featureSeries(j)}`, 'aria-hidden': 'true' }), `x${j}${j >= 8 ? ' (dashed)' : ''}   `]).flat()),
      el('p', { class: 'legend-note' }, 'The vertical rule is the chosen λ. True coefficients: x0 = 2, x1 = 2 (x0 and x1 have correlation 0.95), x2 = −1.5, x3 = 1, x4 = −0.5, x5 = 0.25, x6 to x9 = 0. The CSV export includes the 30 training and 120 validation rows (layer "data": split, y, x0 … x9).'));
    const table = el('table', { class: 'coef-table' });
    const readout = el('p', { class: 'readout paths-readout', 'aria-live': 'polite' });
    host.body.append(scrollRegion('Coefficients at the chosen λ', table), readout);
    return { lasso, enet, ridge, table, readout };
  },
  draw(d, h, s) {
    // labels name the penalty too: the CSV export joins the three charts' rows (series, λ, coefficient)
    const charts = [[h.lasso, d.lasso, 'lasso'], [h.enet, d.enet, `elastic net α=${s.alpha}`], [h.ridge, d.ridge, 'ridge']] as const;
    for (const [chart, fit, name] of charts) {
      for (let j = 0; j < FEATURES; j++) {
        setKept(chart, `x${j}`, fit.path, () => lineLayer(coefficientPoints(fit.path, j) as Point[], { series: featureSeries(j), label: `${name} x${j}`, width: j < 6 ? 2 : 1.5, dashed: j >= 8 }), name);
      }
      chart.set('chosen', ruleLayer([s.lambda], 'x', 'rule hover-rule'));
    }
    setKept(h.lasso, 'data', d.data, () => dataLayer(d.data));
    const cell = (fit: ElasticNetPath, j: number, key: string) => {
      const w = fit.coef[j];
      return el('td', { class: `coef-${key}`, 'data-value': w, 'data-zero': String(w === 0) }, w === 0 ? '0 (exact)' : fmt(w, 3));
    };
    h.table.replaceChildren(
      el('caption', {}, `Coefficients at λ = ${fmt(s.lambda, 3)}`),
      el('thead', {}, el('tr', {}, ...['Feature', 'True', 'Lasso', `Elastic net (α = ${fmt(s.alpha, 2)})`, 'Ridge'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, ...Array.from({ length: FEATURES }, (_, j) => el('tr', {},
        el('th', { scope: 'row' }, `x${j}`), el('td', {}, String(TRUE_COEF[j]).replace('-', '−')),
        cell(d.lasso.chosen, j, 'lasso'), cell(d.enet.chosen, j, 'enet'), cell(d.ridge.chosen, j, 'ridge')))));
    const zeros = (f: ElasticNetPath) => FEATURES - f.nonzero[0];
    h.readout.replaceChildren(
      `At λ = ${fmt(s.lambda, 3)} the lasso sets `,
      el('strong', { class: 'zeros-lasso', 'data-value': zeros(d.lasso.chosen) }, String(zeros(d.lasso.chosen))),
      ` coefficients exactly to 0, the elastic net `,
      el('strong', { class: 'zeros-enet', 'data-value': zeros(d.enet.chosen) }, String(zeros(d.enet.chosen))),
      `, ridge `,
      el('strong', { class: 'zeros-ridge', 'data-value': zeros(d.ridge.chosen) }, String(zeros(d.ridge.chosen))),
      `. Every lasso coefficient is 0 from λ_max = ${fmt(d.lasso.path.lambdaMax, 3)} on; ridge only approaches 0 as λ grows. Lasso fits at this λ: x0 = ${fmt(d.lasso.chosen.coef[0], 3)}, x1 = ${fmt(d.lasso.chosen.coef[1], 3)}; ridge: x0 = ${fmt(d.ridge.chosen.coef[0], 3)}, x1 = ${fmt(d.ridge.chosen.coef[1], 3)}.`);
  },
});
