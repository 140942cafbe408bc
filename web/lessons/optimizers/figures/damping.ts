/**
 * Momentum as a damped oscillator. Per eigendirection of the bowl (curvature κ across the valley,
 * 1 along it) the formulas of damping.ts give gradient descent's factor 1 − ηλ and the heavy-ball
 * roots' modulus and period; the same numbers are then measured on the core's own momentum run
 * (the race's run, read along the steep and the flat direction), and the stability bounds
 * 2/λ and 2(1 + μ)/λ are tried on the core just below and just above.
 */
import type { AsyncLossLab, OptimizeResult } from 'loss-lab';
import { defineFigure } from '../../framework/figure';
import { el, scrollRegion } from '../../../ui/dom';
import { lineLayer, ruleLayer, type Point } from '../../../ui/layers';
import { formatSig } from '../../../ui/log-slider';
import { gdDirection, heavyBallDirection, measureRinging, optimalHeavyBall, stabilityBound, type Direction } from '../damping';
import { CORE_SETTINGS_KEYS, optimizeOptions, settingsFrom, type RaceSettings } from '../options';
import { PRESETS, RACER_LABELS, RACER_SERIES, type State } from '../params';
import { heavyBallRun, racerCode, shownAt, type TuningRun } from '../code';

interface Measured { period: number; rate: number }

export interface DampingData {
  /** the bowl's settings the runs use */
  settings: RaceSettings;
  kappa: number;
  etaGd: number;
  eta: number;
  mu: number;
  steep: { gd: Direction; hb: Direction; measured: Measured };
  flat: { gd: Direction; hb: Direction; measured: Measured };
  best: ReturnType<typeof optimalHeavyBall>;
  bounds: { gd: number; hb: number; gdBelow: boolean; gdAbove: boolean; hbBelow: boolean; hbAbove: boolean };
  /** the momentum and GD runs' steep coordinate by step, and the formula's envelope */
  steepPath: { momentum: Point[]; gd: Point[]; upper: Point[]; lower: Point[] };
  /** convergence factor per step against the curvature λ in [1, κ] */
  spectrum: { gd: Point[]; hb: Point[]; best: Point[] };
  steps: number;
}

/** The bowl ½(u² + κv²) with u, v the coordinates turned by the angle: v is the steep direction. */
function along(r: OptimizeResult, degrees: number): { u: Float64Array; v: Float64Array } {
  const a = (degrees * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
  const n = Math.floor(r.path.length / 2);
  const u = new Float64Array(n), v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = r.path[2 * i], y = r.path[2 * i + 1];
    u[i] = x * c + y * s;
    v[i] = -x * s + y * c;
  }
  return { u, v };
}

const diverges = async (engine: AsyncLossLab, s: RaceSettings, racer: 'sgd' | 'momentum', lr: number) =>
  (await engine.optimize(optimizeOptions(racer, s, { lr, steps: 600 }))).divergence.diverged;

