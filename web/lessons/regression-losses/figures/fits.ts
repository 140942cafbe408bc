/**
 * "Lines fitted by each loss to the same points": the learner's data (drag, add, remove points),
 * one line per shown loss, the table of slopes and how far the edits moved them, and the training
 * animation. The fitted lines come first (one engine.train per loss); then each shown line is
 * trained again 10 iterations per frame, and its last frame is the fitted line of the table
 * (training is deterministic), so Play ends exactly there. While the learner drags, a newer
 * state cancels the frames, so only the state the learner stops at pays for them.
 */
import type { Chart } from '../../../ui/chart';
import { attachDatasetEditor } from '../../../ui/dataset-editor';
import { controlRow, seedControl } from '../../../ui/controls';
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { ringLayer, scatterLayer, thinPoints, type Point } from '../../../ui/layers';
import { defineFigure, type FigureHost } from '../../framework/figure';
import { ITERATIONS, lineCode, trainFrames } from '../../shared/fit';
import { sklearnCheck } from '../../shared/code-sklearn';
import { lossParams, samePoints, type Points } from '../data';
import { ownData, ownDataNote, ownDataPanel } from '../../shared/own-data';
import { editHandlers } from '../edits';
import { EVERY, extent, fittedLines, lineRequest, rest, SKLEARN_HUBER_THRESHOLD, type FitsData } from '../fitting';
import { DASH, directLabels, patternLine, WIDTH } from '../marks';
import { LINE_LOSSES, LOSS_LABELS, LOSS_SERIES, X_RANGE, Y_RANGE, type LineLoss, type State, type Tuples } from '../params';

/** How long a state must stay before its training frames are computed. */
const FRAMES_AFTER_MS = 150;
const LAB_CAPTION = 'Fitted slope a and intercept b per loss (the data was generated with a = 3, b = 0). Δ slope: how far your edits to the data moved each slope.';
const OWN_CAPTION = 'Fitted slope a and intercept b per loss, on your data (the seed and outlier controls apply to the lab\u2019s data only). Δ slope: how far your edits to the data moved each slope.';
/**
 * Up to this many points are SVG circles (each can be pointed at and dragged); a larger cloud (a
 * learner's CSV) is painted on the chart's canvas, since 100,000 circles take seconds to lay out.
 */
export const SVG_POINTS = 2000;
/** Up to this many points are painted; a larger cloud shows every k-th point, with a note (the fits use every row). */
export const DRAWN_POINTS = 20000;
const WAITING = 'Training: the frames of the training are still being computed…';
const IDLE = `Press Play to watch the shown lines train from a flat start, or Step to go ${EVERY} iterations at a time.`;

interface Handles {
  host: FigureHost<State>;
  chart: Chart;
  tbody: HTMLElement;
  status: HTMLElement;
  scale: HTMLElement;
  tauControl: HTMLElement;
  run?: object;
  /** The generated points of the data shown (the editor's edits apply to them). */
  base?: FitsData['base'];
  /** The points the scatter shows. */
  scatter?: Points;
  /** Says when the scatter shows a sample of a large cloud. */
  pointsNote: HTMLElement;
  /** The table's caption: it names where the data came from. */
  caption: HTMLElement;
  /** The x range the lines span: the lab's plotting window, or the extent of the learner's data. */
  xRange: readonly [number, number];
  /** The learner has used the playback since these fits arrived. */
  touched: boolean;
  watched: boolean;
  goalReached: boolean;
}

const lineOptions = (loss: LineLoss, training: boolean) => ({
  series: LOSS_SERIES[loss], label: `${LOSS_LABELS[loss]} ${training ? '(training)' : 'fit'}`, dash: DASH[loss], width: WIDTH[loss],
});

