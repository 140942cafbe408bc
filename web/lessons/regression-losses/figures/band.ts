/**
 * "Quantile lines and held-out coverage; mean and median under symmetric and skewed noise":
 * heteroscedastic data (its spread grows with x) split into a training and a held-out half; the
 * τ = 0.1, 0.5, 0.9 lines and the MSE line fitted on the training half, and the band's coverage
 * on both halves. Beside it, the same draws with skewed noise, where the mean (MSE) and median
 * (τ = 0.5) lines part.
 */
import type { Chart } from '../../../ui/chart';
import { el, fmt, pct } from '../../../ui/dom';
import { bandLayer, scatterLayer, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { lineFitRun, type LineFit } from '../../shared/fit';
import type { BetweenLinesRun } from '../../shared/code-between-lines';
import '../../shared/code-between-lines';
import { quantileBand, SKEW_MEAN_SHIFT, skewNoise, SMALL_N, SMALL_SEEDS, smallSampleCoverage, type Band } from '../experiments';
import { DASH, directLabels, patternLine, WIDTH } from '../marks';
import { LOSS_SERIES, type State } from '../params';

interface Handles { chart: Chart; skewChart: Chart; coverage: HTMLElement; small: HTMLElement; skew: HTMLElement }

const at = (f: LineFit) => [0, 5].map((x) => [x, f.slope * x + f.intercept] as Point);

export default defineFigure<State>()({
  name: 'band',
  exportName: 'quantile-band',
  caption: 'Quantile lines and held-out coverage; mean and median under symmetric and skewed noise',
  deps: ['seed'],
  // Below the fold: computed when the learner scrolls near it (or a question asks).
  lazy: true,
  async compute(s, engine, { signal, partial }): Promise<Band> {
    const band = await quantileBand(engine, s.seed, signal);
    partial(band);
    return { ...band, small: await smallSampleCoverage(engine, s.seed, SMALL_N, SMALL_SEEDS, signal) };
  },
  setup(host): Handles {
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const chart = host.chart({ title: 'Symmetric noise: quantile lines, MSE line, training and held-out points', xLabel: 'x', yLabel: 'y', x: [0, 5], y: [-8, 26], height: 340 }, pair);
    const skewChart = host.chart({ title: 'Skewed noise on the same draws: mean (MSE) and median (τ = 0.5) lines', xLabel: 'x', yLabel: 'y', x: [0, 5], y: [-4, 40], height: 340 }, pair);
    const coverage = el('p', { class: 'readout coverage', 'aria-live': 'polite' });
    const skew = el('p', { class: 'readout skew', 'aria-live': 'polite' });
    const small = el('p', { class: 'readout coverage-small', 'aria-live': 'polite' });
    host.body.append(coverage, small, skew,
      el('p', { class: 'legend-note' }, 'First plot: grey dots are the training half, light blue dots the held-out half. Solid orange: MSE (mean). Wide solid green: τ = 0.5 (median); the two overlap here, which is the point. Dash-dot yellow: τ = 0.1 and τ = 0.9, the band between them shaded. Second plot: the same two lines where the noise is skewed.'));
    return { chart, skewChart, coverage, small, skew };
  },
  draw(band: Band, { chart, skewChart, coverage, small, skew }) {
    const { data } = band;
    chart.set('band', bandLayer(at(band.q10), at(band.q90), { series: 5, label: '80% band (τ = 0.1 to 0.9)' }));
    chart.set('held', scatterLayer(Array.from(data.xVal, (x, i) => [x, data.yVal[i]] as Point), { series: 7, label: 'held-out half', radius: 2 }));
    chart.set('points', scatterLayer(Array.from(data.x, (x, i) => [x, data.y[i]] as Point), { series: 0, label: 'training half', radius: 2.5 }));
    chart.set('q10', patternLine(at(band.q10), { series: 5, label: 'τ = 0.1', dash: DASH.quantile }));
    chart.set('q90', patternLine(at(band.q90), { series: 5, label: 'τ = 0.9', dash: DASH.quantile }));
    chart.set('q50', patternLine(at(band.q50), { series: LOSS_SERIES.mae, label: 'τ = 0.5 (median)', width: WIDTH.mae }));
    chart.set('mse', patternLine(at(band.mse), { series: LOSS_SERIES.mse, label: 'MSE (mean)', width: 2 }));
    const end = (f: LineFit) => f.slope * 5 + f.intercept;
    chart.set('labels', directLabels([
      { text: 'τ = 0.9', series: 5, y: end(band.q90) }, { text: 'mean', series: LOSS_SERIES.mse, y: end(band.mse) },
      { text: 'median', series: LOSS_SERIES.mae, y: end(band.q50) }, { text: 'τ = 0.1', series: 5, y: end(band.q10) }], 5));

    const sk = band.skewed;
    const yMax = Math.max(20, ...Array.from(sk.y)) * 1.03;
    skewChart.setDomain(undefined, [-4, Math.min(yMax, 60)]);
    skewChart.set('points', scatterLayer(Array.from(data.x, (x, i) => [x, sk.y[i]] as Point), { series: 0, label: 'training half, skewed noise', radius: 2.5 }));
    skewChart.set('q50', patternLine(at(sk.q50), { series: LOSS_SERIES.mae, label: 'τ = 0.5 (median)', width: WIDTH.mae }));
    skewChart.set('mse', patternLine(at(sk.mse), { series: LOSS_SERIES.mse, label: 'MSE (mean)', width: 2 }));
    skewChart.set('labels', directLabels([{ text: 'mean', series: LOSS_SERIES.mse, y: end(sk.mse) }, { text: 'median', series: LOSS_SERIES.mae, y: end(sk.q50) }], 5));
    skewChart.render();

    const [lo, hi] = band.interval;
    coverage.replaceChildren(
      'Held-out coverage: ', el('strong', { 'data-value': band.heldInside / band.total, class: 'coverage-value' }, pct(band.heldInside / band.total)),
      ` of the ${band.total} held-out points lie between the τ = 0.1 and τ = 0.9 lines (95% interval `,
      el('span', { class: 'coverage-interval', 'data-low': lo, 'data-high': hi }, `${pct(lo)} to ${pct(hi)}`),
      '; the target is 80%). On the ', String(band.trainTotal), ' training points the lines were fitted to: ',
      el('strong', { 'data-value': band.inside / band.trainTotal, class: 'coverage-train' }, pct(band.inside / band.trainTotal)),
      '. Symmetric noise: median slope ', el('span', { class: 'sym-median', 'data-value': band.q50.slope }, fmt(band.q50.slope, 3)),
      ', mean (MSE) slope ', el('span', { class: 'sym-mean', 'data-value': band.mse.slope }, fmt(band.mse.slope, 3)), '.');
    const sm = band.small;
    small.replaceChildren(...(sm ? [`With only ${sm.n} training points, the same band averages `,
      el('strong', { class: 'coverage-small-value', 'data-value': sm.heldMean, 'data-se': sm.heldSe }, pct(sm.heldMean)),
      ` held-out coverage over ${sm.seeds} seeds (± ${pct(sm.heldSe)} standard error), while it still holds ${pct(sm.trainMean)} of its own training points.`]
      : [`Fitting the band on ${SMALL_N} training points, over ${SMALL_SEEDS} seeds…`]));
    const shift = 0.5 * SKEW_MEAN_SHIFT;
    skew.replaceChildren(
      'Skewed noise σ(x)·(eᶻ − 1): median line slope ', el('strong', { class: 'skew-median', 'data-value': sk.q50.slope }, fmt(sk.q50.slope, 3)),
      ` (theory 3), mean line slope `, el('strong', { class: 'skew-mean', 'data-value': sk.mse.slope }, fmt(sk.mse.slope, 3)),
      ` (theory 3 + 0.5·(√e − 1) = ${fmt(3 + shift, 3)}); at x = 5 the mean line is `,
      el('strong', { class: 'skew-gap', 'data-value': end(sk.mse) - end(sk.q50) }, fmt(end(sk.mse) - end(sk.q50), 2)),
      ` above the median line (theory ${fmt(6 * shift, 2)}).`);
  },
  async code(band, _state, engine) {
    const { data } = band;
    const n = data.x.length;
    const join = (a: ArrayLike<number>, b: ArrayLike<number>) => Float64Array.from([...Array.from(a), ...Array.from(b)]);
    const columns = {
      x: join(data.x, data.xVal), y: join(data.y, data.yVal),
      // The skewed noise of the second plot, made from the same draws (experiments.ts skewNoise); only the training rows are fitted.
      y_skewed: join(band.skewed.y, skewNoise(data.xVal, data.yVal)),
      held_out: Float64Array.from({ length: n + data.xVal.length }, (_, i) => (i < n ? 0 : 1)),
    };
    const line = (label: string, loss: string, params: Record<string, number> | undefined, fit: LineFit, y: 'y' | 'y_skewed') =>
      lineFitRun(engine, { loss, params, x: data.x, y: y === 'y' ? data.y : band.skewed.y }, label, fit, { x: 'x', y, exclude: 'held_out' });
    const lines = await Promise.all([
      line('tau=0.1', 'quantile', { tau: 0.1 }, band.q10, 'y'), line('tau=0.5', 'quantile', { tau: 0.5 }, band.q50, 'y'),
      line('tau=0.9', 'quantile', { tau: 0.9 }, band.q90, 'y'), line('mse', 'mse', undefined, band.mse, 'y'),
      line('skewed mse', 'mse', undefined, band.skewed.mse, 'y_skewed'), line('skewed tau=0.5', 'quantile', { tau: 0.5 }, band.skewed.q50, 'y_skewed'),
    ]);
    const coverage = (label: string, value: 0 | 1, inside: number, total: number): BetweenLinesRun => ({
      kind: 'between-lines', label, lower: 'tau=0.1', upper: 'tau=0.9', x: 'x', y: 'y', where: { column: 'held_out', value },
      expect: [{ name: 'share', value: inside / total }, { name: 'count', value: inside }],
    });
    return {
      title: 'Quantile lines and held-out coverage; mean and median under symmetric and skewed noise', source: 'regression-losses/band', columns, split: 'held_out',
      dataNote: 'The lab\'s seeded heteroscedastic data (y = 3x, noise sd 0.5·(1 + x)): training rows first, then the held-out half',
      runs: [...lines, coverage('held-out coverage', 1, band.heldInside, band.total), coverage('training coverage', 0, band.inside, band.trainTotal)],
    };
  },
});
