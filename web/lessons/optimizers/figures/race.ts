/**
 * The race: a contour plot of the surface with every racing optimizer's path from a draggable
 * start, played step by step. Each path is one engine.optimize call (options.ts); the step shown
 * is the state key `t`, so a link reproduces it and the inside view and loss curves follow it.
 */
import type { ContourBand, SurfaceGrid, SurfaceInfo } from 'loss-lab';
import { defineFigure } from '../../framework/figure';
import '../../shared/code-trajectory';
import { controlRow, paramControl } from '../../../ui/controls';
import { el } from '../../../ui/dom';
import { formatSig, logSlider } from '../../../ui/log-slider';
import { arrowLayer, levelContourLayer, markerLayer, pathLayer, type Point } from '../../../ui/trajectory';
import { insideArrows } from '../arrows';
import { contourSurface, surfaceKey } from '../contour-surface';
import {
  divergenceText, pointCount, raceRuns, settingsFrom, surfaceInfo, surfaceParams, type RaceRuns, type RaceSettings,
} from '../options';
import { PRESETS, RACERS, RACER_LABELS, RACER_SERIES, SURFACE_LABELS, type LessonSurface, type Racer, type State } from '../params';
import { hyperparameters, racerGrid } from '../racer-grid';
import { mergeColumns, racerCode, shownAt } from '../code';

export interface RaceData extends RaceRuns {
  settings: RaceSettings;
  info: SurfaceInfo;
  grid: SurfaceGrid;
  /** the surface and its parameters: the contours are redrawn only when this changes */
  surfaceKey: string;
  levels: number[];
  offset: number;
  /** the filled contour bands, computed in the worker (marching squares over 110 × 110 cost the page 50+ ms) */
  bands: ContourBand[];
}

/**
 * The race of one lesson: `keys` are the race settings its state has (CORE_SETTINGS_KEYS in "How
 * optimizers move", SETTINGS_KEYS with schedules and noise in lr-schedules); `arrows` draws the
 * inside view's arrows at the inspected optimizer's point (only where the inside view exists).
 */
