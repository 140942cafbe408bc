/**
 * Shared pieces for classification figures: a 2×2 confusion matrix as an accessible table, a
 * decision-boundary line (one contour level of a probability grid, traced by the engine) and a
 * metrics table. They only lay out numbers the core computed (lab.metrics, session.predictGrid,
 * engine.contours); nothing is derived here.
 */
import { interpolateCividis } from 'd3-scale-chromatic';
import { el, fmt } from './dom';
import type { Layer } from './chart';

/**
 * A confusion matrix [tn, fp, fn, tp] (the order of lab.metrics.binary) as a table with the true
 * class in rows and the prediction in columns. Cells carry data-value for tests and a shade class
 * (cm-0..4) by their share of the row, so the eye finds the mass without reading colour alone.
 */
export function confusionTable(confusion: ArrayLike<number>, options: { caption: string; negative?: string; positive?: string; series?: number; id?: string }): HTMLTableElement {
  const [tn, fp, fn, tp] = [0, 1, 2, 3].map((i) => Number(confusion[i] ?? 0));
  const neg = options.negative ?? 'negative', pos = options.positive ?? 'positive';
  const cell = (value: number, rowTotal: number, kind: string) => {
    const share = rowTotal > 0 ? value / rowTotal : 0;
    const shade = Math.min(4, Math.floor(share * 5));
    return el('td', { class: `cm-cell cm-${shade}`, 'data-cell': kind, 'data-value': value }, String(Math.round(value)));
  };
  const table = el('table', { class: `confusion${options.series !== undefined ? ` confusion-series-${options.series}` : ''}`, ...(options.id ? { id: options.id } : {}) });
  table.append(
    el('caption', {}, options.caption),
    el('thead', {}, el('tr', {}, el('td', { class: 'cm-corner' }, 'true ↓ / predicted →'), el('th', { scope: 'col' }, neg), el('th', { scope: 'col' }, pos))),
    el('tbody', {},
      el('tr', {}, el('th', { scope: 'row' }, neg), cell(tn, tn + fp, 'tn'), cell(fp, tn + fp, 'fp')),
      el('tr', {}, el('th', { scope: 'row' }, pos), cell(fn, fn + tp, 'fn'), cell(tp, fn + tp, 'tp'))),
  );
  return table;
}

/**
 * The line where a grid of values (row-major, x fastest, rows along y) crosses a level, e.g. the
 * 0.5 decision boundary of P(y = 1) from session.predictGrid. `band` is that level's band as
 * engine.contours traced it in the worker (polygons of rings of [column, row] points, grid units):
 * only its scaling to pixels happens here.
 */
export function contourLineLayer(grid: { columns: number; rows: number; x: readonly [number, number]; y: readonly [number, number] }, band: ReadonlyArray<ReadonlyArray<ReadonlyArray<readonly number[]>>>, options: { series: number; label: string; dashed?: boolean }): Layer {
  return {
    draw({ g, x, y }) {
      if (grid.columns < 2 || grid.rows < 2 || !band.length) return;
      const sx = (grid.x[1] - grid.x[0]) / (grid.columns - 1), sy = (grid.y[1] - grid.y[0]) / (grid.rows - 1);
      // The contour polygon closes along the grid's edges; only its inner part is the boundary.
      const onEdge = (gx: number, gy: number) => gx <= 0 || gy <= 0 || gx >= grid.columns || gy >= grid.rows;
      let d = '';
      for (const polygon of band) {
        for (const ring of polygon) {
          let pen = false;
          for (let i = 0; i < ring.length; i++) {
            const [gx, gy] = ring[i];
            const prev = i > 0 ? ring[i - 1] : undefined;
            const edgeSegment = prev !== undefined && onEdge(gx, gy) && onEdge(prev[0], prev[1]);
            // d3-contour puts value (i, j) at (i + ½, j + ½) (geo.ts).
            const px = x(grid.x[0] + (gx - 0.5) * sx), py = y(grid.y[0] + (gy - 0.5) * sy);
            d += `${pen && !edgeSegment ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`;
            pen = true;
          }
        }
      }
      g.append('path').attr('class', `line boundary series-${options.series}${options.dashed ? ' dashed' : ''}`)
        .attr('stroke-width', 3).attr('d', d)
        .append('title').text(options.label);
    },
  };
}

/** Cividis as 256 RGB triples, built once: d3's interpolator returns a CSS string per call. */
let cividisTable: Uint8Array | undefined;
function cividisRgb(): Uint8Array {
  if (!cividisTable) {
    cividisTable = new Uint8Array(256 * 3);
    for (let i = 0; i < 256; i++) {
      const [r, g, b] = (interpolateCividis(i / 255).match(/\d+/g) ?? ['0', '0', '0']).map(Number);  // "rgb(r, g, b)"
      cividisTable.set([r, g, b], 3 * i);
    }
  }
  return cividisTable;
}

