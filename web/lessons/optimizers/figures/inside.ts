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
import { lineLayer, ruleLayer, scatterLayer, type Point } from '../../../ui/layers';
import { formatSig } from '../../../ui/log-slider';
import { insideArrows } from '../arrows';
import { divergenceText, optimizeOptions, CORE_SETTINGS_KEYS, settingsFrom, surfaceInfo, type RaceSettings } from '../options';
import { RACER_LABELS, RACER_SERIES, type Racer, type State } from '../params';
import { racerCode, shownAt, type AdamBiasRun } from '../code';

export interface InsideData {
  settings: RaceSettings;
  racer: Racer;
  run?: OptimizeResult;
  /** why the core refused to run it */
  error?: string;
  view: { xmin: number; xmax: number };
  /** Adam's first step with and without bias correction (Adam and AdamW only) */
  firstSteps?: { on: number; off: number };
  /**
   * Adam's uncorrected ÷ corrected step length by step under a constant gradient: the formula
   * (1 − β₁ᵗ)/√(1 − β₂ᵗ), and the same ratio measured on the core (two runs at lr 1e-6, where
   * the gradient barely changes), with the formula's peak.
   */
  biasRatio?: { formula: Point[]; measured: Point[]; peakStep: number; peak: number; first: number; last: number; lastStep: number; measuredPeak: number; measuredLast: number };
  /** the effective learning rate per coordinate, as chart points */
  effective: { x: Point[]; y: Point[]; lo: number; hi: number };
}

