/**
 * "Split conformal and CQR": a mean model and two quantile models trained on 200 points, their
 * conformity scores on n calibration points, the conformal threshold (the ⌈(n + 1)(1 − α)⌉-th
 * smallest score) from the core, and the two calibrated bands on 1,000 test points with their
 * coverage, mean width and interval score, beside the uncalibrated quantile band.
 */
import type { IntervalMetrics } from 'loss-lab';
import type { Layer } from '../../../ui/chart';
import { controlRow } from '../../../ui/controls';
import { el, fmt, pct, scrollRegion } from '../../../ui/dom';
import { bandLayer, binsLayer, histogram, lineLayer, ruleLayer, scatterLayer, type Histogram, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { intervalRuns, sklearnLinesRun, type IntervalFits } from '../../shared/code-conformal';
import { wilson } from '../../shared/stats';
import { CODE_DATA_NOTE, codeData } from '../code-data';
import { CONF_TEST, CONF_TRAIN, sharedConformalRun, type ConformalRun, type Method } from '../conformal';
import { GRID } from '../fits';
import { ordinal } from '../format';
import { SERIES, type State } from '../params';

const curve = (y: Float64Array) => Array.from(GRID, (x, i) => [x, y[i]] as Point);

/**
 * The calibration scores as a rug under the histogram, exported as CSV sorted, with their rank;
 * the row whose rank is k (the threshold) is marked 1 in the last column.
 */
function scoresLayer(scores: Float64Array, label: string, rank: number): Layer {
  return {
    draw({ g, x, y }) {
      // One path for all the ticks: one node however many calibration points there are.
      const base = y.range()[0];
      let d = '';
      for (const v of scores) d += `M${x(v).toFixed(1)},${base}v-6`;
      g.append('path').attr('class', 'rug').attr('d', d);
    },
    csv: () => ({
      columns: ['method', 'rank', 'score', 'calibration_index', 'is_threshold'],
      rows: Array.from(scores.keys()).sort((a, b) => scores[a] - scores[b]).map((i, r) => [label, r + 1, scores[i], i, r + 1 === rank ? 1 : 0]),
    }),
  };
}

/** The score axis, padded and rounded out to half units so that a drag of α or n rarely changes it. */
function domainOf(scores: Float64Array, threshold: number | null): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of scores) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (threshold !== null) { lo = Math.min(lo, threshold); hi = Math.max(hi, threshold); }
  const pad = 0.05 * (hi - lo || 1);
  // Non-negative scores (|y − ŷ|) start at 0; CQR's reach below it.
  return [lo >= 0 ? 0 : Math.floor(2 * (lo - pad)) / 2, Math.ceil(2 * (hi + pad)) / 2];
}

/** A histogram of calibration scores: its score axis, bins and count axis's top (a multiple of 5). */
type ScoreHistogram = Histogram & { domain: [number, number] };

/** The run, with each method's score histogram and the 95% margin (Wilson) of CQR's test coverage. */
type Data = ConformalRun & { alpha: number; seed: number; hist: Record<'split' | 'cqr', ScoreHistogram>; margin: number };

const thresholdText = (m: Method, n: number) => (m.infinite
  ? `+∞ (k = ${m.rank} > n = ${n}: no score is high enough; the band is the whole line)`
  : `${fmt(m.threshold!, 3)} (${ordinal(m.rank)} of ${n})`);

function row(key: string, name: string, m: IntervalMetrics, threshold: string): HTMLTableRowElement {
  return el('tr', { 'data-method': key },
    el('th', { scope: 'row' }, name),
    el('td', { class: 'threshold' }, threshold),
    el('td', { class: 'coverage', 'data-value': m.coverage }, pct(m.coverage)),
    el('td', { class: 'width', 'data-value': m.meanWidth }, fmt(m.meanWidth, 2)),
    el('td', { class: 'score', 'data-value': m.intervalScore }, fmt(m.intervalScore, 2)));
}

