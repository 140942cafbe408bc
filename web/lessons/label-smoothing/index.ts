/**
 * Lesson "Label smoothing and calibration": why hard targets push logits towards infinity, what
 * the smoothed target 1 − ε + ε/K changes, how to read a reliability diagram and ECE, temperature
 * scaling, and why accuracy and cross-entropy can disagree. Same shape as the pilot lesson:
 * meta + text.md + params.ts + mount.ts (+ experiments.ts, the engine-driven computations).
 */
import type { LossLab } from 'loss-lab';
import type { Lesson } from '../types';
import { Chart } from '../../ui/chart';
import { lineLayer, ruleLayer, type Point } from '../../ui/layers';
import { lossAlongGap, optimalGap } from './experiments';
import { mountLabelSmoothing } from './mount';
import { params, SERIES } from './params';
import text from './text.md?raw';

/** The home card: the loss of one example against its logit gap, hard and smoothed (K = 5). */
function preview(target: HTMLElement, lab: LossLab): void {
  const gaps = Array.from({ length: 81 }, (_, i) => i * 0.125);
  const hard = lossAlongGap(lab, gaps, 5, 0);
  const smooth = lossAlongGap(lab, gaps, 5, 0.1);
  const chart = new Chart(target, { title: 'Preview: loss against the logit gap, hard labels and ε = 0.1', xLabel: 'logit gap', yLabel: 'loss', x: [0, 10], y: [0, Math.max(...hard, ...smooth) * 1.05], height: 200 });
  chart.set('hard', lineLayer(gaps.map((g, i) => [g, hard[i]] as Point), { series: SERIES.hard, label: 'hard labels', dashed: true }));
  chart.set('smooth', lineLayer(gaps.map((g, i) => [g, smooth[i]] as Point), { series: SERIES.smooth, label: 'ε = 0.1' }));
  const best = optimalGap(lab, 5, 0.1).gap;
  chart.set('best', ruleLayer(best === null ? [] : [best], 'x'));
  chart.render();
}

const lesson: Lesson = {
  meta: {
    slug: 'label-smoothing',
    title: 'Label smoothing and calibration',
    promise: 'Slide ε and watch two networks train on noisy labels: see why hard targets breed over-confidence, read a reliability diagram, and fix calibration with a temperature.',
    minutes: 25,
  },
  text,
  params,
  mount: mountLabelSmoothing,
  preview,
};

export default lesson;
