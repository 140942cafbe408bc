/**
 * "Temperature scaling fitted on validation data": one temperature per trained model, chosen to
 * minimise the validation cross-entropy, with the test ECE, confidence and accuracy before and
 * after, and the test ECE along T (the NLL-optimal T need not be where the ECE is lowest). The
 * table shows the fully trained pair at once (the same pair as the noise figure); the button
 * fits the models as they were at the frame the training figure shows.
 */
import { el, fmt, pct, scrollRegion } from '../../../ui/dom';
import { lineLayer, ruleLayer, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { finalPair, pairSettings, SIDES, trainPair, type Pair } from '../pair';
import { TEMPERATURE_GRID, type TemperatureFit } from '../temperature';
import { CALIBRATION_BINS, makeData } from '../data';
import { SERIES, stepOfFrame, TRAIN_STEPS, type LessonState } from '../params';
import { pairCode, RUN_LABEL } from '../code';
import { headlines } from '../../shared/code-classifier';
import { temperatureScalingRun } from '../../shared/code-temperature-scaling';

const ROWS: Array<[string, string, (f: TemperatureFit) => number, (v: number) => string]> = [
  ['temperature', 'Fitted T', (f) => f.temperature, (v) => fmt(v, 3)],
  ['validationBefore', 'Val. CE before', (f) => f.validationLossBefore, (v) => fmt(v, 3)],
  ['validationAfter', 'Val. CE after', (f) => f.validationLossAfter, (v) => fmt(v, 3)],
  ['eceBefore', 'ECE before', (f) => f.before.ece, (v) => fmt(v, 3)],
  ['eceAfter', 'ECE after', (f) => f.after.ece, (v) => fmt(v, 3)],
  ['confidenceBefore', 'Confidence before', (f) => f.before.meanConfidence, pct],
  ['confidenceAfter', 'Confidence after', (f) => f.after.meanConfidence, pct],
  ['accuracyBefore', 'Accuracy before', (f) => f.before.accuracy, pct],
  ['accuracyAfter', 'Accuracy after', (f) => f.after.accuracy, pct],
];
const PAIR_KEYS = ['classes', 'epsilon', 'noise', 'seed', 'model', 'owndata'];

export default defineFigure<LessonState>()({
  name: 'temperature',
  exportName: 'temperature',
  caption: 'Temperature scaling fitted on validation data',
  deps: ['classes', 'epsilon', 'noise', 'seed', 'model', 'owndata', 'fitStep'],
  lazy: true,
  async compute(s, engine, { signal, progress }) {
    progress(0, 'training both models and fitting their temperatures');
    const settings = pairSettings(s);
    const fits = async (step: number) => {
      if (step >= TRAIN_STEPS) {
        const pair = await finalPair(engine, settings, signal);
        return { step: TRAIN_STEPS, fits: { hard: pair.hard.fit, smooth: pair.smooth.fit } as Pair<TemperatureFit> };
      }
      const pair = await trainPair(engine, settings, step, TRAIN_STEPS, signal, await makeData(engine, settings));
      return { step, fits: { hard: pair.hard.fit, smooth: pair.smooth.fit } as Pair<TemperatureFit> };
    };
    const requested = s.fitStep;
    return { epsilon: s.epsilon, shown: await fits(requested ?? TRAIN_STEPS) };
  },
  async code({ epsilon, shown }, s, engine) {
    const { step, fits } = shown;
    const { spec, runs } = await pairCode(engine, { ...pairSettings(s), epsilon }, step,
      (side) => ({ expect: headlines({ 'test accuracy': fits[side].before.accuracy, ece: fits[side].before.ece }) }));
    const scaling = SIDES.map((side) => {
      const f = fits[side];
      const best = f.bestOnGrid;
      return temperatureScalingRun({
        label: `${RUN_LABEL[side]} temperature`, of: RUN_LABEL[side], bins: CALIBRATION_BINS, grid: TEMPERATURE_GRID,
        expect: headlines({
          temperature: f.temperature, 'validation cross entropy before': f.validationLossBefore, 'validation cross entropy after': f.validationLossAfter,
          'ece before': f.before.ece, 'ece after': f.after.ece, 'mean confidence before': f.before.meanConfidence, 'mean confidence after': f.after.meanConfidence,
          'accuracy before': f.before.accuracy, 'accuracy after': f.after.accuracy, 'worst tenth share': f.worstShare,
          'lowest ece on the grid': f.eceCurve[best], 'grid temperature': TEMPERATURE_GRID[best],
        }),
      });
    });
    return { title: `Temperature scaling fitted on validation data, after ${step} of ${TRAIN_STEPS} steps (ε = ${epsilon})`, source: 'label-smoothing/temperature', ...spec, runs: [...runs, ...scaling] };
  },
  setup(host) {
    const button = el('button', { type: 'button', class: 'fit-temperature' }, 'Fit a temperature to each model now');
    button.addEventListener('click', () => host.local.set({ fitStep: stepOfFrame(Number(host.local.get('trainingFrame')) || 0) }));
    // A new run (any change to the models or their data) is not fitted until it ends or is asked for.
    host.onCleanup(host.store.subscribe((_, changed) => {
      if (PAIR_KEYS.some((k) => changed.has(k))) host.local.set({ fitStep: null });
    }));
    const table = el('table', { class: 'temperature-table' });
    const note = el('p', { class: 'readout temperature-note', 'aria-live': 'polite' });
    const reset = el('button', { type: 'button', class: 'fit-temperature-end' }, 'Back to the fully trained models');
    reset.addEventListener('click', () => host.local.set({ fitStep: null }));
    const chart = host.chart({ title: 'Test ECE against the temperature T', xLabel: 'temperature T (log scale)', yLabel: 'test ECE', x: [0.25, 8], xScale: 'log', y: [0, 0.5], height: 240 });
    const chartNote = el('p', { class: 'legend-note' }, 'Solid lines: the test ECE if every logit were divided by T (orange hard labels, blue smoothed); T = 1 is the model as trained. Dashed vertical lines, in the same colours: the T each model gets from the validation cross-entropy.');
    host.body.append(el('div', { class: 'button-row' }, button, reset), scrollRegion('Temperature scaling table', table), note, chartNote);
    return { table, note, chart };
  },
  draw({ epsilon, shown }, { table, note, chart }) {
    const { step, fits } = shown;
    table.replaceChildren(
      el('caption', {}, `One temperature T per model (after ${step} of ${TRAIN_STEPS} steps), chosen to minimise the cross-entropy (CE) on the validation points. ECE, mean confidence and accuracy are measured on the ${fits.hard.before.confidence.length} test points. Smoothed: ε = ${fmt(epsilon, 2)}.`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), ...SIDES.map((side) => el('th', { scope: 'col' }, side === 'hard' ? 'Hard' : 'Smoothed')))),
      el('tbody', {}, ...ROWS.map(([id, label, get, format]) => el('tr', { 'data-metric': id }, el('th', { scope: 'row' }, label),
        ...SIDES.map((side) => {
          const v = get(fits[side]);
          return el('td', { 'data-side': side, 'data-metric': id, 'data-value': v }, format(v));
        })))));
    const verdict = (side: 'hard' | 'smooth') => {
      const f = fits[side];
      const change = f.after.ece < f.before.ece ? 'improves' : 'worsens';
      const direction = f.after.meanConfidence < f.after.accuracy ? `under-confident (confidence ${pct(f.after.meanConfidence)} against accuracy ${pct(f.after.accuracy)})` : `over-confident (confidence ${pct(f.after.meanConfidence)} against accuracy ${pct(f.after.accuracy)})`;
      const best = f.bestOnGrid;
      return el('span', { 'data-side': side, 'data-change': change, 'data-best-t': TEMPERATURE_GRID[best], 'data-best-ece': f.eceCurve[best] },
        `${side === 'hard' ? 'Hard labels' : 'Smoothed'}: T = ${fmt(f.temperature, 2)} ${change} the test ECE (${fmt(f.before.ece, 3)} → ${fmt(f.after.ece, 3)}) and leaves the model ${direction}; the lowest test ECE on the curve is ${fmt(f.eceCurve[best], 3)}, at T ≈ ${fmt(TEMPERATURE_GRID[best], 2)}. `);
    };
    note.replaceChildren(...SIDES.map(verdict),
      el('span', { class: 'worst-share', 'data-value': fits.hard.worstShare }, `The worst 10% of validation points carry ${pct(fits.hard.worstShare)} of the hard model's validation cross-entropy: the fit chooses T mostly to soften those confident mistakes. `),
      'Dividing all logits by the same T never changes which class wins, so accuracy is untouched.');
    const top = Math.max(0.1, ...SIDES.flatMap((side) => Array.from(fits[side].eceCurve as ArrayLike<number>)));
    chart.setDomain(undefined, [0, Math.ceil(top * 11) / 10]);
    for (const side of SIDES) {
      chart.set(`${side}-ece`, lineLayer(Array.from(TEMPERATURE_GRID, (t, i) => [t, fits[side].eceCurve[i]] as Point), { series: SERIES[side], label: `${side === 'hard' ? 'hard labels' : 'smoothed'}: test ECE` }));
    }
    for (const side of SIDES) chart.set(`${side}-fitted`, ruleLayer([fits[side].temperature], 'x', `rule series-rule series-${SERIES[side]}`));
    chart.render();
  },
});
