/** The training figure's summary table at one frame: accuracy, confidence, ECE, CE and logit size per model. */
import { el, fmt } from '../../../ui/dom';
import type { TrainingFrame, TrainingRun } from '../frames';
import { SIDES, type Side } from '../pair';
import { MODEL_LABELS, TRAIN_STEPS } from '../params';

const pct = (v: number) => `${fmt(100 * v, 1)}%`;

export function summaryRows(run: TrainingRun, frame: TrainingFrame): HTMLElement[] {
  const rows: Array<[string, string, (side: Side) => number, (v: number) => string]> = [
    ['trainAccuracy', 'Train accuracy', (side) => frame[side].trainAccuracy, pct],
    ['testAccuracy', 'Test accuracy', (side) => frame[side].accuracy, pct],
    ['meanConfidence', 'Mean confidence', (side) => frame[side].meanConfidence, pct],
    ['ece', 'ECE', (side) => frame[side].ece, (v) => fmt(v, 3)],
    ['crossEntropy', 'Cross-entropy (ε = 0)', (side) => frame[side].crossEntropy, (v) => fmt(v, 3)],
    ['meanLogitNorm', 'Mean logit norm', (side) => frame[side].meanLogitNorm, (v) => fmt(v, 2)],
  ];
  return [
    el('caption', {}, `After ${frame.step} of ${TRAIN_STEPS} steps (${MODEL_LABELS[run.model]}, Adam, full batch). All but the first row are measured on 200 held-out test points with the same ${fmt(100 * run.noise, 0)}% label noise.`),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), ...SIDES.map((side) => el('th', { scope: 'col' }, side === 'hard' ? 'Hard (ε = 0)' : `Smoothed (ε = ${fmt(run.epsilon, 2)})`)))),
    el('tbody', {}, ...rows.map(([id, label, get, format]) => el('tr', { 'data-metric': id }, el('th', { scope: 'row' }, label),
      ...SIDES.map((side) => {
        const v = get(side);
        return el('td', { 'data-side': side, 'data-metric': id, 'data-value': Number.isFinite(v) ? v : '' }, format(v));
      })))),
  ];
}
