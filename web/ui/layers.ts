/**
 * Plot layers for Chart: line, scatter, bars, band, rules, histogram and a reliability diagram
 * (contour bands: trajectory.ts; decision boundaries and probability heatmaps: classify.ts).
 * Lessons compose these; none of them draws axes. Colours come from the palette classes
 * `series-0..7` (Okabe–Ito, see styles.css), so themes and colour-blind safety live in one place.
 */
import { bin, max as d3max } from 'd3-array';
import { area, line } from 'd3-shape';
import type { DrawContext, Layer } from './chart';
import { cssRgb, rasterDots, type DotSeries } from './dots';

export type Point = readonly [number, number];

const finite = (p: Point) => Number.isFinite(p[0]) && Number.isFinite(p[1]);

export interface LineOptions {
  series: number;
  label: string;
  dashed?: boolean;
  width?: number;
  /** Extra class, e.g. 'highlight' or 'muted'. */
  className?: string;
}

export function lineLayer(points: readonly Point[], options: LineOptions): Layer {
  const clean = points.filter(finite);
  return {
    draw({ g, x, y }) {
      g.append('path').attr('class', `line series-${options.series} ${options.dashed ? 'dashed' : ''} ${options.className ?? ''}`)
        .attr('stroke-width', options.width ?? 2.5)
        .attr('d', line<Point>().x((p) => x(p[0])).y((p) => y(p[1]))(clean) ?? '')
        .append('title').text(options.label);
    },
    csv: () => ({ columns: ['series', 'x', 'y'], rows: clean.map((p) => [options.label, p[0], p[1]]) }),
  };
}

export interface ScatterOptions {
  /** Series palette index for every point, or one per point. */
  series: number | ((index: number) => number);
  radius?: number;
  /** Index of a point to draw highlighted (ring). */
  highlight?: number;
  /** Draw on the canvas (for hundreds of points or more). */
  canvas?: boolean;
  label: string;
}

/** Every k-th point, so about `limit` of them: a sample of the drawing only (every number uses all the points). */
export const thinPoints = <T>(points: T[], limit: number): T[] => (points.length <= limit ? points : points.filter((_, i) => i % Math.ceil(points.length / limit) === 0));

/** Dot bitmaps by points array (one series per layer only: the key then says everything drawn). */
const sharedDots = new WeakMap<readonly Point[], { key: string; image: HTMLCanvasElement | undefined }>();
let dotPixels: ImageData | undefined;