export const damping = defineFigure<State>()({
  name: 'damping',
  exportName: 'momentum-damping',
  caption: 'Momentum as a damped oscillator: per-direction convergence factors, from the formulas and measured on the core’s runs',
  deps: [...CORE_SETTINGS_KEYS],
  /** off-screen it waits: a drag of κ at the top of the page does not pay for it */
  lazy: true,

  async compute(state, engine): Promise<DampingData> {
    const race = settingsFrom(state as never, CORE_SETTINGS_KEYS);
    // Always the bowl, with the race's κ and angle (and its start when the race is on the bowl).
    const s: RaceSettings = {
      ...race, surface: 'quadratic', noise: 0, schedule: 'constant',
      start: race.surface === 'quadratic' ? race.start : PRESETS.quadratic.start,
      steps: Math.max(race.steps, 150),
    };
    const kappa = s.kappa, etaGd = s.lr.sgd, eta = s.lr.momentum, mu = s.hyper.mu_momentum;
    const [mom, gd] = await Promise.all([engine.optimize(optimizeOptions('momentum', s)), engine.optimize(optimizeOptions('sgd', s))]);
    const m = along(mom, s.angle), g = along(gd, s.angle);
    const bounds = { gd: stabilityBound(kappa), hb: stabilityBound(kappa, mu) };
    const [gdBelow, gdAbove, hbBelow, hbAbove] = await Promise.all([
      diverges(engine, s, 'sgd', bounds.gd * 0.97), diverges(engine, s, 'sgd', bounds.gd * 1.03),
      diverges(engine, s, 'momentum', bounds.hb * 0.97), diverges(engine, s, 'momentum', bounds.hb * 1.03),
    ]);
    const steepHb = heavyBallDirection(eta, mu, kappa);
    let amplitude = 0;
    m.v.forEach((v, t) => { amplitude = Math.max(amplitude, Math.abs(v) / steepHb.rate ** t); });
    const steepPath = {
      momentum: Array.from(m.v, (v, t) => [t, v] as Point),
      gd: Array.from(g.v, (v, t) => [t, v] as Point),
      upper: Array.from(m.v, (_, t) => [t, amplitude * steepHb.rate ** t] as Point),
      lower: Array.from(m.v, (_, t) => [t, -amplitude * steepHb.rate ** t] as Point),
    };
    const lambdas = Array.from({ length: 121 }, (_, i) => kappa ** (i / 120));
    const best = optimalHeavyBall(1, kappa);
    const spectrum = {
      gd: lambdas.map((l) => [l, Math.min(1.2, gdDirection(etaGd, l).rate)] as Point),
      hb: lambdas.map((l) => [l, Math.min(1.2, heavyBallDirection(eta, mu, l).rate)] as Point),
      best: lambdas.map((l) => [l, heavyBallDirection(best.eta, best.mu, l).rate] as Point),
    };
    return {
      settings: s, kappa, etaGd, eta, mu, best, steps: s.steps,
      steep: { gd: gdDirection(etaGd, kappa), hb: steepHb, measured: measureRinging(m.v) },
      flat: { gd: gdDirection(etaGd, 1), hb: heavyBallDirection(eta, mu, 1), measured: measureRinging(m.u) },
      bounds: { ...bounds, gdBelow, gdAbove, hbBelow, hbAbove },
      steepPath, spectrum,
    };
  },

  /**
   * The table's formulas (roots of the recursions), the tuned μ* and η* and the bounds, both
   * runs on the bowl, and the four tries at 0.97 and 1.03 times the bounds. The measured columns
   * are the lab's reading of its own paths (zero crossings, peaks): the script prints the runs'
   * ends instead of re-implementing that measurement.
   */
  async code(d, _state, engine) {
    const s = d.settings;
    const tuning: TuningRun = {
      kind: 'heavy-ball-tuning', label: 'tuning', kappa: d.kappa, mu: d.mu,
      expect: [{ name: 'tuned mu', value: d.best.mu }, { name: 'tuned eta', value: d.best.eta }, { name: 'tuned factor', value: d.best.rate },
        { name: 'gradient descent bound', value: d.bounds.gd }, { name: 'momentum bound', value: d.bounds.hb }],
    };
    const [momentum, gd] = await Promise.all((['momentum', 'sgd'] as const).map(async (racer) => {
      const r = await engine.optimize(optimizeOptions(racer, s));
      const shown = shownAt(r, s.steps);
      return racerCode(engine, s, racer, { label: RACER_LABELS[racer], report: 'point', expect: shown.expect }, { steps: shown.steps });
    }));
    const tries = await Promise.all(([['sgd', d.bounds.gd, 0.97, d.bounds.gdBelow], ['sgd', d.bounds.gd, 1.03, d.bounds.gdAbove], ['momentum', d.bounds.hb, 0.97, d.bounds.hbBelow], ['momentum', d.bounds.hb, 1.03, d.bounds.hbAbove]] as const)
      .map(([racer, bound, factor, diverged]) => racerCode(engine, s, racer, {
        label: `${RACER_LABELS[racer]} at ${factor} times its bound`, report: 'diverges', expect: [{ name: 'diverges', value: Number(diverged) }],
      }, { lr: bound * factor, steps: 600 })));
    return {
      title: `Momentum as a damped oscillator on the bowl, kappa = ${d.kappa}`, source: 'optimizers/damping', columns: {},
      runs: [
        heavyBallRun('across the valley', d.etaGd, d.eta, d.mu, d.kappa, d.steep.gd, d.steep.hb),
        heavyBallRun('along the valley', d.etaGd, d.eta, d.mu, 1, d.flat.gd, d.flat.hb),
        tuning, momentum.run, gd.run, ...tries.map((t) => t.run),
      ],
    };
  },

  setup(host) {
    const table = scrollRegion('Convergence factor and ringing period per direction');
    const tuned = el('button', { type: 'button', class: 'use-tuned' }, 'Give momentum the tuned η* and μ* in the race');
    tuned.addEventListener('click', () => {
      const best = optimalHeavyBall(1, host.store.get<number>('kappa'));
      host.store.set({ lr_momentum: Number(best.eta.toPrecision(3)), mu_momentum: Number(best.mu.toFixed(2)) });
    });
    const bestNote = el('p', { class: 'readout damping-best' });
    const boundNote = el('p', { class: 'readout damping-bounds' });
    host.body.append(table, bestNote, el('div', { class: 'button-row' }, tuned), boundNote);
    const ring = host.chart({ title: 'Momentum’s path across the valley (the steep coordinate) by step, with the formula’s envelope', xLabel: 'step', yLabel: 'steep coordinate v', x: [0, 150], y: [-2, 2], height: 240 });
    const legend = el('p', { class: 'legend-note' });
    host.body.append(legend);
    const spectrum = host.chart({ title: 'Convergence factor per step against the curvature of a direction', xLabel: 'curvature λ (1 along the valley, κ across)', yLabel: 'factor per step', x: [1, 50], y: [0, 1.2], xScale: 'log', height: 240 });
    host.body.append(el('p', { class: 'legend-note' }, 'Every direction of the bowl has its own curvature λ between 1 and κ; the error along it shrinks by this factor per step (smaller is faster; 1 or more never converges). The slowest direction sets the pace. Grey: gradient descent at its race learning rate; solid orange: momentum at its race η and μ; dashed orange: the tuned heavy ball (η*, μ*).'));
    return { table, bestNote, boundNote, ring, legend, spectrum };
  },

  draw(d, h) {
    const cell = (v: number, key: string, digits = 3) => el('td', { 'data-value': String(v), 'data-key': key }, !Number.isFinite(v) ? 'none' : v > 1e4 ? v.toExponential(2) : v.toFixed(digits));
    const per = (p: number) => (Number.isFinite(p) ? p : Infinity);
    const row = (name: string, key: 'steep' | 'flat', lambda: number) => {
      const x = d[key];
      return el('tr', { 'data-direction': key }, el('th', { scope: 'row' }, `${name} (λ = ${formatSig(lambda)})`),
        cell(x.gd.rate, `${key}-gd-rate`),
        cell(x.hb.rate, `${key}-hb-rate`), cell(per(x.hb.period), `${key}-hb-period`, 1),
        cell(x.measured.rate, `${key}-measured-rate`), cell(per(x.measured.period), `${key}-measured-period`, 1));
    };
    h.table.replaceChildren(el('table', { class: 'damping-table' },
      el('caption', {}, `Per direction: gradient descent’s factor |1 − ηλ| (η = ${formatSig(d.etaGd)}); momentum’s roots of z² − (1 + μ − ηλ)z + μ (η = ${formatSig(d.eta)}, μ = ${formatSig(d.mu)}): modulus |z| and period 2π/arg z; and both measured on the core’s momentum run (${d.steps} steps)`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'direction'), el('th', { scope: 'col' }, 'GD |1 − ηλ|'),
        el('th', { scope: 'col' }, 'momentum |z|'), el('th', { scope: 'col' }, 'period (steps)'),
        el('th', { scope: 'col' }, 'measured factor'), el('th', { scope: 'col' }, 'measured period'))),
      el('tbody', {}, row('across the valley', 'steep', d.kappa), row('along the valley', 'flat', 1))));
    const b = d.best;
    h.bestNote.replaceChildren(
      'Tuned for κ = ', el('span', { 'data-value': String(d.kappa) }, formatSig(d.kappa)), ': μ* = ((√κ − 1)/(√κ + 1))² = ',
      el('strong', { class: 'best-mu', 'data-value': String(b.mu) }, b.mu.toFixed(3)), ' and η* = 4/(√κ + 1)² = ',
      el('strong', { class: 'best-eta', 'data-value': String(b.eta) }, b.eta.toFixed(4)),
      ` put every direction exactly at critical damping or just inside it, all converging at √μ* = `,
      el('strong', { class: 'best-rate', 'data-value': String(b.rate) }, b.rate.toFixed(3)),
      ` per step. The current settings ${Math.max(d.steep.hb.rate, d.flat.hb.rate) < 1 ? `converge at ${Math.max(d.steep.hb.rate, d.flat.hb.rate).toFixed(3)}` : 'do not converge'} (momentum) and ${Math.max(d.steep.gd.rate, d.flat.gd.rate) < 1 ? `at ${Math.max(d.steep.gd.rate, d.flat.gd.rate).toFixed(3)}` : 'do not converge'} (gradient descent); gradient descent at its own best η = 2/(1 + κ) = ${b.gdEta.toFixed(4)} reaches (κ − 1)/(κ + 1) = ${b.gdRate.toFixed(3)}.`);
    const yes = (v: boolean) => (v ? 'diverges' : 'converges');
    h.boundNote.replaceChildren(
      'Stability across the valley: gradient descent needs η < 2/κ = ', el('strong', { class: 'bound-gd', 'data-value': String(d.bounds.gd) }, d.bounds.gd.toFixed(4)),
      `; momentum μ = ${formatSig(d.mu)} allows η < 2(1 + μ)/κ = `, el('strong', { class: 'bound-hb', 'data-value': String(d.bounds.hb) }, d.bounds.hb.toFixed(4)),
      `. Tried on the core (600 steps): gradient descent at 0.97× its bound ${yes(d.bounds.gdBelow)}, at 1.03× ${yes(d.bounds.gdAbove)}; momentum at 0.97× ${yes(d.bounds.hbBelow)}, at 1.03× ${yes(d.bounds.hbAbove)}.`);
    h.boundNote.dataset.checks = [d.bounds.gdBelow, d.bounds.gdAbove, d.bounds.hbBelow, d.bounds.hbAbove].map(String).join(' ');

    const p = d.steepPath;
    let top = 0;
    for (const q of [...p.momentum, ...p.gd]) if (Number.isFinite(q[1])) top = Math.max(top, Math.abs(q[1]));
    top = Math.min(Math.max(top * 1.1, 1e-3), 1e3);
    const clip = (pts: Point[]) => pts.map(([t, v]) => [t, Math.max(-top, Math.min(top, v))] as Point);
    h.ring.setDomain([0, d.steps], [-top, top]);
    h.ring.set('zero', ruleLayer([0], 'y'));
    h.ring.set('upper', lineLayer(clip(p.upper), { series: 1, label: 'envelope +A·|z|ᵗ', dashed: true, width: 1 }));
    h.ring.set('lower', lineLayer(clip(p.lower), { series: 1, label: 'envelope −A·|z|ᵗ', dashed: true, width: 1 }));
    h.ring.set('gd', lineLayer(clip(p.gd), { series: RACER_SERIES.sgd, label: 'gradient descent' }));
    h.ring.set('momentum', lineLayer(clip(p.momentum), { series: RACER_SERIES.momentum, label: 'momentum' }));
    h.ring.render();
    const f = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
    const gdFactor = 1 - d.etaGd * d.kappa;
    h.legend.textContent = (d.steep.hb.regime === 'underdamped'
      ? `Orange: momentum’s steep coordinate in the race, swinging from wall to wall with a period of ${f(d.steep.measured.period, 1)} steps on the core (formula ${f(d.steep.hb.period, 1)}) and shrinking by ${f(d.steep.measured.rate, 3)} per step (formula |z| = √μ = ${f(d.steep.hb.rate, 3)}, dashed envelope).`
      : `Orange: momentum’s steep coordinate in the race; at these settings its roots are real (${d.steep.hb.regime}), factor ${f(d.steep.hb.rate, 3)} per step (dashed envelope).`)
      + ` Grey: gradient descent, whose factor ${f(gdFactor, 2)} per step ${gdFactor < 0 ? 'flips it to the other wall every step' : 'never crosses the floor'}.`;

    h.spectrum.setDomain([1, Math.max(1.0001, d.kappa)], [0, 1.2]);
    h.spectrum.set('one', ruleLayer([1], 'y'));
    h.spectrum.set('gd', lineLayer(d.spectrum.gd, { series: RACER_SERIES.sgd, label: `gradient descent η ${formatSig(d.etaGd)}` }));
    h.spectrum.set('hb', lineLayer(d.spectrum.hb, { series: RACER_SERIES.momentum, label: `momentum η ${formatSig(d.eta)}, μ ${formatSig(d.mu)}` }));
    h.spectrum.set('best', lineLayer(d.spectrum.best, { series: RACER_SERIES.momentum, label: `tuned momentum η* ${d.best.eta.toFixed(4)}, μ* ${d.best.mu.toFixed(3)}`, dashed: true }));
    h.spectrum.render();
  },
});
