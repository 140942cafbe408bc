/**
 * "Hard labels against label smoothing, trained live on the same noisy data": two identical
 * networks that differ only in their target, trained in the engine's worker; the frames (loss
 * curves, confidence and logit-norm histograms, reliability diagrams, a summary table) play back.
 */
import { el, fmt, pct, scrollRegion } from '../../../ui/dom';
import type { Chart, Extent, Layer } from '../../../ui/chart';
import { binsLayer, lineLayer, ruleLayer, type Point } from '../../../ui/layers';
import { controlRow, inactiveWhile, seedControl } from '../../../ui/controls';
import { ReliabilityDiagram } from '../../../ui/reliability';
import { defineFigure } from '../../framework/figure';
import { CALIBRATION_BINS } from '../data';
import { axisTop, earlyStop, trainFrames, type TrainingFrame, type TrainingRun } from '../frames';
import { pairSettings, SIDES, type Side } from '../pair';
import { MAX_CLASSES, MODEL_LABELS, SERIES, STEPS_PER_FRAME, TRAIN_STEPS, type LessonState } from '../params';
import { summaryRows } from './training-summary';
import { pairCode } from '../code';
import { headlines } from '../../shared/code-classifier';
import { ownData, ownDataPanel } from '../../shared/own-data';

const PAIRS = ['loss', 'confidence', 'norm', 'reliability'] as const;
const NAME: Record<Side, string> = { hard: 'hard labels', smooth: 'smoothed labels' };

/** A histogram's count axis, with 10% headroom. */
const countTop = (count: number) => axisTop(count * 1.1);

/** Sets a chart's domain and layers (Chart.render() redraws the axes only when the domain moved). */
function paint(chart: Chart, layers: Record<string, Layer>, x?: Extent, y?: Extent): void {
  chart.setDomain(x, y);
  for (const [name, layer] of Object.entries(layers)) chart.set(name, layer);
  chart.render();
}

