/**
 * The fair comparison: each racing optimizer's learning rate swept over a log grid (one
 * engine.optimize per grid point, in the worker), the best final loss per optimizer as bars and
 * a table, and a replay of every best run in the race. A press of the button records the job
 * (the settings at that moment) in the local value `sweep_job`; the sweep streams its progress
 * and is cancelled by Stop or by a newer job.
 */
import { defineFigure } from '../../framework/figure';
import { el, scrollRegion } from '../../../ui/dom';
import { formatSig } from '../../../ui/log-slider';
import { categoryBarLayer } from '../../../ui/trajectory';
import { finalLoss, optimizeOptions, settingsFrom, type RaceSettings } from '../../optimizers/options';
import { LR_RANGE, RACERS, RACER_LABELS, RACER_SERIES, type Racer, type State } from '../../optimizers/params';
import { mergeColumns, racerCode } from '../../optimizers/code';
import type { Headline } from '../../shared/code';

/**
 * Learning rates from 1e-5 to 1000, four per decade. The grid reaches far past any sensible
 * learning rate on purpose: on the axis-aligned bowl RMSprop's and Adagrad's best lie above 10,
 * and a best at the grid's edge would only say "larger may be better still".
 */
export const SWEEP_GRID: readonly number[] = Array.from({ length: 33 }, (_, i) => Number((10 ** (Math.log10(LR_RANGE[0]) + i / 4)).toPrecision(3)));
/** Below this final loss a run has reached the minimum to rounding error: such runs are a tie. */
export const SOLVED = 1e-16;

export interface SweepResult {
  racer: Racer;
  bestLr: number;
  bestLoss: number;
  /** final loss per grid point (Infinity: diverged) */
  losses: number[];
}

type Job = { id: number; stop?: true; settings?: RaceSettings; racers?: Racer[] };

export type SweepData =
  | { kind: 'idle' }
  | { kind: 'stopped' }
  | { kind: 'running'; done: number; total: number; racer: Racer; lr: number }
  | { kind: 'done'; total: number; steps: number; start: number; results: SweepResult[]; settings: RaceSettings };

let jobs = 0;

/**
 * What the table shows for a racer, as the script prints it. The best lr is compared only when at
 * most one lr reached the minimum: among ties below SOLVED the smallest value is rounding noise.
 */
function sweepHeadlines(r: SweepResult): Headline[] {
  const diverging = SWEEP_GRID.filter((_, i) => !Number.isFinite(r.losses[i]));
  const solved = SWEEP_GRID.filter((_, i) => r.losses[i] < SOLVED);
  const out: Headline[] = [{ name: 'smallest diverging lr', value: diverging[0] ?? -1 }, { name: 'solved count', value: solved.length }];
  if (Number.isFinite(r.bestLoss)) out.push({ name: 'best final', value: r.bestLoss });
  if (Number.isFinite(r.bestLoss) && solved.length <= 1) out.push({ name: 'best lr', value: r.bestLr });
  if (solved.length) out.push({ name: 'solved from', value: solved[0] }, { name: 'solved to', value: solved[solved.length - 1] });
  return out;
}

/**
 * Where a racer reached the minimum to rounding error: every such learning rate is a tie. The band
 * runs from the first to the last such rate; a rate inside it that did not get there is counted,
 * and a band that reaches the grid's end is marked (larger rates might tie as well).
 */
function solvedText(r: SweepResult): string {
  const hits = SWEEP_GRID.flatMap((lr, i) => (r.losses[i] < SOLVED ? [i] : []));
  if (!hits.length) return '';
  if (hits.length === 1) return ' (solved)';
  const [first, last] = [hits[0], hits[hits.length - 1]];
  const span = last - first + 1;
  const which = hits.length === span ? 'every lr' : `${hits.length} of the ${span} rates`;
  const edge = last === SWEEP_GRID.length - 1 ? ', the grid’s end' : '';
  return ` (solved at ${which} from ${formatSig(SWEEP_GRID[first])} to ${formatSig(SWEEP_GRID[last])}${edge})`;
}

/** How many learning rates reached the minimum to rounding error. */
const ties = (r: SweepResult) => r.losses.filter((v) => v < SOLVED).length;

