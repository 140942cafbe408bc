/**
 * Inside the selected optimizer at the step shown: its state per coordinate (gradient, velocity
 * or m̂, v̂, effective learning rate, step) as a table, the effective learning rate over the whole
 * run, and Adam's first step with and without bias correction. All from engine.optimize; the
 * step follows the race's `t`.
 */
import type { OptimizeResult } from 'loss-lab';
import { defineFigure } from '../../framework/figure';
import { controlRow } from '../../../ui/controls';
import { el, scrollRegion } from '../../../ui/dom';
import { lineLayer, ruleLayer, type Point } from '../../../ui/layers';
import { formatSig } from '../../../ui/log-slider';
import { insideArrows } from '../arrows';
import { divergenceText, optimizeOptions, SETTINGS_KEYS, settingsFrom, surfaceInfo, type RaceSettings } from '../options';
import { RACER_LABELS, type Racer, type State } from '../params';

export interface InsideData {
  settings: RaceSettings;
  racer: Racer;
  run?: OptimizeResult;
  /** why the core refused to run it */
  error?: string;
  view: { xmin: number; xmax: number };
  /** Adam's first step with and without bias correction (Adam and AdamW only) */
  firstSteps?: { on: number; off: number };
  /** the effective learning rate per coordinate, as chart points */
  effective: { x: Point[]; y: Point[]; lo: number; hi: number };
}