export default defineFigure<State>()({
  name: 'fits',
  exportName: 'regression-fits',
  caption: 'Lines fitted by each loss to the same points',
  deps: ['seed', 'outliers', 'owndata', 'show', 'delta', 'tau', 'moves', 'added', 'removed'],
  // focus: the pull figure below may show the quantile loss, whose τ is set here.
  view: ['hovered', 'focus'],
  async compute(s, engine, { signal, partial }): Promise<FitsData> {
    const lines = await fittedLines(engine, s, signal);
    partial(lines);
    // The frames only for a state the learner rests on: a drag moves on before this wait ends.
    await rest(FRAMES_AFTER_MS, signal);
    const { points, shown } = lines;
    const trained = await Promise.all(shown.map((l) => trainFrames(engine, lineRequest(l, s, points.x, points.y), EVERY, signal)));
    const frames = Object.fromEntries(shown.map((l, i) => [l, trained[i]]));
    return { ...lines, frames, frameCount: Math.max(1, ...trained.map((f) => f.slope.length)), complete: true };
  },
  setup(host) {
    const { store } = host;
    // The lesson's one δ and one τ control. τ shows only while the Quantile line does.
    const tauControl = host.control('tau');
    const scale = el('p', { class: 'readout delta-scale', 'aria-live': 'polite' });
    host.body.append(controlRow(
      host.control('show', { optionLabels: LOSS_LABELS, optionSeries: LOSS_SERIES }), host.control('delta'), tauControl), scale);
    const chart = host.chart({ title: 'Scatter of the data with one fitted line per loss', xLabel: 'x', yLabel: 'y', x: X_RANGE, y: Y_RANGE, height: 380, canvas: true });
    const pointsNote = el('p', { class: 'legend-note points-note', hidden: true });
    host.body.append(pointsNote);
    const handles: Handles = { pointsNote, caption: el('caption', {}, LAB_CAPTION), xRange: X_RANGE, host, chart, tbody: el('tbody'), status: el('p', { class: 'readout train-status' }, IDLE), scale, tauControl, touched: false, watched: false, goalReached: false };
    const editor = attachDatasetEditor(chart, editHandlers(store, () => handles.base, (i) => host.local.set({ hovered: i ?? null })));
    const leverage = el('button', { type: 'button', class: 'add-leverage' }, 'Add a high-leverage outlier');
    const undo = el('button', { type: 'button', class: 'undo-edits' }, 'Undo my edits to the data');
    leverage.addEventListener('click', () => {
      // Far out in x and well below the line: a long lever on the slope.
      const added = store.get<Tuples>('added');
      const count = added.length;
      store.set({ added: [...added.map((r) => [...r]), [6 + 0.4 * (count % 5), -10 + 2 * (count % 3)]] });
      host.progress('data-edited', { action: 'leverage-outlier' });
    });
    undo.addEventListener('click', () => store.set({ moves: [], added: [], removed: [] }));
    const playback = host.playback();
    // Any use of the playback turns the lines into the training's (new fits end it again).
    const touch = (event: Event) => {
      if ((event.target as Element).closest('button, .scrubber')) handles.touched = true;
    };
    playback.addEventListener('click', touch);
    playback.addEventListener('input', touch);
    const table = el('table', { class: 'fit-table' },
      handles.caption,
      el('thead', {}, el('tr', {}, ...['Loss', 'Slope', 'Intercept', 'Δ slope'].map((t) => el('th', { scope: 'col' }, t)))),
      handles.tbody);
    host.body.append(editor.help, editor.status, el('div', { class: 'button-row' }, leverage, undo), playback, handles.status,
      scrollRegion('Fitted lines table', table), controlRow(seedControl(store), host.control('outliers')),
      ownDataPanel({
        slug: host.workKey, store, local: host.local, key: 'owndata', yKind: 'number', notice: host.notice,
        // Edits were made to the lab's points (or the previous file's): they do not carry over.
        onReplace: () => store.set({ moves: [], added: [], removed: [] }),
      }));
    return handles;
  },
  draw(data, h, state, frame) {
    if (data.run !== h.run) {
      // New fits end a training being watched; the first ones keep a Play pressed before they came.
      if (h.run !== undefined) h.touched = h.watched = false;
      h.run = data.run;
      h.base = data.base;
      drawData(data, h);
    }
    const pts = data.points;
    const hovered = state.hovered;
    // τ only beside a Quantile line (here, or under the pull figure's selector). CSSOM, not the
    // hidden attribute: the control's own display rule would win over [hidden].
    h.tauControl.style.display = data.shown.includes('quantile') || state.focus === 'quantile' ? '' : 'none';
    h.chart.set('hover', ringLayer(hovered !== null && hovered < pts.x.length ? [pts.x[hovered], pts.y[hovered]] : undefined));
    // The fitted lines (the last frame) until the learner plays, steps or scrubs the training.
    const training = h.touched && data.complete;
    let iteration = 0;
    const labels: Array<{ text: string; series: number; y: number }> = [];
    for (const loss of data.shown) {
      const f = data.frames[loss];
      const k = f && training ? Math.min(frame, f.slope.length - 1) : -1;
      if (f && training) iteration = Math.max(iteration, f.iterations[k]);
      const [a, b] = k >= 0 ? [f!.slope[k], f!.intercept[k]] : [data.fits[loss]!.slope, data.fits[loss]!.intercept];
      h.chart.set(`fit-${loss}`, patternLine(h.xRange.map((x) => [x, a * x + b] as Point), lineOptions(loss, training)));
      labels.push({ text: LOSS_LABELS[loss], series: LOSS_SERIES[loss], y: a * h.xRange[1] + b });
    }
    h.chart.set('labels', directLabels(labels, h.xRange[1]));
    if (!training) h.status.textContent = h.touched ? WAITING : IDLE;
    else if (frame >= data.frameCount - 1) {
      h.status.textContent = `Finished all ${ITERATIONS} iterations: the lines are the fitted ones in the table.`;
      if (!h.watched) h.host.progress('goal-reached', { goal: 'watched-training' });
      h.watched = true;
    } else h.status.textContent = `Training: iteration ${iteration} of ${ITERATIONS} (Adam, step size decaying to zero).`;
  },
  // Play starts the training from its flat start, also while the frames are still on their way.
  playback: { label: 'Training animation', frames: (data) => data.frameCount, start: 'first' },
  async code(data, _state, engine) {
    const { x, y } = data.points;
    const trains = await Promise.all(data.shown.map((loss) => lineCode(engine, { loss, params: lossParams(loss, data), x, y }, loss, data.fits[loss]!)));
    // Each line trains to the end of a cosine decay to zero: converged, so sklearn's estimator of the
    // same problem is compared with it (code-sklearn.ts says which numbers are the same problem's).
    const runs = trains.flatMap((run) => [run, ...sklearnCheck(run, { converged: true, sigma: data.sigma })]);
    return {
      title: 'Lines fitted by each loss to the same points', source: 'regression-losses/fits', columns: { x, y }, runs,
      dataNote: data.owndata && ownData(data.owndata) ? ownDataNote(ownData(data.owndata)!) : 'The lab\'s seeded data (200 points on y = 3x, noise sd 0.5, outliers shifted by +50) with your edits',
    };
  },
});

