/**
 * The parts of the training figure's drawing that are not the figure itself: the status line's
 * description of the run, the held-out metrics table, and what only the finished run shows (the
 * focal-minus-BCE comparisons with their bootstrap intervals, and the reliability diagrams).
 * figures/training.ts sets up the charts and decides when each of these is redrawn.
 */
import { el, fmt } from '../../ui/dom';
import { metricsTable, type MetricRow } from '../../ui/classify';
import type { ReliabilityDiagram } from '../../ui/reliability';
import { LEARNING_RATE, type Side } from './model';
import { MAX_STEPS, MODEL_LABELS, MODEL_SERIES } from './params';
import { RESAMPLES, type FrameMetrics, type RunSettings, type TrainingFrame, type TrainingRun } from './run';
import type { Difference } from './stats';

/** The status line after its step count: the model, the optimizer, the batch and the data trained on. */
export function statusDetail(run: TrainingRun): string {
  const settings = run.settings;
  return ` of ${MAX_STEPS} · ${MODEL_LABELS[settings.model]}, Adam (lr ${LEARNING_RATE}), full batch of ${run.trainCount} training points (${Math.round(run.prior * run.trainCount)} rare)${settings.prior ? ', bias started at the prior' : ''}${run.own ? ', your own data (the imbalance and noise sliders do not apply; the seed still sets the starting weights and the bootstrap)' : ''}.`;
}

const COLUMNS = [
  { key: 'recall', label: 'Recall (rare)' }, { key: 'precision', label: 'Precision (rare)' }, { key: 'f1', label: 'F1 (rare)' },
  { key: 'accuracy', label: 'Accuracy' }, { key: 'prAuc', label: 'PR-AUC' },
];

/** The held-out metrics of one frame: BCE at 0.5 and at its tuned threshold, focal at 0.5, and the majority baseline. */
export function heldOutTable(frame: TrainingFrame, metrics: Record<Side | 'majority', FrameMetrics>, settings: RunSettings, steps: number): HTMLTableElement {
  const focalName = `Focal (γ = ${settings.gamma}, ${settings.weighting ? `α = ${settings.alpha}` : 'no α'})`;
  const row = (id: string, label: string, series: number, m: FrameMetrics): MetricRow =>
    ({ id, label, series, values: { recall: m.recall, precision: m.precision, f1: m.f1, accuracy: m.accuracy, prAuc: m.prAuc } });
  return metricsTable([
    row('bce', 'BCE, threshold 0.5', MODEL_SERIES.bce, metrics.bce),
    row('tuned', `BCE, tuned threshold ${fmt(frame.tuned.threshold, 3)}`, MODEL_SERIES.tuned, frame.tuned),
    row('focal', `${focalName}, threshold 0.5`, MODEL_SERIES.focal, metrics.focal),
    row('majority', 'Always “common class”', MODEL_SERIES.majority, metrics.majority),
  ], COLUMNS, `Held-out metrics after ${steps} steps`);
}

type Handles = {
  comparison: HTMLElement;
  reliability: Record<Side, ReliabilityDiagram>;
  reliabilityNote: HTMLElement;
  finalDrawn: TrainingRun | undefined;
};

const signed = (v: number) => `${v >= 0 ? '+' : '−'}${fmt(Math.abs(v), 3)}`;
const interval = (d: Difference) => `[${fmt(d.low, 3)}, ${fmt(d.high, 3)}]`;

/** One difference, with its interval and what it says, every number in a data attribute; "—" before the last step. */
function differenceLine(id: string, what: string, d: Difference | undefined): HTMLElement {
  if (!d) return el('li', { class: 'difference pending' }, `${what}: `, el('strong', {}, '—'), ' (95% interval after the last step)');
  const verdict = d.low > 0 ? 'focal higher' : d.high < 0 ? 'focal lower' : 'no difference the data can resolve';
  return el('li', { class: `difference difference-${id}`, 'data-value': d.value, 'data-low': d.low, 'data-high': d.high },
    `${what}: `, el('strong', {}, signed(d.value)), ` (95% interval ${interval(d)}: ${verdict})`);
}

