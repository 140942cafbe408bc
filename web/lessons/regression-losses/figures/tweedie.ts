/**
 * "Squared error against Tweedie on zero-inflated data, log-link models": the training data with
 * the mean each model predicts, the histogram of the targets, and the held-out mean absolute error
 * of squared error and of Tweedie at p = 1.2, 1.5, 1.8 and the slider's power.
 */
import type { Chart } from '../../../ui/chart';
import { controlRow } from '../../../ui/controls';
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { histogramLayer, histogramMax, lineLayer, scatterLayer, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import type { Dataset } from '../../shared/data';
import type { LineFit } from '../../shared/fit';
import { heldOutMae, tweedieFit, zeroInflated } from '../experiments';
import type { State } from '../params';

interface Row { id: string; label: string; fit: LineFit; mae: number }
interface TweedieData { data: Dataset; power: number; squared: LineFit; tweedie: LineFit; rows: Row[]; zeros: number }
interface Handles { points: Chart; histogram: Chart; table: HTMLTableElement }

export default defineFigure<State>()({
  name: 'tweedie',
  exportName: 'tweedie',
  caption: 'Squared error against Tweedie on zero-inflated data, log-link models',
  deps: ['seed', 'power'],
  lazy: true,
  async compute(s, engine, { signal }): Promise<TweedieData> {
    const data = await zeroInflated(engine, s.seed);
    const p = s.power;
    const powers = [...new Set([1.2, 1.5, 1.8, p])].sort();
    const [squared, ...tweedies] = await Promise.all([tweedieFit(engine, data, 'squared', signal), ...powers.map((q) => tweedieFit(engine, data, q, signal))]);
    const models: Array<Omit<Row, 'mae'>> = [
      { id: 'squared', label: 'Squared error (log link)', fit: squared },
      ...powers.map((q, i) => ({ id: `tweedie-${q}`, label: `Tweedie p = ${q}${q === p ? ' (slider)' : ''}`, fit: tweedies[i] })),
    ];
    const maes = await Promise.all(models.map((m) => heldOutMae(engine, data, m.fit)));
    let zeros = 0;
    for (const v of data.y) if (v === 0) zeros++;
    return { data, power: p, squared, tweedie: tweedies[powers.indexOf(p)], rows: models.map((m, i) => ({ ...m, mae: maes[i] })), zeros };
  },
  setup(host): Handles {
    host.body.append(controlRow(host.control('power')));
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const points = host.chart({ title: 'Zero-inflated training data with the mean predicted by each model', xLabel: 'x', yLabel: 'y', x: [-1, 1], y: [0, 10], height: 300, canvas: true }, pair);
    const histogram = host.chart({ title: 'Histogram of the targets', xLabel: 'y', yLabel: 'count', x: [0, 10], y: [0, 10], height: 300 }, pair);
    const table = el('table', { class: 'mae-table' });
    host.body.append(scrollRegion('Held-out mean absolute error table', table),
      el('p', { class: 'legend-note' }, 'Dashed orange: squared error. Solid blue: Tweedie with the power on the slider. Both models predict e^(a x + b); where one curve hides the other, they agree.'));
    return { points, histogram, table };
  },
  draw(t, h) {
    const d = t.data;
    const y = Array.from(d.y);
    const yMax = Math.max(1, ...y) * 1.05;
    h.points.setDomain(undefined, [0, yMax]);
    h.histogram.setDomain([0, yMax], [0, histogramMax(y, [0, yMax], 30) * 1.1]);
    h.points.set('points', scatterLayer(Array.from(d.x, (x, i) => [x, d.y[i]] as Point), { series: 0, label: 'training data', radius: 2.5, canvas: true }));
    const grid = Array.from({ length: 81 }, (_, i) => -1 + i / 40);
    const curve = (f: LineFit) => grid.map((x) => [x, Math.exp(f.slope * x + f.intercept)] as Point);
    // Tweedie first, so the dashed squared-error curve stays visible where the two agree.
    h.points.set('tweedie', lineLayer(curve(t.tweedie), { series: 3, label: `Tweedie p = ${t.power}`, width: 3.5 }));
    h.points.set('squared', lineLayer(curve(t.squared), { series: 1, label: 'squared error, log link', dashed: true, width: 2.5 }));
    h.histogram.set('hist', histogramLayer(y, { series: 0, label: 'targets', domain: [0, yMax], bins: 30 }));
    h.points.render();
    h.histogram.render();
    h.table.replaceChildren(
      el('caption', {}, `Mean absolute error on ${d.yVal.length} held-out points (our synthetic data: ${fmt((100 * t.zeros) / d.y.length, 0)}% zeros in training; lower is better)`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Training loss'), el('th', { scope: 'col' }, 'Held-out MAE'))),
      el('tbody', {}, ...t.rows.map((r) => el('tr', { 'data-row': r.id }, el('th', { scope: 'row' }, r.label), el('td', { 'data-value': r.mae }, fmt(r.mae, 3))))));
  },
});
