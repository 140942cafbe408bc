/**
 * Wires the focal-loss lesson's figures to the engine. Every number on screen comes from the
 * wasm core: loss curves and weight ratios from lab.loss, the data from lab.dataset, both models
 * from lab.session (same seed, so the same starting weights), boundaries from predictGrid and
 * every metric, confusion matrix and PR curve from lab.metrics. This file only lays them out.
 */
import type { BinaryMetrics, LossLab, Session } from 'loss-lab';
import type { LessonView } from '../types';
import type { StateStore } from '../../state/store';
import { el, fmt, scrollRegion } from '../../ui/dom';
import { Figure } from '../../ui/figure';
import { barLayer, lineLayer, ruleLayer, scatterLayer, type Point } from '../../ui/layers';
import { controlRow, paramControl, playbackControls, seedControl } from '../../ui/controls';
import { canvasHeatmapLayer, confusionTable, contourLineLayer, metricsTable, type MetricRow } from '../../ui/classify';
import { mathElement } from '../../ui/math';
import type { Chart } from '../../ui/chart';
import { FACTOR_GAMMAS, GAMMA_SERIES, MAX_STEPS, MODEL_LABELS, MODEL_SERIES, STEPS_PER_TICK } from './params';
import {
  focalParams, formatRatio, LEARNING_RATE, logit, makeData, PRIOR_STEPS, readState, sessionOptions, SIDE_LABELS, SIDES,
  weightRatio, type ImbalancedData, type LessonState, type Side,
} from './compute';
import { frameScheduler } from '../../ui/frame';

