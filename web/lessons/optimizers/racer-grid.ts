/**
 * The race's controls for the racers: a toggle and a log learning-rate slider per optimizer,
 * and the hyperparameters behind a disclosure. Controls only; the race figure places them.
 */
import type { StoreLike } from '../../state/store';
import { controlRow, paramControl } from '../../ui/controls';
import { el } from '../../ui/dom';
import { logSlider } from '../../ui/log-slider';
import { RACERS, RACER_LABELS, RACER_SERIES } from './params';

export function racerGrid(store: StoreLike): HTMLElement {
  const grid = el('div', { class: 'racer-grid', role: 'group', 'aria-label': 'Optimizers in the race and their learning rates' });
  for (const racer of RACERS) {
    const id = `racer-toggle-${racer}`;
    const box = el('input', { type: 'checkbox', id, 'data-racer-toggle': racer });
    const sync = () => { box.checked = store.get<string[]>('racers').includes(racer); };
    box.addEventListener('change', () => {
      const on = new Set(store.get<string[]>('racers'));
      if (box.checked) on.add(racer); else on.delete(racer);
      store.set({ racers: RACERS.filter((r) => on.has(r)) });
    });
    store.subscribe((_, changed) => changed.has('racers') && sync());
    sync();
    const slider = logSlider(store, `lr_${racer}`, { label: 'lr', className: 'racer-lr' });
    slider.querySelector('input[type=range]')!.setAttribute('aria-label', `${RACER_LABELS[racer]} learning rate`);
    grid.append(el('div', { class: 'racer-row', 'data-racer': racer },
      el('label', { for: id, class: 'toggle racer-name' }, box, el('span', { class: `swatch series-${RACER_SERIES[racer]}`, 'aria-hidden': 'true' }), RACER_LABELS[racer]),
      slider));
  }
  return grid;
}

export function hyperparameters(store: StoreLike): HTMLElement {
  return el('details', { class: 'hyper' }, el('summary', {}, 'Hyperparameters: momentum, betas, ε, weight decay, AMSGrad'),
    controlRow(paramControl(store, 'mu_momentum'), paramControl(store, 'mu_nesterov'), paramControl(store, 'alpha'),
      paramControl(store, 'beta1'), paramControl(store, 'beta2', { format: (v) => String(v) }), logSlider(store, 'eps'),
      paramControl(store, 'wd'), paramControl(store, 'amsgrad')));
}
