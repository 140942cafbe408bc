/**
 * Lesson "Focal loss and class imbalance": why BCE's low recall on a rare class is the 0.5
 * threshold and not the loss (BCE is a proper scoring rule), what the (1 − p_t)^γ factor and α
 * each do to the loss and to the gradient, how focal compares with tuned-threshold BCE (with
 * bootstrap intervals), and why focal outputs are not probabilities.
 * Figures and questions in the order of text.md.
 */
import type { AsyncLossLab } from 'loss-lab';
import { Chart } from '../../ui/chart';
import { lineLayer, type Point } from '../../ui/layers';
import { defineLesson } from '../framework/lesson';
import alpha from './figures/alpha';
import factor from './figures/factor';
import prior from './figures/prior';
import training from './figures/training';
import where from './figures/where';
import { formulas } from './formulas';
import type { LessonState } from './model';
import { FACTOR_GAMMAS, GAMMA_SERIES, params } from './params';
import { questions } from './questions';
import text from './text.md?raw';

/** The home card: focal loss against p_t for the five γ of the lesson, computed by the core. */
async function preview(target: HTMLElement, engine: AsyncLossLab): Promise<void> {
  const pt = Array.from({ length: 99 }, (_, i) => 0.01 + i * 0.01);
  const logits = pt.map((p) => Math.log(p / (1 - p)));
  const ones = pt.map(() => 1);
  const curves = await Promise.all(FACTOR_GAMMAS.map((gamma) => engine.loss('focal', logits, ones, { params: { gamma, alpha: -1 }, reduction: 'none' })));
  const chart = new Chart(target, { title: 'Preview: focal loss against p_t for γ = 0, 0.5, 1, 2 and 5', xLabel: 'p_t', yLabel: 'loss', x: [0, 1], y: [0, 3], height: 200 });
  FACTOR_GAMMAS.forEach((gamma, k) => {
    const values = curves[k].value as Float64Array;
    chart.set(`g${gamma}`, lineLayer(pt.map((p, i) => [p, values[i]] as Point), { series: GAMMA_SERIES[gamma], label: `γ = ${gamma}` }));
  });
  chart.render();
}

export default defineLesson<LessonState>({
  meta: {
    slug: 'focal-loss',
    title: 'Focal loss and class imbalance',
    promise: 'Train BCE and focal loss side by side at 1:100: see why accuracy lies, why BCE’s low recall is a threshold and not a blind spot, what γ and α really do, and why focal outputs are not probabilities.',
    minutes: 30,
  },
  text,
  params,
  local: { trainFrame: 0, owndata: null },
  figures: [factor, training, where, alpha, prior],
  questions,
  slots: { formulas },
  preview,
});