export function mountFocalLoss(view: LessonView, store: StateStore): () => void {
  const lab = view.lab;
  const cleanups: Array<() => void> = [];
  const figures: Figure[] = [];
  const st = () => readState(store);

  // ---------- figure 1: the modulating factor ----------
  const factorFigure = new Figure(view.slot('factor'), 'focal-factor', 'Focal loss and its modulating factor against p_t, for five values of γ');
  figures.push(factorFigure);
  factorFigure.body.append(controlRow(paramControl(store, 'pt', { format: (v) => v.toFixed(2) }), paramControl(store, 'gamma')));
  const factorPair = el('div', { class: 'chart-pair' });
  factorFigure.body.append(factorPair);
  const lossChart = factorFigure.chart({ title: 'Loss of one example against p_t, one curve per γ (γ = 0 is cross-entropy)', xLabel: 'p_t, probability of the true class', yLabel: 'loss of the example', x: [0, 1], y: [0, 3], height: 290 }, factorPair);
  const modChart = factorFigure.chart({ title: 'Modulating factor (1 − p_t)^γ against p_t, one curve per γ', xLabel: 'p_t, probability of the true class', yLabel: 'factor (focal ÷ cross-entropy)', x: [0, 1], y: [0, 1.02], height: 290 }, factorPair);
  const legend = el('p', { class: 'legend-note focal-legend' }, ...FACTOR_GAMMAS.flatMap((g) => [el('span', { class: `swatch series-${GAMMA_SERIES[g]}`, 'aria-hidden': 'true' }), `γ = ${g}${g === 0 ? ' (cross-entropy)' : ''}   `]),
    'Thick dashed: γ from the slider.');
  const ratioReadout = el('p', { class: 'readout ratio-readout', 'aria-live': 'polite' });
  factorFigure.body.append(legend, ratioReadout);
  const ptGrid = Float64Array.from({ length: 197 }, (_, i) => 0.01 + (0.98 * i) / 196);
  const ptLogits = ptGrid.map(logit);
  const ones = new Float64Array(ptGrid.length).fill(1);
  const ceCurve = () => lab.loss('bce_logits', ptLogits, ones, { reduction: 'none' }).value as Float64Array;
  const curveCache = new Map<number, Float64Array>();
  const focalCurve = (gamma: number) => {
    let curve = curveCache.get(gamma);
    if (!curve) {
      curve = lab.loss('focal', ptLogits, ones, { params: { gamma, alpha: -1 }, reduction: 'none' }).value as Float64Array;
      if (curveCache.size > 64) curveCache.clear();
      curveCache.set(gamma, curve);
    }
    return curve;
  };
  const ce = ceCurve();
  for (const g of FACTOR_GAMMAS) {
    const values = focalCurve(g);
    lossChart.set(`g${g}`, lineLayer(Array.from(ptGrid, (p, i) => [p, values[i]] as Point), { series: GAMMA_SERIES[g], label: `γ = ${g}`, width: 2 }));
    modChart.set(`g${g}`, lineLayer(Array.from(ptGrid, (p, i) => [p, values[i] / ce[i]] as Point), { series: GAMMA_SERIES[g], label: `γ = ${g}`, width: 2 }));
  }
  const renderFactor = () => {
    const s = st();
    const values = focalCurve(s.gamma);
    const sliderSeries = GAMMA_SERIES[s.gamma] ?? 0;
    lossChart.set('slider', lineLayer(Array.from(ptGrid, (p, i) => [p, values[i]] as Point), { series: sliderSeries, label: `γ = ${s.gamma} (slider)`, width: 3.5, dashed: true }));
    modChart.set('slider', lineLayer(Array.from(ptGrid, (p, i) => [p, values[i] / ce[i]] as Point), { series: sliderSeries, label: `γ = ${s.gamma} (slider)`, width: 3.5, dashed: true }));
    const r = weightRatio(lab, s.pt, s.gamma);
    for (const chart of [lossChart, modChart]) chart.set('marker', ruleLayer([s.pt], 'x', 'rule hover-rule pt-marker'));
    lossChart.set('marker-dots', scatterLayer([[s.pt, r.focal], [s.pt, r.ce]], { series: (i) => (i === 0 ? sliderSeries : GAMMA_SERIES[0]), label: 'marker', radius: 5 }));
    modChart.set('marker-dots', scatterLayer([[s.pt, r.focal / r.ce]], { series: sliderSeries, label: 'marker', radius: 5 }));
    const text = s.gamma === 0 || Math.abs(r.ratio - 1) < 5e-4
      ? 'this example weighs the same as under cross-entropy (1×): with γ = 0 the focal loss is cross-entropy'
      : `this example weighs ${formatRatio(r.ratio)}× less than under cross-entropy`;
    ratioReadout.replaceChildren(
      `At p_t = ${s.pt.toFixed(2)} with γ = ${s.gamma}: `,
      el('strong', { class: 'ratio-value', 'data-value': r.ratio }, text),
      ` (focal loss ${fmt(r.focal, 5)}, cross-entropy ${fmt(r.ce, 4)}).`);
  };
  // Dragging the marker: pointer on either chart moves p_t (the slider above is its keyboard twin).
  for (const chart of [lossChart, modChart]) {
    let dragging = false;
    const move = (event: PointerEvent) => {
      const [px] = chart.pointer(event);
      if (Number.isFinite(px)) store.set({ pt: Math.min(0.99, Math.max(0.01, px)) });
    };
    chart.svg.classed('draggable-marker', true);
    chart.svg.on('pointerdown', (event: PointerEvent) => {
      dragging = true;
      (event.target as Element).setPointerCapture?.(event.pointerId);
      move(event);
    });
    chart.svg.on('pointermove', (event: PointerEvent) => { if (dragging) move(event); });
    chart.svg.on('pointerup pointercancel', () => { dragging = false; });
  }
  lossChart.render();
  modChart.render();
  renderFactor();
  const scheduleFactor = frameScheduler(renderFactor);
  cleanups.push(store.subscribe((_, changed) => { if (changed.has('pt') || changed.has('gamma')) scheduleFactor(); }));

  // ---------- figure 2: live training ----------
  const trainFigure = new Figure(view.slot('training'), 'focal-training', 'BCE and focal loss trained side by side on imbalanced data');
  figures.push(trainFigure);
  const modelLabels = MODEL_LABELS;
  trainFigure.body.append(
    controlRow(
      paramControl(store, 'ratio', { format: (v) => `1:${v}` }),
      paramControl(store, 'noise'),
      paramControl(store, 'model', { optionLabels: modelLabels }),
      paramControl(store, 'gamma'),
      paramControl(store, 'alpha'),
    ),
    controlRow(paramControl(store, 'weighting'), paramControl(store, 'prior'), seedControl(store)),
  );
  let sessions: Partial<Record<Side, Session>> = {};
  let steps = 0;
  let data: ImbalancedData | undefined;
  const status = el('p', { class: 'readout train-status', 'aria-live': 'off' });
  const playback = playbackControls({ step: () => tick(), reset: () => { rebuild(); } }, 'Training');
  trainFigure.body.append(playback.element, status);
  const boundaryPair = el('div', { class: 'chart-pair' });
  trainFigure.body.append(boundaryPair);
  const boundaryCharts = {} as Record<Side, Chart>;
  for (const side of SIDES) {
    boundaryCharts[side] = trainFigure.chart({
      title: `${SIDE_LABELS[side]} model: predicted probability of the rare class over the plane, with the training points and the 0.5 boundary`,
      xLabel: `${SIDE_LABELS[side]} model · feature 1`, yLabel: 'feature 2', x: [-5, 5], y: [-4, 4], height: 300, canvas: true,
    }, boundaryPair);
  }
  trainFigure.body.append(el('p', { class: 'legend-note' },
    'Shading: predicted probability of the rare class (dark blue = 0, yellow = 1). Thick dark line: probability 0.5, the decision boundary. ',
    el('span', { class: 'swatch series-0', 'aria-hidden': 'true' }), 'common class (label 0), ',
    el('span', { class: 'swatch series-1', 'aria-hidden': 'true' }), 'rare class (label 1), drawn larger.'));
  const metricsHolder = scrollRegion('Held-out metrics table');
  const confusionHolder = el('div', { class: 'confusion-row' });
  trainFigure.body.append(metricsHolder);
  const prChart = trainFigure.chart({ title: 'Precision–recall curves of the rare class on held-out data', xLabel: 'recall (rare class)', yLabel: 'precision', x: [0, 1], y: [0, 1.02], height: 280 });
  const prLegend = el('p', { class: 'legend-note pr-legend' });
  trainFigure.body.append(prLegend, confusionHolder);

  const freeSessions = () => {
    for (const side of SIDES) sessions[side]?.free();
    sessions = {};
  };
  cleanups.push(freeSessions);

  const rebuild = () => {
    playback.pause();
    freeSessions();
    steps = 0;
    const s = st();
    try {
      data = makeData(lab, s);
      for (const side of SIDES) sessions[side] = lab.session(sessionOptions(data, s, side));
    } catch (error) {
      freeSessions();
      view.notice(`The models could not be set up: ${(error as Error).message}`);
    }
    drawPoints();
    renderTraining();
    scheduleWhere();
  };

  const drawPoints = () => {
    if (!data) return;
    const d = data.data;
    const negatives: Point[] = [], positives: Point[] = [];
    for (let i = 0; i < d.y.length; i++) (d.y[i] === 1 ? positives : negatives).push([d.x[2 * i], d.x[2 * i + 1]]);
    for (const side of SIDES) {
      const chart = boundaryCharts[side];
      chart.setDomain(data.xRange, data.yRange);
      chart.set('heat', canvasHeatmapLayer({ values: [], columns: 0, rows: 0, x: data.xRange, y: data.yRange }, { label: 'probability', domain: [0, 1] }));
      chart.set('negatives', scatterLayer(negatives, { series: 0, label: 'common class', radius: 1.6, canvas: true }));
      chart.set('positives', scatterLayer(positives, { series: 1, label: 'rare class', radius: 3.6, canvas: true }));
      chart.render();
    }
  };

  const evaluate = (session: Session | undefined): BinaryMetrics | undefined => {
    if (!session || !data) return undefined;
    return lab.metrics.binary(session.predict(data.data.xVal), data.data.yVal);
  };

  let lastFull = 0, metricsAt = -1;
  /** Everything at once (setup, a change of settings): boundaries, then metrics, curves and tables. */
  const renderTraining = () => {
    renderBoundaries();
    renderMetrics();
  };
  /** The decision boundaries and the step count: every frame while training animates. */
  const renderBoundaries = () => {
    if (!data) return;
    const grid = { xmin: data.xRange[0], xmax: data.xRange[1], ymin: data.yRange[0], ymax: data.yRange[1], nx: 61, ny: 61 };
    for (const side of SIDES) {
      const session = sessions[side];
      if (!session) continue;
      const g = session.predictGrid(grid);
      const gridSpec = { values: g.values, columns: g.nx, rows: g.ny, x: data.xRange, y: data.yRange };
      boundaryCharts[side].set('heat', canvasHeatmapLayer(gridSpec, { label: `P(rare) under ${SIDE_LABELS[side]}`, domain: [0, 1] }));
      boundaryCharts[side].set('boundary', contourLineLayer(gridSpec, { level: 0.5, series: MODEL_SERIES[side], label: `${SIDE_LABELS[side]} decision boundary` }));
    }
    renderStatus();
  };
  /** Held-out metrics, PR curves and confusion tables: the costly part, a few times a second. */
  const renderMetrics = () => {
    if (!data) return;
    const s = st();
    lastFull = performance.now();
    metricsAt = steps;
    const metrics = { bce: evaluate(sessions.bce), focal: evaluate(sessions.focal), majority: lab.metrics.binary(new Float64Array(data.data.yVal.length), data.data.yVal) };
    const focalName = `Focal (γ = ${s.gamma}, ${s.weighting ? `α = ${s.alpha}` : 'no α'})`;
    const rows: MetricRow[] = [];
    const add = (id: string, label: string, series: number, m: BinaryMetrics | undefined) => {
      if (!m) return;
      rows.push({ id, label, series, values: { recall: m.recall, precision: m.precision, f1: m.f1, accuracy: m.accuracy, prAuc: m.prAuc ?? Number.NaN } });
    };
    add('bce', 'BCE', MODEL_SERIES.bce, metrics.bce);
    add('focal', focalName, MODEL_SERIES.focal, metrics.focal);
    add('majority', 'Always “common class”', MODEL_SERIES.majority, metrics.majority);
    const positivesHeld = data.data.yVal.reduce((n, v) => n + v, 0);
    metricsHolder.replaceChildren(metricsTable(rows, [
      { key: 'recall', label: 'Recall (rare)' }, { key: 'precision', label: 'Precision (rare)' }, { key: 'f1', label: 'F1 (rare)' },
      { key: 'accuracy', label: 'Accuracy' }, { key: 'prAuc', label: 'PR-AUC' },
    ], `Held-out metrics after ${steps} steps (${data.data.yVal.length} points, ${positivesHeld} of them rare), threshold 0.5`));
    for (const side of SIDES) {
      const pr = metrics[side]?.pr;
      if (pr) prChart.set(side, lineLayer(Array.from(pr.x, (r, i) => [r, pr.y[i]] as Point), { series: MODEL_SERIES[side], label: `${SIDE_LABELS[side]} PR curve`, width: 2.5 }));
      else prChart.remove(side);
    }
    const baseRate = data.data.yVal.length ? positivesHeld / data.data.yVal.length : 0;
    prChart.set('chance', ruleLayer([baseRate], 'y', 'rule chance-rule'));
    prLegend.replaceChildren(
      el('span', { class: `swatch series-${MODEL_SERIES.bce}`, 'aria-hidden': 'true' }), `BCE: PR-AUC ${fmt(metrics.bce?.prAuc ?? Number.NaN, 3)}   `,
      el('span', { class: `swatch series-${MODEL_SERIES.focal}`, 'aria-hidden': 'true' }), `Focal: PR-AUC ${fmt(metrics.focal?.prAuc ?? Number.NaN, 3)}   `,
      `Dotted line: the rare class's share (${fmt(baseRate, 3)}), what random guessing scores.`);
    confusionHolder.replaceChildren(
      ...([['bce', 'BCE'], ['focal', 'Focal'], ['majority', 'Always “common class”']] as const).map(([id, label]) => {
        const m = metrics[id];
        return m ? confusionTable(m.confusion, { caption: `${label}: held-out confusion matrix`, negative: 'common', positive: 'rare', id: `confusion-${id}` }) : el('span');
      }));
  };
  const renderStatus = () => {
    if (!data) return;
    const s = st();
    status.replaceChildren(`Step `, el('strong', { class: 'step-count', 'data-value': steps }, String(steps)), ` of ${MAX_STEPS} · ${MODEL_LABELS[s.model]}, Adam (lr ${LEARNING_RATE}), full batch of ${data.data.y.length} training points (${Math.round(data.prior * data.data.y.length)} rare)${s.prior ? ', bias started at the prior' : ''}.`);
    status.dataset.steps = String(steps);
    status.dataset.done = steps >= MAX_STEPS ? 'true' : 'false';
  };

  /** One playback tick: a batch of optimizer steps for both models, then one redraw. */
  // Steps per tick adapt to the machine so a frame stays short (full-batch steps are
  // deterministic, so how a run is chunked never changes where it ends).
  let stepsPerTick = STEPS_PER_TICK;
  // At 4× and 16× playback calls tick several times per frame; past ~10 ms of stepping in one
  // frame the remaining calls wait for the next frame, so drawing still fits in a 60 Hz frame
  // (16.7 ms) and the page never freezes (the MLP is slow).
  let frameBudgetUsed = 0, frameBudgetOpen = false;
  const tick = (): boolean => {
    if (!sessions.bce || !sessions.focal || steps >= MAX_STEPS) return false;
    if (!frameBudgetOpen) {
      frameBudgetOpen = true;
      requestAnimationFrame(() => { frameBudgetOpen = false; frameBudgetUsed = 0; });
    }
    if (frameBudgetUsed > 10) return true;
    const k = Math.min(stepsPerTick, MAX_STEPS - steps);
    const started = performance.now();
    const results = SIDES.map((side) => sessions[side]!.step(k));
    frameBudgetUsed += performance.now() - started;
    const perStep = (performance.now() - started) / k;
    stepsPerTick = Math.max(1, Math.min(2 * STEPS_PER_TICK, Math.floor(8 / Math.max(0.05, perStep))));
    steps += Math.min(...results.map((r) => r.trainLoss.length));
    if (results.some((r) => r.stopped === 'diverged')) view.notice('A model diverged; its last finite state is shown. Try a smaller γ or another seed.');
    scheduleFrame();
    return steps < MAX_STEPS && results.every((r) => r.trainLoss.length > 0 && r.stopped !== 'diverged');
  };

  // Playback may call tick several times per frame (speed 4× and 16×): draw once per frame, and
  // refresh the metrics at most five times a second and always at the end of the run. The metrics
  // get a frame of their own (the boundaries wait one frame then), so no frame does both.
  let lateTimer: ReturnType<typeof setTimeout> | undefined;
  let metricsDue = false;
  const scheduleFrame = frameScheduler(() => {
    if (lateTimer !== undefined) clearTimeout(lateTimer);
    lateTimer = undefined;
    if (metricsDue) {
      metricsDue = false;
      renderMetrics();
      scheduleWhere();
      scheduleFrame();  // the boundaries, next frame
      return;
    }
    renderBoundaries();
    if ((steps >= MAX_STEPS && metricsAt !== steps) || performance.now() - lastFull > 200) {
      metricsDue = true;
      scheduleFrame();
    } else {
      lateTimer = setTimeout(() => { lateTimer = undefined; renderMetrics(); scheduleWhere(); }, 220);
    }
  });
  cleanups.push(() => { if (lateTimer !== undefined) clearTimeout(lateTimer); });

  // ---------- figure 3: where the loss goes ----------
  const whereFigure = new Figure(view.slot('where'), 'focal-where', 'Share of the total loss carried by examples at each p_t, under BCE and focal, on the same predictions');
  figures.push(whereFigure);
  const wherePair = el('div', { class: 'chart-pair' });
  whereFigure.body.append(wherePair);
  const BINS = 20;
  const whereCharts = {
    bce: whereFigure.chart({ title: 'Under BCE: share of the total loss per p_t bin, hard examples (p_t < 0.5) and easy ones', xLabel: 'BCE · p_t of the example', yLabel: 'share of total loss', x: [0, 1], y: [0, 0.5], height: 260 }, wherePair),
    focal: whereFigure.chart({ title: 'Under focal: share of the total loss per p_t bin, hard examples (p_t < 0.5) and easy ones', xLabel: 'Focal · p_t of the example', yLabel: 'share of total loss', x: [0, 1], y: [0, 0.5], height: 260 }, wherePair),
  };
  const whereReadout = el('p', { class: 'readout where-readout', 'aria-live': 'polite' });
  whereFigure.body.append(el('p', { class: 'legend-note' },
    el('span', { class: 'swatch series-6', 'aria-hidden': 'true' }), 'hard examples (p_t < 0.5, misclassified)   ',
    el('span', { class: 'swatch series-7', 'aria-hidden': 'true' }), 'easy examples (p_t ≥ 0.5)'), whereReadout);
  const renderWhere = () => {
    const session = sessions.bce;
    if (!session || !data) return;
    const s = st();
    const d = data.data;
    const p = session.predict(d.x);
    const n = d.y.length;
    const logits = new Float64Array(n), pts = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]));
      logits[i] = logit(q);
      pts[i] = d.y[i] === 1 ? q : 1 - q;
    }
    const per = {
      bce: lab.loss('bce_logits', logits, d.y, { reduction: 'none' }),
      focal: lab.loss('focal', logits, d.y, { params: focalParams(s), reduction: 'none' }),
    };
    const summary: Record<Side, { easyLoss: number; easyGrad: number }> = { bce: { easyLoss: 0, easyGrad: 0 }, focal: { easyLoss: 0, easyGrad: 0 } };
    let easyCount = 0;
    for (let i = 0; i < n; i++) if (pts[i] >= 0.5) easyCount++;
    let top = 0;
    const shares = {} as Record<Side, number[]>;
    for (const side of SIDES) {
      const values = per[side].value as Float64Array, grads = per[side].grad;
      const bins = new Array<number>(BINS).fill(0);
      let total = 0, totalGrad = 0, easy = 0, easyGrad = 0;
      for (let i = 0; i < n; i++) {
        const b = Math.min(BINS - 1, Math.floor(pts[i] * BINS));
        bins[b] += values[i];
        total += values[i];
        totalGrad += Math.abs(grads[i]);
        if (pts[i] >= 0.5) { easy += values[i]; easyGrad += Math.abs(grads[i]); }
      }
      shares[side] = bins.map((v) => (total > 0 ? v / total : 0));
      summary[side] = { easyLoss: total > 0 ? easy / total : 0, easyGrad: totalGrad > 0 ? easyGrad / totalGrad : 0 };
      top = Math.max(top, ...shares[side]);
    }
    for (const side of SIDES) {
      const chart = whereCharts[side];
      chart.setDomain(undefined, [0, Math.max(0.05, top * 1.1)]);
      chart.set('bars', barLayer(shares[side].map((v, b) => [(b + 0.5) / BINS, v] as Point), {
        series: (b) => ((b + 0.5) / BINS < 0.5 ? 6 : 7), label: `${SIDE_LABELS[side]} share of loss`, width: 1 / BINS,
      }));
      chart.render();
    }
    const pct = (v: number) => `${fmt(100 * v, 1)}%`;
    whereReadout.replaceChildren(
      `The BCE model after ${steps} steps: ${easyCount} of ${n} training examples are easy (p_t ≥ 0.5). `,
      'They carry ', el('strong', { class: 'easy-share-bce', 'data-value': summary.bce.easyLoss }, pct(summary.bce.easyLoss)), ' of the BCE loss (',
      pct(summary.bce.easyGrad), ' of its gradient) but only ',
      el('strong', { class: 'easy-share-focal', 'data-value': summary.focal.easyLoss }, pct(summary.focal.easyLoss)), ' of the focal loss (',
      pct(summary.focal.easyGrad), ' of its gradient).');
  };
  const scheduleWhere = frameScheduler(renderWhere);

  // ---------- figure 4: starting at the prior ----------
  const priorFigure = new Figure(view.slot('prior'), 'focal-prior', 'Training loss over the first steps, with the default start and with the bias at the prior');
  figures.push(priorFigure);
  const priorPair = el('div', { class: 'chart-pair' });
  priorFigure.body.append(controlRow(paramControl(store, 'prior')), priorPair);
  const priorCharts = {
    bce: priorFigure.chart({ title: 'BCE training loss over the first steps, default start and prior start', xLabel: 'BCE · step', yLabel: 'training loss', x: [0, PRIOR_STEPS], y: [0, 1], height: 250 }, priorPair),
    focal: priorFigure.chart({ title: 'Focal training loss over the first steps, default start and prior start', xLabel: 'Focal · step', yLabel: 'training loss', x: [0, PRIOR_STEPS], y: [0, 1], height: 250 }, priorPair),
  };
  const priorReadout = el('p', { class: 'readout prior-readout', 'aria-live': 'polite' });
  priorFigure.body.append(el('p', { class: 'legend-note' },
    el('span', { class: 'swatch series-4', 'aria-hidden': 'true' }), 'default start (bias drawn at random, P ≈ 0.5)   ',
    el('span', { class: 'swatch series-2', 'aria-hidden': 'true' }), 'bias at the prior, log(π / (1 − π))'), priorReadout);
  /**
   * Four short runs (BCE and focal, default and prior start), stepped in chunks across animation
   * frames so the page stays responsive; a newer request cancels an older one.
   */
  let priorJob = 0;
  const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  const renderPrior = async () => {
    if (!data) return;
    const job = ++priorJob;
    const s = st();
    const d = data;
    const results: Record<string, { start: number; loss: Float64Array; startProbability: number }> = {};
    for (const side of SIDES) {
      for (const prior of [false, true]) {
        const session = lab.session(sessionOptions(d, s, side, prior));
        try {
          const p0 = session.predict(d.data.x);
          let mean = 0;
          for (const v of p0) mean += v;
          const startLoss = lossNow(session, side, s);
          const loss = [startLoss];
          while (loss.length <= PRIOR_STEPS) {
            const run = session.step(Math.min(25, PRIOR_STEPS + 1 - loss.length));
            loss.push(...run.trainLoss);
            if (!run.trainLoss.length || run.stopped) break;
            await nextFrame();
            if (job !== priorJob) return;
          }
          results[`${side}-${prior}`] = { start: startLoss, loss: Float64Array.from(loss), startProbability: mean / Math.max(1, p0.length) };
        } finally {
          session.free();
        }
      }
    }
    if (job !== priorJob) return;
    for (const side of SIDES) {
      let top = 0;
      for (const prior of [false, true]) {
        const loss = results[`${side}-${prior}`].loss;
        top = Math.max(top, ...loss.filter(Number.isFinite));
        priorCharts[side].set(prior ? 'prior' : 'default', lineLayer(Array.from(loss, (v, i) => [i, v] as Point), { series: prior ? 2 : 4, label: prior ? 'bias at the prior' : 'default start', width: prior ? 3 : 2.5, dashed: !prior }));
      }
      priorCharts[side].setDomain(undefined, [0, Math.max(1e-3, top * 1.05)]);
      priorCharts[side].render();
    }
    const r = results;
    const last = (key: string) => r[key].loss[r[key].loss.length - 1];
    priorReadout.replaceChildren(
      `π = ${fmt(d.prior, 4)}, so the prior bias is ${fmt(Math.log(d.prior / (1 - d.prior)), 2)}. `,
      `Mean predicted P(rare) before training: default start ${fmt(r['bce-false'].startProbability, 3)}, prior start ${fmt(r['bce-true'].startProbability, 3)}. `,
      `Starting BCE loss ${fmt(r['bce-false'].start, 3)} vs `, el('strong', { class: 'prior-start-bce', 'data-value': r['bce-true'].start }, fmt(r['bce-true'].start, 3)),
      `; starting focal loss ${fmt(r['focal-false'].start, 4)} vs ${fmt(r['focal-true'].start, 4)}. `,
      `After ${PRIOR_STEPS} steps BCE is at ${fmt(last('bce-false'), 4)} vs ${fmt(last('bce-true'), 4)}, focal at ${fmt(last('focal-false'), 4)} vs ${fmt(last('focal-true'), 4)}.`);
  };
  /** The mean training loss of a fresh session, from the core's own loss on its predictions. */
  const lossNow = (session: Session, side: Side, s: LessonState): number => {
    const d = data!.data;
    const p = session.predict(d.x);
    const z = Float64Array.from(p, (q) => logit(Math.min(1 - 1e-12, Math.max(1e-12, q))));
    return side === 'bce'
      ? (lab.loss('bce_logits', z, d.y).value as number)
      : (lab.loss('focal', z, d.y, { params: focalParams(s) }).value as number);
  };
  // The four runs start only once the figure is on screen (and again after each change while
  // it is), so opening the lesson or dragging a slider far above it costs nothing.
  let priorVisible = typeof IntersectionObserver === 'undefined', priorStale = true;
  const runPrior = frameScheduler(() => {
    priorStale = false;
    renderPrior().catch((error: Error) => {
      priorReadout.textContent = `The comparison could not run: ${error.message}`;
    });
  });
  const schedulePrior = () => {
    priorStale = true;
    priorJob++;
    if (priorVisible) runPrior();
  };
  if (typeof IntersectionObserver !== 'undefined') {
    const observer = new IntersectionObserver((entries) => {
      priorVisible = entries.some((e) => e.isIntersecting);
      if (priorVisible && priorStale) runPrior();
    }, { rootMargin: '200px' });
    observer.observe(priorFigure.element);
    cleanups.push(() => observer.disconnect());
  }
  cleanups.push(() => { priorJob++; });

  // ---------- wiring ----------
  const TRAINING_KEYS = ['seed', 'ratio', 'noise', 'model', 'gamma', 'alpha', 'weighting', 'prior'];
  const scheduleRebuild = frameScheduler(() => { rebuild(); schedulePrior(); });
  cleanups.push(store.subscribe((_, changed) => {
    if (TRAINING_KEYS.some((k) => changed.has(k))) scheduleRebuild();
  }));
  rebuild();
  schedulePrior();

  // ---------- formulas ----------
  const infos = lab.lossInfo();
  // One card per row: the focal gradient is too wide for the two-column grid.
  const grid = el('div', { class: 'formula-stack' });
  for (const [name, title] of [['bce_logits', 'Binary cross-entropy (on logits)'], ['focal', 'Focal loss']] as const) {
    const info = infos.find((i) => i.name === name);
    if (!info) {
      grid.append(el('div', { class: 'formula-card missing' }, el('h3', {}, title), el('p', {}, 'Not in this build of the core.')));
      continue;
    }
    const card = el('div', { class: 'formula-card', 'data-loss': name });
    card.append(el('h3', {}, title), el('p', {}, info.description),
      el('p', { class: 'formula-label' }, 'Loss of one example'), mathElement(info.latex, true),
      el('p', { class: 'formula-label' }, 'Its derivative with respect to the logit'), mathElement(info.gradLatex, true));
    if (info.params.length) card.append(el('p', { class: 'params' }, info.params.map((q) => `${q.name} = ${q.default} by default`).join('; ')));
    if (name === 'focal') {
      card.append(el('p', { class: 'alpha-convention' },
        'The α convention (torchvision.ops.sigmoid_focal_loss): a positive example (label 1, the rare class here) is weighted by α_t = α, a negative one by α_t = 1 − α, and any α < 0 turns the weighting off (α_t = 1). So α = 0.25, the paper\'s default, gives the rare class the smaller weight.'));
    }
    card.append(el('p', { class: 'convention' }, `Convention: ${info.convention}`));
    grid.append(card);
  }
  view.slot('formulas').append(grid);

  // ---------- questions ----------
  registerQuestions(view, lab, { st, data: () => data });

  return () => {
    playback.pause();
    for (const c of cleanups) c();
    for (const figure of figures) for (const chart of figure.charts) chart.destroy();
  };
}

