/**
 * "BCE and focal loss trained side by side": both models' decision boundaries over the data,
 * the held-out metrics table, the PR curves and the confusion matrices. The engine trains both
 * models in its worker and keeps a frame every STEPS_PER_TICK steps (run.ts); the playback bar
 * plays and scrubs those frames, and the step counter shows the played frame's step.
 */
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { lineLayer, ruleLayer, scatterLayer, thinPoints, type Point } from '../../../ui/layers';
import { controlRow, inactiveWhile, seedControl } from '../../../ui/controls';
import { canvasHeatmapLayer, confusionTable, contourLineLayer } from '../../../ui/classify';
import type { Chart } from '../../../ui/chart';
import { defineFigure } from '../../framework/figure';
import { focalDataNote, makeData, sessionOptions, SIDE_LABELS, SIDES, TRAINING_KEYS, type LessonState, type Side } from '../model';
import { sessionCode, splitColumns } from '../../shared/code';
import { ownData, ownDataPanel } from '../../shared/own-data';
import { MAX_STEPS, MODEL_LABELS, MODEL_SERIES } from '../params';
import { GRID_SIZE, sharedTraining, type FrameMetrics, type TrainingFrame, type TrainingRun } from '../run';
import { ReliabilityDiagram } from '../../../ui/reliability';
import { drawFinal, heldOutTable, statusDetail } from '../training-view';

const pairs = (xy: Float64Array): Point[] => Array.from({ length: xy.length / 2 }, (_, i) => [xy[2 * i], xy[2 * i + 1]] as Point);
/** Common points drawn on the boundary charts: a sample keeps each canvas repaint cheap. */
export const DRAWN_COMMON = 2500;

/** The run shown was computed for other settings than the controls now hold (a newer one is computing). */
const stale = (run: TrainingRun, s: LessonState) => TRAINING_KEYS.some((k) => run.settings[k] !== s[k]);

