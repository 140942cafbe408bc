/**
 * "BCE and focal loss trained side by side": both models' decision boundaries over the data,
 * the held-out metrics table, the PR curves and the confusion matrices. The engine trains both
 * models in its worker and keeps a frame every STEPS_PER_TICK steps (run.ts); the playback bar
 * plays and scrubs those frames, and the step counter shows the played frame's step.
 */
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { lineLayer, ruleLayer, scatterLayer, type Point } from '../../../ui/layers';
import { controlRow, seedControl } from '../../../ui/controls';
import { canvasHeatmapLayer, confusionTable, contourLineLayer, metricsTable, type MetricRow } from '../../../ui/classify';
import type { Chart } from '../../../ui/chart';
import { defineFigure } from '../../framework/figure';
import { LEARNING_RATE, SIDE_LABELS, SIDES, TRAINING_KEYS, type LessonState, type Side } from '../model';
import { MAX_STEPS, MODEL_LABELS, MODEL_SERIES } from '../params';
import { GRID_SIZE, trainBoth, type FrameMetrics, type TrainingFrame, type TrainingRun } from '../run';

const pairs = (xy: Float64Array): Point[] => Array.from({ length: xy.length / 2 }, (_, i) => [xy[2 * i], xy[2 * i + 1]] as Point);
const COLUMNS = [
  { key: 'recall', label: 'Recall (rare)' }, { key: 'precision', label: 'Precision (rare)' }, { key: 'f1', label: 'F1 (rare)' },
  { key: 'accuracy', label: 'Accuracy' }, { key: 'prAuc', label: 'PR-AUC' },
];

/** The run shown was computed for other settings than the controls now hold (a newer one is computing). */
const stale = (run: TrainingRun, s: LessonState) => TRAINING_KEYS.some((k) => run.settings[k] !== s[k]);

