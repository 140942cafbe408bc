/**
 * "Loss and pull against the residual, and the pull of every point": each loss and its pull
 * (minus the gradient) over residuals −5…5, and the pull of every learner point on the line the
 * selected loss fits. The point under the pointer (here or in the scatter above) is marked on
 * every plot.
 */
import type { Chart } from '../../../ui/chart';
import { controlRow } from '../../../ui/controls';
import { el, fmt } from '../../../ui/dom';
import { barLayer, ruleLayer, thinPoints, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { fitLine, lineFitRun, predict, type LineFit } from '../../shared/fit';
import { ownData, ownDataNote } from '../../shared/own-data';
import { learnerPoints, lossParams, type Points } from '../data';
import { ON_LINE, pullBalance, type Balance } from '../fitting';
import { DASH, patternLine } from '../marks';
import { LINE_LOSSES, LOSS_LABELS, LOSS_SERIES, type LineLoss, type State } from '../params';

const LINE_STYLE: Record<LineLoss, string> = { mse: 'solid', mae: 'wide solid', huber: 'dashed', log_cosh: 'dotted', quantile: 'dash-dot' };

/** The residual range of the curves. */
const R = 5;
const residualGrid = Float64Array.from({ length: 201 }, (_, i) => -R + (2 * R * i) / 200);
/** Up to this many bars are drawn; a learner's larger file shows every k-th point's bar, with a note (the sums use all). */
export const DRAWN_BARS = 2000;
const HINT = 'Point at a dot (or a bar) to see its residual and pull. Keyboard: focus the scatter and press N.';

interface PullData {
  focus: LineLoss;
  tau: number;
  /** Loss and pull of one point against its residual, per loss. */
  curves: Record<LineLoss, { value: Float64Array; pull: Float64Array }>;
  points: Points;
  predictions: Float64Array;
  /** Per point, under the selected loss. */
  value: Float64Array;
  pull: Float64Array;
  /** Point indices sorted by x (the bars' order), and each point's rank in it. */
  order: Int32Array;
  rank: Int32Array;
  /** Σ pull and Σ x·pull at the fitted line: both zero where the loss stops changing. */
  balance: Balance;
  /** The selected loss's line, its parameters and the data's origin (for "Copy as code"). */
  fit: LineFit;
  params?: Record<string, number>;
  owndata: string | null;
}

interface Handles {
  lossChart: Chart;
  gradChart: Chart;
  barChart: Chart;
  legend: HTMLElement;
  readout: HTMLElement;
  balance: HTMLElement;
  barsNote: HTMLElement;
  drawn?: PullData;
  drawnShow?: string;
}

export default defineFigure<State>()({
  name: 'pull',
  exportName: 'regression-pull',
  caption: 'Loss and pull against the residual, and the pull of every point',
  deps: ['seed', 'outliers', 'owndata', 'moves', 'added', 'removed', 'focus', 'delta', 'tau'],
  view: ['show', 'hovered'],
  async compute(s, engine, { signal }): Promise<PullData> {
    const { points } = await learnerPoints(engine, s);
    const focus = s.focus;
    // ŷ = −r against y = 0, so the residual y − ŷ runs over the grid.
    const negGrid = residualGrid.map((r) => -r), zeros = new Float64Array(residualGrid.length);
    const [fit, ...curves] = await Promise.all([
      fitLine(engine, { loss: focus, params: lossParams(focus, s), x: points.x, y: points.y }, signal),
      ...LINE_LOSSES.map((loss) => engine.loss(loss, negGrid, zeros, { params: lossParams(loss, s), reduction: 'none' })),
    ]);
    const predictions = predict(fit, points.x);
    const each = await engine.loss(focus, predictions, points.y, { params: lossParams(focus, s), reduction: 'none' });
    const pull = each.grad.map((g) => -g);
    const box = focus === 'mae' ? [-1, 1] as const : focus === 'quantile' ? [-(1 - s.tau), s.tau] as const : undefined;
    const balance = pullBalance(points.x, pull, Float64Array.from(points.y, (y, i) => y - predictions[i]), box);
    const order = Int32Array.from(points.x, (_, i) => i).sort((a, b) => points.x[a] - points.x[b]);
    const rank = new Int32Array(order.length);
    order.forEach((i, r) => { rank[i] = r; });
    return {
      focus,
      tau: s.tau,
      curves: Object.fromEntries(LINE_LOSSES.map((l, i) => [l, { value: curves[i].value as Float64Array, pull: curves[i].grad.map((g) => -g) }])) as PullData['curves'],
      points, predictions, value: each.value as Float64Array, pull, order, rank, balance, fit, params: lossParams(focus, s), owndata: s.owndata ?? null,
    };
  },
  setup(host) {
    // δ and τ are set once, above the first figure: the curves and bars here follow them.
    host.body.append(controlRow(host.control('focus', { optionLabels: LOSS_LABELS })),
      el('p', { class: 'legend-note' }, 'δ and τ are the controls above the first figure. Line styles as there: MSE solid, MAE wide solid, Huber dashed, log-cosh dotted, quantile dash-dot.'));
    const curves = el('div', { class: 'chart-pair' });
    host.body.append(curves);
    const lossChart = host.chart({ title: 'Loss of one point against its residual, per loss', xLabel: 'residual r = y − ŷ', yLabel: 'loss of the point', x: [-R, R], y: [0, 8], height: 280 }, curves);
    const gradChart = host.chart({ title: 'Pull (minus the gradient) of one point against its residual, per loss', xLabel: 'residual r = y − ŷ', yLabel: 'pull on the prediction', x: [-R, R], y: [-4, 4], height: 280 }, curves);
    const legend = el('ul', { class: 'legend', 'aria-label': 'Colours of the curves' });
    const readout = el('p', { class: 'readout pull-readout', 'aria-live': 'polite' }, HINT);
    host.body.append(legend, readout);
    const barChart = host.chart({ title: 'Pull of every point on the selected fit, points sorted by x', xLabel: 'points, sorted by x', yLabel: 'pull', x: [0, 1], y: [-1, 1], height: 240 });
    const balance = el('p', { class: 'readout pull-balance', 'aria-live': 'polite' });
    const barsNote = el('p', { class: 'legend-note bars-note', hidden: true });
    host.body.append(barsNote, balance);
    const handles: Handles = { lossChart, gradChart, barChart, legend, readout, balance, barsNote };
    barChart.svg.on('pointermove', (event: PointerEvent) => {
      const order = handles.drawn?.order;
      if (!order) return;
      const rank = Math.round(barChart.pointer(event)[0]);
      host.local.set({ hovered: rank >= 0 && rank < order.length ? order[rank] : null });
    });
    barChart.svg.on('pointerleave', () => host.local.set({ hovered: null }));
    return handles;
  },
  draw(data, h, state) {
    const show = LINE_LOSSES.filter((l) => state.show.includes(l) || l === data.focus);
    const hovered = state.hovered !== null && state.hovered < data.points.x.length ? state.hovered : undefined;
    const series = LOSS_SERIES[data.focus];
    if (h.drawn !== data || h.drawnShow !== show.join()) drawCurves(data, h, show);
    if (h.drawn !== data) {
      let top = 1e-6;
      for (const v of data.pull) top = Math.max(top, Math.abs(v));
      top *= 1.1;
      // New axes first (with no bars to redraw), then the bars once, then the hover mark on top.
      h.barChart.remove('hover');
      h.barChart.remove('bars');
      h.barChart.setDomain([-0.5, Math.max(1, data.order.length) - 0.5], [-top, top]);
      h.barChart.render();
      const ranks = thinPoints(Array.from(data.order, (_, rank) => rank), DRAWN_BARS), n = data.order.length;
      h.barChart.set('bars', barLayer(ranks.map((rank) => [rank, data.pull[data.order[rank]]] as Point), { series, label: `pull under ${LOSS_LABELS[data.focus]}`, width: Math.ceil(n / ranks.length) }));
      h.barsNote.hidden = ranks.length === n;
      h.barsNote.textContent = ranks.length === n ? '' : `Showing the bars of ${ranks.length.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} points (one in ${Math.ceil(n / DRAWN_BARS)}, in x order); the sums below use all of them.`;
    }
    if (h.drawn !== data) {
      const b = data.balance, name = LOSS_LABELS[data.focus];
      h.balance.replaceChildren(`The bars balance. At the ${name} line, the pulls add up to Σψᵢ = `,
        el('strong', { class: 'pull-sum', 'data-value': b.sum }, fmt(b.sum, 3)), ' and the x-weighted pulls to Σxᵢψᵢ = ',
        el('strong', { class: 'pull-moment', 'data-value': b.moment }, fmt(b.moment, 3)),
        ` (out of Σ|xᵢψᵢ| = ${fmt(b.scale, 1)}): these are minus the loss's derivatives in b and a, which are zero where training comes to rest.`,
        kinked(data, b));    }
    h.drawn = data;
    h.drawnShow = show.join();
    // The point under the pointer: its bar again, on top, highlighted (the 200 others stay as drawn).
    const mark: Point[] = hovered === undefined ? [] : [[data.rank[hovered], data.pull[hovered]]];
    h.barChart.set('hover', barLayer(mark, { series, label: 'the point under the pointer', width: 1, highlight: 0 }));
    if (hovered === undefined) {
      h.lossChart.remove('hover');
      h.gradChart.remove('hover');
      h.readout.textContent = HINT;
      return;
    }
    const r = data.points.y[hovered] - data.predictions[hovered];
    const clampR = Math.max(-R, Math.min(R, r));
    h.lossChart.set('hover', ruleLayer([clampR], 'x', 'rule hover-rule'));
    h.gradChart.set('hover', ruleLayer([clampR], 'x', 'rule hover-rule'));
    h.readout.textContent = `Point ${hovered + 1}: residual ${fmt(r)}${Math.abs(r) > R ? ' (off the charts above)' : ''}, loss ${fmt(data.value[hovered], 3)}, pull ${fmt(data.pull[hovered], 3)} under ${LOSS_LABELS[data.focus]}.`;
  },
  async code(data, _state, engine) {
    const { x, y } = data.points;
    // The selected loss's line, then every point's pull on it: the bars' sum and x-weighted sum.
    const run = await lineFitRun(engine, { loss: data.focus, params: data.params, x, y }, data.focus, data.fit,
      { x: 'x', y: 'y', pulls: { sum: data.balance.sum, moment: data.balance.moment } });
    const own = ownData(data.owndata);
    return {
      title: `The pull of every point on the ${LOSS_LABELS[data.focus]} line`, source: 'regression-losses/pull', columns: { x, y }, runs: [run],
      dataNote: own ? ownDataNote(own) : 'The lab\'s seeded data (200 points on y = 3x, noise sd 0.5, outliers shifted by +50) with your edits',
    };
  },
});

/** MAE's and the quantile loss's pull jumps at r = 0: a point on the line may pull with any value in between. */
function kinked(data: PullData, b: Balance): string {
  if (data.focus !== 'mae' && data.focus !== 'quantile') return '';
  const [lo, hi] = data.focus === 'mae' ? [-1, 1] : [-(1 - data.tau), data.tau];
  const on = b.onLine.length;
  let text = ` For ${LOSS_LABELS[data.focus]} the pull jumps at r = 0, and ${on} point${on === 1 ? ' sits' : 's sit'} on the line (|r| < ${ON_LINE}), where the pull may be anything from ${fmt(lo, 2)} to ${fmt(hi, 2)}.`;
  if (b.solved) {
    const ok = b.solved.every((v) => v >= lo - 1e-9 && v <= hi + 1e-9);
    const pulls = b.solved.map((v) => fmt(v, 3));
    const list = pulls.length === 2 ? pulls.join(' and ') : `${pulls.slice(0, -1).join(', ')} and ${pulls[pulls.length - 1]}`;
    const which = b.solved.length === 2 ? 'on those two points cancel them exactly' : `on those ${b.solved.length} points cancel them exactly`;
    text += ` The others sum to ${fmt(b.offSum, 3)} and ${fmt(b.offMoment, 3)}; pulls of ${list} ${which}${ok ? `, ${b.solved.length === 2 ? 'both' : 'all'} inside that range: the line is at rest.` : b.solved.length === 2 ? ', outside that range: the line is not quite at rest yet.' : ', but no pulls inside that range do: the line is not quite at rest yet.'}`;
  }
  return text;
}

function drawCurves(data: PullData, h: Handles, show: readonly LineLoss[]): void {
  for (const loss of LINE_LOSSES) {
    if (!show.includes(loss)) { h.lossChart.remove(loss); h.gradChart.remove(loss); continue; }
    const { value, pull } = data.curves[loss];
    const focus = loss === data.focus;
    const opts = { series: LOSS_SERIES[loss], label: LOSS_LABELS[loss], dash: DASH[loss], width: (loss === 'mae' ? 2 : 0) + (focus ? 3.5 : 2), className: focus ? 'focus' : 'muted' };
    h.lossChart.set(loss, patternLine(Array.from(residualGrid, (r, i) => [r, value[i]] as Point), opts));
    h.gradChart.set(loss, patternLine(Array.from(residualGrid, (r, i) => [r, pull[i]] as Point), opts));
  }
  h.legend.replaceChildren(...show.map((loss) => el('li', { class: loss === data.focus ? 'focus' : '' },
    el('span', { class: `swatch series-${LOSS_SERIES[loss]}`, 'aria-hidden': 'true' }), LOSS_LABELS[loss], ` (${LINE_STYLE[loss]})`, loss === data.focus ? ' (selected: bars below)' : '')));
}
