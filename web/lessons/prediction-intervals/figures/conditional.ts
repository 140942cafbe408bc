/**
 * "Marginal is not conditional": the test coverage of the split-conformal band, the CQR band and
 * the uncalibrated quantile band in each x-bin, against the nominal 1 − α, from the same run as
 * the conformal figure. The noise grows with x, so a constant-width band over-covers where x is
 * small and under-covers where it is large; CQR's width follows the quantile models.
 */
import { el, pct, scrollRegion } from '../../../ui/dom';
import type { Layer } from '../../../ui/chart';
import { barLayer, ruleLayer, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { intervalRuns } from '../../shared/code-conformal';
import { wilson } from '../../shared/stats';
import { CODE_DATA_NOTE, codeData } from '../code-data';
import { BINS, sharedConformalRun, type ConformalRun } from '../conformal';
import { SERIES, type State } from '../params';

const METHODS = [['split', 'Split conformal', SERIES.split, -0.25], ['cqr', 'CQR', SERIES.cqr, 0], ['raw', 'Quantile band, uncalibrated', SERIES.quantile, 0.25]] as const;

/** One method's 95% intervals, bin by bin, as one path (one node, not one per bin). */
function intervalsLayer(label: string, bars: ReadonlyArray<{ at: number; low: number; high: number }>): Layer {
  return {
    draw({ g, x, y }) {
      const d = bars.map((b) => `M${x(b.at).toFixed(1)},${y(b.low).toFixed(1)}V${y(b.high).toFixed(1)}`).join('');
      g.append('path').attr('class', `line series-${SERIES.nominal}`).attr('stroke-width', 1.5).attr('d', d)
        .append('title').text(`${label}: 95% intervals`);
    },
    csv: () => ({ columns: ['band', 'x_bin', 'low', 'high'], rows: bars.map((b, i) => [label, i, b.low, b.high]) }),
  };
}

export default defineFigure<State>()({
  name: 'conditional',
  exportName: 'coverage-by-x',
  caption: 'Coverage by x-bin on the test points: marginal coverage hides where a band fails',
  deps: ['alpha', 'ncal', 'seed'],
  lazy: true,
  async compute(s, engine, { signal }): Promise<ConformalRun & { alpha: number; seed: number }> {
    return { ...(await sharedConformalRun(engine, s, s.seed, signal)), alpha: s.alpha, seed: s.seed };
  },
  setup(host) {
    const chart = host.chart({ title: 'Share of test points inside each band, by x-bin (noise grows with x)', xLabel: 'x-bin', yLabel: 'coverage', x: [0, 5], y: [0, 1], height: 280 });
    const table = scrollRegion('Coverage by x-bin table');
    host.body.append(el('p', { class: 'legend-note' }, 'Bars per bin, left to right: split conformal (orange), CQR (green), the uncalibrated quantile band (yellow). The dashed line is the nominal 1 − α; the thin black lines are 95% (Wilson) intervals for each share, from about 200 test points per bin.'), table);
    return { chart, table };
  },
  draw(d, { chart, table }) {
    const bins = { split: d.split.bins, cqr: d.cqr.bins, raw: d.rawBins };
    chart.set('nominal', ruleLayer([1 - d.alpha], 'y'));
    for (const [key, label, series, offset] of METHODS) {
      chart.set(key, barLayer(bins[key].map((m, b) => [b + 0.5 + offset, m.coverage] as Point), { series, label, width: 0.25 }));
      chart.set(`${key}-ci`, intervalsLayer(label, bins[key].map((m, b) => {
        const [low, high] = wilson(m.covered, d.binCounts[b]);
        return { at: b + 0.5 + offset, low, high };
      })));
    }
    const head = el('tr', {}, el('th', { scope: 'col' }, 'band'), ...Array.from({ length: BINS }, (_, b) => el('th', { scope: 'col' }, `x in [${b}, ${b + 1}${b === BINS - 1 ? ']' : ')'}`)));
    table.replaceChildren(el('table', { class: 'bins-table' }, el('thead', {}, head), el('tbody', {},
      ...METHODS.map(([key, label]) => el('tr', { 'data-method': key }, el('th', { scope: 'row' }, label),
        ...bins[key].map((m, b) => { const [lo, hi] = wilson(m.covered, d.binCounts[b]); return el('td', { 'data-bin': b, 'data-value': m.coverage, 'data-count': m.covered, 'data-low': lo, 'data-high': hi }, pct(m.coverage)); }))),
      el('tr', { 'data-method': 'points' }, el('th', { scope: 'row' }, 'test points in the bin'),
        ...d.binCounts.map((count, b) => el('td', { 'data-bin': b }, String(count)))))));
  },
  async code(d, s, engine) {
    const { columns, model } = await codeData(engine, { method: 'conformal', ncal: s.ncal }, [d.seed]);
    return {
      title: 'Coverage by x-bin on the test points: split conformal, CQR and the uncalibrated quantile band', source: 'prediction-intervals/conditional', columns, dataNote: CODE_DATA_NOTE,
      runs: intervalRuns({ method: 'conformal', alpha: d.alpha, seeds: [d.seed], model, bins: BINS }, Array.from({ length: BINS }, (_, b) => ({
        label: `x in [${b}, ${b + 1}${b === BINS - 1 ? ']' : ')'}`, report: { what: 'bin' as const, bin: b, seed: d.seed },
        expect: [{ name: 'split conformal coverage', value: d.split.bins[b].coverage }, { name: 'cqr coverage', value: d.cqr.bins[b].coverage }, { name: 'uncalibrated coverage', value: d.rawBins[b].coverage }],
      }))),
    };
  },
});
