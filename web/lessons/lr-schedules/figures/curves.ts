/**
 * Loss by step for every racer (and its extra seeds), with the learning-rate schedule's
 * multiplier underneath (engine.lrSchedule). A log scale of loss minus the minimum, except on the
 * saddle, which has no minimum. The vertical line follows the race's step `t`.
 */
import { defineFigure } from '../../framework/figure';
import type { Chart } from '../../../ui/chart';
import { controlRow } from '../../../ui/controls';
import { el } from '../../../ui/dom';
import { lineLayer, ruleLayer, type Point } from '../../../ui/layers';
import { markerLayer } from '../../../ui/trajectory';
import { raceRuns, scheduleFor, SETTINGS_KEYS, settingsFrom, surfaceInfo, type RaceRun, type RaceSettings } from '../../optimizers/options';
import { RACERS, RACER_LABELS, RACER_SERIES, SCHEDULE_LABELS, type Racer, type State } from '../../optimizers/params';
import { mergeColumns, racerCode, shownAt } from '../../optimizers/code';
import { scheduleRun } from '../../shared/code-schedule';

interface Line { name: string; points: Point[]; racer: Racer; faint: boolean; diverged: boolean; end?: Point }

export interface CurvesData {
  settings: RaceSettings;
  /** the minimum subtracted from every loss (0 on the saddle) */
  minValue: number;
  runs: RaceRun[];
  lines: Line[];
  lo: number;
  hi: number;
  schedule: Point[];
  top: number;
}

/** Which schedule uses which of the schedule controls. */
const USED: Record<string, string[]> = { step_size: ['step'], gamma: ['step'], decay: ['exponential'], t0: ['cosine_warm_restarts'], warmup: ['warmup_cosine'], pct: ['one_cycle'] };