export const sweep = defineFigure<State>()({
  name: 'sweep',
  exportName: 'fair-comparison',
  caption: 'Fair comparison: each optimizer at its own best learning rate',
  deps: ['sweep_job'],

  async compute(state, engine, { signal, partial }): Promise<SweepData> {
    const job = state.sweep_job ? (JSON.parse(state.sweep_job as string) as Job) : undefined;
    if (!job?.settings || !job.racers) return job?.stop ? { kind: 'stopped' } : { kind: 'idle' };
    const total = job.racers.length * SWEEP_GRID.length;
    const results: SweepResult[] = job.racers.map((racer) => ({ racer, bestLr: NaN, bestLoss: Infinity, losses: [] }));
    let done = 0;
    for (const entry of results) {
      if (signal.aborted) throw Object.assign(new Error('the sweep was stopped'), { name: 'AbortError' });
      // One racer's grid at a time: the worker runs them back to back, and Stop takes effect between racers.
      entry.losses = await Promise.all(SWEEP_GRID.map((lr) => engine.optimize(optimizeOptions(entry.racer, job.settings!, { lr })).then(
        finalLoss,
        () => Number.POSITIVE_INFINITY, // the core refused this combination (reported in the race): a failed run
      ).then((f) => {
        if (!signal.aborted) partial({ kind: 'running', done: ++done, total, racer: entry.racer, lr });
        return f;
      })));
      entry.losses.forEach((f, i) => { if (f < entry.bestLoss) { entry.bestLoss = f; entry.bestLr = SWEEP_GRID[i]; } });
    }
    // The loss at the start, the same for every racer: the bars count the orders of magnitude below it.
    const start = (await engine.optimize(optimizeOptions(job.racers[0], job.settings, { steps: 1 }))).loss[0];
    return { kind: 'done', total, steps: job.settings.steps, start, results, settings: job.settings };
  },

  /** Every racer's sweep over the grid: its best lr and final loss, its smallest diverging lr, and its ties at the minimum. */
  async code(data, _state, engine) {
    if (data.kind !== 'done') throw new Error('the sweep has not run yet: press “Sweep the learning rates” first');
    const codes = await Promise.all(data.results.map((r) => racerCode(engine, data.settings, r.racer, {
      label: RACER_LABELS[r.racer], report: 'sweep', lrs: [...SWEEP_GRID], solved: SOLVED, expect: sweepHeadlines(r),
    })));
    const s = data.settings;
    return {
      title: `Fair comparison on the ${s.surface} surface: each optimizer's final loss after ${s.steps} steps at ${SWEEP_GRID.length} learning rates`,
      source: 'lr-schedules/sweep', columns: mergeColumns(codes), runs: codes.map((c) => c.run),
    };
  },

  setup(host) {
    const run = el('button', { type: 'button', class: 'primary run-sweep' }, 'Sweep the learning rates');
    const cancel = el('button', { type: 'button', class: 'cancel-sweep', disabled: true }, 'Stop');
    const replay = el('button', { type: 'button', class: 'replay-best', disabled: true }, 'Replay every best run in the race');
    const progress = el('progress', { class: 'sweep-progress', max: 1, value: 0, 'aria-label': 'Sweep progress' });
    const status = el('p', { class: 'readout sweep-status', role: 'status', 'aria-live': 'polite' }, 'Not run yet.');
    host.body.append(el('div', { class: 'button-row' }, run, cancel, replay), progress, status);
    const chart = host.chart({ title: 'Orders of magnitude each optimizer took off the starting loss at its best learning rate (higher is better)', xLabel: 'optimizer', yLabel: 'log₁₀(start loss ÷ best final loss)', x: [-0.6, 6.6], y: [0, 18], height: 280 });
    chart.setCategories(RACERS.map((r) => RACER_LABELS[r])); // before a sweep: every optimizer it can compare
    const table = scrollRegion('Best learning rate per optimizer table');
    host.body.append(table);
    const handles = { run, cancel, replay, progress, status, chart, table, results: [] as SweepResult[], done: 0, total: 0, drawn: undefined as SweepData | undefined };

    run.addEventListener('click', () => {
      const racers = (host.store.get<string[]>('racers') as Racer[]).filter((r) => RACERS.includes(r));
      if (!racers.length) { status.textContent = 'Tick at least one optimizer in the race first.'; return; }
      // Full-batch runs: with noise the final loss would depend on the seed as much as on the learning rate.
      const job: Job = { id: ++jobs, settings: { ...settingsFrom(host.store.values), noise: 0 }, racers };
      host.local.set({ sweep_job: JSON.stringify(job) });
    });
    cancel.addEventListener('click', () => host.local.set({ sweep_job: JSON.stringify({ id: ++jobs, stop: true }) }));
    replay.addEventListener('click', () => {
      if (!handles.results.length) return;
      const patch: Record<string, number | string[]> = { racers: RACERS.filter((r) => handles.results.some((x) => x.racer === r && Number.isFinite(x.bestLoss))) };
      for (const r of handles.results) if (Number.isFinite(r.bestLoss)) patch[`lr_${r.racer}`] = r.bestLr;
      host.store.set(patch);
      host.store.set({ t: 0 });
      const race = host.figure.element.closest('.ll-lesson')?.querySelector('[data-figure="optimizer-race"]');
      race?.querySelector<HTMLButtonElement>('button.play')?.click();
      race?.scrollIntoView({ block: 'start' });
    });
    return handles;
  },

  draw(data, h) {
    const figure = h.chart.element.closest('figure')!;
    if (data.kind === 'idle') return;
    const running = data.kind === 'running';
    h.run.disabled = running;
    h.cancel.disabled = !running;
    h.replay.disabled = data.kind !== 'done';
    figure.dataset.sweep = data.kind === 'stopped' ? 'stopped' : running ? 'running' : 'done';
    if (data.kind === 'stopped') {
      h.status.textContent = `Stopped after ${h.done} of ${h.total} runs.`;
      return;
    }
    if (data.kind === 'running') {
      h.done = data.done;
      h.total = data.total;
      h.progress.max = data.total;
      h.progress.value = data.done;
      h.status.textContent = `Running ${data.done} of ${data.total} (${RACER_LABELS[data.racer]}, lr ${formatSig(data.lr)})…`;
      return;
    }
    h.progress.max = data.total;
    h.progress.value = data.total;
    h.status.textContent = `Done: ${data.total} full-batch runs of ${data.steps} steps, learning rates from ${formatSig(SWEEP_GRID[0])} to ${formatSig(SWEEP_GRID[SWEEP_GRID.length - 1])}, starting loss ${formatSig(data.start)}.`;
    if (h.drawn === data) return;
    h.drawn = data;
    h.results = data.results;
    // Bars grow with the reduction, so the tallest bar is the best optimizer; a run below SOLVED is capped there (a tie).
    const top = Math.log10(data.start / SOLVED);
    const items = data.results.map((r) => ({
      label: RACER_LABELS[r.racer],
      value: Number.isFinite(r.bestLoss) ? Math.max(0, Math.min(top, Math.log10(data.start / Math.max(r.bestLoss, 1e-300)))) : NaN,
      series: RACER_SERIES[r.racer],
      note: Number.isFinite(r.bestLoss) ? `best final loss ${formatSig(r.bestLoss)} at lr ${formatSig(r.bestLr)}` : 'diverged at every learning rate',
      missing: 'diverged',
    }));
    h.chart.setDomain([-0.6, Math.max(0.6, items.length - 0.4)], [0, Math.ceil(top) + 1]);
    h.chart.setCategories(items.map((item) => item.label));
    h.chart.set('bars', categoryBarLayer(items, 0));
    h.chart.render();
    const table = el('table', { class: 'sweep-table' }, el('caption', {}, `Best learning rate per optimizer (${data.steps} steps each, no noise; a final loss below ${formatSig(SOLVED)} is the minimum to rounding error, so those are ties)`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'optimizer'), el('th', { scope: 'col' }, 'best lr'), el('th', { scope: 'col' }, 'best final loss'), el('th', { scope: 'col' }, 'smallest diverging lr'))));
    const body = el('tbody');
    const last = SWEEP_GRID[SWEEP_GRID.length - 1];
    for (const r of data.results) {
      const divergedAt = SWEEP_GRID.filter((_, i) => !Number.isFinite(r.losses[i]));
      const edge = Number.isFinite(r.bestLoss) && (r.bestLr === last || r.bestLr === SWEEP_GRID[0]);
      const tied = ties(r);
      body.append(el('tr', { 'data-racer': r.racer, 'data-best-lr': String(r.bestLr), 'data-best-loss': String(r.bestLoss), 'data-edge': String(edge) },
        el('th', { scope: 'row' }, RACER_LABELS[r.racer]),
        el('td', {}, Number.isFinite(r.bestLoss) ? `${formatSig(r.bestLr)}${tied > 1 ? ` (one of ${tied} ties)` : edge ? ' (grid edge)' : ''}` : '–'),
        el('td', {}, Number.isFinite(r.bestLoss) ? `${formatSig(r.bestLoss)}${solvedText(r)}` : 'diverged'),
        el('td', {}, divergedAt.length ? `lr ≥ ${formatSig(divergedAt[0])}` : 'none')));
    }
    table.append(body);
    h.table.replaceChildren(table);
  },
});
