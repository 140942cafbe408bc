/**
 * The race (contour plot with every optimizer's path from a draggable start), the view inside
 * the selected optimizer at the current step, the loss curves with the schedule underneath, and
 * the mini-batch noise controls. All numbers come from lab.optimize / lab.lrSchedule /
 * lab.surfaceGrid; the figures only draw them.
 */
import type { LossLab, OptimizeResult, SurfaceGrid } from 'loss-lab';
import type { StateStore } from '../../state/store';
import type { Chart } from '../../ui/chart';
import { controlRow, paramControl, seedControl } from '../../ui/controls';
import { el, scrollRegion } from '../../ui/dom';
import { Figure } from '../../ui/figure';
import { lineLayer, ruleLayer, type Point } from '../../ui/layers';
import { formatSig, logSlider } from '../../ui/log-slider';
import { arrowLayer, levelContourLayer, logLevels, markerLayer, pathLayer, type Arrow } from '../../ui/trajectory';
import {
  divergenceText, optimizeOptions, pointCount, RunCache, scheduleFor, settingsFrom, surfaceInfo, surfaceParams, type RaceSettings,
} from './compute';
import { PRESETS, RACERS, RACER_LABELS, RACER_SERIES, SCHEDULE_LABELS, SURFACE_LABELS, type LessonSurface, type Racer } from './params';
import { frameScheduler } from '../../ui/frame';

export interface RaceRun {
  racer: Racer;
  main: OptimizeResult;
  /** extra seeds when noise is on */
  extra: OptimizeResult[];
}

export interface RaceModel {
  settings(): RaceSettings;
  runs(): RaceRun[];
  /** racers the core refused to run with the current settings, with its reason */
  failures(): Array<{ racer: Racer; message: string }>;
  /** the step shown (0..steps) */
  shown(): number;
  cache: RunCache;
}

const STRUCTURAL = new Set(['t', 'inspect']);

