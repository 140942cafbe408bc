/**
 * "InfoNCE, trained live": the held-out embeddings on the circle coloured by their latent class
 * (which the loss never sees), the loss of each step against log(K + 1), one anchor's softmax
 * weights over its candidates (where the gradient goes), and alignment, uniformity and the linear
 * probe against the untrained encoder. The worker trains and streams a frame every EVERY steps;
 * the playback bar plays and scrubs them.
 */
import { el, fmt, pct, scrollRegion } from '../../../ui/dom';
import type { Chart, Layer } from '../../../ui/chart';
import type { ContrastiveSnapshot } from 'loss-lab';
import { lineLayer, ringLayer, ruleLayer, scatterLayer, type Point } from '../../../ui/layers';
import { controlRow, seedControl } from '../../../ui/controls';
import { defineFigure } from '../../framework/figure';
import { CLASSES, EVERY, LEARNING_RATE, STEPS, TRAINING_KEYS, type LessonState } from '../params';
import { runOptions, topNegativeShare, trainContrastive, type ContrastiveRunData } from '../run';
import { CONTRASTIVE_DEFAULTS, type InfoNceRun } from '../../shared/code-info-nce';

/** Palette slots of the four latent classes, and of the anchor's positive and negatives. */
export const CLASS_SERIES = [1, 2, 3, 5] as const;
const POSITIVE_SERIES = 6, NEGATIVE_SERIES = 4;
const CIRCLE: Point[] = Array.from({ length: 121 }, (_, i) => [Math.cos((i * Math.PI) / 60), Math.sin((i * Math.PI) / 60)] as Point);

/** The anchor's candidates as a scatter of (similarity, weight), exported as one row per held-out pair. */
function weightsLayer(sims: Float64Array, weights: Float64Array, anchor: number, n: number, negatives: boolean): Layer {
  const row = Array.from({ length: n }, (_, j) => ({ j, s: sims[anchor * n + j], w: weights[anchor * n + j] }));
  const candidates = row.filter((r) => r.j !== anchor && (r.w > 0 || !negatives));
  const layer = scatterLayer(candidates.map((r) => [r.s, r.w] as Point), { series: NEGATIVE_SERIES, label: 'negatives', radius: 4.5 });
  return {
    ...layer,
    csv: () => ({
      columns: ['anchor', 'pair', 'role', 'similarity', 'softmax_weight'],
      rows: row.map((r) => [anchor, r.j, r.j === anchor ? 'positive' : r.w > 0 ? 'negative' : 'not a candidate', r.s, r.w]),
    }),
  };
}


interface Handles {
  status: HTMLElement;
  announcer: HTMLElement;
  circle: Chart;
  loss: Chart;
  weights: Chart;
  anchorReadout: HTMLElement;
  table: HTMLTableElement;
  wTop: number;
  lossTop: number;
  frame: ContrastiveSnapshot | undefined;
  anchor: number;
}

