/**
 * Wires the lesson's figures to the engine. Every bar, curve and number is computed by the wasm
 * core through ./experiments.ts: targets and gaps from the cross_entropy gradient, training from
 * two lab.session runs that differ only in label_smoothing, calibration from lab.metrics.
 */
import type { LossLab, Session, StepResult } from 'loss-lab';
import type { LessonView } from '../types';
import type { StateStore } from '../../state/store';
import { el, fmt, scrollRegion } from '../../ui/dom';
import { Figure } from '../../ui/figure';
import type { Chart } from '../../ui/chart';
import { barLayer, histogramLayer, histogramMax, lineLayer, ruleLayer, type Point } from '../../ui/layers';
import { controlRow, paramControl, playbackControls, seedControl } from '../../ui/controls';
import { ReliabilityDiagram } from '../../ui/reliability';
import { mathElement } from '../../ui/math';
import {
  CALIBRATION_BINS, fitTemperature, lossAlongGap, makeData, modelStory, optimalGap, sessionFor, smoothedTarget,
  snapshot, trainPair, type LessonData, type Snapshot, type TemperatureFit,
} from './experiments';
import { MODEL_LABELS, SERIES, type ModelChoice } from './params';
import { frameScheduler } from '../../ui/frame';

/** Optimiser steps of one training run (full batch, Adam), and steps per animation tick. */
export const TRAIN_STEPS = 300;
/** Small enough that two sessions plus a redraw fit in about one frame on a laptop. */
const STEPS_PER_TICK = 4;

type Side = 'hard' | 'smooth';
const SIDES: Side[] = ['hard', 'smooth'];

interface State {
  classes: number;
  epsilon: number;
  noise: number;
  seed: number;
  model: ModelChoice;
}

const pct = (v: number) => `${fmt(100 * v, 1)}%`;

