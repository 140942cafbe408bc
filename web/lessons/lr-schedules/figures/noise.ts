/**
 * Mini-batch noise and annealing, over seeds. σ is the Gaussian noise added to each gradient
 * coordinate; every seed is one sequence of noise. For each racer the figure runs every seed twice
 * with the same noise (paired): at a constant learning rate, and annealed (the schedule picked
 * above, or cosine when that is constant), and shows each seed's final loss, so the spread is
 * visible and no claim rests on one lucky draw. The race and the loss curves draw the extra seeds
 * faintly.
 */
import { defineFigure } from '../../framework/figure';
import { controlRow, seedControl } from '../../../ui/controls';
import { el, scrollRegion } from '../../../ui/dom';
import { scatterLayer, type Point } from '../../../ui/layers';
import { formatSig } from '../../../ui/log-slider';
import { finalLoss, optimizeOptions, SETTINGS_KEYS, settingsFrom, surfaceInfo, type RaceSettings } from '../../optimizers/options';
import { mergeColumns, racerCode } from '../../optimizers/code';
import { RACERS, RACER_LABELS, RACER_SERIES, SCHEDULE_LABELS, type Racer, type ScheduleChoice, type State } from '../../optimizers/params';
import { wilson } from '../../shared/stats';

export interface AnnealRow {
  racer: Racer;
  constant: number[];
  annealed: number[];
  /** on the bowl: each seed's final distance across the valley |v| and along it |u| */
  across?: { constant: number[]; annealed: number[] };
  along?: { constant: number[]; annealed: number[] };
  /** seeds on which the annealed run ends lower than the constant one (same noise) */
  wins: number;
  /** the same count over the first eight seeds only: what a small comparison would have seen */
  winsFirst8: number;
  /** What the table shows: each column's median, lowest and highest, the win rate's 95% interval, the distances' medians */
  summary: {
    constant: Spread;
    annealed: Spread;
    winInterval: [number, number];
    across?: { constant: number; annealed: number };
    along?: { constant: number; annealed: number };
  };
}

export interface Spread { median: number; min: number; max: number }

/** The chart's dots: one per seed and column, placed side by side around each optimizer's x, and the loss axis's range. */
export interface NoiseDots {
  constant: { points: Point[]; series: number[] };
  annealed: { points: Point[]; series: number[] };
  lo: number;
  hi: number;
}

export interface NoiseData {
  settings: RaceSettings;
  /** subtracted from every final loss */
  min: number;
  noise: number;
  seeds: number;
  annealedWith: ScheduleChoice;
  steps: number;
  rows: AnnealRow[];
  dots: NoiseDots;
}

/**
 * Seeds in the annealing comparison. Not the race's `seeds` (at most 8, drawn as faint paths):
 * with 8 seeds a true win rate of 75% still shows 4 of 8 one time in ten, so the comparison runs
 * 40 paired seeds and reports the win rate with its 95% Wilson interval.
 */
export const ANNEAL_SEEDS = 40;

/** The 95% Wilson score interval of a share k/n (one copy, in lessons/shared/stats). */
export { wilson };

export const median = (values: readonly number[]): number => {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const h = Math.floor(v.length / 2);
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
};

const spread = (v: number[]): Spread => ({ median: median(v), min: Math.min(...v), max: Math.max(...v) });

function summarise(row: Omit<AnnealRow, 'summary'>): AnnealRow['summary'] {
  const medians = (x?: { constant: number[]; annealed: number[] }) => (x ? { constant: median(x.constant), annealed: median(x.annealed) } : undefined);
  return { constant: spread(row.constant), annealed: spread(row.annealed), winInterval: wilson(row.wins, row.constant.length), across: medians(row.across), along: medians(row.along) };
}

function placeDots(rows: readonly AnnealRow[]): NoiseDots {
  let lo = Infinity, hi = 0;
  const dots: NoiseDots = { constant: { points: [], series: [] }, annealed: { points: [], series: [] }, lo, hi };
  rows.forEach((row, i) => {
    for (const [values, dx, column] of [[row.constant, -0.17, dots.constant], [row.annealed, 0.17, dots.annealed]] as const) {
      values.forEach((v, k) => {
        if (!(v > 0) || !Number.isFinite(v)) return;
        lo = Math.min(lo, v); hi = Math.max(hi, v);
        column.points.push([i + dx + ((k - (values.length - 1) / 2) * 0.24) / values.length, v]);
        column.series.push(RACER_SERIES[row.racer]);
      });
    }
  });
  if (!(hi > 0)) { lo = 1e-6; hi = 1; }
  return { ...dots, lo, hi };
}