/**
 * A probability (or any [lo, hi]) grid painted on the chart's canvas as a smooth image, under the
 * canvas points and the SVG lines: cheap to repaint every training frame, unlike one SVG path per
 * contour band. Translucent, so points drawn with it stay readable. Cividis: colour-blind safe.
 */
export function canvasHeatmapLayer(grid: { values: ArrayLike<number>; columns: number; rows: number; x: readonly [number, number]; y: readonly [number, number] }, options: { domain: readonly [number, number]; label: string; opacity?: number }): Layer {
  let image: HTMLCanvasElement | undefined;  // the grid's pixels, painted on first draw and reused
  const paintImage = (): HTMLCanvasElement | undefined => {
    const canvas = document.createElement('canvas');
    canvas.width = grid.columns;
    canvas.height = grid.rows;
    const paint = canvas.getContext('2d');
    if (!paint) return undefined;
    const pixels = paint.createImageData(grid.columns, grid.rows);
    const table = cividisRgb();
    const [lo, hi] = options.domain;
    for (let row = 0; row < grid.rows; row++) {
      for (let col = 0; col < grid.columns; col++) {
        const v = Number(grid.values[row * grid.columns + col]);
        const t = Number.isFinite(v) ? Math.min(1, Math.max(0, (v - lo) / (hi - lo || 1))) : 0;
        const k = 3 * Math.round(t * 255);
        // Image rows run top to bottom, grid rows bottom to top (y grows upwards).
        const at = 4 * ((grid.rows - 1 - row) * grid.columns + col);
        pixels.data[at] = table[k];
        pixels.data[at + 1] = table[k + 1];
        pixels.data[at + 2] = table[k + 2];
        pixels.data[at + 3] = 255;
      }
    }
    paint.putImageData(pixels, 0, 0);
    return canvas;
  };
  return {
    canvas: true,
    draw(ctx) {
      const c = ctx.canvas;
      if (!c || grid.columns < 2 || grid.rows < 2 || grid.values.length < grid.columns * grid.rows) return;
      image ??= paintImage();
      if (!image) return;
      // Each image pixel is one grid cell, centred on its grid point: the image reaches half a
      // cell beyond the first and last points (the chart clips that half to the plot).
      const hx = (grid.x[1] - grid.x[0]) / (2 * (grid.columns - 1)), hy = (grid.y[1] - grid.y[0]) / (2 * (grid.rows - 1));
      const left = ctx.x(grid.x[0] - hx), right = ctx.x(grid.x[1] + hx), top = ctx.y(grid.y[1] + hy), bottom = ctx.y(grid.y[0] - hy);
      c.save();
      c.globalAlpha = options.opacity ?? 0.45;
      c.imageSmoothingEnabled = true;
      c.drawImage(image, left, top, right - left, bottom - top);
      c.restore();
    },
    csv: () => ({
      columns: ['x', 'y', 'value'],
      rows: Array.from({ length: grid.columns * grid.rows }, (_, i) => [
        grid.x[0] + (i % grid.columns) * ((grid.x[1] - grid.x[0]) / (grid.columns - 1)),
        grid.y[0] + Math.floor(i / grid.columns) * ((grid.y[1] - grid.y[0]) / (grid.rows - 1)),
        Number(grid.values[i]),
      ]),
    }),
  };
}

export interface MetricRow {
  id: string;
  label: string;
  series?: number;
  values: Record<string, number>;
}

/**
 * A table of metrics, one row per model; each cell carries data-metric and data-value so tests
 * and screen readers read the same numbers the eye does.
 */
export function metricsTable(rows: readonly MetricRow[], columns: ReadonlyArray<{ key: string; label: string; decimals?: number }>, caption: string): HTMLTableElement {
  const table = el('table', { class: 'metrics-table' });
  table.append(
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Model'), ...columns.map((c) => el('th', { scope: 'col' }, c.label)))),
    el('tbody', {}, ...rows.map((row) => el('tr', { 'data-row': row.id },
      el('th', { scope: 'row' }, row.series !== undefined ? el('span', { class: `swatch series-${row.series}`, 'aria-hidden': 'true' }) : '', row.label),
      ...columns.map((c) => {
        const v = row.values[c.key];
        return el('td', { 'data-metric': c.key, 'data-value': Number.isFinite(v) ? v : '' }, fmt(v, c.decimals ?? 3));
      })))),
  );
  return table;
}
