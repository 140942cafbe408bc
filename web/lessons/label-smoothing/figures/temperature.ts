/**
 * "Temperature scaling fitted on validation data": one temperature per trained model, chosen to
 * minimise the validation cross-entropy, with the test ECE, confidence and accuracy before and
 * after. The fit at the end of training is computed in the engine with the run; it shows when the
 * training figure reaches its last frame, or at the frame where the learner pressed the button.
 */
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { defineFigure } from '../../framework/figure';
import { SIDES, trainPair, type Pair } from '../pair';
import type { TemperatureFit } from '../temperature';
import { makeData } from '../data';
import { LAST_FRAME, stepOfFrame, TRAIN_STEPS, type LessonState } from '../params';

const pct = (v: number) => `${fmt(100 * v, 1)}%`;
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
const PAIR_KEYS = ['classes', 'epsilon', 'noise', 'seed', 'model'];

export default defineFigure<LessonState>()({
  name: 'temperature',
  exportName: 'temperature',
  caption: 'Temperature scaling fitted on validation data',
  deps: ['classes', 'epsilon', 'noise', 'seed', 'model', 'fitStep'],
  view: ['trainingFrame'],
  async compute(s, engine, { signal }) {
    const settings = { classes: s.classes, epsilon: s.epsilon, noise: s.noise, seed: s.seed, model: s.model };
    const data = await makeData(engine, settings);
    const fits = async (step: number) => {
      const pair = await trainPair(engine, settings, step, TRAIN_STEPS, signal, data);
      return { step, fits: { hard: pair.hard.fit, smooth: pair.smooth.fit } as Pair<TemperatureFit> };
    };
    const requested = s.fitStep;
    const [final, asked] = await Promise.all([fits(TRAIN_STEPS), requested === null || requested >= TRAIN_STEPS ? undefined : fits(requested)]);
    return { epsilon: s.epsilon, final, asked, requested };
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
    host.body.append(el('div', { class: 'button-row' }, button), scrollRegion('Temperature scaling table', table), note);
    return { table, note, shown: null as unknown };
  },
  draw({ epsilon, final, asked, requested }, handles, state) {
    const { table, note } = handles;
    const atEnd = state.trainingFrame >= LAST_FRAME;
    const shown = atEnd ? final : requested === null ? undefined : asked ?? final;
    // Playback redraws every frame; the table (and its live note) change only with what is shown.
    if (handles.shown === (shown ?? 'none')) return;
    handles.shown = shown ?? 'none';
    if (!shown) {
      table.replaceChildren();
      note.textContent = 'Not fitted yet: train the models above (the fit runs when training ends), or press the button at any time.';
      return;
    }
    const { step, fits } = shown;
    table.replaceChildren(
      el('caption', {}, `One temperature T per model (after ${step} steps), chosen to minimise the cross-entropy (CE) on 200 validation points. ECE, mean confidence and accuracy are measured on the 200 test points. Smoothed: ε = ${fmt(epsilon, 2)}.`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), ...SIDES.map((side) => el('th', { scope: 'col' }, side === 'hard' ? 'Hard' : 'Smoothed')))),
      el('tbody', {}, ...ROWS.map(([id, label, get, format]) => el('tr', { 'data-metric': id }, el('th', { scope: 'row' }, label),
        ...SIDES.map((side) => {
          const v = get(fits[side]);
          return el('td', { 'data-side': side, 'data-metric': id, 'data-value': v }, format(v));
        })))));
    note.textContent = `T > 1 softens an over-confident model and T < 1 sharpens an under-confident one. Here the hard-label model wants T = ${fmt(fits.hard.temperature, 2)} and the smoothed one T = ${fmt(fits.smooth.temperature, 2)}. Dividing all logits by the same T never changes which class wins, so accuracy is untouched.`;
  },
});