export function mountLabelSmoothing(view: LessonView, store: StateStore): () => void {
  const lab = view.lab;
  const cleanups: Array<() => void> = [];
  const figures: Figure[] = [];
  const st = (): State => ({
    classes: store.get<number>('classes'), epsilon: store.get<number>('epsilon'), noise: store.get<number>('noise'),
    seed: store.get<number>('seed'), model: store.get<string>('model') as ModelChoice,
  });
  const sideLabel = (side: Side) => (side === 'hard' ? 'Hard labels (ε = 0)' : `Smoothed (ε = ${fmt(st().epsilon, 2)})`);

  // ---------- figure 1: the target and the optimal gap ----------
  const targetFigure = new Figure(view.slot('target'), 'smoothed-target', 'The smoothed target and the logit gap that minimises the loss');
  figures.push(targetFigure);
  targetFigure.body.append(controlRow(paramControl(store, 'classes'), paramControl(store, 'epsilon', { format: (v) => fmt(v, 2) })));
  const targetPair = el('div', { class: 'chart-pair' });
  targetFigure.body.append(targetPair);
  const targetChart = targetFigure.chart({ title: 'Target probability of each class; class 1 is the true class', xLabel: 'class', yLabel: 'target probability', x: [0.4, 5.6], y: [0, 1], height: 260 }, targetPair);
  const gapChart = targetFigure.chart({ title: 'Loss of one example against the gap between the true logit and the others', xLabel: 'logit gap g (true class minus each other class)', yLabel: 'loss', x: [-1, 12], y: [0, 3], height: 260 }, targetPair);
  const targetTable = el('table', { class: 'target-table' });
  const gapReadout = el('p', { class: 'readout gap-readout', 'aria-live': 'polite' });
  targetFigure.body.append(scrollRegion('Smoothed target table', targetTable), gapReadout,
    el('p', { class: 'legend-note' }, 'Right: solid line, the loss with the ε on the slider; dashed, hard labels (ε = 0). The vertical line marks the optimal gap.'));

  const renderTarget = () => {
    const { classes: K, epsilon } = st();
    const target = smoothedTarget(lab, K, epsilon);
    targetChart.setDomain([0.4, K + 0.6]);
    targetChart.set('bars', barLayer(Array.from(target, (v, k) => [k + 1, v] as Point), {
      series: (i) => (i === 0 ? SERIES.smooth : 0), label: 'smoothed target', width: 1,
    }));
    targetChart.render();
    let sum = 0;
    for (const v of target) sum += v;
    targetTable.replaceChildren(
      el('caption', {}, `Target for K = ${K} classes and ε = ${fmt(epsilon, 2)}, read from the core's cross-entropy gradient (y = p − ∂loss/∂logits at uniform p)`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Class'), el('th', { scope: 'col' }, 'Target'), el('th', { scope: 'col' }, 'Formula'))),
      el('tbody', {},
        el('tr', {}, el('th', { scope: 'row' }, 'True class'), el('td', { class: 'target-true', 'data-value': target[0] }, fmt(target[0], 4)), el('td', {}, `1 − ε + ε/K = ${fmt(1 - epsilon + epsilon / K, 4)}`)),
        el('tr', {}, el('th', { scope: 'row' }, `Each of the other ${K - 1}`), el('td', { class: 'target-other', 'data-value': target[1] }, fmt(target[1], 4)), el('td', {}, `ε/K = ${fmt(epsilon / K, 4)}`)),
        el('tr', {}, el('th', { scope: 'row' }, 'Sum'), el('td', { 'data-value': sum }, fmt(sum, 4)), el('td', {}, '1'))));

    const gaps = Array.from({ length: 131 }, (_, i) => -1 + i * 0.1);
    const smoothLoss = lossAlongGap(lab, gaps, K, epsilon);
    const hardLoss = lossAlongGap(lab, gaps, K, 0);
    const yMax = Math.max(...smoothLoss, ...hardLoss) * 1.05;
    gapChart.setDomain(undefined, [0, Number.isFinite(yMax) && yMax > 0 ? yMax : 1]);
    gapChart.set('hard', lineLayer(gaps.map((g, i) => [g, hardLoss[i]] as Point), { series: SERIES.hard, label: 'hard labels (ε = 0)', dashed: true }));
    gapChart.set('smooth', lineLayer(gaps.map((g, i) => [g, smoothLoss[i]] as Point), { series: SERIES.smooth, label: `ε = ${fmt(epsilon, 2)}` }));
    const result = optimalGap(lab, K, epsilon);
    gapChart.set('optimum', ruleLayer(result.gap === null ? [] : [result.gap], 'x'));
    gapChart.render();
    const value = el('strong', { class: 'gap-value', 'data-value': result.gap === null ? 'Infinity' : String(result.gap) },
      result.gap === null ? 'unbounded' : fmt(result.gap, 4));
    if (result.gap === null) {
      const probes = result.probes.map((p) => `${p.gap}: ${p.gradient.toExponential(2)}`).join(', ');
      gapReadout.replaceChildren('Optimal logit gap: ', value,
        `. With hard labels the core's gradient is negative at every gap (at g = ${probes}): the loss always asks for a bigger gap, so training pushes the logits towards infinity.`);
    } else {
      gapReadout.replaceChildren('Optimal logit gap: ', value,
        ` (the zero of the core's gradient, found by bisection). The closed form log((1 − ε + ε/K)/(ε/K)) gives ${fmt(result.closedForm ?? NaN, 4)}, where the core's gradient is ${(result.gradientAtClosedForm ?? NaN).toExponential(1)}. At this gap the softmax gives the true class exactly its target ${fmt(target[0], 4)}.`);
    }
  };

  // ---------- figure 2: live training, side by side ----------
  const trainFigure = new Figure(view.slot('training'), 'training', 'Hard labels against label smoothing, trained live on the same noisy data');
  figures.push(trainFigure);
  let playback: { element: HTMLElement; pause(): void };
  trainFigure.body.append(controlRow(paramControl(store, 'noise', { format: (v) => `${fmt(100 * v, 0)}%` }), paramControl(store, 'epsilon', { format: (v) => fmt(v, 2) }),
    paramControl(store, 'classes'), paramControl(store, 'model', { optionLabels: MODEL_LABELS }), seedControl(store)));
  // The status changes many times a second while training, so it is not a live region; the
  // announcer below speaks once, when a run ends.
  const status = el('p', { class: 'readout training-status' });
  const announcer = el('p', { class: 'visually-hidden training-announcer', role: 'status' });
  const summaryTable = el('table', { class: 'training-summary' });
  const pairs = {
    loss: el('div', { class: 'chart-pair' }), confidence: el('div', { class: 'chart-pair' }),
    norm: el('div', { class: 'chart-pair' }), reliability: el('div', { class: 'chart-pair' }),
  };
  const heading = (text: string) => el('h3', { class: 'figure-subhead' }, text);
  const lossCharts = {} as Record<Side, Chart>, confCharts = {} as Record<Side, Chart>, normCharts = {} as Record<Side, Chart>;
  const diagrams = {} as Record<Side, ReliabilityDiagram>;
  const columns = {} as Record<keyof typeof pairs, Record<Side, HTMLElement>>;
  for (const key of Object.keys(pairs) as Array<keyof typeof pairs>) {
    columns[key] = { hard: el('div', { class: 'pair-column' }), smooth: el('div', { class: 'pair-column' }) };
    pairs[key].append(columns[key].hard, columns[key].smooth);
  }
  for (const side of SIDES) {
    const name = side === 'hard' ? 'hard labels' : 'smoothed labels';
    lossCharts[side] = trainFigure.chart({ title: `Training and test loss, ${name}`, xLabel: 'step', yLabel: 'loss (own objective)', x: [0, TRAIN_STEPS], y: [0, 2], height: 220 }, columns.loss[side]);
    confCharts[side] = trainFigure.chart({ title: `Histogram of the top-class probability on test data, ${name}`, xLabel: 'max softmax probability', yLabel: 'test points', x: [0, 1], y: [0, 10], height: 200 }, columns.confidence[side]);
    normCharts[side] = trainFigure.chart({ title: `Histogram of the logit norm on test data, ${name}`, xLabel: 'logit norm ‖z − mean z‖', yLabel: 'test points', x: [0, 10], y: [0, 10], height: 200 }, columns.norm[side]);
    diagrams[side] = new ReliabilityDiagram(trainFigure, columns.reliability[side], { title: `Reliability diagram on test data, ${name}`, series: SERIES[side], label: side === 'hard' ? 'Hard labels' : 'Smoothed', height: 240, live: false });
  }
  const sideTitles = (key: keyof typeof pairs) => {
    for (const side of SIDES) columns[key][side].prepend(el('p', { class: 'pair-title' }, el('span', { class: `swatch series-${SERIES[side]}`, 'aria-hidden': 'true' }),
      el('strong', {}, side === 'hard' ? 'Hard labels (ε = 0)' : 'Smoothed (ε from the slider)')));
  };
  (Object.keys(pairs) as Array<keyof typeof pairs>).forEach(sideTitles);

  // ---------- training state ----------
  let data: LessonData | undefined;
  let dataKey = '';
  const sessions: Partial<Record<Side, Session>> = {};
  const histories: Record<Side, { train: number[]; test: Point[] }> = { hard: { train: [], test: [] }, smooth: { train: [], test: [] } };
  const lastStep: Partial<Record<Side, StepResult>> = {};
  let snapshots: Partial<Record<Side, Snapshot>> = {};
  let steps = 0;
  let normMax = 1;
  let lossMax = 1;
  let lastRender = 0;

  let runId = 0;  // changes whenever the sessions go away, so deferred work for them is dropped
  const freeSessions = () => {
    runId++;
    for (const side of SIDES) {
      sessions[side]?.free();
      delete sessions[side];
      delete lastStep[side];
    }
  };
  const lessonData = () => {
    const s = st();
    const key = `${s.classes}/${s.noise}/${s.seed}`;
    if (!data || key !== dataKey) {
      data = makeData(lab, { classes: s.classes, noise: s.noise, seed: s.seed });
      dataKey = key;
    }
    return data;
  };

  const resetTraining = () => {
    playback?.pause();
    freeSessions();
    const s = st();
    const d = lessonData();
    for (const side of SIDES) {
      sessions[side] = sessionFor(lab, d, s.model, side === 'hard' ? 0 : s.epsilon, TRAIN_STEPS, s.seed);
      histories[side] = { train: [], test: [] };
    }
    steps = 0;
    normMax = 1;
    lossMax = 1;
    snapshots = {};
    temperatureResult = undefined;
    announcer.textContent = '';
    renderTemperature();
    renderTraining(true);
  };

  // The playback calls trainChunk `speed` times per frame; past ~35 ms of work in one frame the
  // remaining calls return at once, so 16× trains as fast as the page can stay responsive.
  let frameWork = 0, frameArmed = false;
  const trainChunk = (): boolean => {
    if (!frameArmed) {
      frameArmed = true;
      requestAnimationFrame(() => { frameWork = 0; frameArmed = false; });
    }
    if (frameWork > 35) return steps < TRAIN_STEPS;
    const started = performance.now();
    try {
      return trainSteps();
    } finally {
      frameWork += performance.now() - started;
    }
  };
  const trainSteps = (): boolean => {
    if (!sessions.hard || !sessions.smooth) resetTraining();
    if (steps >= TRAIN_STEPS) return false;
    const k = Math.min(STEPS_PER_TICK, TRAIN_STEPS - steps);
    for (const side of SIDES) {
      const r = sessions[side]!.step(k);
      lastStep[side] = r;
      histories[side].train.push(...r.trainLoss);
    }
    steps = Math.max(lastStep.hard!.steps, lastStep.smooth!.steps);
    // A session that stops early (it cannot diverge here, but the core would say so) ends the run.
    const done = steps >= TRAIN_STEPS || !!lastStep.hard!.stopped || !!lastStep.smooth!.stopped;
    if (done || performance.now() - lastRender > 90) renderTraining(false);
    if (done) {
      const h = snapshots.hard, sm = snapshots.smooth;
      if (h && sm) {
        announcer.textContent = `Training finished after ${steps} steps. Mean test confidence ${pct(h.meanConfidence)} with hard labels, ${pct(sm.meanConfidence)} smoothed; ECE ${fmt(h.ece, 3)} and ${fmt(sm.ece, 3)}.`;
      }
      // Temperature scaling of the finished models in a task of its own, so that the last
      // training frame and the fit (~15 ms) never make one long task together.
      const run = runId;
      setTimeout(() => { if (run === runId) runTemperature(); }, 0);
    }
    return !done;
  };

  const renderTraining = (initial: boolean) => {
    lastRender = performance.now();
    const d = lessonData();
    const epsilon = st().epsilon;
    for (const side of SIDES) {
      const session = sessions[side];
      if (!session || session.freed) continue;
      const s = snapshot(lab, session, d.test, d.classes, side === 'hard' ? 0 : epsilon);
      snapshots[side] = s;
      // The test curve is sampled whenever the figures redraw (evaluating it every step would
      // double the cost of training).
      const h = histories[side].test;
      if (!h.length || h[h.length - 1][0] !== steps) h.push([steps, s.objective]);
    }
    if (initial) {
      // The untrained models' loss sets the scale of the curves.
      for (const side of SIDES) {
        const s = snapshots[side];
        if (s) lossMax = Math.max(lossMax, s.objective * 1.1);
      }
    }
    for (const side of SIDES) {
      const s = snapshots[side];
      if (s) for (const v of s.logitNorm) if (Number.isFinite(v)) normMax = Math.max(normMax, v);
      for (const v of [...histories[side].train, ...histories[side].test.map((p) => p[1])]) if (Number.isFinite(v)) lossMax = Math.max(lossMax, v);
    }
    const normDomain: [number, number] = [0, Math.ceil(normMax * 1.05)];
    let confMax = 5, normCountMax = 5;
    for (const side of SIDES) {
      const s = snapshots[side];
      if (!s) continue;
      confMax = Math.max(confMax, histogramMax(Array.from(s.confidence), [0, 1], 20));
      normCountMax = Math.max(normCountMax, histogramMax(Array.from(s.logitNorm), normDomain, 20));
    }
    for (const side of SIDES) {
      const s = snapshots[side];
      const h = histories[side];
      const label = side === 'hard' ? 'hard labels' : 'smoothed';
      lossCharts[side].setDomain(undefined, [0, lossMax]);
      lossCharts[side].set('train', lineLayer(h.train.map((v, i) => [i + 1, v] as Point), { series: SERIES[side], label: `${label}, training loss` }));
      lossCharts[side].set('test', lineLayer(h.test, { series: SERIES[side], label: `${label}, test loss`, dashed: true }));
      lossCharts[side].render();
      if (!s) continue;
      confCharts[side].setDomain(undefined, [0, confMax * 1.1]);
      confCharts[side].set('hist', histogramLayer(Array.from(s.confidence), { series: SERIES[side], label: `${label} confidence`, domain: [0, 1], bins: 20 }));
      confCharts[side].set('mean', ruleLayer([s.meanConfidence], 'x', 'rule hover-rule'));
      confCharts[side].render();
      normCharts[side].setDomain(normDomain, [0, normCountMax * 1.1]);
      normCharts[side].set('hist', histogramLayer(Array.from(s.logitNorm), { series: SERIES[side], label: `${label} logit norm`, domain: normDomain, bins: 20 }));
      normCharts[side].render();
      diagrams[side].update(s.calibration, `(${CALIBRATION_BINS} bins, ${s.confidence.length} test points)`);
    }
    renderSummary();
    renderLiveStory();
  };

  const renderSummary = () => {
    const s = st();
    const rows: Array<[string, string, (side: Side) => number, (v: number) => string]> = [
      ['trainAccuracy', 'Train accuracy', (side) => lastStep[side]?.metrics.accuracy ?? NaN, pct],
      ['testAccuracy', 'Test accuracy', (side) => snapshots[side]?.accuracy ?? NaN, pct],
      ['meanConfidence', 'Mean confidence', (side) => snapshots[side]?.meanConfidence ?? NaN, pct],
      ['ece', 'ECE', (side) => snapshots[side]?.ece ?? NaN, (v) => fmt(v, 3)],
      ['crossEntropy', 'Cross-entropy (ε = 0)', (side) => snapshots[side]?.crossEntropy ?? NaN, (v) => fmt(v, 3)],
      ['meanLogitNorm', 'Mean logit norm', (side) => {
        const norms = snapshots[side]?.logitNorm;
        if (!norms || !norms.length) return NaN;
        let sum = 0;
        for (const v of norms) sum += v;
        return sum / norms.length;
      }, (v) => fmt(v, 2)],
    ];
    summaryTable.replaceChildren(
      el('caption', {}, `After ${steps} of ${TRAIN_STEPS} steps (${MODEL_LABELS[s.model]}, Adam, full batch). All but the first row are measured on 200 held-out test points with the same ${fmt(100 * s.noise, 0)}% label noise.`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), ...SIDES.map((side) => el('th', { scope: 'col' }, side === 'hard' ? 'Hard (ε = 0)' : `Smoothed (ε = ${fmt(s.epsilon, 2)})`)))),
      el('tbody', {}, ...rows.map(([id, label, get, format]) => el('tr', { 'data-metric': id }, el('th', { scope: 'row' }, label),
        ...SIDES.map((side) => {
          const v = get(side);
          return el('td', { 'data-side': side, 'data-metric': id, 'data-value': Number.isFinite(v) ? v : '' }, format(v));
        })))));
    const stopped = SIDES.map((side) => lastStep[side]?.stopped === 'diverged' ? `${sideLabel(side)} diverged: ${lastStep[side]!.stopReason}` : '').filter(Boolean);
    status.dataset.steps = String(steps);
    status.dataset.state = steps >= TRAIN_STEPS || stopped.length ? 'done' : steps > 0 ? 'training' : 'ready';
    status.textContent = `Step ${steps} of ${TRAIN_STEPS}. ${stopped.join(' ')}`;
  };

  playback = playbackControls({ step: trainChunk, reset: resetTraining }, 'Training of both models');
  trainFigure.body.append(playback.element, status, announcer, scrollRegion('Training summary table', summaryTable),
    heading('Loss curves (solid: training, dashed: test)'), pairs.loss,
    heading('How confident is each prediction? (vertical line: the mean)'), pairs.confidence,
    heading('How large are the logits?'), pairs.norm,
    heading('Reliability: does 80% confidence mean 80% correct?'), pairs.reliability,
    el('p', { class: 'legend-note' }, `Orange: hard labels. Blue: smoothed labels. In the reliability diagrams the bars are the accuracy of the test points in each of ${CALIBRATION_BINS} confidence bins, the grey shading is the gap to their mean confidence, and the dashed diagonal is perfect calibration. ECE is the gaps averaged with the bins' sizes as weights.`));

  // ---------- figure 3: framework conventions ----------
  const conventionFigure = new Figure(view.slot('conventions'), 'conventions', 'The same ε, three frameworks, different targets');
  figures.push(conventionFigure);
  const conventionTable = el('table', { class: 'conventions-table' });
  conventionFigure.body.append(scrollRegion('Label smoothing conventions table', conventionTable),
    el('ul', { class: 'convention' },
      el('li', {}, 'PyTorch: ', el('code', {}, 'torch.nn.CrossEntropyLoss(label_smoothing=ε)'), '; Keras ', el('code', {}, 'CategoricalCrossentropy(label_smoothing=ε)'), ' uses the same rule.'),
      el('li', {}, 'Keras binary: ', el('code', {}, 'keras.losses.BinaryCrossentropy(label_smoothing=ε)'), ', which squeezes labels towards 0.5.'),
      el('li', {}, 'TensorFlow binary: ', el('code', {}, 'tf.compat.v1.losses.sigmoid_cross_entropy(label_smoothing=ε)'), ', the same squeeze towards 1/2.'),
      el('li', {}, 'The binary losses smooth each of the K outputs on its own, so their targets need not sum to 1; they equal the PyTorch numbers only when K = 2.')));
  const renderConventions = () => {
    const { classes: K, epsilon } = st();
    const multi = smoothedTarget(lab, K, epsilon);
    // Squeezing a 0/1 label towards 0.5 is the K = 2 case of the same mixture with the uniform
    // distribution, so the core's two-class target gives the binary conventions' numbers.
    const binary = smoothedTarget(lab, 2, epsilon);
    const row = (id: string, framework: string, rule: string, positive: number, negative: number, sum: number) =>
      el('tr', { 'data-convention': id }, el('th', { scope: 'row' }, framework, el('br'), el('span', { class: 'formula-label' }, rule)),
        el('td', { 'data-value': positive }, fmt(positive, 4)), el('td', { 'data-value': negative }, fmt(negative, 4)), el('td', {}, fmt(sum, 2)));
    conventionTable.replaceChildren(
      el('caption', {}, `Targets for label_smoothing = ε = ${fmt(epsilon, 2)} and K = ${K} outputs: for the true class (label y = 1), for each other class (y = 0), and their sum over all ${K} outputs.`),
      el('thead', {}, el('tr', {}, ...['Framework', 'True', 'Other', 'Sum'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {},
        row('pytorch', 'PyTorch', 'y(1 − ε) + ε/K', multi[0], multi[1], multi[0] + (K - 1) * multi[1]),
        row('keras-binary', 'Keras binary', 'y(1 − ε) + ε/2', binary[0], binary[1], binary[0] + (K - 1) * binary[1]),
        row('tf-binary', 'TensorFlow binary', 'y(1 − ε) + ε/2', binary[0], binary[1], binary[0] + (K - 1) * binary[1])));
  };

  // ---------- figure 4: temperature scaling ----------
  const temperatureFigure = new Figure(view.slot('temperature'), 'temperature', 'Temperature scaling fitted on validation data');
  figures.push(temperatureFigure);
  const fitButton = el('button', { type: 'button', class: 'fit-temperature' }, 'Fit a temperature to each model now');
  const temperatureTable = el('table', { class: 'temperature-table' });
  const temperatureNote = el('p', { class: 'readout temperature-note', 'aria-live': 'polite' });
  temperatureFigure.body.append(el('div', { class: 'button-row' }, fitButton), scrollRegion('Temperature scaling table', temperatureTable), temperatureNote);
  let temperatureResult: Partial<Record<Side, TemperatureFit>> | undefined;
  const renderTemperature = () => {
    if (!temperatureResult) {
      temperatureTable.replaceChildren();
      temperatureNote.textContent = 'Not fitted yet: train the models above (the fit runs when training ends), or press the button at any time.';
      return;
    }
    const fits = temperatureResult;
    const shown = SIDES.filter((side) => fits[side]);
    const rows: Array<[string, string, (f: TemperatureFit) => number, (v: number) => string]> = [
      ['temperature', 'Fitted T', (f) => f.temperature, (v) => fmt(v, 3)],
      ['validationBefore', 'Val. CE before', (f) => f.validationLossBefore, (v) => fmt(v, 3)],
      ['validationAfter', 'Val. CE after', (f) => f.validationLossAfter, (v) => fmt(v, 3)],
      ['eceBefore', 'ECE before', (f) => f.before.ece, (v) => fmt(v, 3)],
      ['eceAfter', 'ECE after', (f) => f.after.ece, (v) => fmt(v, 3)],
      ['confidenceBefore', 'Confidence before', (f) => f.before.meanConfidence, pct],
      ['confidenceAfter', 'Confidence after', (f) => f.after.meanConfidence, pct],
      ['accuracyBefore', 'Accuracy before', (f) => f.before.accuracy, pct],
      ['accuracyAfter', 'Accuracy after', (f) => f.after.accuracy, pct],
    ];
    temperatureTable.replaceChildren(
      el('caption', {}, `One temperature T per model (after ${steps} steps), chosen to minimise the cross-entropy (CE) on 200 validation points. ECE, mean confidence and accuracy are measured on the 200 test points. Smoothed: ε = ${fmt(st().epsilon, 2)}.`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), ...shown.map((side) => el('th', { scope: 'col' }, side === 'hard' ? 'Hard' : 'Smoothed')))),
      el('tbody', {}, ...rows.map(([id, label, get, format]) => el('tr', { 'data-metric': id }, el('th', { scope: 'row' }, label),
        ...shown.map((side) => {
          const v = get(fits[side]!);
          return el('td', { 'data-side': side, 'data-metric': id, 'data-value': v }, format(v));
        })))));
    const hard = fits.hard, smooth = fits.smooth;
    temperatureNote.textContent = hard && smooth
      ? `T > 1 softens an over-confident model and T < 1 sharpens an under-confident one. Here the hard-label model wants T = ${fmt(hard.temperature, 2)} and the smoothed one T = ${fmt(smooth.temperature, 2)}. Dividing all logits by the same T never changes which class wins, so accuracy is untouched.`
      : '';
  };
  const runTemperature = () => {
    if (!sessions.hard || !sessions.smooth) resetTraining();
    const d = lessonData();
    temperatureResult = {};
    for (const side of SIDES) {
      const s = sessions[side];
      if (s && !s.freed) temperatureResult[side] = fitTemperature(lab, s, d);
    }
    renderTemperature();
  };
  fitButton.addEventListener('click', runTemperature);

  // ---------- figure 5: loss vs accuracy ----------
  const storyFigure = new Figure(view.slot('story'), 'model-a-b', 'Model A and Model B: the same accuracy, different cross-entropy');
  figures.push(storyFigure);
  const story = modelStory(lab);
  const storyChart = storyFigure.chart({ title: 'Cross-entropy of each of the 10 examples under Model A and Model B', xLabel: 'example', yLabel: 'loss of the example', x: [0.4, 10.6], y: [0, Math.max(...story.flatMap((m) => [...m.perExample])) * 1.1], height: 240 });
  storyChart.set('A', barLayer(Array.from(story[0].perExample, (v, i) => [i + 1 - 0.2, v] as Point), { series: 2, label: 'Model A', width: 0.4 }));
  storyChart.set('B', barLayer(Array.from(story[1].perExample, (v, i) => [i + 1 + 0.2, v] as Point), { series: 5, label: 'Model B', width: 0.4 }));
  storyChart.render();
  const storyTable = el('table', { class: 'story-table' });
  const storyRows: Array<[string, string, (m: (typeof story)[number]) => number, (v: number) => string]> = [
    ['right', 'P(true) when right', (m) => m.trueClassProbability[0], (v) => fmt(v, 2)],
    ['wrong', 'P(true) on example 10', (m) => m.trueClassProbability[9], (v) => fmt(v, 2)],
    ['accuracy', 'Accuracy', (m) => m.accuracy, pct],
    ['crossEntropy', 'Cross-entropy', (m) => m.crossEntropy, (v) => fmt(v, 3)],
    ['ece', 'ECE', (m) => m.ece, (v) => fmt(v, 3)],
  ];
  storyTable.append(
    el('caption', {}, 'Ten examples, labels alternating 0 and 1; example 10 is the one both models get wrong. P(true) is the probability a model gives the true class; cross-entropy is the mean over the ten.'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), ...story.map((m) => el('th', { scope: 'col' }, m.name)))),
    el('tbody', {}, ...storyRows.map(([id, label, get, format]) => el('tr', { 'data-metric': id }, el('th', { scope: 'row' }, label),
      ...story.map((m) => el('td', { 'data-model': m.name, 'data-metric': id, 'data-value': get(m) }, format(get(m))))))));
  const [A, B] = story;
  const storyReason = el('p', { class: 'readout story-reason' },
    `Why: accuracy only asks whether the top class is right, so both score ${pct(A.accuracy)}. Cross-entropy charges −log of the probability given to the true class. `
    + `Model B's one confident mistake alone costs ${fmt(B.perExample[9], 2)} (A's mistake costs ${fmt(A.perExample[9], 2)}), and each of its nine timid right answers costs ${fmt(B.perExample[0], 2)} instead of ${fmt(A.perExample[0], 3)}. `
    + `So B's mean loss is ${fmt(B.crossEntropy, 3)} against A's ${fmt(A.crossEntropy, 3)}.`);
  const liveStory = el('p', { class: 'readout live-story', 'aria-live': 'polite' });
  storyFigure.body.append(el('p', { class: 'legend-note' }, 'Green bars (left of each pair): Model A. Amber bars (right): Model B.'), scrollRegion('Model A and B table', storyTable), storyReason, liveStory);
  const renderLiveStory = () => {
    const h = snapshots.hard, s = snapshots.smooth;
    liveStory.textContent = h && s
      ? `The same thing in the models you trained above (step ${steps}): test accuracy ${pct(h.accuracy)} with hard labels and ${pct(s.accuracy)} smoothed; plain test cross-entropy ${fmt(h.crossEntropy, 3)} and ${fmt(s.crossEntropy, 3)}.`
      : '';
  };

  // ---------- formulas ----------
  const info = lab.lossInfo().find((i) => i.name === 'cross_entropy');
  const formulas = view.slot('formulas');
  if (info) {
    formulas.append(el('div', { class: 'formula-card', 'data-loss': info.name },
      el('h3', {}, 'Cross-entropy with label smoothing'), el('p', {}, info.description),
      el('p', { class: 'formula-label' }, 'Loss of one example with true class c'), mathElement(info.latex, true),
      el('p', { class: 'formula-label' }, 'Its derivative with respect to logit k'), mathElement(info.gradLatex, true),
      el('p', { class: 'convention' }, `Convention: ${info.convention}`)));
  }

  // ---------- wiring ----------
  const scheduleTarget = frameScheduler(() => { renderTarget(); renderConventions(); });
  const scheduleReset = frameScheduler(resetTraining);
  cleanups.push(store.subscribe((_, changed) => {
    if (changed.has('classes') || changed.has('epsilon')) scheduleTarget();
    if (['classes', 'epsilon', 'noise', 'seed', 'model'].some((k) => changed.has(k))) scheduleReset();
  }));
  renderTarget();
  renderConventions();
  resetTraining();

  // A finished live run is exactly what the questions would train (same data, seed and steps),
  // so they reuse it instead of training the pair again.
  const finishedRun = (): PairRun | undefined => {
    const fits = temperatureResult;
    if (steps < TRAIN_STEPS || st().epsilon === 0 || !snapshots.hard || !snapshots.smooth || !fits?.hard || !fits.smooth) return undefined;
    return { hard: { test: snapshots.hard, fit: fits.hard }, smooth: { test: snapshots.smooth, fit: fits.smooth } };
  };
  registerQuestions(view, lab, st, finishedRun);

  return () => {
    playback.pause();
    for (const c of cleanups) c();
    freeSessions();
    for (const figure of figures) for (const chart of figure.charts) chart.destroy();
  };
}