export default defineFigure<LessonState>()({
  name: 'training',
  exportName: 'contrastive-training',
  caption: 'InfoNCE trained live: embeddings on the circle, the loss against log(K + 1), one anchor’s softmax weights, alignment, uniformity and the linear probe',
  deps: [...TRAINING_KEYS],
  view: ['anchor'],
  compute: (s, engine, ctx): Promise<ContrastiveRunData> => trainContrastive(engine, s, ctx),
  playback: {
    label: 'Contrastive training',
    param: 'trainFrame',
    frames: (run) => run.frames.length,
    start: 'first',
    describe: (run, frame) => `step ${run.frames[frame]?.step ?? 0} of ${STEPS}`,
  },
  code(run, state) {
    // The frame on show (the playback's position): the encoder after that many steps.
    const frame = run.frames[Math.max(0, Math.min(run.frames.length - 1, state.trainFrame))];
    if (!frame) return Promise.reject(new Error('the encoder has not trained yet'));
    const first = run.frames[0];
    const o = runOptions(run.settings);
    const anchor = Math.min(state.anchor, run.display - 1);
    const lossAt = Array.from({ length: Math.floor(frame.step / EVERY) }, (_, i) => (i + 1) * EVERY);
    const spec: InfoNceRun = {
      kind: 'info-nce', label: 'infonce', ...CONTRASTIVE_DEFAULTS, classes: o.classes, augmentation: o.augmentation, batch: o.batch,
      negatives: run.negatives, hard: o.hard, positivesOnly: o.positivesOnly, temperature: o.temperature, display: run.display,
      optimizer: o.optimizer, params: o.params, seed: o.seed, steps: frame.step, lossAt, anchor,
      expect: [
        ...lossAt.map((s) => ({ name: `loss at step ${s}`, value: run.batchLoss[s - 1] })),
        { name: 'untrained alignment', value: first.alignment }, { name: 'untrained uniformity', value: first.uniformity },
        { name: 'untrained probe accuracy', value: first.probeAccuracy }, { name: 'untrained display loss', value: first.displayLoss },
        { name: 'alignment', value: frame.alignment }, { name: 'uniformity', value: frame.uniformity },
        { name: 'probe accuracy', value: frame.probeAccuracy }, { name: 'probe low', value: frame.probeLow }, { name: 'probe high', value: frame.probeHigh },
        { name: 'display loss', value: frame.displayLoss }, { name: 'anchor positive weight', value: frame.weights[anchor * run.display + anchor] },
      ],
    };
    return Promise.resolve({
      title: `InfoNCE trained for ${frame.step} steps: tau = ${o.temperature}, ${o.batch} pairs per step, ${o.positivesOnly ? 'positives only' : `${run.negatives} ${o.hard ? 'hard' : 'random'} negatives`}, seed ${o.seed}`,
      source: 'contrastive/training', columns: {}, runs: [spec],
    });
  },
  setup(host) {
    host.body.append(
      controlRow(host.control('tau', { format: (v) => fmt(v, 2) }), host.control('batch'), host.control('negatives')),
      controlRow(host.control('hard'), host.control('positives'), host.control('augmentation', { format: (v) => fmt(v, 2) }), seedControl(host.store)),
    );
    const bar = host.playback();
    host.onCleanup(host.store.subscribe((_, changed) => {
      if (TRAINING_KEYS.some((k) => changed.has(k))) host.local.set({ trainFrame: 0 });
    }));
    const status = el('p', { class: 'readout contrastive-status' });
    const announcer = el('p', { class: 'visually-hidden contrastive-announcer', role: 'status' });
    const pair = el('div', { class: 'chart-pair' });
    const left = el('div', { class: 'pair-column circle-column' }), right = el('div', { class: 'pair-column' });
    pair.append(left, right);
    host.body.append(bar, status, announcer, pair);
    const circle = host.chart({ title: 'Held-out embeddings on the unit circle, coloured by latent class', xLabel: 'embedding z₁', yLabel: 'embedding z₂', x: [-1.15, 1.15], y: [-1.15, 1.15], height: 400, canvas: true }, left);
    circle.set('circle', lineLayer(CIRCLE, { series: 0, label: 'unit circle', dashed: true }));
    const loss = host.chart({ title: 'InfoNCE of each training step, with log(K + 1), its value when every similarity is equal', xLabel: 'step', yLabel: 'loss (nats)', x: [0, STEPS], y: [0, 4], height: 400 }, right);
    host.body.append(el('p', { class: 'legend-note' },
      ...CLASS_SERIES.flatMap((series, k) => [el('span', { class: `swatch series-${series}`, 'aria-hidden': 'true' }), `class ${k + 1}${k < CLASSES - 1 ? ', ' : ''}`]),
      '. The ring marks the anchor chosen below. Right: the loss of each step’s batch (line) and log(K + 1) (horizontal rule).'));
    const anchorRow = controlRow(host.control('anchor'));
    const weights = host.chart({ title: 'Softmax weights of one anchor over its candidates against their similarity', xLabel: 'similarity s = z · z′ to the anchor', yLabel: 'softmax weight', x: [-1.05, 1.05], y: [0, 1], height: 260 });
    const anchorReadout = el('p', { class: 'readout anchor-readout', 'aria-live': 'polite' });
    host.body.append(anchorRow, anchorReadout);
    const table = el('table', { class: 'contrastive-table' });
    host.body.append(el('p', { class: 'legend-note' },
      el('span', { class: `swatch series-${POSITIVE_SERIES}`, 'aria-hidden': 'true' }), 'the anchor’s own positive, ',
      el('span', { class: `swatch series-${NEGATIVE_SERIES}`, 'aria-hidden': 'true' }), 'its negatives (the other held-out pairs it is contrasted with). The weights are P = softmax(s/τ) over the candidates; the gradient pushes the anchor away from each negative in proportion to its weight.'),
    scrollRegion('Alignment, uniformity and linear probe, untrained against the frame shown', table),
    el('p', { class: 'legend-note' }, 'Alignment: E‖z − z′‖² over two views of each held-out sample (lower: views closer). Uniformity: log E e^(−2‖zᵢ − zⱼ‖²) over held-out pairs (0 = everything on one point, its maximum; −1.57 = spread evenly round the circle). Probe: a softmax regression trained on the frozen embeddings of the 256 training samples, scored on the 200 held-out ones, with a 95% Wilson interval. log(K + 1) − InfoNCE: the lower bound on the mutual information between the views, in nats; it can never exceed log(K + 1), and below 0 it bounds nothing.'));
    const handles: Handles = { status, announcer, circle, loss, weights, anchorReadout, table, wTop: 1, lossTop: 0, frame: undefined, anchor: -1 };
    return handles;
  },
  draw(run, h, s, index) {
    const frame = run.frames[Math.min(index, run.frames.length - 1)];
    if (!frame) return;
    const done = run.done && index >= run.frames.length - 1;
    // Streamed results arrive several times a second while a slider moves: repaint only what changed.
    const same = frame === h.frame && s.anchor === h.anchor;
    h.frame = frame;
    h.anchor = s.anchor;
    if (!same) paint(run, h, s, frame);
    // The run's own settings (the controls may already hold newer ones, still computing).
    const r = run.settings;
    const text = `Step ${frame.step} of ${STEPS}: Adam (lr ${LEARNING_RATE}), ${r.batch} pairs per step, ${r.positives ? 'no negatives (positives only)' : `K = ${run.negatives} ${r.hard ? 'hardest' : 'random'} negatives per anchor`}, τ = ${fmt(r.tau, 2)}; a frame every ${EVERY} steps.`;
    if (h.status.textContent !== text || h.status.dataset.done !== String(done)) {
      h.status.dataset.steps = String(frame.step);
      h.status.dataset.done = String(done);
      h.status.textContent = text;
    }
    const end = run.frames[run.frames.length - 1];
    const announcement = run.done ? `Training finished: probe accuracy ${pct(end.probeAccuracy)} against ${pct(run.frames[0].probeAccuracy)} untrained; uniformity ${fmt(end.uniformity, 2)}.` : '';
    if (h.announcer.textContent !== announcement) h.announcer.textContent = announcement;
  },
});