export function makeRace(options: { keys: readonly string[]; arrows: boolean }) {
  const { keys, arrows } = options;
  return defineFigure<State>()({
  name: 'race',
  exportName: 'optimizer-race',
  caption: 'The race: every optimizer from the same start on the same surface',
  deps: [...keys, 'racers'],
  view: arrows ? ['inspect'] : [],

  async compute(state, engine, { signal }): Promise<RaceData> {
    const s = settingsFrom(state as never, keys);
    const info = surfaceInfo(engine, s.surface);
    const params = surfaceParams(s);
    // A new start or learning rate leaves the surface as it was: its grid and bands are reused.
    const surface = contourSurface(engine, s.surface, params, info);
    const runs = await raceRuns(engine, s, state.racers as string[], signal);
    return { settings: s, info, surfaceKey: surfaceKey(s.surface, params), ...(await surface), ...runs };
  },

  setup(host) {
    const store = host.store;
    const kappa = logSlider(store, 'kappa');
    const angle = paramControl(store, 'angle', { format: (v) => `${v}°` });
    const presets = el('button', { type: 'button', class: 'use-presets' }, 'Use this surface’s preset learning rates');
    const applyPresets = (moveStart: boolean) => {
      const p = PRESETS[store.get<LessonSurface>('surface')];
      const patch: Record<string, number> = {};
      for (const r of RACERS) patch[`lr_${r}`] = p.lr[r];
      if (moveStart) { patch.sx = p.start[0]; patch.sy = p.start[1]; }
      store.set(patch);
    };
    presets.addEventListener('click', () => applyPresets(false));
    let previousSurface = store.get<string>('surface');
    store.subscribe((values, changed) => {
      if (changed.has('surface') && values.surface !== previousSurface) {
        previousSurface = values.surface as string;
        applyPresets(true);
      }
    });

    // The framework's playback bar, plus a step back (the bar steps forward only).
    const bar = host.playback();
    const back = el('button', { type: 'button', class: 'step-back', 'aria-label': 'Step back' }, '◀ Step');
    back.addEventListener('click', () => {
      const play = bar.querySelector<HTMLButtonElement>('button.play');
      if (play?.getAttribute('aria-pressed') === 'true') play.click();
      store.set({ t: Math.max(0, Math.min(store.get<number>('t'), store.get<number>('steps')) - 1) });
    });
    bar.insertBefore(back, bar.querySelector('button.step'));
    const chartHolder = el('div', { class: 'race-chart' });
    host.body.append(
      controlRow(paramControl(store, 'surface', { optionLabels: SURFACE_LABELS }), kappa, angle, paramControl(store, 'steps')),
      el('div', { class: 'button-row' }, presets), racerGrid(store), hyperparameters(store), bar, chartHolder);
    const chart = host.chart({ title: 'Contour plot of the surface with the optimizers’ paths', xLabel: 'x', yLabel: 'y', x: [-3, 3], y: [-3, 3], height: 440, canvas: true }, chartHolder);
    const help = el('p', { class: 'editor-help', id: 'race-help' },
      'Drag the ringed start point (or click anywhere) to start the race from there. Keyboard: focus the plot and use the arrow keys (Shift: bigger moves).');
    const arrowNote = el('p', { class: 'legend-note arrow-note' });
    const status = el('ul', { class: 'race-status', 'aria-live': 'polite', 'aria-label': 'Where each optimizer is at the step shown' });
    host.body.append(arrowNote, help, el('div', { class: 'controls compact' }, paramControl(store, 'sx'), paramControl(store, 'sy')), status);

    const svg = chart.svg.node()!;
    svg.setAttribute('tabindex', '0');
    svg.setAttribute('aria-describedby', 'race-help');
    svg.classList.add('editable');
    const view = () => surfaceInfo(host.engine, store.get<LessonSurface>('surface')).view;
    const setStart = (x: number, y: number) => {
      const v = view();
      const cx = Math.min(v.xmax, Math.max(v.xmin, x)), cy = Math.min(v.ymax, Math.max(v.ymin, y));
      store.set({ sx: Number(cx.toFixed(2)), sy: Number(cy.toFixed(2)) });
    };
    let dragging = false;
    svg.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      dragging = true;
      svg.setPointerCapture(event.pointerId);
      setStart(...chart.pointer(event));
      event.preventDefault();
    });
    svg.addEventListener('pointermove', (event) => { if (dragging) setStart(...chart.pointer(event)); });
    svg.addEventListener('pointerup', () => { dragging = false; });
    svg.addEventListener('pointercancel', () => { dragging = false; });
    svg.addEventListener('keydown', (event) => {
      const v = view();
      const unit = ((v.xmax - v.xmin) / 100) * (event.shiftKey ? 5 : 1);
      const moves: Record<string, [number, number]> = { ArrowLeft: [-unit, 0], ArrowRight: [unit, 0], ArrowUp: [0, unit], ArrowDown: [0, -unit] };
      const m = moves[event.key];
      if (!m) return;
      event.preventDefault();
      setStart(store.get<number>('sx') + m[0], store.get<number>('sy') + m[1]);
    });
    return { chart, svg, status, kappa, angle, arrowNote, surfaceKey: '' };
  },

  draw(data, h, state, t) {
    const { settings: s, runs, chart } = { ...data, chart: h.chart };
    h.kappa.hidden = state.surface !== 'quadratic';
    h.angle.hidden = state.surface !== 'quadratic';
    if (h.surfaceKey !== data.surfaceKey) {
      h.surfaceKey = data.surfaceKey;
      const v = data.info.view;
      // Axes first, without the old contours, so the new ones are painted once, not twice.
      chart.remove('surface');
      chart.setDomain([v.xmin, v.xmax], [v.ymin, v.ymax]);
      chart.render();
      chart.set('surface', levelContourLayer(data.grid, data.levels, { offset: data.offset, label: data.info.name, canvas: true, bands: data.bands }));
      chart.set('minima', markerLayer(data.info.minima.map((m) => [m.x, m.y] as Point), 'minimum-marker'));
    }
    for (const r of RACERS) for (let k = 0; k < 8; k++) chart.remove(k ? `path-${r}-${k}` : `path-${r}`);
    for (const run of runs) {
      run.extra.forEach((e, k) => chart.set(`path-${run.racer}-${k + 1}`, pathLayer(e.path, t + 1, { series: RACER_SERIES[run.racer], label: `${RACER_LABELS[run.racer]} (seed ${s.seed + k + 1})`, faint: true })));
    }
    for (const run of runs) {
      chart.set(`path-${run.racer}`, pathLayer(run.main.path, t + 1, {
        series: RACER_SERIES[run.racer], label: RACER_LABELS[run.racer], current: t,
        diverged: run.main.divergence.diverged && t + 1 >= pointCount(run.main),
      }));
    }
    const inspected = arrows ? runs.find((r) => r.racer === (state.inspect as Racer)) : undefined;
    chart.remove('arrows');
    chart.set('arrows', arrowLayer(inspected ? insideArrows(inspected.main, t, data.info.view).arrows : []));
    // The arrows belong to "Inside the optimizer" further down: say what they are where they first appear.
    h.arrowNote.hidden = !inspected;
    h.arrowNote.textContent = inspected
      ? `The ${inspected.main.first ? 'three' : 'two'} arrows at ${RACER_LABELS[inspected.racer]}’s current point are its update at this step, explained under “Inside the optimizer” below: dashed, the plain gradient step −η·g;${inspected.main.first ? ` dotted, ${inspected.main.firstName === 'm_hat' ? '−η·m̂' : '−η·velocity'};` : ''} solid, the step it really took (all scaled by one factor).`
      : '';
    chart.remove('start');
    chart.set('start', markerLayer([s.start], 'start-marker'));
    h.svg.setAttribute('aria-label', `Race on the ${SURFACE_LABELS[s.surface]} from x ${s.start[0]}, y ${s.start[1]}; arrow keys move the start`);

    h.status.replaceChildren(...runs.map((run) => {
      const n = pointCount(run.main);
      const i = Math.min(t, n - 1);
      const loss = run.main.loss[i];
      const diverged = run.main.divergence.diverged && t >= n - 1;
      const text = diverged
        ? `${RACER_LABELS[run.racer]} ${divergenceText(run.main, s.surface)}`
        : `${RACER_LABELS[run.racer]}: loss ${formatSig(loss)} at step ${i} (x ${formatSig(run.main.path[2 * i])}, y ${formatSig(run.main.path[2 * i + 1])})`;
      return el('li', { 'data-racer': run.racer, 'data-loss': String(loss), 'data-step': String(i), 'data-diverged': String(diverged), class: diverged ? 'diverged' : '' },
        el('span', { class: `swatch series-${RACER_SERIES[run.racer]}`, 'aria-hidden': 'true' }), text);
    }));
    for (const f of data.failures) h.status.append(el('li', { class: 'error', 'data-racer': f.racer }, `${RACER_LABELS[f.racer]} cannot run with these settings: ${f.message}`));
    if (!h.status.childElementCount) h.status.replaceChildren(el('li', {}, 'No optimizer is racing: tick one above.'));
  },

  /** Each racer's run to the step shown, with the point and loss the status line shows there. */
  async code(data, state, engine) {
    const t = Math.min(state.t as number, data.settings.steps);
    if (!data.runs.length) throw new Error('no optimizer is racing: tick one');
    const codes = await Promise.all(data.runs.map((run) => {
      const shown = shownAt(run.main, t);
      return racerCode(engine, data.settings, run.racer, { label: RACER_LABELS[run.racer], report: 'point', expect: shown.expect }, { steps: shown.steps });
    }));
    const s = data.settings;
    return {
      title: `The race on the ${SURFACE_LABELS[s.surface]} from (${s.start[0]}, ${s.start[1]}), at step ${t}`, source: `${keys.includes('noise') ? 'lr-schedules' : 'optimizers'}/race`,
      columns: mergeColumns(codes), runs: codes.map((c) => c.run),
      ...(s.noise > 0 ? { dataNote: `The lab's gradient noise, sigma = ${s.noise} times its seeded normal draws, one column per coordinate and seed` } : {}),
    };
  },

  playback: {
    label: 'Race playback',
    frames: (data) => data.settings.steps + 1,
    start: 'last',
    param: 't',
    describe: (data, frame) => `step ${frame} of ${data.settings.steps}`,
  },
  });
}