export function scatterLayer(points: readonly Point[], options: ScatterOptions): Layer {
  const seriesOf = typeof options.series === 'function' ? options.series : () => options.series as number;
  const r = options.radius ?? 3.5;
  let bitmap: { key: string; image: HTMLCanvasElement | undefined } | undefined;
  let seriesUsed: number[] | undefined;
  /** The dots on a transparent canvas of `target`'s size, in its current transform (dots.ts rasterises them). */
  const paintDots = (target: CanvasRenderingContext2D, x: DrawContext['x'], y: DrawContext['y'], color: DrawContext['color']) => {
    const image = document.createElement('canvas');
    image.width = target.canvas.width;
    image.height = target.canvas.height;
    const c = image.getContext('2d');
    if (!c) return undefined;
    const m = target.getTransform();
    // Dot centres in device pixels, per series.
    const bySeries = new Map<number, { xs: number[]; ys: number[] }>();
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      if (!finite(p)) continue;
      const s = seriesOf(i);
      let dots = bySeries.get(s);
      if (!dots) bySeries.set(s, (dots = { xs: [], ys: [] }));
      const px = x(p[0]), py = y(p[1]);
      dots.xs.push(m.a * px + m.c * py + m.e);
      dots.ys.push(m.b * px + m.d * py + m.f);
    }
    const radius = r * Math.hypot(m.a, m.b);
    const series: DotSeries[] = [...bySeries].map(([s, dots]) => ({ ...dots, radius, rgb: cssRgb(c, color(`--series-${s}`)) }));
    // One ImageData is reused while the size stays (putImageData copies it): writing into fresh
    // memory page-faults, and that made a repaint 2-10 ms instead of about 1 (Chromium, 2 cores).
    if (dotPixels?.width !== image.width || dotPixels.height !== image.height) dotPixels = c.createImageData(image.width, image.height);
    else dotPixels.data.fill(0);
    rasterDots(dotPixels.data, image.width, image.height, series, 0.75);
    c.putImageData(dotPixels, 0, 0);
    return image;
  };
  return {
    canvas: options.canvas,
    draw(ctx: DrawContext) {
      const { x, y } = ctx;
      if (ctx.canvas) {
        // Canvas layers all redraw whenever one of them changes (every frame while a model
        // trains under these dots), so the dots are painted once into a bitmap of the canvas's
        // size and copied in afterwards until the scales, the size or the colours change. Two
        // charts that show the same points alike (focal loss's pair of models) share the bitmap.
        const c = ctx.canvas;
        seriesUsed ??= [...new Set(points.map((_, i) => seriesOf(i)))];
        const colors = seriesUsed.map((s) => ctx.color(`--series-${s}`));  // a theme switch repaints
        const m = c.getTransform();
        const key = [...x.domain(), ...x.range(), ...y.domain(), ...y.range(), c.canvas.width, c.canvas.height, m.a, m.b, m.c, m.d, m.e, m.f, r, ...colors].join(' ');
        const shared = typeof options.series === 'number' ? sharedDots.get(points) : undefined;
        if (shared?.key === key) bitmap = shared;
        if (bitmap?.key !== key) {
          bitmap = { key, image: paintDots(c, x, y, ctx.color) };
          if (typeof options.series === 'number') sharedDots.set(points, bitmap);
        }
        if (bitmap.image) {
          c.save();
          c.setTransform(1, 0, 0, 1, 0, 0);
          c.drawImage(bitmap.image, 0, 0);
          c.restore();
        }
      } else {
        ctx.g.selectAll('circle').data(points.filter(finite)).join('circle')
          .attr('class', (_, i) => `dot series-${seriesOf(i)}`)
          .attr('r', r).attr('cx', (p) => x(p[0])).attr('cy', (p) => y(p[1]));
      }
      const h = options.highlight;
      if (h !== undefined && h >= 0 && h < points.length && finite(points[h])) {
        ctx.g.append('circle').attr('class', 'highlight-ring').attr('r', r + 5)
          .attr('cx', x(points[h][0])).attr('cy', y(points[h][1]));
      }
    },
    csv: () => ({ columns: ['index', 'x', 'y'], rows: points.map((p, i) => [i, p[0], p[1]]) }),
  };
}

/** Marks (one per point) drawn in the SVG even when the dots are on canvas: a selection ring. */
export function ringLayer(point: Point | undefined, radius = 9): Layer {
  return {
    draw({ g, x, y }) {
      if (!point || !finite(point)) return;
      g.append('circle').attr('class', 'highlight-ring').attr('r', radius).attr('cx', x(point[0])).attr('cy', y(point[1]));
    },
  };
}

export interface BarOptions {
  series: number | ((index: number) => number);
  label: string;
  highlight?: number;
  /** Bar width in data units (defaults to the spacing of the first two x values). */
  width?: number;
}

/** Vertical bars from 0 to each value at the given x positions. */
export function barLayer(bars: readonly Point[], options: BarOptions): Layer {
  const seriesOf = typeof options.series === 'function' ? options.series : () => options.series as number;
  return {
    draw({ g, x, y }) {
      const spacing = options.width ?? (bars.length > 1 ? Math.abs(bars[1][0] - bars[0][0]) : 1);
      const px = Math.max(1, Math.abs(x(spacing) - x(0)) * 0.85);
      g.selectAll('rect').data(bars.filter(finite)).join('rect')
        .attr('class', (_, i) => `bar series-${seriesOf(i)} ${i === options.highlight ? 'highlight' : ''}`)
        .attr('x', (b) => x(b[0]) - px / 2).attr('width', px)
        .attr('y', (b) => Math.min(y(0), y(b[1]))).attr('height', (b) => Math.abs(y(b[1]) - y(0)));
    },
    csv: () => ({ columns: ['series', 'x', 'value'], rows: bars.map((b) => [options.label, b[0], b[1]]) }),
  };
}