export default defineFigure<LessonState>()({
  name: 'training',
  exportName: 'focal-training',
  caption: 'BCE and focal loss trained side by side on imbalanced data',
  deps: [...TRAINING_KEYS],
  compute: (s, engine, ctx): Promise<TrainingRun> => sharedTraining(s, engine, ctx),
  playback: {
    label: 'Training',
    param: 'trainFrame',
    frames: (run) => run.frames.length,
    describe: (run, frame) => `step ${run.frames[frame]?.step ?? 0} of ${MAX_STEPS}`,
  },
  setup(host) {
    // The learner's own rows replace the lab's clouds: their imbalance and spread are the file's.
    const ratio = host.control('ratio', { format: (v) => `1:${v}` }), noise = host.control('noise');
    for (const control of [ratio, noise]) {
      host.onCleanup(inactiveWhile(control, host.local, () => ownData(host.local.get('owndata')) !== undefined, 'Not used with your own data'));
    }
    host.body.append(
      controlRow(
        ratio,
        noise,
        host.control('model', { optionLabels: MODEL_LABELS }),
        host.control('gamma'),
        host.control('alpha'),
      ),
      controlRow(host.control('weighting'), host.control('prior'), seedControl(host.store)),
      // Your own data: two feature columns and a 0/1 label (1 = the rare class), from a CSV.
      ownDataPanel({ slug: host.workKey, store: host.store, local: host.local, key: 'owndata', yKind: 'label', features: 2, notice: host.notice }),
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
      el('span', { class: 'swatch series-0', 'aria-hidden': 'true' }), `common class (label 0; a sample of about ${DRAWN_COMMON.toLocaleString('en-US')} of the training points is drawn), `,
      el('span', { class: 'swatch series-1', 'aria-hidden': 'true' }), 'rare class (label 1), drawn larger.'));
    const metricsHolder = scrollRegion('Held-out metrics table');
    const scrollCue = el('p', { class: 'legend-note scroll-cue' }, 'The table is wider than the screen: scroll it sideways to see every column.');
    const comparison = el('div', { class: 'readout focal-comparison', 'aria-live': 'polite' }, 'Intervals appear when both models have finished training.');
    const tableNote = el('p', { class: 'legend-note table-note' });
    host.body.append(tableNote, metricsHolder, scrollCue, comparison);
    const pr = host.chart({ title: 'Precision–recall curves of the rare class on held-out data', xLabel: 'recall (rare class)', yLabel: 'precision', x: [0, 1], y: [0, 1.02], height: 280 });
    const prLegend = el('p', { class: 'legend-note pr-legend' });
    const confusionHolder = el('div', { class: 'confusion-row' });
    host.body.append(prLegend, confusionHolder);
    // One column per model, each holding its diagram and its ECE line.
    const columns = { bce: el('div', { class: 'reliability-column' }), focal: el('div', { class: 'reliability-column' }) };
    const reliabilityPair = el('div', { class: 'chart-pair reliability-pair' }, columns.bce, columns.focal);
    const reliabilityNote = el('p', { class: 'readout calibration-readout', 'aria-live': 'polite' });
    const reliabilityLegend = el('p', { class: 'legend-note' }, 'Each bar: the share of truly rare points in one bin of predicted P(rare); grey shading: the gap between that share and the bin’s mean prediction. The line joins the bins’ points (mean prediction, share rare). Diagonal: perfect calibration.');
    host.body.append(reliabilityPair, reliabilityLegend, reliabilityNote);
    const reliability = {
      bce: new ReliabilityDiagram(host.figure, columns.bce, { title: 'Reliability diagram of the BCE model on held-out data', series: MODEL_SERIES.bce, label: 'BCE', xLabel: 'predicted P(rare), binned', yLabel: 'share rare in the bin', height: 240, live: false }),
      focal: new ReliabilityDiagram(host.figure, columns.focal, { title: 'Reliability diagram of the focal model on held-out data', series: MODEL_SERIES.focal, label: 'Focal', xLabel: 'predicted P(rare), binned', yLabel: 'share rare in the bin', height: 240, live: false }),
    };
    return {
      status, boundaries, metricsHolder, tableNote, pr, prLegend, confusionHolder, notice: host.notice, comparison, reliability, reliabilityNote, finalDrawn: undefined as TrainingRun | undefined,
      // A finished run is shown finished (its last frame), unless the learner has moved the
      // playback already; Play then starts it over from step 0.
      shownFinished: new WeakSet<TrainingRun>(),
      showFinished: (run: TrainingRun) => queueMicrotask(() => host.local.set({ trainFrame: run.frames.length - 1 })),
      drawnRun: undefined as TrainingRun | undefined, pointsKey: '', statusText: '', drawnFrame: undefined as TrainingFrame | undefined, noticed: new WeakSet<TrainingRun>(),
    };
  },
  draw(run, h, s, index) {
    if (run.final && !h.shownFinished.has(run)) {
      h.shownFinished.add(run);
      if (index === 0 && !stale(run, s)) h.showFinished(run);
    }
    const frame = run.frames[index];
    const settings = run.settings;
    const steps = frame?.step ?? 0;
    const detail = statusDetail(run);
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
      const dataKey = `${settings.seed} ${settings.ratio} ${settings.noise} ${settings.owndata ?? ''}`;
      if (h.pointsKey !== dataKey) {
        h.pointsKey = dataKey;
        const negatives = thinPoints(pairs(run.negatives), DRAWN_COMMON), positives = thinPoints(pairs(run.positives), DRAWN_COMMON);
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
      h.boundaries[side].set('boundary', contourLineLayer(grid, frame.boundary[side], { series: MODEL_SERIES[side], label: `${SIDE_LABELS[side]} decision boundary` }));
    }
    const metrics: Record<Side | 'majority', FrameMetrics> = { ...frame.metrics, majority: run.majority };
    h.metricsHolder.replaceChildren(heldOutTable(frame, metrics, settings, steps));
    const note = `Measured on the ${run.heldOut} held-out points, ${run.positivesHeld} of them rare. The tuned threshold is the one with the best F1 on the training points; the PR-AUC does not depend on any threshold.`;
    if (h.tableNote.textContent !== note) h.tableNote.textContent = note;
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
    if (h.finalDrawn !== run || index !== run.frames.length - 1) drawFinal(run, h, index === run.frames.length - 1);
    h.confusionHolder.replaceChildren(
      ...([['bce', 'BCE'], ['focal', 'Focal'], ['majority', 'Always “common class”']] as const).map(([id, label]) =>
        confusionTable(metrics[id].confusion, { caption: `${label}: held-out confusion matrix`, negative: 'common', positive: 'rare', id: `confusion-${id}` })));
  },
  async code(run, state, engine) {
    // The frame on show (the playback's position): both models after that many steps.
    const frame = run.frames[Math.max(0, Math.min(run.frames.length - 1, state.trainFrame))];
    if (!frame) throw new Error('the models have not trained yet');
    const d = await makeData(engine, run.settings);
    const flag = (kind: 'recall' | 'precision') => ({ kind, name: `${kind} at one half`, threshold: 0.5 });
    const runs = await Promise.all(SIDES.map((side) => sessionCode(engine, sessionOptions(d, run.settings, side), frame.step, {
      label: side, x: ['x1', 'x2'], y: 'y', standardize: false, report: 'loss', scores: [flag('recall'), flag('precision')],
      expect: [{ name: 'held-out recall at one half', value: frame.metrics[side].recall }, { name: 'held-out precision at one half', value: frame.metrics[side].precision }],
    })));
    return {
      title: `BCE and focal loss trained side by side on imbalanced data, after ${frame.step} steps`, source: 'focal-loss/training', columns: splitColumns(d.data, 2), split: 'held_out', runs,
      dataNote: focalDataNote(run.settings),
    };
  },
});
