/**
 * Fair comparison: each racing optimizer's learning rate swept over a log grid (lab.optimize per
 * grid point), the best final loss per optimizer as bars, and a replay of every best run. The
 * sweep runs in slices of a few milliseconds that yield to the browser between them, so the page
 * keeps answering clicks and keys while it works.
 */
import type { StateStore } from '../../state/store';
import { el, scrollRegion } from '../../ui/dom';
import { Figure } from '../../ui/figure';
import { formatSig } from '../../ui/log-slider';
import { categoryBarLayer } from '../../ui/trajectory';
import { finalLoss, optimizeOptions } from './compute';
import { LR_RANGE, RACERS, RACER_LABELS, RACER_SERIES, type Racer } from './params';
import type { RaceModel } from './race';

/** Learning rates from 1e-5 to 10, four per decade. */
export const SWEEP_GRID: readonly number[] = Array.from({ length: 25 }, (_, i) => Number((10 ** (Math.log10(LR_RANGE[0]) + i / 4)).toPrecision(3)));

const SLICE_MS = 8;
/**
 * Gives the browser a frame: resumes just after the next paint (so every slice is followed by a
 * rendering opportunity, not only by queued tasks), or after 50 ms in a background tab, where
 * animation frames do not fire.
 */
const yieldToBrowser = () => new Promise<void>((resolve) => {
  const fallback = setTimeout(resolve, 50);
  requestAnimationFrame(() => {
    clearTimeout(fallback);
    setTimeout(resolve, 0);
  });
});

export interface SweepResult {
  racer: Racer;
  bestLr: number;
  bestLoss: number;
  /** final loss per grid point (Infinity: diverged) */
  losses: number[];
}

