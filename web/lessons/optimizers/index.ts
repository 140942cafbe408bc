/**
 * Lesson "SGD vs Adam: how optimizers move": SGD, momentum, Nesterov, RMSprop, Adagrad, Adam and
 * AdamW race on 2-D surfaces; the learner looks inside each update, edits the learning-rate
 * schedule, adds mini-batch noise, sweeps learning rates for a fair comparison and trains a real
 * MLP three ways. Shape as in the pilot lesson: meta + text.md + params.ts + mount.ts + preview.
 */
import type { LossLab } from 'loss-lab';
import type { Lesson } from '../types';
import { Chart } from '../../ui/chart';
import { levelContourLayer, logLevels, pathLayer } from '../../ui/trajectory';
import { optimizeOptions, surfaceInfo } from './compute';
import { mountOptimizers } from './mount';
import { params, RACER_LABELS, RACER_SERIES } from './params';
import { presetSettings } from './questions';
import text from './text.md?raw';

/** The home card: SGD and Adam from the same start on the κ = 50 bowl, run live. */
function preview(target: HTMLElement, lab: LossLab): void {
  const s = presetSettings();
  const info = surfaceInfo(lab, 'quadratic');
  const grid = lab.surfaceGrid({ surface: 'quadratic', surfaceParams: { kappa: s.kappa, angle: s.angle }, nx: 60, ny: 60 });
  let hi = 0;
  for (const v of grid.values) hi = Math.max(hi, v);
  const chart = new Chart(target, { title: 'Preview: SGD and Adam racing down an elongated bowl', xLabel: 'x', yLabel: 'y', x: [info.view.xmin, info.view.xmax], y: [info.view.ymin, info.view.ymax], height: 220 });
  chart.set('surface', levelContourLayer(grid, logLevels(hi * 1e-5, hi, 12), { offset: -1e-9, label: 'quadratic' }));
  for (const racer of ['sgd', 'adam'] as const) {
    const r = lab.optimize(optimizeOptions(racer, s));
    chart.set(racer, pathLayer(r.path, r.path.length / 2, { series: RACER_SERIES[racer], label: RACER_LABELS[racer] }));
  }
  chart.render();
}

const lesson: Lesson = {
  meta: {
    slug: 'optimizers',
    title: 'SGD vs Adam: how optimizers move',
    promise: 'Race seven optimizers across a loss surface, look inside each update, and find out what momentum, adaptive steps, bias correction and schedules each buy you, and when a learning rate blows up.',
    minutes: 35,
  },
  text,
  params,
  mount: mountOptimizers,
  preview,
};

export default lesson;