export const inside = defineFigure<State>()({
  name: 'inside',
  exportName: 'inside-the-optimizer',
  caption: 'Inside the selected optimizer at the step shown',
  deps: [...CORE_SETTINGS_KEYS, 'inspect'],
  view: ['t', 'racers'],
  /** off-screen it waits: a drag of κ at the top of the page does not pay for it */
  lazy: true,

  async compute(state, engine): Promise<InsideData> {
    const s = settingsFrom(state as never, CORE_SETTINGS_KEYS);
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
    let biasRatio: InsideData['biasRatio'];
    if (racer === 'adam' || racer === 'adamw') {
      const [on, off] = await Promise.all([true, false].map((bias) => engine.optimize(optimizeOptions(racer, { ...s, bias, noise: 0 }, { steps: 3 }))));
      const len = (r: OptimizeResult, k = 0) => (r.step.length >= 2 * k + 2 ? Math.hypot(r.step[2 * k], r.step[2 * k + 1]) : NaN);
      firstSteps = { on: len(on), off: len(off) };
      const T = 1000;
      const tiny = { ...s, noise: 0, hyper: { ...s.hyper, amsgrad: false, wd: 0 } };
      const [onT, offT] = await Promise.all([true, false].map((bias) => engine.optimize(optimizeOptions(racer, { ...tiny, bias }, { steps: T, lr: 1e-6 }))));
      const b1 = s.hyper.beta1, b2 = s.hyper.beta2;
      const formula: Point[] = [], measured: Point[] = [];
      let peak = 0, peakStep = 1, measuredPeak = 0;
      for (let t = 1; t <= T; t++) {
        const f = (1 - b1 ** t) / Math.sqrt(1 - b2 ** t);
        formula.push([t, f]);
        if (f > peak) { peak = f; peakStep = t; }
        const m = len(offT, t - 1) / len(onT, t - 1);
        if (Number.isFinite(m)) { measured.push([t, m]); measuredPeak = Math.max(measuredPeak, m); }
      }
      // About 40 points per curve, spaced evenly in log t (the chart's axis): the DOM stays small.
      const keep = new Set(Array.from({ length: 61 }, (_, i) => Math.round(10 ** ((3 * i) / 60))));
      biasRatio = { formula: formula.filter(([t]) => keep.has(t) || t === peakStep), measured: measured.filter(([t]) => keep.has(t)), peak, peakStep, first: formula[0][1], last: formula[T - 1][1], lastStep: T, measuredPeak, measuredLast: measured[measured.length - 1]?.[1] ?? NaN };
    }
    return { settings: s, racer, run, view, firstSteps, biasRatio, effective: { x, y, lo, hi } };
  },

  /**
   * The inspected optimizer's run: the gradient and the step Δθ at the step shown (the table's
   * first and last rows) and where the run ends; for Adam and AdamW, the first step's ratio
   * without and with bias correction and the ratio's formula, peak and value at step 1000.
   */
  async code(data, state, engine) {
    const { settings: s, racer, run } = data;
    if (!run) throw new Error(`${RACER_LABELS[racer]} cannot run with these settings: ${data.error}`);
    const steps = Math.floor(run.step.length / 2);
    if (!steps) throw new Error(`${RACER_LABELS[racer]} took no step`);
    const i = Math.min(Math.min(state.t as number, s.steps), steps - 1);
    const end = shownAt(run, s.steps);
    const label = RACER_LABELS[racer];
    const main = await racerCode(engine, s, racer, {
      label, report: 'point', inspect: i,
      expect: [...end.expect, { name: 'gradient x', value: run.grad[2 * i] }, { name: 'gradient y', value: run.grad[2 * i + 1] }, { name: 'step x', value: run.step[2 * i] }, { name: 'step y', value: run.step[2 * i + 1] }],
    }, { steps: end.steps });
    const runs: Array<typeof main.run | AdamBiasRun> = [main.run];
    if (data.firstSteps && data.biasRatio) {
      const b = data.biasRatio;
      runs.push({
        kind: 'adam-bias', label: 'bias correction', first: label, lr: s.lr[racer], weightDecay: racer === 'adamw' ? s.hyper.wd : 0, start: s.start, beta1: s.hyper.beta1, beta2: s.hyper.beta2, eps: s.hyper.eps, last: b.lastStep,
        expect: [{ name: 'first step ratio', value: data.firstSteps.off / data.firstSteps.on }, { name: 'peak', value: b.peak }, { name: 'peak step', value: b.peakStep }, { name: 'last', value: b.last }],
      });
    }
    return { title: `Inside ${label} at step ${i}`, source: 'optimizers/inside', columns: main.columns, runs };
  },

  setup(host) {
    host.body.append(controlRow(host.control('inspect', { optionLabels: RACER_LABELS }), host.control('bias')));
    const note = el('p', { class: 'readout inside-note', 'aria-live': 'polite' });
    const table = scrollRegion('Optimizer state table');
    const biasNote = el('p', { class: 'readout bias-note' });
    host.body.append(note, table);
    const legend = el('p', { class: 'legend-note' }, 'Effective learning rate by step: solid line for the x coordinate, dashed for y. An adaptive optimizer gives the two coordinates different rates; gradient descent and momentum give both the same.');
    const chart = host.chart({ title: 'Effective learning rate per coordinate of the selected optimizer, by step', xLabel: 'step', yLabel: 'effective lr', x: [0, 150], y: [1e-4, 1], yScale: 'log', yTickFormat: '.0e', height: 220 });
    host.body.append(legend, biasNote);
    const biasHolder = el('div', { class: 'bias-chart' });
    host.body.append(biasHolder);
    const biasChart = host.chart({ title: 'Adam without bias correction: its step length ÷ the corrected step length, by step, under a constant gradient', xLabel: 'step t', yLabel: 'uncorrected ÷ corrected', x: [1, 1000], y: [0, 7.5], xScale: 'log', height: 220, canvas: true }, biasHolder);
    const biasLegend = el('p', { class: 'legend-note' }, 'Line: the formula (1 − β₁ᵗ)/√(1 − β₂ᵗ). Dots: the same ratio measured on the core, two Adam runs (with and without correction) at lr 10⁻⁶, where the gradient hardly changes. 1 means no difference.');
    host.body.append(biasLegend);
    return { note, table, biasNote, chart, biasHolder, biasChart, biasLegend, drawn: undefined as InsideData | undefined };
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
    h.biasHolder.hidden = !data.biasRatio;
    h.biasLegend.hidden = !data.biasRatio;
    if (data.firstSteps && data.biasRatio) {
      const { on, off } = data.firstSteps;
      const b = data.biasRatio;
      h.biasNote.replaceChildren(`First step of ${RACER_LABELS[racer]} from this start: ${formatSig(on)} long with bias correction, ${formatSig(off)} without (ratio `,
        el('strong', { class: 'bias-first', 'data-value': String(off / on) }, formatSig(off / on)),
        `). Under a constant gradient the ratio is (1 − β₁ᵗ)/√(1 − β₂ᵗ): it first grows, to `,
        el('strong', { class: 'bias-peak', 'data-value': String(b.peak), 'data-step': String(b.peakStep) }, `${b.peak.toFixed(2)}× at step ${b.peakStep}`),
        ` (the core measures ${b.measuredPeak.toFixed(2)}×), because m recovers within about 1/(1 − β₁) = ${formatSig(1 / (1 - s.hyper.beta1))} steps while v needs about 1/(1 − β₂) = ${formatSig(1 / (1 - s.hyper.beta2))}; it is still `,
        el('strong', { class: 'bias-last', 'data-value': String(b.last) }, `${b.last.toFixed(2)}× at step ${b.lastStep}`),
        ` (core: ${b.measuredLast.toFixed(2)}×).`);
      h.biasChart.setDomain([1, 1000], [0, Math.max(2, b.peak * 1.15)]);
      h.biasChart.set('one', ruleLayer([1], 'y'));
      h.biasChart.set('formula', lineLayer(b.formula, { series: RACER_SERIES.adam, label: 'formula (1 − β₁ᵗ)/√(1 − β₂ᵗ)' }));
      h.biasChart.set('measured', scatterLayer(b.measured, { series: RACER_SERIES.adam, label: 'measured on the core', radius: 2.5, canvas: true }));
      h.biasChart.set('peak', ruleLayer([b.peakStep], 'x', 'rule hover-rule'));
      h.biasChart.render();
    } else {
      h.biasNote.textContent = 'Bias correction belongs to Adam and AdamW: pick one of them to compare its steps with and without it.';
    }
  },
});
