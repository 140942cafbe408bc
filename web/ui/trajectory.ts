/**
 * Layers for optimizer figures on a 2-D surface: contour lines on a log-spaced level set
 * (a loss surface spans many decades, so equal steps in log show the valley floor and the walls
 * alike), optimizer paths with a marker at the current step, arrows (gradient, velocity, step),
 * and a labelled bar chart for category comparisons. No axes here: Chart draws those.
 */
import { contours } from 'd3-contour';
import { interpolateCividis } from 'd3-scale-chromatic';
import { line } from 'd3-shape';
import type { Layer } from './chart';
import { geoPath } from './geo';

export type Point = readonly [number, number];

/** `count` levels spaced evenly in log between lo and hi (both > 0). */
export function logLevels(lo: number, hi: number, count: number): number[] {
  const a = Math.log10(Math.max(lo, 1e-300)), b = Math.log10(Math.max(hi, lo * 10));
  return Array.from({ length: count }, (_, i) => 10 ** (a + ((b - a) * (i + 0.5)) / count));
}

export interface ContourGrid {
  /** nx × ny values, x fastest, row j at y = ymin + j (ymax − ymin)/(ny − 1) */
  values: ArrayLike<number>;
  nx: number;
  ny: number;
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
}

/**
 * Filled contour bands at the given levels. Values are shifted by `offset` first (so a surface
 * whose minimum is 0 or negative still has positive levels); non-finite values count as high.
 * With `canvas: true` (on a chart created with a canvas) the bands are painted once on the canvas
 * under the SVG: paths animating above them then repaint only themselves, not thousands of band
 * vertices every frame.
 */
export function levelContourLayer(grid: ContourGrid, levels: readonly number[], options: { offset?: number; label: string; canvas?: boolean; bands?: ReadonlyArray<{ value: number; coordinates: number[][][][] }> }): Layer {
  const offset = options.offset ?? 0;
  // Bands computed ahead (engine.contours, in the worker) keep marching squares off the page.
  const bands = options.bands ?? contours().size([grid.nx, grid.ny]).thresholds(levels as number[])(
    Array.from(grid.values, (v) => (Number.isFinite(v) ? v - offset : Number.MAX_VALUE)));
  return {
    canvas: options.canvas,
    draw({ g, x, y, canvas }) {
      const sx = (grid.xmax - grid.xmin) / (grid.nx - 1), sy = (grid.ymax - grid.ymin) / (grid.ny - 1);
      const project = (gx: number, gy: number): [number, number] => [x(grid.xmin + (gx - 0.5) * sx), y(grid.ymin + (gy - 0.5) * sy)];
      bands.forEach((band, i) => {
        const fill = interpolateCividis(1 - i / Math.max(1, bands.length - 1));
        const d = geoPath(band as unknown as { coordinates: number[][][][] }, project);
        if (canvas) {
          canvas.fillStyle = fill;
          canvas.fill(new Path2D(d));
        } else {
          g.append('path').attr('class', 'level').attr('data-level', band.value).attr('fill', fill).attr('d', d);
        }
      });
      // the level values stay in the DOM (tests and tools read them), without painting anything
      if (canvas) g.attr('data-levels', bands.map((b) => b.value).join(' '));
    },
    csv: () => ({ columns: ['level'], rows: levels.map((l) => [l + offset]) }),
  };
}

export interface PathOptions {
  series: number;
  label: string;
  /** Draw the point at this index as the current position (a dot). */
  current?: number;
  /** Mark the last point with a cross (the run diverged after it). */
  diverged?: boolean;
  faint?: boolean;
  /** Draw a small dot at every point (shows step sizes). */
  dots?: boolean;
}

/** An optimizer's path (x0, y0, x1, y1, …) up to `upTo` points, with a light halo so it reads on any background. */
export function pathLayer(path: ArrayLike<number>, upTo: number, options: PathOptions): Layer {
  const points: Point[] = [];
  const n = Math.min(upTo, Math.floor(path.length / 2));
  for (let i = 0; i < n; i++) {
    const p: Point = [path[2 * i], path[2 * i + 1]];
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) break;
    points.push(p);
  }
  return {
    draw({ g, x, y }) {
      if (!points.length) return;
      // Far-away points (a diverging run) are clamped to a few plot widths so paths stay drawable.
      const cx = (v: number) => Math.max(-5e4, Math.min(5e4, x(v))), cy = (v: number) => Math.max(-5e4, Math.min(5e4, y(v)));
      const d = line<Point>().x((p) => cx(p[0])).y((p) => cy(p[1]))(points) ?? '';
      const group = g.append('g').attr('class', `trajectory series-${options.series}${options.faint ? ' faint' : ''}`).attr('data-label', options.label);
      if (!options.faint) group.append('path').attr('class', 'trajectory-halo').attr('d', d);
      group.append('path').attr('class', 'trajectory-line').attr('d', d).append('title').text(options.label);
      if (options.dots && !options.faint && points.length < 200) {
        for (const p of points) group.append('circle').attr('class', 'trajectory-dot').attr('r', 1.6).attr('cx', cx(p[0])).attr('cy', cy(p[1]));
      }
      const last = points[points.length - 1];
      if (options.diverged) {
        const [px, py] = [cx(last[0]), cy(last[1])];
        group.append('path').attr('class', 'diverged-mark').attr('d', `M${px - 6},${py - 6}L${px + 6},${py + 6}M${px - 6},${py + 6}L${px + 6},${py - 6}`);
      }
      if (options.current !== undefined && !options.faint) {
        const c = points[Math.min(points.length - 1, Math.max(0, options.current))];
        group.append('circle').attr('class', 'trajectory-head').attr('r', 5).attr('cx', cx(c[0])).attr('cy', cy(c[1]));
      }
    },
    csv: () => ({ columns: ['series', 'step', 'x', 'y'], rows: points.map((p, i) => [options.label, i, p[0], p[1]]) }),
  };
}

