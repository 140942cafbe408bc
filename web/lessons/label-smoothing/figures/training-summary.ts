/** The training figure's summary table at one frame: accuracy, confidence, ECE, CE and logit size per model. */
import { el, fmt, pct } from '../../../ui/dom';
import { earlyStop, type TrainingRun } from '../frames';
import { SIDES, type Side } from '../pair';
import { MODEL_LABELS, TRAIN_STEPS } from '../params';

/** A share as a percentage; a value not measured at this frame (train accuracy at step 0) is a dash alone. */

export function summaryRows(run: TrainingRun, index: number): HTMLElement[] {
  const frame = run.frames[index];
  const stop = { hard: run.frames[earlyStop(run.frames, index, 'hard')], smooth: run.frames[earlyStop(run.frames, index, 'smooth')] };
  const rows: Array<[string, string, (side: Side) => number, (v: number) => string]> = [
    ['trainAccuracy', 'Train accuracy', (side) => frame[side].trainAccuracy, pct],
    ['testAccuracy', 'Test accuracy', (side) => frame[side].accuracy, pct],
    ['meanConfidence', 'Mean confidence', (side) => frame[side].meanConfidence, pct],
    ['ece', 'ECE', (side) => frame[side].ece, (v) => fmt(v, 3)],
    ['crossEntropy', 'Cross-entropy (ε = 0)', (side) => frame[side].crossEntropy, (v) => fmt(v, 3)],
    ['meanLogitNorm', 'Mean logit norm', (side) => frame[side].meanLogitNorm, (v) => fmt(v, 2)],
    ['validationLoss', 'Validation cross-entropy', (side) => frame[side].validationLoss, (v) => fmt(v, 3)],
    ['earlyStep', 'Early stopping: step of lowest validation CE so far', (side) => stop[side].step, (v) => fmt(v, 0)],
    ['earlyEce', 'ECE at that step', (side) => stop[side][side].ece, (v) => fmt(v, 3)],
    ['earlyAccuracy', 'Test accuracy at that step', (side) => stop[side][side].accuracy, pct],
    ['earlyCrossEntropy', 'Cross-entropy at that step', (side) => stop[side][side].crossEntropy, (v) => fmt(v, 3)],
  ];
  return [
    el('caption', {}, `After ${frame.step} of ${TRAIN_STEPS} steps (${MODEL_LABELS[run.model]}, Adam, full batch). ${run.file
      ? `Your data, ${run.file} (K = ${run.dataClasses}): train accuracy is on its ${run.sizes[0]} training rows (rows 1, 4, 7, …); validation cross-entropy on ${run.sizes[1]} validation rows (rows 2, 5, 8, …); the rest on ${run.sizes[2]} test rows (rows 3, 6, 9, …). The labels are the file's: the noise and K sliders do not apply.`
      : `Train accuracy is on the ${run.sizes[0]} training points; validation cross-entropy on ${run.sizes[1]} validation points; the rest on ${run.sizes[2]} held-out test points. All labels carry the same ${fmt(100 * run.noise, 0)}% noise.`} The last four rows stop each model early, at the frame with its lowest validation cross-entropy up to this step.`),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), ...SIDES.map((side) => el('th', { scope: 'col' }, side === 'hard' ? 'Hard (ε = 0)' : `Smoothed (ε = ${fmt(run.epsilon, 2)})`)))),
    el('tbody', {}, ...rows.map(([id, label, get, format]) => el('tr', { 'data-metric': id }, el('th', { scope: 'row' }, label),
      ...SIDES.map((side) => {
        const v = get(side);
        return el('td', { 'data-side': side, 'data-metric': id, 'data-value': Number.isFinite(v) ? v : '' }, format(v));
      })))),
  ];
}
