/**
 * "The geometry of the penalties": two weights, the contours of a least-squares loss around a
 * draggable optimum w* (its shape set by the correlation ρ of the two features), the L1 diamond,
 * the L2 disc and the elastic-net region of one budget t, and each region's constrained optimum,
 * all computed by the core (regularisationGeometry: a bisection on λ over coordinate descent).
 */
import type { ContourBand, RegularisationGeometry } from 'loss-lab';
import { interpolateCividis } from 'd3-scale-chromatic';
import type { Chart, Layer } from '../../../ui/chart';
import { controlRow } from '../../../ui/controls';
import { el, fmt } from '../../../ui/dom';
import { lineLayer, ringLayer, scatterLayer, type Point } from '../../../ui/layers';
import { levelContourLayer } from '../../../ui/trajectory';
import { defineFigure } from '../../framework/figure';
import { setKept } from './keep';
import { constrainedOptimum } from '../../shared/code-constrained-optimum';
import { PENALTY_SERIES, type LessonState } from '../params';

const BOX = 2.6;
const LEVELS = 14;
type GeometryData = RegularisationGeometry & { levels: number[]; bands: ContourBand[] };
let lastLoss: { key: string; loss: { values: Float64Array; levels: number[]; bands: ContourBand[] } } | undefined;
const pairs = (flat: ArrayLike<number>): Point[] => Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]] as Point);
const describe = (w: ArrayLike<number>) => `(${fmt(w[0], 3)}, ${fmt(w[1], 3)})`;

/**
 * The loss bands (traced in the worker) filled on the canvas, ring by ring with moveTo/lineTo.
 * The grid-to-pixel map is affine (linear axes), so each vertex costs two multiply-adds: no SVG
 * path string is built and parsed per band, which is most of the page's work per input when w*
 * or ρ is dragged. Same colours, order and nonzero fill rule as levelContourLayer.
 */
function lossLayer(g: GeometryData): Layer {
  const base = levelContourLayer(g, g.levels, { label: 'loss', bands: g.bands, canvas: true });
  return {
    ...base,
    draw({ g: group, x, y, canvas }) {
      if (!canvas) return base.draw({ g: group, x, y, canvas, width: 0, height: 0, color: () => '' });
      const sx = (g.xmax - g.xmin) / (g.nx - 1), sy = (g.ymax - g.ymin) / (g.ny - 1);
      const x0 = x(g.xmin - 0.5 * sx), ax = x(g.xmin + 0.5 * sx) - x0;
      const y0 = y(g.ymin - 0.5 * sy), ay = y(g.ymin + 0.5 * sy) - y0;
      g.bands.forEach((band, i) => {
        canvas.fillStyle = FILLS[Math.round((1 - i / Math.max(1, g.bands.length - 1)) * 100)];
        canvas.beginPath();
        for (const polygon of band.coordinates) {
          for (const ring of polygon) {
            for (let k = 0; k < ring.length; k++) {
              const px = x0 + ax * ring[k][0], py = y0 + ay * ring[k][1];
              if (k === 0) canvas.moveTo(px, py);
              else canvas.lineTo(px, py);
            }
            canvas.closePath();
          }
        }
        canvas.fill();
      });
      group.attr('data-levels', g.bands.map((b) => b.value).join(' '));
    },
  };
}
/** The cividis ramp at 101 steps, resolved once. */
const FILLS = Array.from({ length: 101 }, (_, k) => interpolateCividis(k / 100));

/**
 * Equal units on both axes, so the disc is round and the diamond square: the shorter side spans
 * ±BOX and the longer one more. Called on draw and when the plot is resized.
 */
function fitAspect(chart: Chart): void {
  const ratio = chart.width / Math.max(1, chart.height);
  const x: [number, number] = ratio >= 1 ? [-BOX * ratio, BOX * ratio] : [-BOX, BOX];
  const y: [number, number] = ratio >= 1 ? [-BOX, BOX] : [-BOX / ratio, BOX / ratio];
  if (Math.abs(chart.x.domain()[1] - x[1]) > 1e-9 || Math.abs(chart.y.domain()[1] - y[1]) > 1e-9) {
    chart.setDomain(x, y);
    chart.render();
  }
}

