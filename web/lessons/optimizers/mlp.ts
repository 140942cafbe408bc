/**
 * A real model: the same small MLP on the two-spirals data, trained side by side with SGD,
 * SGD with momentum and Adam through lab.session (k steps per animation frame). Loss curves and
 * decision boundaries are the sessions' own numbers (step reports and predictGrid).
 */
import type { Dataset, LossLab, OptimizerName, OptimizerParams, Session } from 'loss-lab';
import type { StateStore } from '../../state/store';
import type { Chart } from '../../ui/chart';
import { el } from '../../ui/dom';
import { Figure } from '../../ui/figure';
import { lineLayer, scatterLayer, type Point } from '../../ui/layers';
import { rasterLayer } from '../../ui/trajectory';
import { formatSig } from '../../ui/log-slider';
import { RACER_SERIES } from './params';

export const MLP_RUNNERS: ReadonlyArray<{ key: 'sgd' | 'momentum' | 'adam'; label: string; optimizer: OptimizerName; params: OptimizerParams }> = [
  { key: 'sgd', label: 'SGD (lr 1)', optimizer: 'sgd', params: { lr: 1 } },
  { key: 'momentum', label: 'Momentum (lr 0.1, μ 0.9)', optimizer: 'sgd', params: { lr: 0.1, momentum: 0.9 } },
  { key: 'adam', label: 'Adam (lr 0.01)', optimizer: 'adam', params: { lr: 0.01 } },
];
const MAX_STEPS = 1000;
/** Frame budget for training: steps per frame adapt so a frame's work stays near this. */
const FRAME_BUDGET_MS = 16;
const BOX = { xmin: -1.6, xmax: 1.6, ymin: -1.6, ymax: 1.6 };