export const inside = defineFigure<State>()({
  name: 'inside',
  exportName: 'inside-the-optimizer',
  caption: 'Inside the selected optimizer at the step shown',
  deps: [...SETTINGS_KEYS, 'inspect'],
  view: ['t', 'racers'],

  async compute(state, engine): Promise<InsideData> {
    const s = settingsFrom(state as never);
    const racer = state.inspect as Racer;
    const view = surfaceInfo(engine, s.surface).view;
    const empty = { x: [], y: [], lo: 1e-3, hi: 1 };
    let run: OptimizeResult;
    try {
      run = await engine.optimize(optimizeOptions(racer, s));
    } catch (error) {
      return { settings: s, racer, view, error: (error as Error).message, effective: empty };
    }
    const steps = Math.floor(run.step.length / 2);
    const eff = run.effectiveLr;
    const x: Point[] = [], y: Point[] = [];
    let lo = Infinity, hi = 0;
    for (let k = 0; k < steps; k++) {
      const a = eff[2 * k], b = eff[2 * k + 1];
      if (a > 0 && Number.isFinite(a)) { x.push([k, a]); lo = Math.min(lo, a); hi = Math.max(hi, a); }
      if (b > 0 && Number.isFinite(b)) { y.push([k, b]); lo = Math.min(lo, b); hi = Math.max(hi, b); }
    }
    if (!(hi > 0)) { lo = 1e-3; hi = 1; }
    if (hi / lo < 10) { lo /= 3; hi *= 3; }
    let firstSteps: InsideData['firstSteps'];
    if (racer === 'adam' || racer === 'adamw') {
      const [on, off] = await Promise.all([true, false].map((bias) => engine.optimize(optimizeOptions(racer, { ...s, bias, noise: 0 }, { steps: 3 }))));
      const len = (r: OptimizeResult) => (r.step.length >= 2 ? Math.hypot(r.step[0], r.step[1]) : NaN);
      firstSteps = { on: len(on), off: len(off) };
    }
    return { settings: s, racer, run, view, firstSteps, effective: { x, y, lo, hi } };
  },

  setup(host) {
    host.body.append(controlRow(host.control('inspect', { optionLabels: RACER_LABELS }), host.control('bias')));
    const note = el('p', { class: 'readout inside-note', 'aria-live': 'polite' });
    const table = scrollRegion('Optimizer state table');
    const biasNote = el('p', { class: 'readout bias-note' });
    host.body.append(note, table, biasNote);
    const legend = el('p', { class: 'legend-note' }, 'Effective learning rate by step: solid line for the x coordinate, dashed for y. An adaptive optimizer gives the two coordinates different rates; SGD and momentum give both the same.');
    const chart = host.chart({ title: 'Effective learning rate per coordinate of the selected optimizer, by step', xLabel: 'step', yLabel: 'effective lr', x: [0, 150], y: [1e-4, 1], yScale: 'log', yTickFormat: '.0e', height: 220 });
    host.body.append(legend);
    return { note, table, biasNote, chart, drawn: undefined as InsideData | undefined };
  },

  draw(data, h, state, t) {
    const { settings: s, racer, run } = data;
    if (!run) {
      h.note.textContent = `${RACER_LABELS[racer]} cannot run with these settings: ${data.error}`;
      h.table.replaceChildren();
      return;
    }
    const steps = Math.floor(run.step.length / 2);
    const i = Math.min(Math.min(state.t as number, s.steps), Math.max(0, steps - 1));
    const racing = (state.racers as string[]).includes(racer);
    if (!steps) {
      h.note.textContent = `${RACER_LABELS[racer]} took no step: ${divergenceText(run, s.surface) ?? 'the run is empty'}.`;
      h.table.replaceChildren();
    } else {
      const scale = insideArrows(run, Math.min(state.t as number, s.steps), data.view).scale;
      h.note.textContent = `${RACER_LABELS[racer]}${racing ? '' : ' (not racing; computed for this view)'} at step ${i}: lr ${formatSig(run.lr[i])}. `
        + `On the race plot its arrows (all scaled by the same factor ×${formatSig(scale)}) show the plain gradient step −lr·g (dashed)`
        + `${run.first ? `, ${run.firstName === 'm_hat' ? '−lr·m̂' : '−lr·velocity'} (dotted)` : ''} and the step actually taken (solid).`;
      const firstLabel = run.firstName === 'm_hat' ? (s.bias ? 'm̂' : 'm (uncorrected)') : run.firstName ? 'velocity' : 'velocity / m̂';
      const secondLabel = run.secondName === 'v_hat' ? (s.bias ? 'v̂' : 'v (uncorrected)') : run.secondName === 'square_avg' ? 'v (mean of g²)' : run.secondName === 'sum' ? 'sum of g²' : 'v̂';
      const rows: Array<[string, Float64Array | null, string]> = [
        ['gradient g', run.grad, 'grad'], [firstLabel, run.first, 'first'], [secondLabel, run.second, 'second'],
        ['effective lr', run.effectiveLr, 'eff'], ['step Δθ', run.step, 'step'],
      ];
      const body = el('tbody');
      for (const [label, values, key] of rows) {
        body.append(el('tr', { 'data-row': key }, el('th', { scope: 'row' }, label),
          el('td', {}, values ? formatSig(values[2 * i]) : '–'), el('td', {}, values ? formatSig(values[2 * i + 1]) : '–')));
      }
      h.table.replaceChildren(el('table', { class: 'inside-table' },
        el('caption', {}, `${RACER_LABELS[racer]}, step ${i}: state per coordinate${run.firstName === 'm_hat' ? ' (m̂, v̂: running means of g and g², bias-corrected when ticked)' : ''}`),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'quantity'), el('th', { scope: 'col' }, 'x'), el('th', { scope: 'col' }, 'y'))),
        body));
    }
    h.chart.set('t', ruleLayer([i], 'x', 'rule hover-rule'));
    if (h.drawn === data) return;
    h.drawn = data;
    const e = data.effective;
    h.chart.setDomain([0, Math.max(1, s.steps)], [e.lo / 1.5, e.hi * 1.5]);
    h.chart.set('x', lineLayer(e.x, { series: 3, label: 'x coordinate' }));
    h.chart.set('y', lineLayer(e.y, { series: 1, label: 'y coordinate', dashed: true }));
    h.chart.render();
    if (data.firstSteps) {
      const { on, off } = data.firstSteps;
      h.biasNote.textContent = `First step of ${RACER_LABELS[racer]} from this start: ${formatSig(on)} long with bias correction, ${formatSig(off)} without `
        + `(ratio ${formatSig(off / on)}; with β₁ = ${s.hyper.beta1} and β₂ = ${s.hyper.beta2} the uncorrected m and v start too small by 1 − β₁ and 1 − β₂).`;
    } else {
      h.biasNote.textContent = 'Bias correction belongs to Adam and AdamW: pick one of them to compare its first step with and without it.';
    }
  },
});