interface Experiments {
  st(): LessonState;
  data(): ImbalancedData | undefined;
}

/** Trains both models of the current settings (or a variation) for `steps` steps and measures them. */
function trainPair(lab: LossLab, d: ImbalancedData, s: LessonState, steps: number): Record<Side, BinaryMetrics> {
  const out = {} as Record<Side, BinaryMetrics>;
  for (const side of SIDES) {
    const session = lab.session(sessionOptions(d, s, side));
    try {
      session.step(steps);
      out[side] = lab.metrics.binary(session.predict(d.data.xVal), d.data.yVal);
    } finally {
      session.free();
    }
  }
  return out;
}

function registerQuestions(view: LessonView, lab: LossLab, ex: Experiments): void {
  view.question({
    id: 'factor',
    prompt: 'Predict: with γ = 2, an example the model gets right with p_t = 0.99 counts how many times less than under cross-entropy?',
    options: [{ id: '2', label: 'About 2 times less' }, { id: '100', label: 'About 100 times less' }, { id: '10000', label: 'About 10,000 times less' }],
    run() {
      const { ratio, focal, ce } = weightRatio(lab, 0.99, 2);
      const nearest = ['2', '100', '10000'].reduce((best, o) => (Math.abs(Math.log(Number(o) / ratio)) < Math.abs(Math.log(Number(best) / ratio)) ? o : best));
      return {
        correct: nearest,
        observed: `The core computes a focal loss of ${fmt(focal, 7)} and a cross-entropy of ${fmt(ce, 5)}: a ratio of ${formatRatio(ratio)}.`,
        explanation: 'The factor is (1 − p_t)^γ = 0.01² = 0.0001, so the example keeps one ten-thousandth of its loss. At p_t = 0.9 it was 0.1² = 0.01, a hundredth. Each step closer to certainty silences an easy example by another factor of 100 at γ = 2, which is how thousands of easy negatives stop drowning out the few hard examples.',
      };
    },
  });
  view.question({
    id: 'recall',
    prompt: 'Predict: at 1:100, after 300 steps with the current settings, which model catches more of the rare examples (higher recall on held-out data)?',
    options: [{ id: 'bce', label: 'The BCE model' }, { id: 'focal', label: 'The focal model' }, { id: 'tie', label: 'They catch the same number' }],
    run() {
      const s = { ...ex.st(), ratio: 100 };
      const d = makeData(lab, s);
      const m = trainPair(lab, d, s, 300);
      const tie = Math.abs(m.bce.recall - m.focal.recall) < 1e-9;
      return {
        correct: tie ? 'tie' : m.focal.recall > m.bce.recall ? 'focal' : 'bce',
        observed: `Held-out recall: BCE ${fmt(m.bce.recall, 3)}, focal ${fmt(m.focal.recall, 3)} (precision ${fmt(m.bce.precision, 3)} vs ${fmt(m.focal.precision, 3)}; accuracy ${fmt(m.bce.accuracy, 3)} vs ${fmt(m.focal.accuracy, 3)}).`,
        explanation: 'BCE\'s average is dominated by the 99 common examples per rare one, so its boundary sits deep inside the rare cloud and most rare points fall on the wrong side. The focal loss silences the common examples it already gets right and (with α above 0.5) gives the rare class more weight, so the boundary moves out and recall rises, usually at some cost in precision. With other settings (for example α = 0.25, the weighting switched off, or γ = 0) the answer can change: that is worth trying.',
      };
    },
  });
  view.question({
    id: 'paradox',
    prompt: 'Predict: at 1:100, what accuracy does a "model" get that always answers "common class"?',
    options: [{ id: '50', label: 'About 50%' }, { id: '90', label: 'About 90%' }, { id: '99', label: 'About 99%' }],
    run() {
      const s = { ...ex.st(), ratio: 100 };
      const d = makeData(lab, s);
      const m = lab.metrics.binary(new Float64Array(d.data.yVal.length), d.data.yVal);
      const share = 100 * m.accuracy;
      const nearest = ['50', '90', '99'].reduce((best, o) => (Math.abs(Number(o) - share) < Math.abs(Number(best) - share) ? o : best));
      return {
        correct: nearest,
        observed: `Accuracy ${fmt(share, 1)}%, recall of the rare class ${fmt(m.recall, 3)}, F1 ${fmt(m.f1, 3)} on ${d.data.yVal.length} held-out points.`,
        explanation: 'Only about one point in 101 is rare, so never finding a single one is still right about 99% of the time. Accuracy rewards the common class exactly as the BCE loss does; recall, precision and F1 of the rare class expose the useless model at once.',
      };
    },
  });
  view.question({
    id: 'prior',
    prompt: 'Predict: at 1:100, how does starting the bias at the prior change the BCE training loss before the first step?',
    options: [{ id: 'lower', label: 'Much lower (less than a fifth)' }, { id: 'same', label: 'About the same' }, { id: 'higher', label: 'Higher' }],
    run() {
      const s = { ...ex.st(), ratio: 100 };
      const d = makeData(lab, s);
      const start = (prior: boolean) => {
        const session = lab.session(sessionOptions(d, s, 'bce', prior));
        try {
          const p = session.predict(d.data.x);
          const z = Float64Array.from(p, (q) => logit(Math.min(1 - 1e-12, Math.max(1e-12, q))));
          return lab.loss('bce_logits', z, d.data.y).value as number;
        } finally {
          session.free();
        }
      };
      const plain = start(false), prior = start(true);
      return {
        correct: prior < plain / 5 ? 'lower' : prior > plain * 1.05 ? 'higher' : 'same',
        observed: `Starting BCE loss: ${fmt(plain, 3)} with the default start, ${fmt(prior, 3)} with the bias at the prior.`,
        explanation: 'A default start predicts roughly 0.5 everywhere (the random weights spread it a little), which costs around log 2 ≈ 0.69 per example. Starting at the prior predicts about the base rate π ≈ 0.01 everywhere, whose cross-entropy is close to the entropy of the labels, about 0.05 at 1:100. The big early gradients that only push the output down are gone before training starts.',
      };
    },
  });
}