/** Paints the charts, readout and table of one frame. */
function paint(run: ContrastiveRunData, h: Handles, s: LessonState, frame: ContrastiveSnapshot): void {
  const first = run.frames[0];
  const n = run.display;
  const k = run.negatives;
  const chance = Math.log(k + 1);
  const points = Array.from({ length: frame.embedding.length / 2 }, (_, i) => [frame.embedding[2 * i], frame.embedding[2 * i + 1]] as Point);
  h.circle.set('points', scatterLayer(points, { series: (i) => CLASS_SERIES[run.labels[i]] ?? 0, label: 'held-out embeddings', radius: 3.5, canvas: true }));
  const anchor = Math.min(s.anchor, n - 1);
  h.circle.set('anchor', ringLayer(points[anchor], 10));

  // The loss axis is fixed per run (from its first steps), so the axes are redrawn only when it changes.
  const opening = run.batchLoss.slice(0, EVERY);
  const top = run.settings.positives ? Math.max(1, Math.ceil(Math.max(0, ...opening) + 0.5)) : Math.max(4, Math.ceil(Math.max(chance, ...opening) + 0.5));
  if (top !== h.lossTop) {
    h.lossTop = top;
    h.loss.setDomain(undefined, [0, top]);
    h.loss.render();
  }
  h.loss.set('loss', lineLayer(run.batchLoss.slice(0, frame.step).map((v, i) => [i + 1, v] as Point), { series: 6, label: run.settings.positives ? 'positive term (1 − s)/τ' : 'InfoNCE of the batch' }));
  h.loss.set('chance', ruleLayer(run.settings.positives ? [] : [chance], 'y', 'rule hover-rule'));

  let heaviest = 0;
  for (let j = 0; j < n; ++j) heaviest = Math.max(heaviest, frame.weights[anchor * n + j]);
  const wTop = Math.min(1, Math.max(0.1, Math.ceil(heaviest * 10 + 0.5) / 10));
  if (wTop !== h.wTop) {
    h.wTop = wTop;
    h.weights.setDomain(undefined, [0, wTop]);
    h.weights.render();
  }
  h.weights.set('negatives', weightsLayer(frame.sims, frame.weights, anchor, n, !run.settings.positives));
  h.weights.set('positive', scatterLayer([[frame.sims[anchor * n + anchor], frame.weights[anchor * n + anchor]]], { series: POSITIVE_SERIES, label: 'positive', radius: 6 }));
  h.weights.set('uniform', ruleLayer(run.settings.positives ? [] : [1 / (Math.min(k, n - 1) + 1)], 'y', 'rule'));

  const pPos = frame.weights[anchor * n + anchor];
  const shownK = Math.min(k, n - 1);
  const share = topNegativeShare(frame, n, anchor);
  h.anchorReadout.replaceChildren(run.settings.positives
    ? 'Positives only: the softmax holds the positive alone (weight 1), so nothing pushes any two samples apart.'
    : `Anchor ${anchor}: ${Math.min(k, n - 1)} negatives (of the ${n} held-out pairs shown). Its positive gets weight ${fmt(pPos, 3)} (its loss is −log ${fmt(pPos, 3)} = ${fmt(-Math.log(Math.max(pPos, 1e-300)), 2)}); the heaviest negative carries ${pct(share)} of the weight the negatives share. The horizontal rule is 1/(K + 1), every candidate alike.`);

  const row = (label: string, a: string, b: string, attrs: Record<string, string | number> = {}) =>
    el('tr', attrs, el('th', { scope: 'row' }, label), el('td', {}, a), el('td', {}, b));
  h.table.replaceChildren(
    el('caption', {}, `Held-out measures (${run.labels.length} samples), untrained encoder against step ${frame.step}`),
    el('thead', {}, el('tr', {}, ...['Measure', 'Untrained (step 0)', `Step ${frame.step}`].map((t) => el('th', { scope: 'col' }, t)))),
    el('tbody', {},
      row('Alignment', fmt(first.alignment, 3), fmt(frame.alignment, 3), { 'data-measure': 'alignment', 'data-value': frame.alignment }),
      row('Uniformity', fmt(first.uniformity, 3), fmt(frame.uniformity, 3), { 'data-measure': 'uniformity', 'data-value': frame.uniformity }),
      row('Probe accuracy (95% interval)', `${pct(first.probeAccuracy)} (${pct(first.probeLow)}–${pct(first.probeHigh)})`, `${pct(frame.probeAccuracy)} (${pct(frame.probeLow)}–${pct(frame.probeHigh)})`,
        { 'data-measure': 'probe', 'data-value': frame.probeAccuracy, 'data-untrained': first.probeAccuracy, 'data-low': frame.probeLow, 'data-high': frame.probeHigh, 'data-untrained-high': first.probeHigh }),
      row(run.settings.positives ? 'Loss on the shown pairs (positive term)' : 'InfoNCE on the shown pairs', fmt(first.displayLoss, 3), fmt(frame.displayLoss, 3), { 'data-measure': 'loss', 'data-value': frame.displayLoss }),
      ...(run.settings.positives ? [] : [row(`log(${shownK + 1}) − InfoNCE`,
        fmt(Math.log(shownK + 1) - first.displayLoss, 3), fmt(Math.log(shownK + 1) - frame.displayLoss, 3), { 'data-measure': 'bound', 'data-value': Math.log(shownK + 1) - frame.displayLoss })]),
    ));
}