/**
 * The comparisons and the reliability diagrams: they belong to the finished run only. Before its
 * last step the same lines stand with "—" in place of the numbers, so the box keeps its shape
 * (before, one line became a list when training ended and moved everything under it).
 */
export function drawFinal(run: TrainingRun, h: Handles, atLast: boolean): void {
  const f = atLast ? run.final : undefined;
  h.finalDrawn = f ? run : undefined;
  // The pending lines are shorter than the numbers' (fewer wrapped lines): leaving the last step
  // keeps the height the numbers had, so a replay does not move what is under the box.
  if (f) for (const box of [h.comparison, h.reliabilityNote]) box.style.minHeight = '';
  else if (h.comparison.dataset.ready === 'true') {
    for (const box of [h.comparison, h.reliabilityNote]) box.style.minHeight = `${box.getBoundingClientRect().height}px`;
  }
  h.comparison.dataset.ready = String(Boolean(f));
  const pending = run.final ? 'play to the end to see them' : 'they appear when both models have finished training';
  // Playback calls this every frame before the last: the box (a live region) changes only when its text does.
  const shown = f ? '' : `${run.heldOut} ${run.positivesHeld} ${pending}`;
  if (shown && h.comparison.dataset.pending === shown) return;
  h.comparison.dataset.pending = shown;
  const precision = f
    ? el('strong', { class: 'bce-precision-at-focal-recall', 'data-value': f.bcePrecisionAtFocalRecall }, fmt(f.bcePrecisionAtFocalRecall, 3))
    : el('strong', {}, '—');
  h.comparison.replaceChildren(
    el('p', {}, `Focal minus BCE on the ${run.heldOut} held-out points (${run.positivesHeld} rare), with 95% intervals from ${RESAMPLES} bootstrap resamples of those points`,
      f ? ':' : ` (for the last step: ${pending}):`),
    el('ul', {},
      differenceLine('recall-half', 'Recall, both at threshold 0.5', f?.atHalf.recall),
      differenceLine('precision-half', 'Precision, both at threshold 0.5', f?.atHalf.precision),
      differenceLine('f1-tuned', 'F1, focal at 0.5 against BCE at its tuned threshold', f?.againstTuned.f1),
      differenceLine('prauc', 'PR-AUC (no threshold)', f?.atHalf.prAuc)),
    el('p', {}, 'At the recall the focal model reaches, BCE with a lower threshold has precision ', precision, '; read it off the blue PR curve.'));
  if (!f) {
    // A new run's diagrams do not exist yet: the last run's would be a stale picture.
    for (const side of ['bce', 'focal'] as const) h.reliability[side].clear('(after the last step)');
    h.reliabilityNote.replaceChildren(`The reliability diagrams and the mean predicted P(rare) are for the last step: ${pending}.`);
    return;
  }
  const note = (side: Side) => `mean P(rare) ${fmt(f.calibration[side].meanProbability, 3)}`;
  h.reliability.bce.update(f.calibration.bce, `· ${note('bce')}`);
  h.reliability.focal.update(f.calibration.focal, `· ${note('focal')}`);
  h.reliabilityNote.replaceChildren('The true share of rare points among the held-out points is ',
    el('strong', { class: 'true-rate', 'data-value': f.rate }, fmt(f.rate, 3)), '. The BCE model predicts on average ',
    el('strong', { class: 'mean-p-bce', 'data-value': f.calibration.bce.meanProbability }, fmt(f.calibration.bce.meanProbability, 3)), ', the focal model ',
    el('strong', { class: 'mean-p-focal', 'data-value': f.calibration.focal.meanProbability }, fmt(f.calibration.focal.meanProbability, 3)), '.');
}