export function mountRace(lab: LossLab, store: StateStore, slots: { race: HTMLElement; inside: HTMLElement; curves: HTMLElement; noise: HTMLElement }, cleanups: Array<() => void>): RaceModel {
  const cache = new RunCache(lab);
  let runsKey = '';
  let runsValue: RaceRun[] = [];
  let failed: Array<{ racer: Racer; message: string }> = [];
  const model: RaceModel = {
    cache,
    failures: () => failed,
    settings: () => settingsFrom(store.values),
    shown: () => Math.min(store.get<number>('t'), store.get<number>('steps')),
    runs() {
      const s = model.settings();
      const on = store.get<string[]>('racers') as Racer[];
      const key = JSON.stringify([s, on]);
      if (key === runsKey) return runsValue;
      failed = [];
      runsValue = [];
      for (const racer of RACERS.filter((r) => on.includes(r))) {
        try {
          runsValue.push({
            racer,
            main: cache.run(optimizeOptions(racer, s)),
            extra: s.noise > 0 ? Array.from({ length: s.seeds - 1 }, (_, i) => cache.run(optimizeOptions(racer, s, { seedOffset: i + 1 }))) : [],
          });
        } catch (error) {
          failed.push({ racer, message: (error as Error).message });
        }
      }
      runsKey = key;
      return runsValue;
    },
  };

  // ---------------- the race ----------------
  const race = new Figure(slots.race, 'optimizer-race', 'The race: every optimizer from the same start on the same surface');
  const surfaceControl = paramControl(store, 'surface', { optionLabels: SURFACE_LABELS });
  const kappaControl = logSlider(store, 'kappa');
  const angleControl = paramControl(store, 'angle', { format: (v) => `${v}°` });
  const presetButton = el('button', { type: 'button', class: 'use-presets' }, 'Use this surface’s preset learning rates');
  presetButton.addEventListener('click', () => applyPresets(false));
  race.body.append(controlRow(surfaceControl, kappaControl, angleControl, paramControl(store, 'steps')), el('div', { class: 'button-row' }, presetButton));

  // racers: a toggle and a log learning-rate slider each
  const racerGrid = el('div', { class: 'racer-grid', role: 'group', 'aria-label': 'Optimizers in the race and their learning rates' });
  for (const racer of RACERS) {
    const id = `racer-toggle-${racer}`;
    const box = el('input', { type: 'checkbox', id, 'data-racer-toggle': racer });
    const sync = () => { box.checked = store.get<string[]>('racers').includes(racer); };
    box.addEventListener('change', () => {
      const on = new Set(store.get<string[]>('racers'));
      if (box.checked) on.add(racer); else on.delete(racer);
      store.set({ racers: RACERS.filter((r) => on.has(r)) });
    });
    cleanups.push(store.subscribe((_, c) => c.has('racers') && sync()));
    sync();
    racerGrid.append(el('div', { class: 'racer-row', 'data-racer': racer },
      el('label', { for: id, class: 'toggle racer-name' }, box, el('span', { class: `swatch series-${RACER_SERIES[racer]}`, 'aria-hidden': 'true' }), RACER_LABELS[racer]),
      logSlider(store, `lr_${racer}`, { label: `lr`, className: 'racer-lr' })));
    (racerGrid.lastElementChild!.querySelector('input[type=range]') as HTMLInputElement).setAttribute('aria-label', `${RACER_LABELS[racer]} learning rate`);
  }
  const hyper = el('details', { class: 'hyper' }, el('summary', {}, 'Hyperparameters: momentum, betas, ε, weight decay, AMSGrad'),
    controlRow(paramControl(store, 'mu_momentum'), paramControl(store, 'mu_nesterov'), paramControl(store, 'alpha'),
      paramControl(store, 'beta1'), paramControl(store, 'beta2', { format: (v) => String(v) }), logSlider(store, 'eps'),
      paramControl(store, 'wd'), paramControl(store, 'amsgrad')));
  race.body.append(racerGrid, hyper);

  // playback: play/pause, step back, step, replay, speed and a scrubber
  const play = el('button', { type: 'button', class: 'play', 'aria-pressed': 'false' }, 'Play');
  const back = el('button', { type: 'button', class: 'step-back', 'aria-label': 'Step back' }, '◀ Step');
  const forward = el('button', { type: 'button', class: 'step', 'aria-label': 'Step forward' }, 'Step ▶');
  const replay = el('button', { type: 'button', class: 'replay' }, 'Replay');
  const speed = el('select', { id: 'race-speed', class: 'speed' });
  for (const [v, text] of [['1', '1 step/frame'], ['3', '3 steps/frame'], ['10', '10 steps/frame']]) speed.append(el('option', { value: v }, text));
  const scrub = el('input', { type: 'range', id: 'race-scrub', class: 'scrub', min: 0, max: 150, step: 1, 'data-param': 't' });
  const scrubOut = el('output', { for: 'race-scrub', class: 'control-value' });
  let timer: number | undefined;
  const pause = () => {
    if (timer !== undefined) cancelAnimationFrame(timer);
    timer = undefined;
    play.textContent = 'Play';
    play.setAttribute('aria-pressed', 'false');
  };
  const reduced = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  let lastFrame = 0;
  const tick = (now: number) => {
    const steps = store.get<number>('steps');
    const t = model.shown();
    if (t >= steps) return pause();
    if (!reduced() || now - lastFrame > 120) {
      lastFrame = now;
      store.set({ t: Math.min(steps, t + Number(speed.value)) });
    }
    timer = requestAnimationFrame(tick);
  };
  const start = () => {
    if (model.shown() >= store.get<number>('steps')) store.set({ t: 0 });
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    timer = requestAnimationFrame(tick);
  };
  play.addEventListener('click', () => (timer !== undefined ? pause() : start()));
  back.addEventListener('click', () => { pause(); store.set({ t: Math.max(0, model.shown() - 1) }); });
  forward.addEventListener('click', () => { pause(); store.set({ t: Math.min(store.get<number>('steps'), model.shown() + 1) }); });
  replay.addEventListener('click', () => { pause(); store.set({ t: 0 }); start(); });
  scrub.addEventListener('input', () => { pause(); store.set({ t: Number(scrub.value) }); });
  cleanups.push(pause);
  race.body.append(el('div', { class: 'playback', role: 'group', 'aria-label': 'Race playback' }, play, back, forward, replay,
    el('label', { for: 'race-speed', class: 'inline' }, 'Speed ', speed)),
    el('div', { class: 'control slider scrubber' }, el('label', { for: 'race-scrub', class: 'control-label' }, 'Step shown ', scrubOut), scrub));

  const chartHolder = el('div', { class: 'race-chart' });
  race.body.append(chartHolder);
  const raceChart = race.chart({ title: 'Contour plot of the surface with the optimizers’ paths', xLabel: 'x', yLabel: 'y', x: [-3, 3], y: [-3, 3], height: 440, canvas: true }, chartHolder);
  const help = el('p', { class: 'editor-help', id: 'race-help' },
    'Drag the ringed start point (or click anywhere) to start the race from there. Keyboard: focus the plot and use the arrow keys (Shift: bigger moves).');
  const raceStatus = el('ul', { class: 'race-status', 'aria-live': 'polite', 'aria-label': 'Where each optimizer is at the step shown' });
  race.body.append(help, el('div', { class: 'controls compact' }, paramControl(store, 'sx'), paramControl(store, 'sy')), raceStatus);
  const svg = raceChart.svg.node()!;
  svg.setAttribute('tabindex', '0');
  svg.setAttribute('aria-describedby', 'race-help');
  svg.classList.add('editable');

  const view = () => surfaceInfo(lab, store.get<LessonSurface>('surface')).view;
  const clampStart = (x: number, y: number): [number, number] => {
    const v = view();
    return [Math.min(v.xmax, Math.max(v.xmin, x)), Math.min(v.ymax, Math.max(v.ymin, y))];
  };
  const setStart = (x: number, y: number) => {
    const [cx, cy] = clampStart(x, y);
    store.set({ sx: Number(cx.toFixed(2)), sy: Number(cy.toFixed(2)) });
  };
  let dragging = false;
  svg.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    dragging = true;
    svg.setPointerCapture(event.pointerId);
    const [x, y] = raceChart.pointer(event);
    setStart(x, y);
    event.preventDefault();
  });
  svg.addEventListener('pointermove', (event) => {
    if (!dragging) return;
    const [x, y] = raceChart.pointer(event);
    setStart(x, y);
  });
  const endDrag = () => { dragging = false; };
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  svg.addEventListener('keydown', (event) => {
    const v = view();
    const unit = ((v.xmax - v.xmin) / 100) * (event.shiftKey ? 5 : 1);
    const moves: Record<string, [number, number]> = { ArrowLeft: [-unit, 0], ArrowRight: [unit, 0], ArrowUp: [0, unit], ArrowDown: [0, -unit] };
    const m = moves[event.key];
    if (!m) return;
    event.preventDefault();
    setStart(store.get<number>('sx') + m[0], store.get<number>('sy') + m[1]);
  });

  // ---------------- inside the optimizer ----------------
  const inside = new Figure(slots.inside, 'inside-the-optimizer', 'Inside the selected optimizer at the step shown');
  inside.body.append(controlRow(paramControl(store, 'inspect', { optionLabels: RACER_LABELS }), paramControl(store, 'bias')));
  const insideNote = el('p', { class: 'readout inside-note', 'aria-live': 'polite' });
  const insideTable = scrollRegion('Optimizer state table');
  const biasNote = el('p', { class: 'readout bias-note' });
  inside.body.append(insideNote, insideTable, biasNote);
  const effLegend = el('p', { class: 'legend-note' }, 'Effective learning rate by step: solid line for the x coordinate, dashed for y. An adaptive optimizer gives the two coordinates different rates; SGD and momentum give both the same.');
  const effChart = inside.chart({ title: 'Effective learning rate per coordinate of the selected optimizer, by step', xLabel: 'step', yLabel: 'effective lr', x: [0, 150], y: [1e-4, 1], yScale: 'log', yTickFormat: '.0e', height: 220 });
  inside.body.append(effLegend);

  // ---------------- loss curves and the schedule ----------------
  const curves = new Figure(slots.curves, 'loss-curves', 'Loss by step for every racer, with the learning-rate schedule underneath');
  const scheduleControls = {
    step_size: paramControl(store, 'step_size'), gamma: paramControl(store, 'gamma'), decay: paramControl(store, 'decay', { format: (v) => String(v) }),
    t0: paramControl(store, 't0'), warmup: paramControl(store, 'warmup'), pct: paramControl(store, 'pct'),
  };
  curves.body.append(controlRow(paramControl(store, 'schedule', { optionLabels: SCHEDULE_LABELS }), ...Object.values(scheduleControls)));
  const lossLog = curves.chart({ title: 'Loss by step (log scale)', xLabel: 'step', yLabel: 'loss − minimum', x: [0, 150], y: [1e-6, 100], yScale: 'log', yTickFormat: '.0e', height: 300 });
  const lossLinear = curves.chart({ title: 'Loss by step', xLabel: 'step', yLabel: 'loss', x: [0, 150], y: [-10, 10], height: 300 });
  const lrChart = curves.chart({ title: 'Learning-rate multiplier of the schedule by step', xLabel: 'step', yLabel: 'lr ÷ base lr', x: [0, 150], y: [0, 1.1], height: 170 });
  const curvesNote = el('p', { class: 'legend-note' });
  curves.body.append(curvesNote);

  // ---------------- noise ----------------
  const noiseBox = el('div', { class: 'noise-controls' });
  noiseBox.append(controlRow(paramControl(store, 'noise'), paramControl(store, 'seeds'), seedControl(store)));
  const noiseNote = el('p', { class: 'readout noise-note', 'aria-live': 'polite' });
  slots.noise.append(el('div', { class: 'lab-figure noise-figure' }, el('p', { class: 'figure-title' }, 'Mini-batch noise: the race and the loss curves above redraw with one faint line per extra seed'), noiseBox, noiseNote));

  // ---------------- presets ----------------
  const applyPresets = (moveStart: boolean) => {
    const p = PRESETS[store.get<LessonSurface>('surface')];
    const patch: Record<string, number> = {};
    for (const r of RACERS) patch[`lr_${r}`] = p.lr[r];
    if (moveStart) { patch.sx = p.start[0]; patch.sy = p.start[1]; }
    store.set(patch);
  };

  // ---------------- drawing ----------------
  let gridKey = '';
  let grid: SurfaceGrid | undefined;
  let offset = 0;
  const drawSurface = () => {
    const s = model.settings();
    const info = surfaceInfo(lab, s.surface);
    const key = JSON.stringify([s.surface, surfaceParams(s)]);
    if (key === gridKey) return;
    gridKey = key;
    grid = lab.surfaceGrid({ surface: s.surface, ...(surfaceParams(s) ? { surfaceParams: surfaceParams(s) } : {}), nx: 110, ny: 110 });
    let lo = Infinity, hi = -Infinity;
    for (const v of grid.values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (!(hi > lo)) { lo = 0; hi = 1; }
    const min = Math.min(lo, ...info.minima.map((m) => m.value));
    offset = min - (hi - min) * 1e-9;
    raceChart.setDomain([info.view.xmin, info.view.xmax], [info.view.ymin, info.view.ymax]);
    raceChart.set('surface', levelContourLayer(grid, logLevels((hi - min) * 1e-5, hi - min, 16), { offset, label: info.name, canvas: true }));
    raceChart.set('minima', markerLayer(info.minima.map((m) => [m.x, m.y] as Point), 'minimum-marker'));
    raceChart.render();
    kappaControl.hidden = s.surface !== 'quadratic';
    angleControl.hidden = s.surface !== 'quadratic';
  };

  const fmtLoss = (v: number) => formatSig(v);

  const drawRace = () => {
    const s = model.settings();
    const runs = model.runs();
    const t = model.shown();
    scrub.max = String(s.steps);
    scrub.value = String(t);
    scrubOut.textContent = `${t} of ${s.steps}`;
    scrub.setAttribute('aria-valuetext', `step ${t} of ${s.steps}`);
    for (const r of RACERS) raceChart.remove(`path-${r}`);
    for (const r of RACERS) for (let k = 1; k < 8; k++) raceChart.remove(`path-${r}-${k}`);
    for (const run of runs) {
      run.extra.forEach((e, k) => raceChart.set(`path-${run.racer}-${k + 1}`, pathLayer(e.path, t + 1, { series: RACER_SERIES[run.racer], label: `${RACER_LABELS[run.racer]} (seed ${s.seed + k + 1})`, faint: true })));
    }
    for (const run of runs) {
      const n = pointCount(run.main);
      raceChart.set(`path-${run.racer}`, pathLayer(run.main.path, t + 1, {
        series: RACER_SERIES[run.racer], label: RACER_LABELS[run.racer], current: t,
        diverged: run.main.divergence.diverged && t + 1 >= n,
      }));
    }
    raceChart.remove('arrows');
    raceChart.set('arrows', arrowLayer(insideArrows(runs, t)));
    raceChart.remove('start');
    raceChart.set('start', markerLayer([s.start], 'start-marker'));
    svg.setAttribute('aria-label', `Race on the ${SURFACE_LABELS[s.surface]} from x ${s.start[0]}, y ${s.start[1]}; arrow keys move the start`);

    raceStatus.replaceChildren(...runs.map((run) => {
      const n = pointCount(run.main);
      const i = Math.min(t, n - 1);
      const loss = run.main.loss[i];
      const diverged = run.main.divergence.diverged && t >= n - 1;
      const text = diverged
        ? `${RACER_LABELS[run.racer]} ${divergenceText(run.main, s.surface)}`
        : `${RACER_LABELS[run.racer]}: loss ${fmtLoss(loss)} at step ${i} (x ${formatSig(run.main.path[2 * i])}, y ${formatSig(run.main.path[2 * i + 1])})`;
      return el('li', { 'data-racer': run.racer, 'data-loss': String(loss), 'data-step': String(i), 'data-diverged': String(diverged), class: diverged ? 'diverged' : '' },
        el('span', { class: `swatch series-${RACER_SERIES[run.racer]}`, 'aria-hidden': 'true' }), text);
    }));
    for (const f of model.failures()) raceStatus.append(el('li', { class: 'error', 'data-racer': f.racer }, `${RACER_LABELS[f.racer]} cannot run with these settings: ${f.message}`));
    if (!raceStatus.childElementCount) raceStatus.replaceChildren(el('li', {}, 'No optimizer is racing: tick one above.'));
  };

  /** Arrows at the inspected racer's current point: the plain gradient step, its velocity or m̂, and the actual step. */
  function insideArrows(runs: RaceRun[], t: number): Arrow[] {
    const racer = store.get<Racer>('inspect');
    const run = runs.find((r) => r.racer === racer);
    if (!run) return [];
    const r = run.main;
    const steps = Math.floor(r.step.length / 2);
    if (!steps) return [];
    t = Math.min(t, steps - 1);
    const from: Point = [r.path[2 * t], r.path[2 * t + 1]];
    const lr = r.lr[t];
    const raw: Array<{ v: Point; className: string; label: string }> = [
      { v: [-lr * r.grad[2 * t], -lr * r.grad[2 * t + 1]], className: 'arrow-grad', label: 'plain gradient step −lr·g' },
    ];
    if (r.first) raw.push({ v: [-lr * r.first[2 * t], -lr * r.first[2 * t + 1]], className: 'arrow-first', label: r.firstName === 'm_hat' ? '−lr·m̂' : '−lr·velocity' });
    raw.push({ v: [r.step[2 * t], r.step[2 * t + 1]], className: 'arrow-step', label: 'actual step Δθ' });
    const v = view();
    const longest = Math.max(...raw.map((a) => Math.hypot(a.v[0], a.v[1])).filter(Number.isFinite), 1e-300);
    const scale = (0.18 * (v.xmax - v.xmin)) / longest;
    arrowScale = scale;
    return raw.map((a) => ({ from, vector: [a.v[0] * scale, a.v[1] * scale], className: a.className, label: a.label }));
  }
  let arrowScale = 1;

  let effKey = '';
  const drawInside = () => {
    const s = model.settings();
    const racer = store.get<Racer>('inspect');
    const t = model.shown();
    let run: OptimizeResult;
    try {
      run = model.runs().find((r) => r.racer === racer)?.main ?? model.cache.run(optimizeOptions(racer, s));
    } catch (error) {
      insideNote.textContent = `${RACER_LABELS[racer]} cannot run with these settings: ${(error as Error).message}`;
      insideTable.replaceChildren();
      return;
    }
    const steps = Math.floor(run.step.length / 2);
    const i = Math.min(t, Math.max(0, steps - 1));
    const racing = store.get<string[]>('racers').includes(racer);
    if (!steps) {
      insideNote.textContent = `${RACER_LABELS[racer]} took no step: ${divergenceText(run, s.surface) ?? 'the run is empty'}.`;
      insideTable.replaceChildren();
    } else {
      insideNote.textContent = `${RACER_LABELS[racer]}${racing ? '' : ' (not racing; computed for this view)'} at step ${i}: lr ${formatSig(run.lr[i])}. `
        + `On the race plot its arrows (all scaled by the same factor ×${formatSig(arrowScale)}) show the plain gradient step −lr·g (dashed)`
        + `${run.first ? `, ${run.firstName === 'm_hat' ? '−lr·m̂' : '−lr·velocity'} (dotted)` : ''} and the step actually taken (solid).`;
      const firstLabel = run.firstName === 'm_hat' ? (s.bias ? 'm̂' : 'm (uncorrected)') : run.firstName ? 'velocity' : 'velocity / m̂';
      const secondLabel = run.secondName === 'v_hat' ? (s.bias ? 'v̂' : 'v (uncorrected)') : run.secondName === 'square_avg' ? 'v (mean of g²)' : run.secondName === 'sum' ? 'sum of g²' : 'v̂';
      const rows: Array<[string, Float64Array | null, string]> = [
        ['gradient g', run.grad, 'grad'],
        [firstLabel, run.first, 'first'],
        [secondLabel, run.second, 'second'],
        ['effective lr', run.effectiveLr, 'eff'],
        ['step Δθ', run.step, 'step'],
      ];
      const table = el('table', { class: 'inside-table' }, el('caption', {}, `${RACER_LABELS[racer]}, step ${i}: state per coordinate${run.firstName === 'm_hat' ? ' (m̂, v̂: running means of g and g², bias-corrected when ticked)' : ''}`),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'quantity'), el('th', { scope: 'col' }, 'x'), el('th', { scope: 'col' }, 'y'))));
      const body = el('tbody');
      for (const [label, data, key] of rows) {
        body.append(el('tr', { 'data-row': key }, el('th', { scope: 'row' }, label),
          el('td', {}, data ? formatSig(data[2 * i]) : '–'), el('td', {}, data ? formatSig(data[2 * i + 1]) : '–')));
      }
      table.append(body);
      insideTable.replaceChildren(table);
    }
    // effective lr per coordinate over the run: redrawn only when the run changes, the rule every step
    effChart.set('t', ruleLayer([i], 'x', 'rule hover-rule'));
    const runKey = JSON.stringify([s, racer]);
    if (runKey === effKey) return;
    effKey = runKey;
    const eff = run.effectiveLr;
    const ex: Point[] = [], ey: Point[] = [];
    let lo = Infinity, hi = 0;
    for (let k = 0; k < steps; k++) {
      const a = eff[2 * k], b = eff[2 * k + 1];
      if (a > 0 && Number.isFinite(a)) { ex.push([k, a]); lo = Math.min(lo, a); hi = Math.max(hi, a); }
      if (b > 0 && Number.isFinite(b)) { ey.push([k, b]); lo = Math.min(lo, b); hi = Math.max(hi, b); }
    }
    if (!(hi > 0)) { lo = 1e-3; hi = 1; }
    if (hi / lo < 10) { lo /= 3; hi *= 3; }
    effChart.setDomain([0, Math.max(1, s.steps)], [lo / 1.5, hi * 1.5]);
    effChart.set('x', lineLayer(ex, { series: 3, label: 'x coordinate' }));
    effChart.set('y', lineLayer(ey, { series: 1, label: 'y coordinate', dashed: true }));
    effChart.render();

    // Adam's first step with and without bias correction, both computed by the core
    if (racer === 'adam' || racer === 'adamw') {
      const on = model.cache.run(optimizeOptions(racer, { ...s, bias: true, noise: 0 }, { steps: 3 }));
      const off = model.cache.run(optimizeOptions(racer, { ...s, bias: false, noise: 0 }, { steps: 3 }));
      const len = (r: OptimizeResult) => (r.step.length >= 2 ? Math.hypot(r.step[0], r.step[1]) : NaN);
      biasNote.textContent = `First step of ${RACER_LABELS[racer]} from this start: ${formatSig(len(on))} long with bias correction, ${formatSig(len(off))} without `
        + `(ratio ${formatSig(len(off) / len(on))}; with β₁ = ${s.hyper.beta1} and β₂ = ${s.hyper.beta2} the uncorrected m and v start too small by 1 − β₁ and 1 − β₂).`;
    } else {
      biasNote.textContent = 'Bias correction belongs to Adam and AdamW: pick one of them to compare its first step with and without it.';
    }
  };

  const drawCurves = () => {
    const s = model.settings();
    const runs = model.runs();
    const t = model.shown();
    const saddle = s.surface === 'saddle';
    const chart: Chart = saddle ? lossLinear : lossLog;
    (saddle ? lossLog : lossLinear).element.parentElement!.hidden = true;
    chart.element.parentElement!.hidden = false;
    const minValue = saddle ? 0 : Math.min(0, ...surfaceInfo(lab, s.surface).minima.map((m) => m.value));
    let lo = Infinity, hi = -Infinity;
    const series: Array<{ name: string; points: Point[]; racer: Racer; faint: boolean; diverged: boolean }> = [];
    for (const run of runs) {
      [run.main, ...run.extra].forEach((r, k) => {
        const pts: Point[] = [];
        for (let i = 0; i < r.loss.length; i++) {
          const v = r.loss[i] - minValue;
          if (!Number.isFinite(v)) break;
          pts.push([i, v]);
          if (!saddle && v <= 0) continue;
          lo = Math.min(lo, v);
          if (i === 0 || !r.divergence.diverged) hi = Math.max(hi, v);
        }
        series.push({ name: `loss-${run.racer}-${k}`, points: pts, racer: run.racer, faint: k > 0, diverged: r.divergence.diverged });
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
    const clampY = (v: number) => (saddle ? Math.min(hi, Math.max(lo, v)) : Math.min(hi, Math.max(lo, v)));
    chart.setDomain([0, Math.max(1, s.steps)], [lo, hi]);
    for (const r of RACERS) for (let k = 0; k < 8; k++) chart.remove(`loss-${r}-${k}`);
    chart.remove('t');
    chart.remove('divergences');
    for (const line of series) {
      const pts = line.points.filter((p) => saddle || p[1] > 0).map((p) => [p[0], clampY(p[1])] as Point);
      chart.set(line.name, lineLayer(pts, { series: RACER_SERIES[line.racer], label: `${RACER_LABELS[line.racer]}${line.faint ? ' (another seed)' : ''}`, width: line.faint ? 1 : 2.5, className: line.faint ? 'muted' : '' }));
    }
    chart.set('divergences', markerLayer(series.filter((l) => l.diverged && !l.faint && l.points.length).map((l) => {
      const p = l.points[l.points.length - 1];
      return [p[0], clampY(p[1])] as Point;
    }), 'diverged-dot'));
    chart.set('t', ruleLayer([t], 'x', 'rule hover-rule'));
    chart.render();

    // the schedule's multiplier, from the core
    const schedule = scheduleFor(s);
    const mult = lab.lrSchedule({ ...(schedule ?? { name: 'constant' }), lr: 1 }, s.steps);
    let top = 0;
    const pts: Point[] = Array.from(mult, (v, i) => { top = Math.max(top, v); return [i, v] as Point; });
    lrChart.setDomain([0, Math.max(1, s.steps)], [0, Math.max(1.05, top * 1.05)]);
    lrChart.set('schedule', lineLayer(pts, { series: 3, label: SCHEDULE_LABELS[s.schedule] }));
    lrChart.set('t', ruleLayer([t], 'x', 'rule hover-rule'));
    lrChart.render();
    for (const [name, control] of Object.entries(scheduleControls)) {
      const used: Record<string, string[]> = { step_size: ['step'], gamma: ['step'], decay: ['exponential'], t0: ['cosine_warm_restarts'], warmup: ['warmup_cosine'], pct: ['one_cycle'] };
      control.hidden = !used[name].includes(s.schedule);
    }
    curvesNote.textContent = saddle
      ? 'The saddle has no minimum, so its loss is drawn on a linear scale and keeps falling.'
      : `Loss minus the surface’s minimum, on a log scale; a cross marks where a run diverged. The vertical line is the step shown (${t}).`;
    const noisy = runs.length && s.noise > 0;
    if (noisy) {
      const finals = runs.map((run) => {
        const ends = [run.main, ...run.extra].map((r) => (r.divergence.diverged ? Infinity : r.loss[r.loss.length - 1]));
        const fin = ends.filter(Number.isFinite);
        return `${RACER_LABELS[run.racer]} ${formatSig(Math.min(...fin))} to ${formatSig(Math.max(...fin))}${fin.length < ends.length ? ` (${ends.length - fin.length} diverged)` : ''}`;
      });
      noiseNote.textContent = `Final loss over ${s.seeds} seeds: ${finals.join('; ')}.`;
    } else {
      noiseNote.textContent = 'Noise is off: every run is the exact full-batch gradient. Raise σ to see the spread between seeds.';
    }
  };

  const drawAll = () => {
    drawSurface();
    drawRace();
    drawInside();
    drawCurves();
  };
  let lightOnly = true;
  const full = frameScheduler(() => {
    const light = lightOnly;
    lightOnly = true;
    try {
      if (light) {
        drawRace();
        drawInside();
        const t = model.shown();
        for (const c of [lossLog, lossLinear, lrChart]) c.set('t', ruleLayer([t], 'x', 'rule hover-rule'));
      } else drawAll();
    } catch (error) {
      raceStatus.replaceChildren(el('li', { class: 'error' }, `The core refused this setting: ${(error as Error).message}`));
    }
  });
  cleanups.push(full.cancel);
  let previousSurface = store.get<string>('surface');
  cleanups.push(store.subscribe((values, changed) => {
    if (changed.has('surface') && values.surface !== previousSurface) {
      previousSurface = values.surface as string;
      applyPresets(true);
    }
    if ([...changed].some((c) => !STRUCTURAL.has(c))) lightOnly = false;
    full();
  }));
  try {
    drawAll();
  } catch (error) {
    raceStatus.replaceChildren(el('li', { class: 'error' }, `The core refused this setting: ${(error as Error).message}`));
  }
  return model;
}
