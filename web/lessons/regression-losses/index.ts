/**
 * Lesson 1, "Choosing a regression loss": MSE, MAE, Huber, log-cosh, quantile and Tweedie on
 * the same data, with outliers the learner can drag. The pilot lesson: later lessons copy this
 * folder's shape (meta + text.md + params.ts + mount.ts + preview).
 */
import type { LossLab } from 'loss-lab';
import type { Lesson } from '../types';
import { Chart } from '../../ui/chart';
import { lineLayer, scatterLayer, type Point } from '../../ui/layers';
import { fitLine } from '../shared/fit';
import { makeDataset } from '../shared/data';
import { mountRegressionLosses } from './mount';
import { LOSS_SERIES, params } from './params';
import text from './text.md?raw';

/** The home card: the reference data with its MSE and Huber lines, fitted live. */
function preview(target: HTMLElement, lab: LossLab): void {
  const d = makeDataset(lab, 'linear', { n: 200, seed: 1, slope: 3, noise: 0.5, outliers: 10, outlier_shift: 50 });
  const chart = new Chart(target, { title: 'Preview: MSE and Huber lines on data with outliers', xLabel: 'x', yLabel: 'y', x: [-3.5, 3.5], y: [-15, 60], height: 200 });
  chart.set('points', scatterLayer(Array.from(d.x, (x, i) => [x, d.y[i]] as Point), { series: 0, label: 'data', radius: 2 }));
  for (const loss of ['mse', 'huber'] as const) {
    const fit = fitLine(lab, { loss, x: d.x, y: d.y });
    chart.set(loss, lineLayer([-3.5, 3.5].map((x) => [x, fit.slope * x + fit.intercept] as Point), { series: LOSS_SERIES[loss], label: loss }));
  }
  chart.render();
}

const lesson: Lesson = {
  meta: {
    slug: 'regression-losses',
    title: 'Choosing a regression loss',
    promise: 'Drag outliers, slide δ and τ, and see why MSE, MAE, Huber, quantile and Tweedie give different answers on the same data.',
    minutes: 25,
  },
  text,
  params,
  mount: mountRegressionLosses,
  preview,
};

export default lesson;