/** The scatter, the table and the goal: what changes only with new fits. */
function drawData(data: FitsData, h: Handles): void {
  const p = data.points, before = h.scatter;
  h.scatter = p;
  // The learner's own data gets a window around its points; the lab's data keeps the fixed one.
  const window = data.owndata ? [extent(p.x), extent(p.y)] as const : [X_RANGE, Y_RANGE] as const;
  if (window[0] !== h.xRange || data.owndata) {
    h.xRange = window[0];
    h.chart.setDomain(window[0], window[1]);
    h.chart.render();
  }
  // A new δ or τ refits the lines but leaves the points: keep the 200 dots as they are.
  if (!before || !samePoints(before, p)) {
    const n = p.x.length, large = n > SVG_POINTS;
    const all = Array.from({ length: n }, (_, i) => i);
    const shown = thinPoints(all, DRAWN_POINTS);
    h.chart.set('points', scatterLayer(shown.map((i) => [p.x[i], p.y[i]] as Point), { series: (k) => (p.source[shown[k]] >= p.generated ? 6 : 0), label: 'data', radius: large ? 1.6 : 3.5, canvas: large }));
    h.pointsNote.hidden = shown.length === n;
    h.pointsNote.textContent = shown.length === n ? '' : `Showing ${shown.length.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} points (one row in ${Math.ceil(n / DRAWN_POINTS)}); every line and number uses all ${n.toLocaleString('en-US')}.`;
  }
  for (const loss of LINE_LOSSES) if (!data.shown.includes(loss)) h.chart.remove(`fit-${loss}`);

  h.caption.textContent = data.owndata ? OWN_CAPTION : LAB_CAPTION;
  const ratio = data.sigma > 0 ? data.delta / data.sigma : 0;
  const own = ownData(data.owndata);
  h.scale.replaceChildren('δ is in the units of y. The noise scale of these points is σ̂ = ',
    el('strong', { class: 'sigma', 'data-value': data.sigma }, fmt(data.sigma, 3)),
    own ? ` (MAD of the Huber residuals / 0.6745, on your data${own.standardized ? ', in standardised units of y' : ''}), so δ = ` : ' (MAD of the Huber residuals / 0.6745; the data was generated with σ = 0.5), so δ = ', String(data.delta), ' is ',
    el('strong', { class: 'delta-sigma', 'data-value': ratio }, `${fmt(ratio, 2)} σ̂`),
    `. scikit-learn's HuberRegressor(epsilon = 1.35) fits its own scale along with the line; under Gaussian noise that scale settles at 0.68 σ, so its threshold is about 1.35 × 0.68 σ̂ = ${fmt(SKLEARN_HUBER_THRESHOLD * data.sigma, 2)} here, not 1.35 σ̂.`);
  h.tbody.replaceChildren(...data.shown.map((loss) => {
    const fit = data.fits[loss]!;
    const moved = data.moved?.[loss];
    const name = loss === 'huber' ? `Huber (δ = ${data.delta})` : loss === 'quantile' ? `Quantile (τ = ${data.tau})` : LOSS_LABELS[loss];
    return el('tr', { 'data-loss': loss },
      el('th', { scope: 'row' }, el('span', { class: `swatch series-${LOSS_SERIES[loss]}`, 'aria-hidden': 'true' }), name),
      el('td', { class: 'slope', 'data-value': fit.slope }, fmt(fit.slope, 3)),
      el('td', { class: 'intercept', 'data-value': fit.intercept }, fmt(fit.intercept, 3)),
      el('td', { class: 'moved', 'data-value': moved ?? 0 }, moved === undefined ? '–' : fmt(moved, 3)));
  }));
  if (data.moved && !h.goalReached) {
    const mseMove = Math.abs(data.moved.mse!), huberMove = Math.abs(data.moved.huber!);
    if (mseMove > 0.5 && mseMove > 4 * huberMove) {
      h.goalReached = true;
      h.host.progress('goal-reached', { goal: 'swing-mse-not-huber', mseSlopeMoved: mseMove, huberSlopeMoved: huberMove });
    }
  }
}