export default defineFigure<LessonState>()({
  name: 'training',
  exportName: 'focal-training',
  caption: 'BCE and focal loss trained side by side on imbalanced data',
  deps: [...TRAINING_KEYS],
  compute: (s, engine, ctx): Promise<TrainingRun> => trainBoth(s, engine, ctx),
  playback: {
    label: 'Training',
    param: 'trainFrame',
    frames: (run) => run.frames.length,
    describe: (run, frame) => `step ${run.frames[frame]?.step ?? 0} of ${MAX_STEPS}`,
  },
  setup(host) {
    host.body.append(
      controlRow(
        host.control('ratio', { format: (v) => `1:${v}` }),
        host.control('noise'),
        host.control('model', { optionLabels: MODEL_LABELS }),
        host.control('gamma'),
        host.control('alpha'),
      ),
      controlRow(host.control('weighting'), host.control('prior'), seedControl(host.store)),
    );
    const status = el('p', { class: 'readout train-status', 'aria-live': 'off' });
    const bar = host.playback();
    host.body.append(bar, status);
    // New settings start a new run: back to its first frame, paused, as a learner expects.
    host.onCleanup(host.store.subscribe((_, changed) => {
      if (!TRAINING_KEYS.some((k) => changed.has(k))) return;
      const play = bar.querySelector<HTMLButtonElement>('button.play');
      if (play?.getAttribute('aria-pressed') === 'true') play.click();
      host.local.set({ trainFrame: 0 });
    }));
    const boundaryPair = el('div', { class: 'chart-pair' });
    host.body.append(boundaryPair);
    const boundaries = {} as Record<Side, Chart>;
    for (const side of SIDES) {
      boundaries[side] = host.chart({
        title: `${SIDE_LABELS[side]} model: predicted probability of the rare class over the plane, with the training points and the 0.5 boundary`,
        xLabel: `${SIDE_LABELS[side]} model · feature 1`, yLabel: 'feature 2', x: [-5, 5], y: [-4, 4], height: 300, canvas: true,
      }, boundaryPair);
      // Layer order, bottom to top: the probability shading, then the two classes' dots.
      boundaries[side].set('heat', canvasHeatmapLayer({ values: [], columns: 0, rows: 0, x: [-5, 5], y: [-4, 4] }, { label: 'probability', domain: [0, 1] }));
      boundaries[side].set('negatives', scatterLayer([], { series: 0, label: 'common class', canvas: true }));
      boundaries[side].set('positives', scatterLayer([], { series: 1, label: 'rare class', canvas: true }));
    }
    host.body.append(el('p', { class: 'legend-note' },
      'Shading: predicted probability of the rare class (dark blue = 0, yellow = 1). Thick dark line: probability 0.5, the decision boundary. ',
      el('span', { class: 'swatch series-0', 'aria-hidden': 'true' }), 'common class (label 0), ',
      el('span', { class: 'swatch series-1', 'aria-hidden': 'true' }), 'rare class (label 1), drawn larger.'));
    const metricsHolder = scrollRegion('Held-out metrics table');
    host.body.append(metricsHolder);
    const pr = host.chart({ title: 'Precision–recall curves of the rare class on held-out data', xLabel: 'recall (rare class)', yLabel: 'precision', x: [0, 1], y: [0, 1.02], height: 280 });
    const prLegend = el('p', { class: 'legend-note pr-legend' });
    const confusionHolder = el('div', { class: 'confusion-row' });
    host.body.append(prLegend, confusionHolder);
    return {
      status, boundaries, metricsHolder, pr, prLegend, confusionHolder, notice: host.notice,
      drawnRun: undefined as TrainingRun | undefined, pointsKey: '', statusText: '', drawnFrame: undefined as TrainingFrame | undefined, noticed: new WeakSet<TrainingRun>(),
    };
  },
  draw(run, h, s, index) {
    const frame = run.frames[index];
    const settings = run.settings;
    const steps = frame?.step ?? 0;
    const detail = ` of ${MAX_STEPS} · ${MODEL_LABELS[settings.model]}, Adam (lr ${LEARNING_RATE}), full batch of ${run.trainCount} training points (${Math.round(run.prior * run.trainCount)} rare)${settings.prior ? ', bias started at the prior' : ''}.`;
    if (h.statusText !== `${steps}${detail}`) {
      h.statusText = `${steps}${detail}`;
      h.status.replaceChildren(`Step `, el('strong', { class: 'step-count', 'data-value': steps }, String(steps)), detail);
      h.status.dataset.steps = String(steps);
    }
    // "Done" only for the run of the settings the controls hold, not one still being replaced.
    const done = steps >= MAX_STEPS && !stale(run, s) ? 'true' : 'false';
    if (h.status.dataset.done !== done) h.status.dataset.done = done;
    if (run.diverged && index === run.frames.length - 1 && !h.noticed.has(run)) {
      h.noticed.add(run);
      h.notice('A model diverged; its last finite state is shown. Try a smaller γ or another seed.');
    }
    if (h.drawnRun !== run) {
      h.drawnRun = run;
      h.drawnFrame = undefined;
      // The points (and the plot's extent) change only with the data: seed, ratio and noise.
      const dataKey = `${settings.seed} ${settings.ratio} ${settings.noise}`;
      if (h.pointsKey !== dataKey) {
        h.pointsKey = dataKey;
        const negatives = pairs(run.negatives), positives = pairs(run.positives);
        for (const side of SIDES) {
          const chart = h.boundaries[side];
          chart.setDomain(run.xRange, run.yRange);
          // Every set() repaints the canvas: the new dots first, so the old ones are not
          // repainted at the new scale (the layers keep the order setup gave them).
          chart.set('negatives', scatterLayer(negatives, { series: 0, label: 'common class', radius: 1.6, canvas: true }));
          chart.set('positives', scatterLayer(positives, { series: 1, label: 'rare class', radius: 3.6, canvas: true }));
          chart.render();
        }
      }
    }
    if (!frame || h.drawnFrame === frame) return;
    h.drawnFrame = frame;
    for (const side of SIDES) {
      const grid = { values: frame.grid[side], columns: GRID_SIZE, rows: GRID_SIZE, x: run.xRange, y: run.yRange };
      h.boundaries[side].set('heat', canvasHeatmapLayer(grid, { label: `P(rare) under ${SIDE_LABELS[side]}`, domain: [0, 1] }));
      h.boundaries[side].set('boundary', contourLineLayer(grid, { level: 0.5, series: MODEL_SERIES[side], label: `${SIDE_LABELS[side]} decision boundary` }));
    }
    const metrics: Record<Side | 'majority', FrameMetrics> = { ...frame.metrics, majority: run.majority };
    const focalName = `Focal (γ = ${settings.gamma}, ${settings.weighting ? `α = ${settings.alpha}` : 'no α'})`;
    const row = (id: string, label: string, series: number, m: FrameMetrics): MetricRow =>
      ({ id, label, series, values: { recall: m.recall, precision: m.precision, f1: m.f1, accuracy: m.accuracy, prAuc: m.prAuc } });
    h.metricsHolder.replaceChildren(metricsTable([
      row('bce', 'BCE', MODEL_SERIES.bce, metrics.bce),
      row('focal', focalName, MODEL_SERIES.focal, metrics.focal),
      row('majority', 'Always “common class”', MODEL_SERIES.majority, metrics.majority),
    ], COLUMNS, `Held-out metrics after ${steps} steps (${run.heldOut} points, ${run.positivesHeld} of them rare), threshold 0.5`));
    for (const side of SIDES) {
      const curve = metrics[side].pr;
      if (curve) h.pr.set(side, lineLayer(Array.from(curve.x, (r, i) => [r, curve.y[i]] as Point), { series: MODEL_SERIES[side], label: `${SIDE_LABELS[side]} PR curve`, width: 2.5 }));
      else h.pr.remove(side);
    }
    const baseRate = run.heldOut ? run.positivesHeld / run.heldOut : 0;
    h.pr.set('chance', ruleLayer([baseRate], 'y', 'rule chance-rule'));
    h.prLegend.replaceChildren(
      el('span', { class: `swatch series-${MODEL_SERIES.bce}`, 'aria-hidden': 'true' }), `BCE: PR-AUC ${fmt(metrics.bce.prAuc, 3)}   `,
      el('span', { class: `swatch series-${MODEL_SERIES.focal}`, 'aria-hidden': 'true' }), `Focal: PR-AUC ${fmt(metrics.focal.prAuc, 3)}   `,
      `Dotted line: the rare class's share (${fmt(baseRate, 3)}), what random guessing scores.`);
    h.confusionHolder.replaceChildren(
      ...([['bce', 'BCE'], ['focal', 'Focal'], ['majority', 'Always “common class”']] as const).map(([id, label]) =>
        confusionTable(metrics[id].confusion, { caption: `${label}: held-out confusion matrix`, negative: 'common', positive: 'rare', id: `confusion-${id}` })));
  },
});