export function mountSweep(slot: HTMLElement, store: StateStore, model: RaceModel, cleanups: Array<() => void>, replayRace: () => void): void {
  const figure = new Figure(slot, 'fair-comparison', 'Fair comparison: each optimizer at its own best learning rate');
  const run = el('button', { type: 'button', class: 'primary run-sweep' }, 'Sweep the learning rates');
  const cancel = el('button', { type: 'button', class: 'cancel-sweep', disabled: true }, 'Stop');
  const replay = el('button', { type: 'button', class: 'replay-best', disabled: true }, 'Replay every best run in the race');
  const progress = el('progress', { class: 'sweep-progress', max: 1, value: 0, 'aria-label': 'Sweep progress' });
  const status = el('p', { class: 'readout sweep-status', role: 'status', 'aria-live': 'polite' }, 'Not run yet.');
  figure.body.append(el('div', { class: 'button-row' }, run, cancel, replay), progress, status);
  const chart = figure.chart({ title: 'Best final loss per optimizer after the sweep (log10, lower is better)', xLabel: 'optimizer', yLabel: 'log₁₀ best final loss', x: [-0.6, 6.6], y: [-16, 2], height: 280 });
  chart.element.classList.add('category-chart');
  const tableHolder = scrollRegion('Best learning rate per optimizer table');
  figure.body.append(tableHolder);

  let token = 0;
  let results: SweepResult[] = [];
  cleanups.push(() => { token++; });

  cancel.addEventListener('click', () => { token++; });
  replay.addEventListener('click', () => {
    if (!results.length) return;
    const patch: Record<string, number | string[]> = { racers: RACERS.filter((r) => results.some((x) => x.racer === r && Number.isFinite(x.bestLoss))) };
    for (const r of results) if (Number.isFinite(r.bestLoss)) patch[`lr_${r.racer}`] = r.bestLr;
    store.set(patch);
    replayRace();
  });

  run.addEventListener('click', async () => {
    const mine = ++token;
    const settings = model.settings();
    const racers = (store.get<string[]>('racers') as Racer[]).filter((r) => RACERS.includes(r));
    if (!racers.length) { status.textContent = 'Tick at least one optimizer in the race first.'; return; }
    const total = racers.length * SWEEP_GRID.length;
    progress.max = total;
    progress.value = 0;
    figure.element.dataset.sweep = 'running';
    run.disabled = true;
    cancel.disabled = false;
    replay.disabled = true;
    const partial: SweepResult[] = racers.map((racer) => ({ racer, bestLr: NaN, bestLoss: Infinity, losses: [] }));
    let done = 0;
    let sliceStart = performance.now();
    try {
      for (const entry of partial) {
        for (const lr of SWEEP_GRID) {
          if (token !== mine) { status.textContent = `Stopped after ${done} of ${total} runs.`; return; }
          let f = Number.POSITIVE_INFINITY;
          try {
            f = finalLoss(model.cache.run(optimizeOptions(entry.racer, settings, { lr }), false));
          } catch {
            // the core refused this combination (reported in the race); it counts as a failed run
          }
          entry.losses.push(f);
          if (f < entry.bestLoss) { entry.bestLoss = f; entry.bestLr = lr; }
          done++;
          if (performance.now() - sliceStart > SLICE_MS) {
            progress.value = done;
            status.textContent = `Running ${done} of ${total} (${RACER_LABELS[entry.racer]}, lr ${formatSig(lr)})…`;
            await yieldToBrowser();
            sliceStart = performance.now();
          }
        }
      }
      progress.value = total;
      results = partial;
      draw(settings.steps);
      status.textContent = `Done: ${total} runs of ${settings.steps} steps, learning rates from ${formatSig(SWEEP_GRID[0])} to ${formatSig(SWEEP_GRID[SWEEP_GRID.length - 1])}.`;
      figure.element.dataset.sweep = 'done';
      replay.disabled = false;
    } finally {
      if (token === mine || figure.element.dataset.sweep === 'running') {
        run.disabled = false;
        cancel.disabled = true;
        if (figure.element.dataset.sweep === 'running') figure.element.dataset.sweep = 'stopped';
      }
    }
  });

  const floor = -16;
  function draw(steps: number): void {
    const items = results.map((r) => ({
      label: RACER_LABELS[r.racer],
      value: Number.isFinite(r.bestLoss) ? Math.max(floor, Math.log10(Math.max(r.bestLoss, 1e-300))) : NaN,
      series: RACER_SERIES[r.racer],
      note: Number.isFinite(r.bestLoss) ? `best final loss ${formatSig(r.bestLoss)} at lr ${formatSig(r.bestLr)}` : 'diverged at every learning rate',
    }));
    const values = items.map((i) => i.value).filter(Number.isFinite);
    const top = Math.max(1, ...values.map((v) => v + 1));
    const bottom = Math.min(-1, ...values.map((v) => v - 1));
    chart.setDomain([-0.6, Math.max(0.6, items.length - 0.4)], [bottom, top]);
    chart.set('bars', categoryBarLayer(items, bottom));
    chart.render();
    const table = el('table', { class: 'sweep-table' }, el('caption', {}, `Best learning rate per optimizer (${steps} steps each; below 1e-16 is shown as 1e-16)`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'optimizer'), el('th', { scope: 'col' }, 'best lr'), el('th', { scope: 'col' }, 'best final loss'), el('th', { scope: 'col' }, 'smallest diverging lr'))));
    const body = el('tbody');
    for (const r of results) {
      const divergedAt = SWEEP_GRID.filter((_, i) => !Number.isFinite(r.losses[i]));
      body.append(el('tr', { 'data-racer': r.racer, 'data-best-lr': String(r.bestLr), 'data-best-loss': String(r.bestLoss) },
        el('th', { scope: 'row' }, RACER_LABELS[r.racer]),
        el('td', {}, Number.isFinite(r.bestLoss) ? formatSig(r.bestLr) : '–'),
        el('td', {}, Number.isFinite(r.bestLoss) ? formatSig(r.bestLoss) : 'diverged'),
        el('td', {}, divergedAt.length ? `lr ≥ ${formatSig(divergedAt[0])}` : 'none')));
    }
    table.append(body);
    tableHolder.replaceChildren(table);
  }
}
