/**
 * Mini-batch noise: σ of the Gaussian noise added to each gradient coordinate, how many seeds to
 * draw, and the spread of the final loss over those seeds per racer. The race and the loss curves
 * draw the extra seeds faintly; this figure holds the controls and the numbers.
 */
import { defineFigure } from '../../framework/figure';
import { controlRow, seedControl } from '../../../ui/controls';
import { el } from '../../../ui/dom';
import { formatSig } from '../../../ui/log-slider';
import { raceRuns, SETTINGS_KEYS, settingsFrom } from '../options';
import { RACER_LABELS, type State } from '../params';

export const noise = defineFigure<State>()({
  name: 'noise',
  caption: 'Mini-batch noise: the race and the loss curves above redraw with one faint line per extra seed',
  deps: [...SETTINGS_KEYS, 'racers'],

  async compute(state, engine, { signal }): Promise<{ seeds: number; finals: string[] }> {
    const s = settingsFrom(state as never);
    if (!(s.noise > 0)) return { seeds: s.seeds, finals: [] };
    const { runs } = await raceRuns(engine, s, state.racers as string[], signal);
    const finals = runs.map((run) => {
      const ends = [run.main, ...run.extra].map((r) => (r.divergence.diverged ? Infinity : r.loss[r.loss.length - 1]));
      const fin = ends.filter(Number.isFinite);
      return `${RACER_LABELS[run.racer]} ${formatSig(Math.min(...fin))} to ${formatSig(Math.max(...fin))}${fin.length < ends.length ? ` (${ends.length - fin.length} diverged)` : ''}`;
    });
    return { seeds: s.seeds, finals };
  },

  setup(host) {
    host.figure.element.classList.add('noise-figure');
    // Controls and a sentence, no chart: nothing to save as an image or CSV.
    host.figure.element.querySelector<HTMLElement>('.figure-export')!.hidden = true;
    const note = el('p', { class: 'readout noise-note', 'aria-live': 'polite' });
    host.body.append(el('div', { class: 'noise-controls' }, controlRow(host.control('noise'), host.control('seeds'), seedControl(host.store))), note);
    return { note };
  },

  draw(data, h) {
    h.note.textContent = data.finals.length
      ? `Final loss over ${data.seeds} seeds: ${data.finals.join('; ')}.`
      : 'Noise is off: every run is the exact full-batch gradient. Raise σ to see the spread between seeds.';
  },
});
