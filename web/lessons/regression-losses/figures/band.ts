/**
 * "Quantile lines at τ = 0.1, 0.5 and 0.9 and the band between them": heteroscedastic data (its
 * spread grows with x), three quantile lines and the MSE line, and how many points the band holds.
 */
import type { Chart } from '../../../ui/chart';
import { el, fmt } from '../../../ui/dom';
import { bandLayer, lineLayer, scatterLayer, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import type { LineFit } from '../../shared/fit';
import { quantileBand, type Band } from '../experiments';
import type { State } from '../params';

export default defineFigure<State>()({
  name: 'band',
  exportName: 'quantile-band',
  caption: 'Quantile lines at τ = 0.1, 0.5 and 0.9 and the band between them',
  deps: ['seed'],
  // Below the fold: computed when the learner scrolls near it (or a question asks).
  lazy: true,
  compute: (s, engine, { signal }) => quantileBand(engine, s.seed, signal),
  setup(host): { chart: Chart; coverage: HTMLElement } {
    const chart = host.chart({ title: 'Heteroscedastic data with three quantile lines and an MSE line', xLabel: 'x', yLabel: 'y', x: [0, 5], y: [-8, 24], height: 340 });
    const coverage = el('p', { class: 'readout coverage', 'aria-live': 'polite' });
    host.body.append(coverage,
      el('p', { class: 'legend-note' }, 'Solid orange: MSE (mean). Solid blue-green: τ = 0.5 (median). Dashed: τ = 0.1 and τ = 0.9, with the band between them shaded.'));
    return { chart, coverage };
  },
  draw(band: Band, { chart, coverage }) {
    const { data, inside, total } = band;
    const at = (f: LineFit) => [0, 5].map((x) => [x, f.slope * x + f.intercept] as Point);
    chart.set('band', bandLayer(at(band.q10), at(band.q90), { series: 5, label: '80% band (τ = 0.1 to 0.9)' }));
    chart.set('points', scatterLayer(Array.from(data.x, (x, i) => [x, data.y[i]] as Point), { series: 0, label: 'data', radius: 3 }));
    chart.set('q10', lineLayer(at(band.q10), { series: 5, label: 'τ = 0.1', dashed: true }));
    chart.set('q50', lineLayer(at(band.q50), { series: 2, label: 'τ = 0.5 (median)' }));
    chart.set('q90', lineLayer(at(band.q90), { series: 5, label: 'τ = 0.9', dashed: true }));
    chart.set('mse', lineLayer(at(band.mse), { series: 1, label: 'MSE (mean)', width: 2 }));
    coverage.replaceChildren(
      'Empirical coverage: ', el('strong', { 'data-value': inside / total, class: 'coverage-value' }, `${fmt((100 * inside) / total, 1)}%`),
      ` of ${total} points lie between the τ = 0.1 and τ = 0.9 lines (the target is 80%). `,
      `Median line slope ${fmt(band.q50.slope, 3)}, MSE line slope ${fmt(band.mse.slope, 3)}.`);
  },
});
