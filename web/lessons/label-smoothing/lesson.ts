/**
 * Lesson "Label smoothing and calibration": why hard targets push logits towards infinity, what
 * the smoothed target 1 − ε + ε/K changes, how to read a reliability diagram and ECE, temperature
 * scaling (and when it over-corrects), how much of an ECE is noise, and why accuracy and
 * cross-entropy can disagree. Figures in the order of text.md.
 */
import type { AsyncLossLab } from 'loss-lab';
import { Chart } from '../../ui/chart';
import { el } from '../../ui/dom';
import { lineLayer, ruleLayer, type Point } from '../../ui/layers';
import { mathElement } from '../../ui/math';
import { defineLesson } from '../framework/lesson';
import { lossAlongGap, optimalGap } from './gaps';
import { params, SERIES, type LessonState } from './params';
import { questions } from './questions';
import target from './figures/target';
import training from './figures/training';
import conventions from './figures/conventions';
import temperature from './figures/temperature';
import story from './figures/story';
import noise from './figures/noise';
import text from './text.md?raw';

/** The home card: the loss of one example against its logit gap, hard and smoothed (K = 5). */
async function preview(host: HTMLElement, engine: AsyncLossLab): Promise<void> {
  const gaps = Array.from({ length: 81 }, (_, i) => i * 0.125);
  const [hard, smooth, best] = await Promise.all([lossAlongGap(engine, gaps, 5, 0), lossAlongGap(engine, gaps, 5, 0.1), optimalGap(engine, 5, 0.1)]);
  const chart = new Chart(host, { title: 'Preview: loss against the logit gap, hard labels and ε = 0.1', xLabel: 'logit gap', yLabel: 'loss', x: [0, 10], y: [0, Math.max(...hard, ...smooth) * 1.05], height: 200 });
  chart.set('hard', lineLayer(gaps.map((g, i) => [g, hard[i]] as Point), { series: SERIES.hard, label: 'hard labels', dashed: true }));
  chart.set('smooth', lineLayer(gaps.map((g, i) => [g, smooth[i]] as Point), { series: SERIES.smooth, label: 'ε = 0.1' }));
  chart.set('best', ruleLayer(best.gap === null ? [] : [best.gap], 'x'));
  chart.render();
}

/** The `::: slot formulas` card: the loss the core trains with, as its registry describes it. */
function formulaCard(target: HTMLElement, engine: AsyncLossLab): void {
  const info = engine.losses.find((i) => i.name === 'cross_entropy');
  if (info) target.append(el('div', { class: 'formula-card', 'data-loss': info.name },
    el('h3', {}, 'Cross-entropy with label smoothing'), el('p', {}, info.description),
    el('p', { class: 'formula-label' }, 'Loss of one example with true class c'), mathElement(info.latex, true),
    el('p', { class: 'formula-label' }, 'Its derivative with respect to logit k'), mathElement(info.gradLatex, true),
    el('p', { class: 'convention' }, `Convention: ${info.convention}`)));
}

const lesson = defineLesson<LessonState>({
  meta: {
    slug: 'label-smoothing',
    title: 'Label smoothing and calibration',
    promise: 'Slide ε and watch two networks train on noisy labels: see why hard targets breed over-confidence, read a reliability diagram, and check whether a temperature helps or over-corrects.',
    minutes: 35,
  },
  text,
  params,
  local: { trainingFrame: 0, fitStep: null, owndata: null },
  figures: [target, story, training, noise, conventions, temperature],
  questions,
  // The formulas are a slot of the text, not a figure: no computation, no export.
  slots: { formulas: formulaCard },
  preview,
});

export default lesson;