export default defineFigure<State>()({
  name: 'conformal',
  exportName: 'conformal-bands',
  caption: 'Split conformal and CQR: calibration scores, the threshold, and the calibrated bands on test points',
  deps: ['alpha', 'ncal', 'seed'],
  lazy: true,
  async compute(s, engine, { signal }): Promise<Data> {
    const run = await sharedConformalRun(engine, s, s.seed, signal);
    const n = run.calibration.x.length;
    const bins = Math.min(30, Math.max(8, Math.round(Math.sqrt(n) * 1.5)));
    const scores = (m: Method): ScoreHistogram => {
      const domain = domainOf(m.scores, m.threshold);
      const binned = histogram(m.scores, domain, bins);
      return { domain, ...binned, top: 5 * Math.ceil((binned.top * 1.15) / 5) };
    };
    return {
      ...run, alpha: s.alpha, seed: s.seed, hist: { split: scores(run.split), cqr: scores(run.cqr) },
      margin: wilson(run.cqr.test.covered, run.test.y.length)[1] - run.cqr.test.coverage,
    };
  },
  setup(host) {
    host.body.append(controlRow(host.control('ncal'), host.control('alpha', { format: (v) => v.toFixed(2) })));
    const chart = host.chart({ title: `Test points with the split-conformal band (constant width) and the CQR band`, xLabel: 'x', yLabel: 'y', x: [0, 5], y: [-6, 26], height: 320, canvas: true });
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const splitHist = host.chart({ title: 'Split-conformal scores |y − ŷ| on the calibration points', xLabel: 'score', yLabel: 'count', x: [0, 5], y: [0, 10], height: 200 }, pair);
    const cqrHist = host.chart({ title: 'CQR scores max(q_lo − y, y − q_hi) on the calibration points', xLabel: 'score', yLabel: 'count', x: [-3, 3], y: [0, 10], height: 200 }, pair);
    const table = scrollRegion('Coverage and width of each band on the test points');
    const readout = el('p', { class: 'readout conformal-readout', 'aria-live': 'polite' });
    host.body.append(el('p', { class: 'legend-note' }, `Light blue dots: ${CONF_TEST} test points (the models were trained on ${CONF_TRAIN} other points). Orange dashed lines: the split-conformal band ŷ ± threshold. Green shading: the CQR band [q_lo − threshold, q_hi + threshold]. Under each histogram the ticks are the individual scores and the rule is the threshold; the CSV export lists every score with its rank.`), table, readout);
    // What the last draw gave each chart, so a drag of α or n redraws only what changed (the test
    // points depend on the seed alone; a histogram's axes only when its rounded domain moves).
    return { chart, splitHist, cqrHist, table, readout, drawn: { testSeed: -1, axes: { split: '', cqr: '' } } };
  },
  draw(d, { chart, splitHist, cqrHist, table, readout, drawn }) {
    chart.set('cqr', bandLayer(curve(d.cqr.gridLower), curve(d.cqr.gridUpper), { series: SERIES.cqr, label: 'CQR band' }));
    if (drawn.testSeed !== d.seed) {
      chart.set('test', scatterLayer(Array.from(d.test.x, (x, i) => [x, d.test.y[i]] as Point), { series: SERIES.held, label: 'test points', radius: 1.8, canvas: true }));
      drawn.testSeed = d.seed;
    }
    chart.set('cqr-lower', lineLayer(curve(d.cqr.gridLower), { series: SERIES.cqr, label: 'CQR lower' }));
    chart.set('cqr-upper', lineLayer(curve(d.cqr.gridUpper), { series: SERIES.cqr, label: 'CQR upper' }));
    chart.set('split-lower', lineLayer(curve(d.split.gridLower), { series: SERIES.split, label: 'split-conformal lower', dashed: true }));
    chart.set('split-upper', lineLayer(curve(d.split.gridUpper), { series: SERIES.split, label: 'split-conformal upper', dashed: true }));
    const n = d.calibration.x.length;
    for (const [hist, m, label] of [[splitHist, d.split, 'split'], [cqrHist, d.cqr, 'cqr']] as const) {
      const { domain, bins, top } = d.hist[label];
      const axes = `${domain} ${top}`;
      // New scales first, so each layer below draws once, at its final place.
      if (axes !== drawn.axes[label]) hist.setDomain(domain, [0, top]);
      hist.set('hist', binsLayer(bins, { series: label === 'split' ? SERIES.split : SERIES.cqr, label: `${label} scores` }));
      hist.set('rug', scoresLayer(m.scores, label, m.rank));
      hist.set('threshold', ruleLayer(m.threshold === null ? [] : [m.threshold], 'x', 'rule solid-rule'));
      if (axes !== drawn.axes[label]) hist.render();
      drawn.axes[label] = axes;
    }
    table.replaceChildren(el('table', { class: 'conformal-table' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'band'), el('th', { scope: 'col' }, 'threshold'), el('th', { scope: 'col' }, 'test coverage'),
        el('th', { scope: 'col' }, 'mean width'), el('th', { scope: 'col' }, `interval score (α = ${d.alpha})`))),
      el('tbody', {},
        row('raw', 'Quantile band, uncalibrated', d.raw, '—'),
        row('split', 'Split conformal around the mean model', d.split.test, thresholdText(d.split, n)),
        row('cqr', 'CQR', d.cqr.test, thresholdText(d.cqr, n)))));
    const k = d.cqr.rank;
    readout.replaceChildren(
      `With n = ${n} calibration points and α = ${d.alpha}, the threshold is the k = ⌈(n + 1)(1 − α)⌉ = `,
      el('strong', { class: 'rank', 'data-value': k }, String(k)), ` (the ${ordinal(k)} smallest score), the empirical quantile at level (1 − α)(1 + 1/n) = ${fmt((1 - d.alpha) * (1 + 1 / n), 4)}. `,
      k > n ? 'That is more than n, so the threshold is +∞. ' : `For a new point exchangeable with the calibration points, the chance of coverage is k/(n + 1) = ${fmt(d.cqr.expectedCoverage, 4)}, at least 1 − α = ${fmt(1 - d.alpha, 2)}. `,
      'Split conformal: ', el('strong', { class: 'split-coverage', 'data-value': d.split.test.coverage }, pct(d.split.test.coverage)),
      ' coverage; CQR: ', el('strong', { class: 'cqr-coverage', 'data-value': d.cqr.test.coverage }, pct(d.cqr.test.coverage)),
      `; the uncalibrated quantile band: ${pct(d.raw.coverage)}. Each share comes from ${d.test.y.length} test points, so it is uncertain by about ±${fmt(100 * d.margin, 1)} points (95%).`,
      d.swapped ? ` (The two quantile lines crossed at ${d.swapped} x values and were swapped there.)` : '');
  },
  async code(d, s, engine) {
    const { columns, model } = await codeData(engine, { method: 'conformal', ncal: s.ncal }, [d.seed]);
    const metrics = (m: IntervalMetrics) => [{ name: 'coverage', value: m.coverage }, { name: 'mean width', value: m.meanWidth }, { name: 'interval score', value: m.intervalScore }];
    const threshold = (m: Method) => (m.infinite ? [] : [{ name: 'threshold', value: m.threshold! }]);
    const fits: IntervalFits = { method: 'conformal', alpha: d.alpha, seeds: [d.seed], model };
    return {
      title: 'Split conformal and CQR: the thresholds and the calibrated bands on the test points', source: 'prediction-intervals/conformal', columns, dataNote: CODE_DATA_NOTE,
      runs: [...intervalRuns(fits, [
        { label: 'calibration', report: { what: 'rank', seed: d.seed }, expect: [{ name: 'rank', value: d.cqr.rank }, { name: 'expected coverage', value: d.cqr.expectedCoverage }] },
        { label: 'uncalibrated quantile band', report: { what: 'method', method: 'uncalibrated', seed: d.seed }, expect: metrics(d.raw) },
        { label: 'split conformal', report: { what: 'method', method: 'split conformal', seed: d.seed }, expect: [...threshold(d.split), ...metrics(d.split.test)] },
        { label: 'cqr', report: { what: 'method', method: 'cqr', seed: d.seed }, expect: [...threshold(d.cqr), ...metrics(d.cqr.test)] },
      ]), ...sklearnLinesRun(fits, d.seed)],
    };
  },
});