export default defineFigure<LessonState>()({
  name: 'geometry',
  exportName: 'penalty-geometry',
  caption: 'Loss contours of two weights with the L1 diamond, the L2 disc and the elastic-net region, and each constrained optimum',
  deps: ['w1', 'w2', 'rho', 'budget', 'alpha'],
  async compute(s, engine): Promise<GeometryData> {
    const key = `${s.w1} ${s.w2} ${s.rho}`;
    const g = await engine.regularisationGeometry({
      rho: s.rho, optimum: [s.w1, s.w2], budget: s.budget, l1Ratio: s.alpha,
      // three times the visible box, so the contours fill the plot whatever its aspect (see draw)
      xmin: -3 * BOX, xmax: 3 * BOX, ymin: -3 * BOX, ymax: 3 * BOX, nx: 121, ny: 121,
    });
    // The loss (and so its contours) depends on w* and ρ only: moving the budget or α keeps the
    // grid, levels and bands of the last call, as the same object, and draw() keeps their layer.
    const same = lastLoss?.key === key ? lastLoss.loss : undefined;
    if (same) return { ...g, ...same };
    // Levels spaced as squares up to the largest loss in the central ±BOX square (a quadratic's
    // contours then sit at even distances); the bands are traced in the worker (engine.contours).
    const step = (g.xmax - g.xmin) / (g.nx - 1);
    let cap = 0;
    for (let j = 0; j < g.ny; j++) {
      for (let i = 0; i < g.nx; i++) {
        if (Math.abs(g.xmin + i * step) <= BOX && Math.abs(g.ymin + j * step) <= BOX) cap = Math.max(cap, g.values[j * g.nx + i]);
      }
    }
    const levels = Array.from({ length: LEVELS }, (_, k) => cap * ((k + 1) / LEVELS) ** 2);
    const bands = await engine.contours(g.values, g.nx, g.ny, levels);
    const loss = { values: g.values, levels, bands };
    lastLoss = { key, loss };
    return { ...g, ...loss };
  },
  code(g, s) {
    const regions = [['L1 diamond', 1, g.l1], ['L2 disc', 0, g.l2], ['elastic net', s.alpha, g.elasticNet]] as const;
    return Promise.resolve({
      title: `Constrained optima of two weights: w* = (${s.w1}, ${s.w2}), rho = ${s.rho}, budget t = ${s.budget}, elastic-net alpha = ${s.alpha}`,
      source: 'regularisation/geometry', columns: {},
      runs: regions.map(([label, l1Ratio, o]) => constrainedOptimum({
        label, rho: s.rho, optimum: [s.w1, s.w2], budget: s.budget, l1Ratio,
        expect: [{ name: 'w1', value: o.w[0] }, { name: 'w2', value: o.w[1] }, { name: 'lambda', value: o.lambda }],
      })),
    });
  },
  setup(host) {
    host.body.append(controlRow(host.control('w1'), host.control('w2'), host.control('rho'), host.control('budget'), host.control('alpha')));
    const chart = host.chart({ title: 'Least-squares loss contours over two weights, with the penalty regions of budget t and their constrained optima', xLabel: 'weight w₁', yLabel: 'weight w₂', x: [-BOX, BOX], y: [-BOX, BOX], height: 380, canvas: true });
    host.body.append(
      el('p', { class: 'legend-note' }, 'Drag in the plot to move the unpenalised optimum w* (ringed); the sliders above are its keyboard twins. Vermillion: the L1 diamond. Green: the L2 disc. Blue, dashed: the elastic-net region for α. Dots: the lowest loss inside each region.'),
    );
    const readout = el('p', { class: 'readout geometry-readout', 'aria-live': 'polite' });
    host.body.append(readout);
    let dragging = false;
    const clamp = (v: number) => Math.round(Math.min(2.5, Math.max(-2.5, v)) * 20) / 20;
    const move = (event: PointerEvent) => {
      const [px, py] = chart.pointer(event);
      if (Number.isFinite(px) && Number.isFinite(py)) host.store.set({ w1: clamp(px), w2: clamp(py) });
    };
    chart.svg.classed('draggable-marker', true);
    chart.svg.on('pointerdown', (event: PointerEvent) => {
      dragging = true;
      (event.target as Element).setPointerCapture?.(event.pointerId);
      move(event);
    });
    chart.svg.on('pointermove', (event: PointerEvent) => { if (dragging) move(event); });
    chart.svg.on('pointerup pointercancel', () => { dragging = false; });
    host.onCleanup(() => chart.svg.on('pointerdown pointermove pointerup pointercancel', null));
    // The equal-aspect domain (draw) depends on the plot's size: redraw when it changes.
    if (typeof ResizeObserver !== 'undefined') {
      const observer = new ResizeObserver(() => requestAnimationFrame(() => fitAspect(chart)));
      observer.observe(chart.svg.node()!.parentElement ?? chart.svg.node()!);
      host.onCleanup(() => observer.disconnect());
    }
    return { chart, readout };
  },
  draw(g, { chart, readout }, s) {
    fitAspect(chart);
    const csv = () => ({ columns: ['w1', 'w2', 'loss'], rows: Array.from(g.values, (v, i) => [g.xmin + (i % g.nx) * ((g.xmax - g.xmin) / (g.nx - 1)), g.ymin + Math.floor(i / g.nx) * ((g.ymax - g.ymin) / (g.ny - 1)), v]) });
    setKept(chart, 'loss', g.bands, () => ({ ...lossLayer(g), csv }));
    chart.set('l1', lineLayer(pairs(g.l1.boundary), { series: PENALTY_SERIES.lasso, label: 'L1 diamond', width: 2.5 }));
    chart.set('l2', lineLayer(pairs(g.l2.boundary), { series: PENALTY_SERIES.ridge, label: 'L2 disc', width: 2.5 }));
    chart.set('en', lineLayer(pairs(g.elasticNet.boundary), { series: PENALTY_SERIES['elastic-net'], label: 'elastic-net region', width: 2, dashed: true }));
    const optima = [g.l1.w, g.l2.w, g.elasticNet.w];
    const series = [PENALTY_SERIES.lasso, PENALTY_SERIES.ridge, PENALTY_SERIES['elastic-net']];
    chart.set('optima', scatterLayer(optima.map((w) => [w[0], w[1]] as Point), { series: (i) => series[i], label: 'constrained optimum (L1, L2, elastic net)', radius: 6 }));
    chart.set('star', ringLayer([s.w1, s.w2]));
    const zero = (w: ArrayLike<number>) => (w[0] === 0 || w[1] === 0 ? 'on an axis: one weight is exactly 0' : 'off the axes: both weights are non-zero');
    readout.replaceChildren(
      `w* = (${fmt(s.w1, 2)}, ${fmt(s.w2, 2)}), budget t = ${fmt(s.budget, 2)}. `,
      el('strong', { class: 'opt-l1', 'data-w1': g.l1.w[0], 'data-w2': g.l1.w[1] }, `L1: ${describe(g.l1.w)}`), `, ${g.l1.active ? zero(g.l1.w) : 'w* is inside the diamond'}. `,
      el('strong', { class: 'opt-l2', 'data-w1': g.l2.w[0], 'data-w2': g.l2.w[1] }, `L2: ${describe(g.l2.w)}`), `, ${g.l2.active ? zero(g.l2.w) : 'w* is inside the disc'}. `,
      el('strong', { class: 'opt-en', 'data-w1': g.elasticNet.w[0], 'data-w2': g.elasticNet.w[1] }, `Elastic net (α = ${fmt(s.alpha, 2)}): ${describe(g.elasticNet.w)}`), `, ${g.elasticNet.active ? zero(g.elasticNet.w) : 'w* is inside the region'}. `,
      `Each constrained optimum is the penalised fit at λ = ${fmt(g.l1.lambda, 3)} (L1), ${fmt(g.l2.lambda, 3)} (L2), ${fmt(g.elasticNet.lambda, 3)} (elastic net).`);
  },
});