export const noise = defineFigure<State>()({
  name: 'noise',
  exportName: 'noise-and-annealing',
  caption: 'Noise and annealing over seeds: each seed’s final loss at a constant learning rate and annealed, with the same noise',
  deps: [...SETTINGS_KEYS, 'racers'],
  /** off-screen it waits: a drag of κ at the top of the page does not pay for it */
  lazy: true,

  async compute(state, engine, { signal }): Promise<NoiseData> {
    const s = settingsFrom(state as never);
    const annealedWith: ScheduleChoice = s.schedule === 'constant' ? 'cosine' : s.schedule;
    const racers = RACERS.filter((r) => (state.racers as string[]).includes(r));
    if (!(s.noise > 0)) return { settings: s, min: 0, noise: 0, seeds: s.seeds, annealedWith, steps: s.steps, rows: [], dots: placeDots([]) };
    const min = Math.min(0, ...surfaceInfo(engine, s.surface).minima.map((m) => m.value));
    const a = (s.angle * Math.PI) / 180, c = Math.cos(a), sn = Math.sin(a);
    const end = (r: { path: Float64Array }) => {
      const n = Math.floor(r.path.length / 2) - 1, x = r.path[2 * n], y = r.path[2 * n + 1];
      return { u: Math.abs(x * c + y * sn), v: Math.abs(-x * sn + y * c) };
    };
    const runAll = (schedule: ScheduleChoice) => Promise.all(racers.map((racer) => Promise.all(Array.from({ length: ANNEAL_SEEDS }, (_, k) =>
      engine.optimize(optimizeOptions(racer, { ...s, schedule }, { seedOffset: k })).then(
        (r) => ({ loss: finalLoss(r) - min, ...end(r) }), () => ({ loss: Infinity, u: NaN, v: NaN }))))));
    const [constant, annealed] = await Promise.all([runAll('constant'), runAll(annealedWith)]);
    if (signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
    const bowl = s.surface === 'quadratic';
    const rows = racers.map((racer, i): Omit<AnnealRow, 'summary'> => ({
      racer, constant: constant[i].map((r) => r.loss), annealed: annealed[i].map((r) => r.loss),
      wins: annealed[i].filter((r, k) => r.loss < constant[i][k].loss).length,
      winsFirst8: annealed[i].slice(0, 8).filter((r, k) => r.loss < constant[i][k].loss).length,
      ...(bowl ? {
        across: { constant: constant[i].map((r) => r.v), annealed: annealed[i].map((r) => r.v) },
        along: { constant: constant[i].map((r) => r.u), annealed: annealed[i].map((r) => r.u) },
      } : {}),
    }));
    const summarised = rows.map((row) => ({ ...row, summary: summarise(row) }));
    return { settings: s, min, noise: s.noise, seeds: ANNEAL_SEEDS, annealedWith, steps: s.steps, rows: summarised, dots: placeDots(summarised) };
  },

  /** Per racer, both columns of the table over every seed (the same noise for both): the medians and the wins. */
  async code(data, _state, engine) {
    if (!data.rows.length) throw new Error('the noise is off, so there is no comparison over seeds: raise σ');
    const s = data.settings;
    const offsets = Array.from({ length: data.seeds }, (_, k) => k);
    const codes = (await Promise.all(data.rows.map((row) => {
      const constant = `${RACER_LABELS[row.racer]} constant lr`;
      return Promise.all([
        racerCode(engine, { ...s, schedule: 'constant' }, row.racer, { label: constant, report: 'seeds', offset: data.min, expect: [{ name: 'median final', value: row.summary.constant.median }] }, { seedOffsets: offsets }),
        racerCode(engine, { ...s, schedule: data.annealedWith }, row.racer, {
          label: `${RACER_LABELS[row.racer]} annealed`, report: 'seeds', offset: data.min, pairedWith: constant,
          expect: [{ name: 'median final', value: row.summary.annealed.median }, { name: 'lower on', value: row.wins }],
        }, { seedOffsets: offsets }),
      ]);
    }))).flat();
    return {
      title: `Noise and annealing over ${data.seeds} seeds: constant lr against ${SCHEDULE_LABELS[data.annealedWith].toLowerCase()}, sigma = ${s.noise}`,
      source: 'lr-schedules/noise', columns: mergeColumns(codes), runs: codes.map((c) => c.run),
      dataNote: `The lab's gradient noise, sigma = ${s.noise} times its seeded normal draws (seeds ${s.seed} to ${s.seed + data.seeds - 1}), one column per coordinate and seed`,
    };
  },

  setup(host) {
    host.figure.element.classList.add('noise-figure');
    const note = el('p', { class: 'readout noise-note', 'aria-live': 'polite' });
    host.body.append(el('div', { class: 'noise-controls' }, controlRow(host.control('noise'), host.control('seeds'), seedControl(host.store))), note);
    const chart = host.chart({ title: 'Final loss of every seed: constant learning rate (left column) and annealed (right column), per optimizer', xLabel: 'optimizer', yLabel: 'final loss − minimum', x: [-0.6, 3.6], y: [1e-4, 10], yScale: 'log', yTickFormat: '.0e', height: 260, canvas: true });
    // until the runs arrive: the optimizers ticked in the race, which the runs will compare
    chart.setCategories(RACERS.filter((r) => (host.store.get<string[]>('racers') ?? []).includes(r)).map((r) => RACER_LABELS[r]));
    const legend = el('p', { class: 'legend-note' });
    const table = scrollRegion('Annealing against a constant learning rate, over seeds');
    host.body.append(legend, table);
    return { note, chart, legend, table };
  },

  draw(data, h) {
    const figure = h.chart.element.closest('figure')!;
    figure.dataset.rows = String(data.rows.length);
    if (!data.rows.length) {
      h.note.textContent = 'Noise is off: every run is the exact full-batch gradient, so every seed gives the same run. Raise σ to compare annealing with a constant learning rate over seeds.';
      h.table.replaceChildren();
      h.legend.textContent = '';
      h.chart.element.hidden = true;
      return;
    }
    h.chart.element.hidden = false;
    const label = SCHEDULE_LABELS[data.annealedWith].toLowerCase();
    h.note.textContent = `σ = ${formatSig(data.noise)}, ${data.seeds} paired seeds (more than the race's faint paths), ${data.steps} steps. Each seed is run twice with the same noise: at the constant learning rate and with ${label}.`;
    const { constant, annealed, lo, hi } = data.dots;
    h.chart.setDomain([-0.6, Math.max(0.6, data.rows.length - 0.4)], [lo / 2, hi * 2]);
    h.chart.setCategories(data.rows.map((r) => RACER_LABELS[r.racer]));
    h.chart.set('constant', scatterLayer(constant.points, { series: (k) => constant.series[k], label: 'constant learning rate', radius: 2.5, canvas: true }));
    h.chart.set('annealed', scatterLayer(annealed.points, { series: (k) => annealed.series[k], label, radius: 3.5, canvas: true }));
    h.chart.render();
    h.legend.textContent = `Per optimizer (named under its pair of columns), left column (small dots): constant learning rate; right column (large dots): ${label}. One dot per seed, in the optimizer's colour.`;
    const range = (v: Spread) => `${formatSig(v.median)} (${formatSig(v.min)} – ${formatSig(v.max)})`;
    const pair = (x?: { constant: number; annealed: number }) => (x ? `${formatSig(x.constant)} → ${formatSig(x.annealed)}` : '–');
    const body = el('tbody');
    for (const r of data.rows) {
      const { constant: c, annealed: a, winInterval: [lo, hi], across, along } = r.summary;
      body.append(el('tr', {
        'data-racer': r.racer, 'data-constant-median': String(c.median), 'data-annealed-median': String(a.median), 'data-wins': String(r.wins), 'data-seeds': String(r.constant.length), 'data-win-lo': String(lo), 'data-win-hi': String(hi), 'data-wins-first8': String(r.winsFirst8),
        ...(across && along ? { 'data-across-constant': String(across.constant), 'data-across-annealed': String(across.annealed), 'data-along-constant': String(along.constant), 'data-along-annealed': String(along.annealed) } : {}),
      },
        el('th', { scope: 'row' }, RACER_LABELS[r.racer]), el('td', {}, range(c)), el('td', {}, range(a)),
        el('td', {}, `${r.wins} of ${r.constant.length} (95% interval ${Math.round(100 * lo)}–${Math.round(100 * hi)}%)`),
        el('td', {}, `${r.winsFirst8} of ${Math.min(8, r.constant.length)}`), el('td', {}, pair(across)), el('td', {}, pair(along))));
    }
    h.table.replaceChildren(el('table', { class: 'anneal-table' },
      el('caption', {}, `Final loss − minimum over ${data.seeds} seeds: median (lowest – highest); how often the annealed run ends lower, with the 95% Wilson interval of that rate`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'optimizer'), el('th', { scope: 'col' }, 'constant lr'),
        el('th', { scope: 'col' }, label), el('th', { scope: 'col' }, 'annealed lower on'), el('th', { scope: 'col' }, 'on the first 8 seeds only'),
        el('th', { scope: 'col' }, 'across the valley |v|, constant → annealed'), el('th', { scope: 'col' }, 'along the valley |u|, constant → annealed'))), body));
  },
});