type PairRun = Record<Side, { test: Snapshot; fit: TemperatureFit }>;

function registerQuestions(view: LessonView, lab: LossLab, st: () => State, finishedRun: () => PairRun | undefined): void {
  view.question({
    id: 'gap',
    prompt: 'Predict: with hard labels (ε = 0) and K = 10 classes, how large should the gap between the true logit and the others be for the loss of one training example to be as small as possible?',
    options: [
      { id: 'small', label: 'About 2: a clear but modest lead' },
      { id: 'finite', label: 'About 5: large, but a definite number' },
      { id: 'unbounded', label: 'There is no best gap: bigger is always better' },
    ],
    run() {
      const r = optimalGap(lab, 10, 0);
      const smooth = optimalGap(lab, 10, 0.1);
      const correct = r.gap === null ? 'unbounded' : r.gap < 3.5 ? 'small' : 'finite';
      return {
        correct,
        observed: `The core's gradient with respect to the gap at g = ${r.probes.map((p) => `${p.gap}: ${p.gradient.toExponential(2)}`).join(', ')}: ${r.gap === null ? 'never zero' : `zero at ${fmt(r.gap, 3)}`}. With ε = 0.1 it is zero at g = ${fmt(smooth.gap ?? NaN, 3)}.`,
        explanation: 'With a one-hot target the loss is −log p of the true class, and p only reaches 1 as the gap goes to infinity, so the gradient always points to a larger gap (it just gets tiny). Smoothing asks for p = 1 − ε + ε/K instead, which a finite gap reaches exactly; beyond it the loss rises again.',
      };
    },
  });

  let pairCache: { key: string; result: PairRun } | undefined;
  const pair = () => {
    const s = st();
    const epsilon = s.epsilon > 0 ? s.epsilon : 0.1;
    const key = JSON.stringify({ ...s, epsilon });
    const live = finishedRun();
    if (live) pairCache = { key, result: live };
    if (!pairCache || pairCache.key !== key) {
      const data = makeData(lab, { classes: s.classes, noise: s.noise, seed: s.seed });
      pairCache = { key, result: trainPair(lab, data, s.model, epsilon, TRAIN_STEPS, s.seed) };
    }
    return { ...pairCache.result, epsilon, noise: s.noise };
  };

  view.question({
    id: 'confidence',
    prompt: `Predict: train both models for ${TRAIN_STEPS} steps on the current data. Which one is more confident on average on the test points, and which one is better calibrated (lower ECE)?`,
    options: [
      { id: 'hard-hard', label: 'Hard labels: more confident and better calibrated' },
      { id: 'hard-smooth', label: 'Hard labels are more confident; smoothed labels are better calibrated' },
      { id: 'smooth-hard', label: 'Smoothed labels are more confident; hard labels are better calibrated' },
      { id: 'smooth-smooth', label: 'Smoothed labels: more confident and better calibrated' },
    ],
    run() {
      const r = pair();
      const moreConfident = r.hard.test.meanConfidence >= r.smooth.test.meanConfidence ? 'hard' : 'smooth';
      const betterCalibrated = r.hard.test.ece <= r.smooth.test.ece ? 'hard' : 'smooth';
      return {
        correct: `${moreConfident}-${betterCalibrated}`,
        observed: `After ${TRAIN_STEPS} steps with ${fmt(100 * r.noise, 0)}% label noise: mean confidence ${pct(r.hard.test.meanConfidence)} (hard) against ${pct(r.smooth.test.meanConfidence)} (ε = ${fmt(r.epsilon, 2)}); ECE ${fmt(r.hard.test.ece, 3)} against ${fmt(r.smooth.test.ece, 3)}; test accuracy ${pct(r.hard.test.accuracy)} against ${pct(r.smooth.test.accuracy)}.`,
        explanation: 'Hard targets reward every extra bit of confidence on the training points, including the mislabelled ones the network memorises, so it ends up surer than it is right on new data. The smoothed target caps what the loss asks for, which keeps the logits smaller and the confidence closer to the real accuracy. How big the difference is depends on ε, the noise and how long you train: a large ε can overshoot and make the model under-confident.',
      };
    },
  });

  view.question({
    id: 'story',
    prompt: 'Predict: Model A and Model B both classify 9 of 10 examples correctly. A is 99% sure when right and 55% sure of the wrong class on its mistake; B is 51% sure when right and 95% sure of the wrong class on its mistake. Which has the lower cross-entropy?',
    options: [{ id: 'A', label: 'Model A' }, { id: 'B', label: 'Model B' }, { id: 'same', label: 'The same: they have the same accuracy' }],
    run() {
      const [A, B] = modelStory(lab);
      const same = Math.abs(A.crossEntropy - B.crossEntropy) < 1e-9;
      return {
        correct: same ? 'same' : A.crossEntropy < B.crossEntropy ? 'A' : 'B',
        observed: `Accuracy ${pct(A.accuracy)} and ${pct(B.accuracy)}; mean cross-entropy ${fmt(A.crossEntropy, 3)} (A) and ${fmt(B.crossEntropy, 3)} (B).`,
        explanation: 'Accuracy counts only which class wins. Cross-entropy looks at the probability given to the true class: B pays a lot for its confident mistake and a little for each timid success, A pays almost nothing when right and a moderate amount for its one hesitant mistake.',
      };
    },
  });

  view.question({
    id: 'temperature',
    prompt: 'Predict: after training, we fit one temperature T to the hard-label model on validation data (its logits are divided by T). What comes out?',
    options: [
      { id: 'above', label: 'T above 1.05: the model is softened' },
      { id: 'one', label: 'T between 0.95 and 1.05: it was already calibrated' },
      { id: 'below', label: 'T below 0.95: the model is sharpened' },
    ],
    run() {
      const r = pair();
      const T = r.hard.fit.temperature;
      return {
        correct: T > 1.05 ? 'above' : T < 0.95 ? 'below' : 'one',
        observed: `Fitted T = ${fmt(T, 3)} for the hard-label model (ε = ${fmt(r.epsilon, 2)} model: T = ${fmt(r.smooth.fit.temperature, 3)}). Test ECE ${fmt(r.hard.fit.before.ece, 3)} → ${fmt(r.hard.fit.after.ece, 3)}.`,
        explanation: 'An over-confident model has logits that are too large; dividing them by T > 1 shrinks them and pulls its confidence down towards its accuracy. Because the same T divides every logit, the winning class never changes: temperature scaling fixes calibration without touching accuracy.',
      };
    },
  });
}
