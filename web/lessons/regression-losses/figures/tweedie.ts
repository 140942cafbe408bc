/**
 * "Squared error against Tweedie on zero-inflated data, log-link models": the training data with
 * the mean each model predicts, the histogram of the targets, and the held-out mean absolute error
 * of squared error and of Tweedie at p = 1.2, 1.5, 1.8 and the slider's power.
 */
import type { Chart } from '../../../ui/chart';
import { controlRow } from '../../../ui/controls';
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { binsLayer, histogram, lineLayer, scatterLayer, type Histogram, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import type { Dataset } from '../../shared/data';
import { lineCode, type LineFit } from '../../shared/fit';
import { sklearnCheck } from '../../shared/code-sklearn';
import { heldOutScores, pairedDifference, TRUE_POWER, tweedieFit, tweedieWeight, zeroInflated } from '../experiments';
import type { State } from '../params';

interface Row { id: string; label: string; fit: LineFit; mae: number; deviance: number; totalRatio: number; versus: { mean: number; se: number } }
interface Weight { mu: number; tweedie: number; squared: number; ratio: number; formula: number }
interface TweedieData {
  data: Dataset; power: number; squared: LineFit; tweedie: LineFit; absolute: LineFit; rows: Row[]; zeros: number; weights: Weight[];
  /** The y axis's top (5% above the largest target), the targets binned under it, and each model's mean e^(a x + b) on x in [−1, 1]. */
  yMax: number; targets: Histogram; curves: Record<'tweedie' | 'squared' | 'absolute', Point[]>;
}
interface Handles { points: Chart; histogram: Chart; table: HTMLTableElement; weights: HTMLElement }

const GRID = Array.from({ length: 81 }, (_, i) => -1 + i / 40);
const meanCurve = (f: LineFit) => GRID.map((x) => [x, Math.exp(f.slope * x + f.intercept)] as Point);

const powerLabel = (q: number) => (Math.abs(q - TRUE_POWER) < 1e-9 ? '4/3' : String(q));

export default defineFigure<State>()({
  name: 'tweedie',
  exportName: 'tweedie',
  caption: 'Squared error, Tweedie and absolute error on zero-inflated data, log-link models, scored on held-out points',
  deps: ['seed', 'power'],
  lazy: true,
  async compute(s, engine, { signal }): Promise<TweedieData> {
    const data = await zeroInflated(engine, s.seed);
    const p = s.power;
    const powers = [...new Set([TRUE_POWER, p])].sort((a, b) => a - b);
    const [squared, absolute, ...tweedies] = await Promise.all([tweedieFit(engine, data, 'squared', signal), tweedieFit(engine, data, 'absolute', signal),
      ...powers.map((q) => tweedieFit(engine, data, q, signal))]);
    const models: Array<Omit<Row, 'mae' | 'deviance' | 'totalRatio' | 'versus'>> = [
      { id: 'squared', label: 'Squared error', fit: squared },
      ...powers.map((q, i) => ({ id: `tweedie-${powerLabel(q)}`, label: `Tweedie p = ${powerLabel(q)}${q === TRUE_POWER ? ' (the power at each x)' : ''}${q === p ? ' (slider)' : ''}`, fit: tweedies[i] })),
      { id: 'absolute', label: 'Absolute error (MAE)', fit: absolute },
    ];
    const scores = await Promise.all(models.map((m) => heldOutScores(engine, data, m.fit)));
    let zeros = 0;
    for (const v of data.y) if (v === 0) zeros++;
    const tweedie = tweedies[powers.indexOf(p)];
    // The weight μ^(−p) at the smallest and largest mean the Tweedie model predicts on the data (x = −1 and 1).
    const weights = await Promise.all([-1, 1].map(async (x) => {
      const mu = Math.exp(tweedie.slope * x + tweedie.intercept);
      return { mu, ...(await tweedieWeight(engine, mu, 0, p)) };
    }));
    let yMax = 1;
    for (const v of data.y) yMax = Math.max(yMax, v);
    yMax *= 1.05;
    return { data, power: p, squared, tweedie, absolute, yMax, targets: histogram(data.y, [0, yMax], 30),
      curves: { tweedie: meanCurve(tweedie), squared: meanCurve(squared), absolute: meanCurve(absolute) }, rows: models.map((m, i) => ({ ...m, mae: scores[i].mae, deviance: scores[i].deviance, totalRatio: scores[i].totalRatio, versus: pairedDifference(scores[i].absErrors, scores[0].absErrors) })), zeros, weights };
  },
  setup(host): Handles {
    host.body.append(controlRow(host.control('power')));
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const points = host.chart({ title: 'Zero-inflated training data with the mean predicted by each model', xLabel: 'x', yLabel: 'y', x: [-1, 1], y: [0, 10], height: 300, canvas: true }, pair);
    const histogram = host.chart({ title: 'Histogram of the targets', xLabel: 'y', yLabel: 'count', x: [0, 10], y: [0, 10], height: 300 }, pair);
    const table = el('table', { class: 'mae-table' });
    const weights = el('p', { class: 'readout tweedie-weights', 'aria-live': 'polite' });
    host.body.append(scrollRegion('Held-out scores table', table), weights,
      el('p', { class: 'legend-note' }, 'Dashed orange: squared error. Solid blue: Tweedie with the power on the slider. Dotted green: absolute error. All three predict e^(a x + b); squared error and Tweedie lie on top of each other.'));
    return { points, histogram, table, weights };
  },
  draw(t, h) {
    const d = t.data;
    h.points.setDomain(undefined, [0, t.yMax]);
    h.histogram.setDomain([0, t.yMax], [0, t.targets.top * 1.1]);
    h.points.set('points', scatterLayer(Array.from(d.x, (x, i) => [x, d.y[i]] as Point), { series: 0, label: 'training data', radius: 2.5, canvas: true }));
    // Tweedie first, so the dashed squared-error curve stays visible where the two agree.
    h.points.set('tweedie', lineLayer(t.curves.tweedie, { series: 3, label: `Tweedie p = ${powerLabel(t.power)}`, width: 3.5 }));
    h.points.set('squared', lineLayer(t.curves.squared, { series: 1, label: 'squared error, log link', dashed: true, width: 2.5 }));
    h.points.set('absolute', lineLayer(t.curves.absolute, { series: 2, label: 'absolute error, log link', className: 'dotted', width: 3 }));
    h.histogram.set('hist', binsLayer(t.targets.bins, { series: 0, label: 'targets' }));
    h.points.render();
    h.histogram.render();
    const cell = (cls: string, v: number, digits: number) => el('td', { class: cls, 'data-value': v }, fmt(v, digits));
    h.table.replaceChildren(
      el('caption', {}, `Scores on ${d.yVal.length} held-out points (our synthetic data: ${fmt((100 * t.zeros) / d.y.length, 0)}% zeros in training). MAE and deviance: lower is better; Σμ/Σy: 1 means the predicted total matches.`),
      el('thead', {}, el('tr', {}, ...['Training loss', 'Held-out MAE', 'MAE minus squared error\'s (± s.e., paired)', 'Tweedie deviance (p = 4/3)', 'Σμ / Σy'].map((c) => el('th', { scope: 'col' }, c)))),
      el('tbody', {}, ...t.rows.map((r) => el('tr', { 'data-row': r.id }, el('th', { scope: 'row' }, r.label),
        cell('mae', r.mae, 3),
        el('td', { class: 'versus', 'data-value': r.versus.mean, 'data-se': r.versus.se }, r.id === 'squared' ? '–' : `${r.versus.mean >= 0 ? '+' : '−'}${fmt(Math.abs(r.versus.mean), 3)} ± ${fmt(r.versus.se, 3)}`),
        cell('deviance', r.deviance, 4), cell('total', r.totalRatio, 3)))));
    const [lo, hi] = t.weights;
    const p = powerLabel(t.power);
    h.weights.replaceChildren(`Why Tweedie weighs points differently: the core's gradients in μ at y = 0 are, for Tweedie p = ${p}, `,
      `${fmt(lo.tweedie, 3)} at μ = ${fmt(lo.mu, 2)} and ${fmt(hi.tweedie, 3)} at μ = ${fmt(hi.mu, 2)}; for squared error ${fmt(lo.squared, 3)} and ${fmt(hi.squared, 3)}. Their ratio is `,
      el('strong', { class: 'weight-low', 'data-value': lo.ratio }, fmt(lo.ratio, 3)), ' and ', el('strong', { class: 'weight-high', 'data-value': hi.ratio }, fmt(hi.ratio, 3)),
      `, which is μ^(−p) = ${fmt(lo.formula, 3)} and ${fmt(hi.formula, 3)}: Tweedie down-weights the points with a large mean.`);
  },
  async code(t, _state, engine) {
    const d = t.data;
    const x = Float64Array.from([...d.x, ...d.xVal]), y = Float64Array.from([...d.y, ...d.yVal]);
    const heldOut = Float64Array.from(x, (_, i) => (i < d.x.length ? 0 : 1));
    const runs = await Promise.all(t.rows.map(async (r) => {
      const which = r.id === 'squared' ? { loss: 'mse' } : r.id === 'absolute' ? { loss: 'mae' } : { loss: 'tweedie_log', params: { power: r.id === `tweedie-${powerLabel(t.power)}` ? t.power : TRUE_POWER } };
      const run = await lineCode(engine, { ...which, x: d.x, y: d.y, logLink: true }, r.id === 'squared' ? 'squared error' : r.id === 'absolute' ? 'absolute error' : `tweedie p=${r.id.slice('tweedie-'.length)}`, r.fit);
      return { ...run, scores: [{ kind: 'mae' as const }], expect: [...run.expect, { name: 'held-out mae', value: r.mae }] };
    }));
    // Trained to the end of a cosine decay to zero: sklearn's TweedieRegressor solves the same problem.
    const checked = runs.flatMap((run) => [run, ...sklearnCheck(run, { converged: true, split: 'held_out' })]);
    return {
      title: 'Squared error, Tweedie and absolute error on zero-inflated data, log-link models', source: 'regression-losses/tweedie',
      columns: { x, y, held_out: heldOut }, split: 'held_out', runs: checked,
      dataNote: 'The lab\'s seeded zero-inflated data (compound Poisson-Gamma: Tweedie power 4/3 at each x, variance 3μ across x)',
    };
  },
});