export const curves = defineFigure<State>()({
  name: 'curves',
  exportName: 'loss-curves',
  caption: 'Loss by step for every racer, with the learning-rate schedule underneath',
  deps: [...SETTINGS_KEYS, 'racers'],
  view: ['t'],

  async compute(state, engine, { signal }): Promise<CurvesData> {
    const s = settingsFrom(state as never);
    const saddle = s.surface === 'saddle';
    const { runs } = await raceRuns(engine, s, state.racers as string[], signal);
    const minValue = saddle ? 0 : Math.min(0, ...surfaceInfo(engine, s.surface).minima.map((m) => m.value));
    let lo = Infinity, hi = -Infinity;
    const lines: Line[] = [];
    for (const run of runs) {
      [run.main, ...run.extra].forEach((r, k) => {
        const points: Point[] = [];
        for (let i = 0; i < r.loss.length; i++) {
          const v = r.loss[i] - minValue;
          if (!Number.isFinite(v)) break;
          points.push([i, v]);
          if (!saddle && v <= 0) continue;
          lo = Math.min(lo, v);
          if (i === 0 || !r.divergence.diverged) hi = Math.max(hi, v);
        }
        lines.push({ name: `loss-${run.racer}-${k}`, points, racer: run.racer, faint: k > 0, diverged: r.divergence.diverged });
      });
    }
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) { lo = saddle ? -1 : 1e-6; hi = saddle ? 1 : 1; }
    if (saddle) {
      const pad = (hi - lo) * 0.05 || 1;
      lo = Math.max(lo - pad, -1000); hi = Math.min(hi + pad, 1000);
    } else {
      hi *= 3;
      lo = Math.max(lo / 3, hi * 1e-16, 1e-300);
    }
    const clampY = (v: number) => Math.min(hi, Math.max(lo, v));
    for (const line of lines) {
      const last = line.points[line.points.length - 1];
      if (last) line.end = [last[0], clampY(last[1])];
      line.points = line.points.filter((p) => saddle || p[1] > 0).map((p) => [p[0], clampY(p[1])] as Point);
    }
    const mult = await engine.lrSchedule({ ...(scheduleFor(s) ?? { name: 'constant' }), lr: 1 }, s.steps);
    let top = 0;
    const schedule: Point[] = Array.from(mult, (v, i) => { top = Math.max(top, v); return [i, v] as Point; });
    return { settings: s, minValue, runs, lines, lo, hi, schedule, top };
  },

  /** Every line's end (loss − minimum, each seed of each racer) and the schedule's lr curve. */
  async code(data, _state, engine) {
    const s = data.settings;
    const seeds = s.noise > 0 ? Array.from({ length: s.seeds }, (_, k) => k) : [0];
    if (!data.runs.length) throw new Error('no optimizer is racing: tick one');
    const codes = await Promise.all(data.runs.flatMap((run) => [run.main, ...run.extra].map((r, k) => {
      const shown = shownAt(r, s.steps, data.minValue);
      const label = `${RACER_LABELS[run.racer]}${seeds.length > 1 ? ` seed ${s.seed + seeds[k]}` : ''}`;
      return racerCode(engine, s, run.racer, { label, report: 'point', offset: data.minValue, expect: shown.expect }, { steps: shown.steps, seedOffsets: [seeds[k]] });
    })));
    const schedule = await scheduleRun(engine, 'lr multiplier', scheduleFor(s), 1, s.steps, `${SCHEDULE_LABELS[s.schedule]}, as a multiplier of the base lr`);
    return {
      title: `Loss by step on the ${s.surface} surface with the ${SCHEDULE_LABELS[s.schedule].toLowerCase()} schedule`, source: 'lr-schedules/curves',
      columns: mergeColumns(codes), runs: [...codes.map((c) => c.run), schedule],
      ...(s.noise > 0 ? { dataNote: `The lab's gradient noise, sigma = ${s.noise} times its seeded normal draws, one column per coordinate and seed` } : {}),
    };
  },

  setup(host) {
    const controls = Object.fromEntries(['step_size', 'gamma', 'decay', 't0', 'warmup', 'pct'].map((name) =>
      [name, host.control(name, name === 'decay' ? { format: (v) => String(v) } : {})]));
    host.body.append(controlRow(host.control('schedule', { optionLabels: SCHEDULE_LABELS }), ...Object.values(controls)));
    const log = host.chart({ title: 'Loss by step (log scale)', xLabel: 'step', yLabel: 'loss − minimum', x: [0, 150], y: [1e-6, 100], yScale: 'log', yTickFormat: '.0e', height: 300 });
    const linear = host.chart({ title: 'Loss by step', xLabel: 'step', yLabel: 'loss', x: [0, 150], y: [-10, 10], height: 300 });
    const lr = host.chart({ title: 'Learning-rate multiplier of the schedule by step', xLabel: 'step', yLabel: 'lr ÷ base lr', x: [0, 150], y: [0, 1.1], height: 170 });
    const note = el('p', { class: 'legend-note' });
    host.body.append(note);
    return { controls, log, linear, lr, note, drawn: undefined as CurvesData | undefined };
  },

  draw(data, h, state) {
    const s = data.settings;
    const t = Math.min(state.t as number, s.steps);
    const saddle = s.surface === 'saddle';
    const chart: Chart = saddle ? h.linear : h.log;
    const rule = () => ruleLayer([t], 'x', 'rule hover-rule');
    if (h.drawn === data) {
      chart.set('t', rule());
      h.lr.set('t', rule());
    } else {
      h.drawn = data;
      (saddle ? h.log : h.linear).element.parentElement!.hidden = true;
      chart.element.parentElement!.hidden = false;
      chart.setDomain([0, Math.max(1, s.steps)], [data.lo, data.hi]);
      for (const r of RACERS) for (let k = 0; k < 8; k++) chart.remove(`loss-${r}-${k}`);
      chart.remove('t');
      chart.remove('divergences');
      for (const line of data.lines) {
        chart.set(line.name, lineLayer(line.points, { series: RACER_SERIES[line.racer], label: `${RACER_LABELS[line.racer]}${line.faint ? ' (another seed)' : ''}`, width: line.faint ? 1 : 2.5, className: line.faint ? 'muted' : '' }));
      }
      chart.set('divergences', markerLayer(data.lines.filter((l) => l.diverged && !l.faint && l.end).map((l) => l.end!), 'diverged-dot'));
      chart.set('t', rule());
      chart.render();
      h.lr.setDomain([0, Math.max(1, s.steps)], [0, Math.max(1.05, data.top * 1.05)]);
      h.lr.set('schedule', lineLayer(data.schedule, { series: 3, label: SCHEDULE_LABELS[s.schedule] }));
      h.lr.set('t', rule());
      h.lr.render();
      for (const [name, control] of Object.entries(h.controls)) control.hidden = !USED[name].includes(s.schedule);
    }
    h.note.textContent = saddle
      ? 'The saddle has no minimum, so its loss is drawn on a linear scale and keeps falling.'
      : `Loss minus the surface’s minimum, on a log scale; a cross marks where a run diverged. The vertical line is the step shown (${t}).`;
  },
});