/** A shaded band between a lower and an upper curve sampled at the same x. */
export function bandLayer(lower: readonly Point[], upper: readonly Point[], options: { series: number; label: string }): Layer {
  const rows = lower.map((p, i) => [p[0], p[1], upper[i]?.[1] ?? NaN] as const).filter((r) => r.every(Number.isFinite));
  return {
    draw({ g, x, y }) {
      g.append('path').attr('class', `band series-${options.series}`)
        .attr('d', area<readonly [number, number, number]>().x((r) => x(r[0])).y0((r) => y(r[1])).y1((r) => y(r[2]))(rows) ?? '')
        .append('title').text(options.label);
    },
    csv: () => ({ columns: ['series', 'x', 'lower', 'upper'], rows: rows.map((r) => [options.label, r[0], r[1], r[2]]) }),
  };
}

/** Horizontal (axis 'y') or vertical (axis 'x') reference lines at given values. */
export function ruleLayer(values: readonly number[], axis: 'x' | 'y', className = 'rule'): Layer {
  return {
    draw({ g, x, y, width, height }) {
      for (const v of values) {
        if (!Number.isFinite(v)) continue;
        if (axis === 'y') g.append('line').attr('class', className).attr('x1', x.range()[0]).attr('x2', x.range()[0] + width).attr('y1', y(v)).attr('y2', y(v));
        else g.append('line').attr('class', className).attr('y1', y.range()[1]).attr('y2', y.range()[1] + height).attr('x1', x(v)).attr('x2', x(v));
      }
    },
  };
}

/** One bin of a histogram: [x0, x1) and how many values fell in it. */
export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

/** Counts of raw values in `bins` nice bins over `domain` (d3-array's bin; non-finite values are left out). */
export function histogramBins(values: ArrayLike<number>, domain: readonly [number, number], bins = 20): Bin[] {
  return bin().domain(domain as [number, number]).thresholds(bins)(Array.from(values).filter(Number.isFinite))
    .map((b) => ({ x0: b.x0!, x1: b.x1!, count: b.length }));
}

/** Bins (from histogramBins, computed where the figure computes) drawn as bars of counts. */
export function binsLayer(bins: readonly Bin[], options: { series: number; label: string }): Layer {
  return {
    draw({ g, x, y }) {
      g.selectAll('rect').data(bins).join('rect').attr('class', `bar series-${options.series}`)
        .attr('x', (b) => x(b.x0) + 0.5).attr('width', (b) => Math.max(0, x(b.x1) - x(b.x0) - 1))
        .attr('y', (b) => y(b.count)).attr('height', (b) => Math.max(0, y(0) - y(b.count)));
    },
    csv: () => ({ columns: ['series', 'from', 'to', 'count'], rows: bins.map((b) => [options.label, b.x0, b.x1, b.count]) }),
  };
}

/** A histogram as a figure's compute returns it: the bins, and the largest count (at least 1) for the y axis. */
export interface Histogram {
  bins: Bin[];
  top: number;
}

/** Bins raw values (histogramBins) and finds the largest count, in a figure's compute; draw with binsLayer. */
export function histogram(values: ArrayLike<number>, domain: readonly [number, number], bins = 20): Histogram {
  const binned = histogramBins(values, domain, bins);
  return { bins: binned, top: Math.max(1, d3max(binned, (b) => b.count) ?? 0) };
}

/**
 * A reliability diagram: mean predicted probability against observed frequency per bin, with
 * the diagonal of perfect calibration. Bins with no samples are skipped.
 */
export function reliabilityLayer(bins: ReadonlyArray<{ confidence: number; frequency: number; count: number }>, options: { series: number; label: string }): Layer {
  const used = bins.filter((b) => b.count > 0 && Number.isFinite(b.confidence) && Number.isFinite(b.frequency));
  return {
    draw({ g, x, y }) {
      g.append('line').attr('class', 'rule diagonal').attr('x1', x(0)).attr('y1', y(0)).attr('x2', x(1)).attr('y2', y(1));
      g.append('path').attr('class', `line series-${options.series}`).attr('stroke-width', 2.5)
        .attr('d', line<{ confidence: number; frequency: number }>().x((b) => x(b.confidence)).y((b) => y(b.frequency))(used) ?? '');
      g.selectAll('circle').data(used).join('circle').attr('class', `dot series-${options.series}`).attr('r', 4)
        .attr('cx', (b) => x(b.confidence)).attr('cy', (b) => y(b.frequency));
    },
    csv: () => ({ columns: ['series', 'confidence', 'frequency', 'count'], rows: used.map((b) => [options.label, b.confidence, b.frequency, b.count]) }),
  };
}