export interface Arrow {
  from: Point;
  /** displacement in data units */
  vector: Point;
  className: string;
  label: string;
}

/** Arrows in data space (drawn with an arrow head in pixels). */
export function arrowLayer(arrows: readonly Arrow[]): Layer {
  return {
    draw({ g, x, y }) {
      for (const a of arrows) {
        const [x0, y0] = [x(a.from[0]), y(a.from[1])];
        const [x1, y1] = [x(a.from[0] + a.vector[0]), y(a.from[1] + a.vector[1])];
        if (![x0, y0, x1, y1].every(Number.isFinite)) continue;
        const length = Math.hypot(x1 - x0, y1 - y0);
        const group = g.append('g').attr('class', `arrow ${a.className}`);
        group.append('title').text(a.label);
        group.append('line').attr('x1', x0).attr('y1', y0).attr('x2', x1).attr('y2', y1);
        if (length > 3) {
          const ux = (x1 - x0) / length, uy = (y1 - y0) / length, h = Math.min(9, length / 2);
          group.append('path').attr('class', 'arrow-head')
            .attr('d', `M${x1},${y1}L${x1 - h * ux + h * 0.5 * uy},${y1 - h * uy - h * 0.5 * ux}L${x1 - h * ux - h * 0.5 * uy},${y1 - h * uy + h * 0.5 * ux}Z`);
        }
      }
    },
  };
}

/**
 * A grid of values in [lo, hi] painted as coloured cells on the chart's canvas (cividis), e.g. a
 * classifier's predicted probability over the plane. Canvas rather than SVG: thousands of cells
 * would otherwise become thousands of DOM nodes.
 */
export function rasterLayer(grid: ContourGrid, options: { lo?: number; hi?: number; label: string }): Layer {
  const lo = options.lo ?? 0, hi = options.hi ?? 1;
  return {
    canvas: true,
    draw({ canvas, x, y }) {
      if (!canvas) return;
      const sx = (grid.xmax - grid.xmin) / (grid.nx - 1), sy = (grid.ymax - grid.ymin) / (grid.ny - 1);
      const w = Math.abs(x(grid.xmin + sx) - x(grid.xmin)) + 1, h = Math.abs(y(grid.ymin + sy) - y(grid.ymin)) + 1;
      for (let j = 0; j < grid.ny; j++) {
        for (let i = 0; i < grid.nx; i++) {
          const v = grid.values[j * grid.nx + i];
          if (!Number.isFinite(v)) continue;
          canvas.fillStyle = interpolateCividis(Math.min(1, Math.max(0, (v - lo) / (hi - lo || 1))));
          canvas.fillRect(x(grid.xmin + (i - 0.5) * sx), y(grid.ymin + (j + 0.5) * sy), w, h);
        }
      }
    },
    csv: () => ({
      columns: ['x', 'y', options.label],
      rows: Array.from(grid.values, (v, k) => [grid.xmin + (k % grid.nx) * ((grid.xmax - grid.xmin) / (grid.nx - 1)), grid.ymin + Math.floor(k / grid.nx) * ((grid.ymax - grid.ymin) / (grid.ny - 1)), v]),
    }),
  };
}

/** A marker (ring plus cross-hair) at a point, e.g. a draggable start or a known minimum. */
export function markerLayer(points: readonly Point[], className: string): Layer {
  return {
    draw({ g, x, y }) {
      for (const p of points) {
        if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
        g.append('circle').attr('class', className).attr('r', className === 'start-marker' ? 8 : 4).attr('cx', x(p[0])).attr('cy', y(p[1]));
      }
    },
  };
}

/**
 * Bars for categories at x = 0, 1, 2, … from a baseline; the chart names them on its x axis
 * (chart.setCategories). An item without a finite value gets no bar but its `missing` text.
 */
export function categoryBarLayer(items: ReadonlyArray<{ label: string; value: number; series: number; note?: string; missing?: string }>, baseline: number): Layer {
  return {
    draw({ g, x, y }) {
      const width = Math.max(8, Math.abs(x(1) - x(0)) * 0.7);
      items.forEach((item, i) => {
        if (!Number.isFinite(item.value)) {
          // no bar: say why, just above the baseline, so an empty slot does not read as zero
          if (item.missing) g.append('text').attr('class', 'bar-label').attr('text-anchor', 'middle').attr('x', x(i)).attr('y', y(baseline) - 4).text(item.missing);
          return;
        }
        const top = Math.min(y(baseline), y(item.value)), bottom = Math.max(y(baseline), y(item.value));
        g.append('rect').attr('class', `bar series-${item.series}`).attr('x', x(i) - width / 2).attr('width', width)
          .attr('y', top).attr('height', Math.max(1, bottom - top)).append('title').text(`${item.label}: ${item.note ?? item.value}`);
      });
    },
    csv: () => ({ columns: ['category', 'value'], rows: items.map((item) => [item.label, item.value]) }),
  };
}
