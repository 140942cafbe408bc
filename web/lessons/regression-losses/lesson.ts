/**
 * Lesson 1, "Choosing a regression loss": MSE, MAE, Huber, log-cosh, quantile and Tweedie on
 * the same data, with outliers the learner can drag. Its table of contents:
 *   figures/fits.ts     the lines each loss fits, the data editor, the training animation
 *   figures/leverage.ts the slopes after one point at (X, 0), X up to 200: breakdown
 *   figures/pull.ts     loss and pull against the residual, and every point's pull
 *   figures/band.ts     quantile lines and the band's coverage
 *   figures/tweedie.ts  squared error against Tweedie on zero-inflated data
 *   formulas.ts         the formulas, from the core's loss registry
 *   questions.ts        leverage, δ, coverage, Tweedie
 * and the modules the figures share:
 *   data.ts             the seeded points and the learner's edits applied to them
 *   fitting.ts          the fitted lines, the robust σ̂ and the pull balance (no DOM)
 *   experiments.ts      the engine work behind the quantile band and the Tweedie figures
 *   edits.ts, marks.ts  the data editor's handlers; line dashes and labels
 */
import type { AsyncLossLab } from 'loss-lab';
import { Chart } from '../../ui/chart';
import { lineLayer, scatterLayer, type Point } from '../../ui/layers';
import { defineLesson } from '../framework/lesson';
import { fitLine } from '../shared/fit';
import { generated } from './data';
import band from './figures/band';
import fits from './figures/fits';
import leverage from './figures/leverage';
import pull from './figures/pull';
import tweedie from './figures/tweedie';
import { formulas } from './formulas';
import { LOSS_SERIES, params, type State } from './params';
import { questions } from './questions';
import text from './text.md?raw';

/** The home card: the reference data with its MSE and Huber lines, fitted live. */
async function preview(target: HTMLElement, engine: AsyncLossLab): Promise<void> {
  const d = await generated(engine, 1, 10);
  const lines = await Promise.all((['mse', 'huber'] as const).map((loss) => fitLine(engine, { loss, x: d.x, y: d.y })));
  const chart = new Chart(target, { title: 'Preview: MSE and Huber lines on data with outliers', xLabel: 'x', yLabel: 'y', x: [-3.5, 3.5], y: [-15, 60], height: 200 });
  chart.set('points', scatterLayer(Array.from(d.x, (x, i) => [x, d.y[i]] as Point), { series: 0, label: 'data', radius: 2 }));
  (['mse', 'huber'] as const).forEach((loss, i) => {
    chart.set(loss, lineLayer([-3.5, 3.5].map((x) => [x, lines[i].slope * x + lines[i].intercept] as Point), { series: LOSS_SERIES[loss], label: loss }));
  });
  chart.render();
}

export default defineLesson<State>({
  meta: {
    slug: 'regression-losses',
    title: 'Choosing a regression loss',
    promise: 'Drag outliers, slide δ and τ, and see why MSE, MAE, Huber, quantile and Tweedie give different answers on the same data.',
    minutes: 25,
  },
  text,
  params,
  local: { hovered: null, owndata: null },
  figures: [fits, leverage, pull, band, tweedie],
  slots: { formulas },
  questions,
  preview,
});