export default defineFigure<LessonState>()({
  name: 'training',
  exportName: 'training',
  caption: 'Hard labels against label smoothing, trained live on the same noisy data',
  deps: ['classes', 'epsilon', 'noise', 'seed', 'model', 'owndata'],
  compute: (s, engine, context): Promise<TrainingRun> => trainFrames(engine, pairSettings(s), context),
  playback: {
    label: 'Training of both models',
    frames: (run) => run.frames.length,
    start: 'first',
    param: 'trainingFrame',
    describe: (run, frame) => `Step ${run.frames[frame]?.step ?? 0} of ${TRAIN_STEPS}`,
  },
  async code(run, state, engine) {
    // The frame on show (the playback's position): both models after that many steps, and the
    // early-stopping checkpoint among the frames up to it.
    const index = Math.max(0, Math.min(run.frames.length - 1, state.trainingFrame));
    const frame = run.frames[index];
    if (!frame) throw new Error('the models have not trained yet');
    for (const side of SIDES) if (frame[side].stopped) throw new Error(`the ${side} model diverged (${frame[side].stopped}): there is no run to reproduce`);
    const { spec, runs } = await pairCode(engine, run, frame.step, (side) => {
      const f = frame[side], stop = run.frames[earlyStop(run.frames, index, side)];
      return {
        checkpointEvery: STEPS_PER_FRAME,
        expect: headlines({
          'final loss': frame.step > 0 ? run.trainLoss[side][frame.step - 1] : undefined,
          'train accuracy': f.trainAccuracy, 'test accuracy': f.accuracy, 'mean confidence': f.meanConfidence, ece: f.ece,
          'cross entropy': f.crossEntropy, 'mean logit norm': f.meanLogitNorm, 'validation cross entropy': f.validationLoss,
          'best checkpoint step': stop.step, 'checkpoint ece': stop[side].ece, 'checkpoint test accuracy': stop[side].accuracy, 'checkpoint cross entropy': stop[side].crossEntropy,
        }),
      };
    });
    return { title: `Hard labels against label smoothing (ε = ${run.epsilon}), after ${frame.step} of ${TRAIN_STEPS} steps`, source: 'label-smoothing/training', ...spec, runs };
  },
  setup(host) {
    // The learner's own rows bring their own labels: no noise is added and K is the file's.
    const noise = host.control('noise', { format: (v) => `${fmt(100 * v, 0)}%` }), classes = host.control('classes');
    for (const control of [noise, classes]) {
      host.onCleanup(inactiveWhile(control, host.local, () => ownData(host.local.get('owndata')) !== undefined, 'Not used with your own data'));
    }
    host.body.append(controlRow(noise, host.control('epsilon', { format: (v) => fmt(v, 2) }),
      classes, host.control('model', { optionLabels: MODEL_LABELS }), seedControl(host.store)));
    // A new run starts on its first frame (the framework pauses playback on a new result; the
    // frame lives in the state, so going back to step 0 is ours to do).
    const bar = host.playback();
    // The learner's own CSV (two features, labels 0 … K − 1): a new file starts the pair at step 0
    // and drops a temperature fitted on the old data.
    host.body.append(ownDataPanel({
      slug: host.workKey, store: host.store, local: host.local, key: 'owndata', yKind: 'class', maxClasses: MAX_CLASSES, features: 2, notice: host.notice,
      onReplace: () => host.local.set({ trainingFrame: 0, fitStep: null }),
    }));
    host.body.lastElementChild?.append(el('p', { class: 'legend-note' }, 'Rows are dealt out in turn: row 1 trains, row 2 is validation (the temperature, early stopping), row 3 is test, row 4 trains, and so on. K is the largest label + 1; the noise and K sliders then do not apply (the labels are the file\u2019s).'));
    host.onCleanup(host.store.subscribe((_, changed) => {
      if (['classes', 'epsilon', 'noise', 'seed', 'model'].some((k) => changed.has(k))) host.local.set({ trainingFrame: 0 });
    }));
    // The status changes many times a second while training, so it is not a live region; the
    // announcer below speaks once, when a run ends.
    const status = el('p', { class: 'readout training-status' });
    const announcer = el('p', { class: 'visually-hidden training-announcer', role: 'status' });
    const summary = el('table', { class: 'training-summary' });
    const columns = {} as Record<(typeof PAIRS)[number], Record<Side, HTMLElement>>;
    const pairs = PAIRS.map((key) => {
      columns[key] = { hard: el('div', { class: 'pair-column' }), smooth: el('div', { class: 'pair-column' }) };
      for (const side of SIDES) columns[key][side].append(el('p', { class: 'pair-title' }, el('span', { class: `swatch series-${SERIES[side]}`, 'aria-hidden': 'true' }),
        el('strong', {}, side === 'hard' ? 'Hard labels (ε = 0)' : 'Smoothed (ε from the slider)')));
      return el('div', { class: 'chart-pair' }, columns[key].hard, columns[key].smooth);
    });
    const heading = (text: string) => el('h3', { class: 'figure-subhead' }, text);
    host.body.append(bar, status, announcer, scrollRegion('Training summary table', summary),
      heading('Loss curves (solid: training, dashed: test; vertical line: where early stopping would stop)'), pairs[0],
      heading('How confident is each prediction? (vertical line: the mean)'), pairs[1],
      heading('How large are the logits?'), pairs[2],
      heading('Reliability: does 80% confidence mean 80% correct?'), pairs[3],
      el('p', { class: 'legend-note' }, `Orange: hard labels. Blue: smoothed labels. In the reliability diagrams the bars are the accuracy of the test points in each of ${CALIBRATION_BINS} confidence bins, the shaded band (grey above a bar, a darker strip inside it) is the gap to their mean confidence, and the dashed diagonal is perfect calibration. The line with dots joins each bin's point (mean confidence, accuracy): where it runs below the diagonal the model claims more than it delivers. ECE is the gaps averaged with the bins' sizes as weights.`));
    const charts = (make: (side: Side) => Chart) => ({ hard: make('hard'), smooth: make('smooth') });
    const loss = charts((side) => host.chart({ title: `Training and test loss, ${NAME[side]}`, xLabel: 'step', yLabel: 'loss (own objective)', x: [0, TRAIN_STEPS], y: [0, 2], height: 220 }, columns.loss[side]));
    const confidence = charts((side) => host.chart({ title: `Histogram of the top-class probability on test data, ${NAME[side]}`, xLabel: 'max softmax probability', yLabel: 'test points', x: [0, 1], y: [0, 10], height: 200 }, columns.confidence[side]));
    const norm = charts((side) => host.chart({ title: `Histogram of the logit norm on test data, ${NAME[side]}`, xLabel: 'logit norm ‖z − mean z‖', yLabel: 'test points', x: [0, 10], y: [0, 10], height: 200 }, columns.norm[side]));
    const diagrams = {
      hard: new ReliabilityDiagram(host.figure, columns.reliability.hard, { title: `Reliability diagram on test data, ${NAME.hard}`, series: SERIES.hard, label: 'Hard labels', height: 240, live: false }),
      smooth: new ReliabilityDiagram(host.figure, columns.reliability.smooth, { title: `Reliability diagram on test data, ${NAME.smooth}`, series: SERIES.smooth, label: 'Smoothed', height: 240, live: false }),
    };
    return { status, announcer, summary, loss, confidence, norm, diagrams, shown: null as TrainingFrame | null };
  },
  draw(run, h, _state, index) {
    const frame = run.frames[index];
    // Streamed frames arrive many times a second; the picture changes only with the frame shown.
    if (!frame || frame === h.shown) return;
    h.shown = frame;
    const { step } = frame;
    const normDomain: [number, number] = [0, frame.normTop];
    const confMax = Math.max(5, frame.confidenceCountMax), normCountMax = Math.max(5, frame.normCountMax);
    for (const side of SIDES) {
      const s = frame[side];
      const label = side === 'hard' ? 'hard labels' : 'smoothed';
      paint(h.loss[side], {
        train: lineLayer(run.trainLoss[side].slice(0, step).map((v, i) => [i + 1, v] as Point), { series: SERIES[side], label: `${label}, training loss` }),
        test: lineLayer(run.testLoss[side].slice(0, index + 1), { series: SERIES[side], label: `${label}, test loss`, dashed: true }),
        stop: ruleLayer(index > 0 ? [run.frames[earlyStop(run.frames, index, side)].step] : [], 'x'),
      }, undefined, [0, frame.lossMax]);
      paint(h.confidence[side], {
        hist: binsLayer(s.confidenceBins, { series: SERIES[side], label: `${label} confidence` }),
        mean: ruleLayer([s.meanConfidence], 'x', 'rule hover-rule'),
      }, undefined, [0, countTop(confMax)]);
      paint(h.norm[side], {
        hist: binsLayer(s.normBins, { series: SERIES[side], label: `${label} logit norm` }),
      }, normDomain, [0, countTop(normCountMax)]);
      h.diagrams[side].update(s.calibration, `(${CALIBRATION_BINS} bins, ${s.confidence.length} test points)`);
    }
    h.summary.replaceChildren(...summaryRows(run, index));
    const stopped = SIDES.map((side) => frame[side].stopped ? `${side === 'hard' ? 'Hard labels (ε = 0)' : `Smoothed (ε = ${fmt(run.epsilon, 2)})`} diverged: ${frame[side].stopped}` : '').filter(Boolean);
    h.status.dataset.steps = String(step);
    h.status.dataset.state = frame.done ? 'done' : step > 0 ? 'training' : 'ready';
    // The playback bar already reads "Step n of 300"; this line carries the state for tests and
    // says when a model stopped early.
    h.status.textContent = stopped.join(' ');
    h.status.hidden = !stopped.length;
    const announcement = frame.done
      ? `Training finished after ${step} steps. Mean test confidence ${pct(frame.hard.meanConfidence)} with hard labels, ${pct(frame.smooth.meanConfidence)} smoothed; ECE ${fmt(frame.hard.ece, 3)} and ${fmt(frame.smooth.ece, 3)}.`
      : '';
    if (h.announcer.textContent !== announcement) h.announcer.textContent = announcement;
  },
});