export function mountMlp(slot: HTMLElement, lab: LossLab, store: StateStore, cleanups: Array<() => void>): void {
  const figure = new Figure(slot, 'mlp-spirals', 'A real model: an MLP (2 → 16 → 16 → 1, tanh) on two spirals, trained three ways');
  const play = el('button', { type: 'button', class: 'play mlp-play', 'aria-pressed': 'false' }, 'Train');
  const reset = el('button', { type: 'button', class: 'mlp-reset' }, 'Reset');
  const status = el('p', { class: 'readout mlp-status', role: 'status', 'aria-live': 'polite' });
  figure.body.append(el('div', { class: 'playback', role: 'group', 'aria-label': 'MLP training controls' }, play, reset), status);
  const lossChart = figure.chart({ title: 'Training loss (binary cross-entropy) by step for the three optimizers', xLabel: 'step', yLabel: 'training loss', x: [0, MAX_STEPS], y: [0.01, 1], yScale: 'log', yTickFormat: '.1~e', height: 260 });
  const pair = el('div', { class: 'chart-trio' });
  figure.body.append(pair);
  const boundaryCharts = new Map<string, Chart>();
  for (const r of MLP_RUNNERS) {
    const holder = el('div', { class: 'trio-item' });
    pair.append(holder);
    holder.append(el('p', { class: 'trio-title' }, r.label));
    boundaryCharts.set(r.key, figure.chart({ title: `Decision boundary of the MLP trained with ${r.label}`, xLabel: 'x₁', yLabel: 'x₂', x: [BOX.xmin, BOX.xmax], y: [BOX.ymin, BOX.ymax], height: 240, canvas: true }, holder));
  }

  figure.body.append(el('p', { class: 'legend-note' }, 'Shading: the predicted probability of class 1, from dark blue (0) to yellow (1). Dots: the training points, orange for class 1 and blue for class 0.'));
  let data: Dataset | undefined;
  let sessions: Array<{ key: string; session: Session; losses: Point[]; accuracy: number; stopped: string | null }> = [];
  let timer: number | undefined;
  const free = () => { for (const s of sessions) s.session.free(); sessions = []; };
  const pause = () => {
    if (timer !== undefined) cancelAnimationFrame(timer);
    timer = undefined;
    play.textContent = 'Train';
    play.setAttribute('aria-pressed', 'false');
  };

  const build = () => {
    pause();
    free();
    const seed = store.get<number>('seed');
    data = lab.dataset('spirals', { n: 200, seed });
    sessions = MLP_RUNNERS.map((r) => ({
      key: r.key,
      session: lab.session({ model: { name: 'mlp', hidden: [16, 16], activation: 'tanh' }, loss: 'bce_logits', optimizer: r.optimizer, params: r.params, seed, epochs: MAX_STEPS, data: data! }),
      losses: [], accuracy: NaN, stopped: null,
    }));
    draw();
  };

  let frame = 0;
  const draw = (boundaries = true) => {
    if (!data) return;
    let lo = Infinity, hi = 0;
    for (const s of sessions) for (const p of s.losses) { lo = Math.min(lo, p[1]); hi = Math.max(hi, p[1]); }
    if (!(hi > 0)) { lo = 0.01; hi = 1; }
    lossChart.setDomain(undefined, [Math.max(lo / 1.5, 1e-6), hi * 1.5]);
    sessions.forEach((s, i) => {
      lossChart.set(s.key, lineLayer(s.losses, { series: RACER_SERIES[s.key as 'sgd'], label: MLP_RUNNERS[i].label }));
    });
    lossChart.render();
    const points: Point[] = [];
    for (let i = 0; i < data.y.length; i++) points.push([data.x[2 * i], data.x[2 * i + 1]]);
    const nx = 48, ny = 48;
    for (const s of boundaries ? sessions : []) {
      const chart = boundaryCharts.get(s.key)!;
      const grid = s.session.predictGrid({ ...BOX, nx, ny });
      chart.set('p', rasterLayer({ values: grid.values, nx, ny, ...BOX }, { label: 'P(class 1)' }));
      chart.set('data', scatterLayer(points, { series: (i) => (data!.y[i] > 0.5 ? 1 : 3), radius: 2.5, canvas: true, label: 'spiral points' }));
      chart.render();
    }
    const steps = sessions[0]?.losses.length ?? 0;
    status.textContent = `Step ${steps} of ${MAX_STEPS}: ` + sessions.map((s, i) =>
      `${MLP_RUNNERS[i].label.split(' (')[0]} loss ${s.losses.length ? formatSig(s.losses[s.losses.length - 1][1]) : '–'}, accuracy ${Number.isFinite(s.accuracy) ? `${Math.round(s.accuracy * 100)}%` : '–'}${s.stopped === 'diverged' ? ' (diverged)' : ''}`).join('; ') + '.';
    figure.element.dataset.steps = String(steps);
  };

  const advance = (k: number, boundaries = true): boolean => {
    let more = false;
    for (const s of sessions) {
      if (s.stopped) continue;
      const r = s.session.step(k);
      const base = s.losses.length;
      r.trainLoss.forEach((v, i) => { if (Number.isFinite(v)) s.losses.push([base + i + 1, v]); });
      s.accuracy = r.metrics.accuracy ?? NaN;
      s.stopped = r.stopped;
      if (!r.stopped && s.losses.length < MAX_STEPS) more = true;
    }
    draw(boundaries || !more);
    return more;
  };

  let perFrame = 2;
  const tick = () => {
    const started = performance.now();
    const more = advance(perFrame, ++frame % 6 === 0);
    const spent = performance.now() - started;
    if (spent > FRAME_BUDGET_MS * 1.5 && perFrame > 1) perFrame--;
    else if (spent < FRAME_BUDGET_MS * 0.6 && perFrame < 20) perFrame++;
    if (!more) return pause();
    timer = requestAnimationFrame(tick);
  };
  play.addEventListener('click', () => {
    if (timer !== undefined) {
      pause();
      return draw();
    }
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    timer = requestAnimationFrame(tick);
  });
  reset.addEventListener('click', () => build());
  cleanups.push(() => { pause(); free(); });
  cleanups.push(store.subscribe((_, changed) => { if (changed.has('seed')) build(); }));
  try {
    build();
  } catch (error) {
    free();
    status.textContent = `The MLP could not start in this build of the core: ${(error as Error).message}`;
    play.disabled = true;
  }
}
