/**
 * "Breakdown under leverage": the learner's points plus one point at (X, 0), for X from 6 to
 * 200, and the slope MSE, MAE and Huber fit to them. Each X is streamed as it is fitted. The
 * readout gives the bound past which no capped pull can balance the point's torque
 * (experiments.ts, leverageLimit), computed on the same points.
 */
import type { Chart } from '../../../ui/chart';
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { ruleLayer, scatterLayer, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { fitLine, lineFitRun } from '../../shared/fit';
import { ownData, ownDataNote } from '../../shared/own-data';
import { learnerPoints, lossParams, type Points } from '../data';
import { LEVERAGE_LOSSES, LEVERAGE_X, leverageLimit } from '../experiments';
import { DASH, directLabels, patternLine, WIDTH } from '../marks';
import { LOSS_LABELS, LOSS_SERIES, type State } from '../params';

type Loss = (typeof LEVERAGE_LOSSES)[number];
interface LeverageData {
  delta: number;
  /** Slope per loss: index 0 without the added point, then one per LEVERAGE_X (NaN until fitted). */
  slopes: Record<Loss, number[]>;
  limit: { median: number; lever: number };
  done: number;
  /** The points the lines are fitted to (before the added one). */
  points: Points;
  owndata: string | null;
}
interface Handles { chart: Chart; tbody: HTMLElement; readout: HTMLElement }
/** The x axis's right end: past the last X, with room for the line labels. */
const X_MAX = 210;

export default defineFigure<State>()({
  name: 'leverage',
  exportName: 'leverage-breakdown',
  caption: 'Breakdown under leverage: the slope of each loss after one added point at (X, 0)',
  deps: ['seed', 'outliers', 'owndata', 'moves', 'added', 'removed', 'delta'],
  lazy: true,
  async compute(s, engine, { signal, partial }): Promise<LeverageData> {
    const { points: p } = await learnerPoints(engine, s);
    const slopes = Object.fromEntries(LEVERAGE_LOSSES.map((l) => [l, Array<number>(LEVERAGE_X.length + 1).fill(NaN)])) as Record<Loss, number[]>;
    const out: LeverageData = { delta: s.delta, slopes, limit: leverageLimit(p.x), done: 0, points: p, owndata: s.owndata ?? null };
    for (let k = 0; k <= LEVERAGE_X.length; k++) {
      const X = LEVERAGE_X[k - 1];
      const x = k === 0 ? p.x : Float64Array.from([...p.x, X]), y = k === 0 ? p.y : Float64Array.from([...p.y, 0]);
      const fits = await Promise.all(LEVERAGE_LOSSES.map((loss) => fitLine(engine, { loss, params: lossParams(loss, s), x, y }, signal)));
      LEVERAGE_LOSSES.forEach((l, i) => { slopes[l][k] = fits[i].slope; });
      out.done = k + 1;
      if (k < LEVERAGE_X.length) partial({ ...out, slopes: Object.fromEntries(LEVERAGE_LOSSES.map((l) => [l, [...slopes[l]]])) as Record<Loss, number[]> });
    }
    return out;
  },
  setup(host): Handles {
    const chart = host.chart({ title: 'Fitted slope against the x position of one added point at y = 0', xLabel: 'x of the added point (y = 0)', yLabel: 'fitted slope', x: [0, X_MAX], y: [-0.3, 3.8], height: 280 });
    const tbody = el('tbody');
    const table = el('table', { class: 'leverage-table' },
      el('caption', {}, 'Slope after adding one point at (X, 0) to the points above (true slope 3)'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'X'), ...LEVERAGE_LOSSES.map((l) => el('th', { scope: 'col' }, LOSS_LABELS[l])))), tbody);
    const readout = el('p', { class: 'readout leverage-readout', 'aria-live': 'polite' });
    host.body.append(scrollRegion('Leverage table', table), readout);
    return { chart, tbody, readout };
  },
  draw(d, h) {
    const labels: Array<{ text: string; series: number; y: number }> = [];
    for (const loss of LEVERAGE_LOSSES) {
      const pts = LEVERAGE_X.map((X, i) => [X, d.slopes[loss][i + 1]] as Point).filter((q) => Number.isFinite(q[1]));
      h.chart.set(`line-${loss}`, patternLine(pts, { series: LOSS_SERIES[loss], label: LOSS_LABELS[loss], dash: DASH[loss], width: WIDTH[loss] }));
      h.chart.set(`dots-${loss}`, scatterLayer(pts, { series: LOSS_SERIES[loss], label: `${LOSS_LABELS[loss]} slopes`, radius: 3.5 }));
      if (pts.length) labels.push({ text: LOSS_LABELS[loss], series: LOSS_SERIES[loss], y: pts[pts.length - 1][1] });
    }
    h.chart.set('labels', directLabels(labels, X_MAX));
    const row = (label: string, k: number, x: string) => el('tr', { 'data-x': x }, el('th', { scope: 'row' }, label),
      ...LEVERAGE_LOSSES.map((l) => {
        const v = d.slopes[l][k];
        return Number.isFinite(v) ? el('td', { 'data-loss': l, 'data-value': v }, fmt(v, 3)) : el('td', { 'data-loss': l }, '…');
      }));
    h.tbody.replaceChildren(row('no added point', 0, 'none'), ...LEVERAGE_X.map((X, i) => row(String(X), i + 1, String(X))));
    const bound = d.limit.median + d.limit.lever;
    h.chart.set('bound', ruleLayer(bound > 0 && bound < X_MAX ? [bound] : [], 'x', 'rule'));
    h.readout.replaceChildren('The bound: at the fitted line Σψᵢ(xᵢ − c) = 0 for every c. A point outside the capped zone pulls with ±cap, so its torque is cap·|X − c|; all the other points together can answer with at most cap·Σ|xᵢ − c|, smallest at c = their median x (',
      fmt(d.limit.median, 3), '). Here Σ|xᵢ − median| = ', el('strong', { class: 'lever-sum', 'data-value': d.limit.lever }, fmt(d.limit.lever, 1)),
      ', so past X ≈ ', el('strong', { class: 'lever-bound', 'data-value': bound }, fmt(bound, 1)), ' (the vertical rule)',
      ` no balance is left: the MAE line must pass through the added point (Huber's within δ = ${d.delta} of it), and its slope falls to about 0.`,
      d.done <= LEVERAGE_X.length ? ` Fitting: ${d.done} of ${LEVERAGE_X.length + 1} rows.` : '');
  },
  async code(d, _state, engine) {
    const { x, y } = d.points;
    // Every slope of the table: the points as they are, then with (X, 0) added, for each loss.
    const runs = await Promise.all([undefined, ...LEVERAGE_X].flatMap((X, k) => LEVERAGE_LOSSES.map((loss) => {
      const request = { loss, params: lossParams(loss, { delta: d.delta, tau: 0.5 }), x: X === undefined ? x : Float64Array.from([...x, X]), y: X === undefined ? y : Float64Array.from([...y, 0]) };
      const label = X === undefined ? `${loss} no added point` : `${loss} added at X=${X}`;
      return lineFitRun(engine, request, label, { slope: d.slopes[loss][k], intercept: Number.NaN, loss: Number.NaN, iterations: 0 },
        { x: 'x', y: 'y', append: X === undefined ? undefined : [[X, 0]] }, ['slope']);
    })));
    const own = ownData(d.owndata);
    return {
      title: 'Breakdown under leverage: the slope of each loss after one added point at (X, 0)', source: 'regression-losses/leverage', columns: { x, y }, runs,
      dataNote: own ? ownDataNote(own) : 'The lab\'s seeded data (200 points on y = 3x, noise sd 0.5, outliers shifted by +50) with your edits',
    };
  },
});
