/**
 * The one place that draws axes. A Chart owns an SVG (axes, labels, vector layers) over an
 * optional canvas (layers with many marks), sized to its container in real pixels so text stays
 * legible on a phone. Content is a list of named layers; each layer keeps its own data and
 * redraws itself, so a drag updates one layer and a resize redraws them all.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import { select, type Selection } from 'd3-selection';

export type Scale = ScaleContinuousNumeric<number, number>;
export type Extent = readonly [number, number];

export interface ChartOptions {
  /** Accessible name of the plot. */
  title: string;
  xLabel: string;
  yLabel: string;
  x: Extent;
  y: Extent;
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log';
  /** Plot height in CSS pixels at desktop width; phones get a little less. */
  height?: number;
  /** d3-format specifier for the tick labels (default: d3's, '~g' on log axes). */
  xTickFormat?: string;
  yTickFormat?: string;
  /** Use a canvas under the SVG for layers that ask for it (large point counts). */
  canvas?: boolean;
}

export interface DrawContext {
  g: Selection<SVGGElement, unknown, null, undefined>;
  x: Scale;
  y: Scale;
  width: number;
  height: number;
  /** Present when the chart was created with canvas: true; already cleared for this layer pass. */
  canvas?: CanvasRenderingContext2D;
  /** Resolves a CSS custom property (e.g. '--series-0') to a colour for canvas drawing. */
  color(variable: string): string;
}

export interface Layer {
  draw(ctx: DrawContext): void;
  /** Draws on the shared canvas (all canvas layers redraw together). */
  canvas?: boolean;
  /** Columns and rows for CSV export. */
  csv?(): { columns: string[]; rows: Array<Array<number | string>> };
}

const margin = { top: 10, right: 14, bottom: 44, left: 54 };

/**
 * Fits category names under their ticks. When a name is wider than its slot (`slot` pixels),
 * every second name moves one line down, which doubles the room of each; a name still too wide is
 * set in a smaller font (down to 70%). Returns whether the names took two lines. Measuring needs
 * layout, so where there is none (a DOM without SVG text metrics) names stay on one line.
 */
function fitNames(axis: Selection<SVGGElement, unknown, null, undefined>, slot: number): boolean {
  const texts = axis.selectAll<SVGTextElement, unknown>('.tick text').nodes();
  if (!texts.length || typeof texts[0].getComputedTextLength !== 'function') return false;
  // d3-axis keeps a tick's text between renders: undo the last fitting before measuring
  for (const t of texts) {
    t.style.fontSize = '';
    t.setAttribute('dy', '0.71em');
  }
  const widths = texts.map((t) => t.getComputedTextLength());
  const widest = Math.max(...widths);
  if (widest <= slot) return false;
  const size = parseFloat(getComputedStyle(texts[0]).fontSize) || 12;
  const scale = Math.max(0.7, Math.min(1, (2 * slot) / widest));
  texts.forEach((t, i) => {
    if (scale < 1) t.style.fontSize = `${scale * size}px`;
    if (i % 2) t.setAttribute('dy', `${0.71 + 1.15}em`);
  });
  return true;
}
let chartCount = 0;

/** Bumped when the colour scheme flips, so charts re-read their CSS colours once. */
let themeEpoch = 0;
globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => themeEpoch++);
/** Charts re-read their CSS colours (a custom element's `theme` attribute changed). */
export function themeChanged(): void {
  themeEpoch++;
}

/**
 * Batching: a figure's draw often sets several layers and then calls render() (a new domain), and
 * every set() on a canvas layer repaints the whole canvas. Inside batchCharts(), set(), remove()
 * and render() only note what changed; when the batch ends each chart draws once: the layers that
 * changed (each once, at the final scales) and its canvas once, or everything after a render().
 * The framework runs every figure draw in a batch (web/lessons/framework/runner.ts).
 */
let batchDepth = 0;
const pendingCharts = new Set<Chart>();

export function batchCharts<T>(draw: () => T): T {
  batchDepth++;
  try {
    return draw();
  } finally {
    if (--batchDepth === 0) {
      for (const chart of pendingCharts) chart.flush();
      pendingCharts.clear();
    }
  }
}

export class Chart {
  readonly element: HTMLDivElement;
  readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly canvasElement?: HTMLCanvasElement;
  private readonly layersGroup: Selection<SVGGElement, unknown, null, undefined>;
  private readonly xAxis: Selection<SVGGElement, unknown, null, undefined>;
  private readonly yAxis: Selection<SVGGElement, unknown, null, undefined>;
  private readonly xTitle: Selection<SVGTextElement, unknown, null, undefined>;
  private readonly yTitle: Selection<SVGTextElement, unknown, null, undefined>;
  private readonly layers = new Map<string, { layer: Layer; g: Selection<SVGGElement, unknown, null, undefined> }>();
  private readonly observer?: ResizeObserver;
  readonly id = `chart-${++chartCount}`;
  x: Scale;
  y: Scale;
  width = 600;
  height = 320;
  /**
   * Layout is read as rarely as possible: an animation redraws charts every frame, and reading
   * clientWidth or computed styles after DOM writes forces a synchronous layout each time. The
   * container width is read once, then kept current by the ResizeObserver (which runs after
   * layout); sizes are written only when they change; colours are cached until the theme flips.
   */
  private containerWidth = 0;
  private sized = { full: -1, fullHeight: -1 };
  private pixelRatio = 1;
  private readonly colors = new Map<string, string>();
  private colorsEpoch = themeEpoch;
  /** What a batch changed: SVG layers to draw, the canvas to repaint, or everything. */
  private readonly dirtyLayers = new Set<string>();
  private dirtyCanvas = false;
  private dirtyAll = false;
  /**
   * The scales, size and colours the axes and every layer were last drawn with. A render() that
   * finds them unchanged (most figures call it on every draw, "in case the domain moved") draws
   * only the layers that were set since: the axes and the other layers are already right.
   */
  private drawnWith = '';
  /** Names of the x axis's whole numbers (setCategories), or undefined for numeric ticks. */
  private categories?: string[];

  constructor(parent: HTMLElement, readonly options: ChartOptions) {
    this.element = document.createElement('div');
    this.element.className = 'chart';
    parent.append(this.element);
    if (options.canvas) {
      this.canvasElement = document.createElement('canvas');
      this.canvasElement.className = 'chart-canvas';
      this.canvasElement.setAttribute('aria-hidden', 'true');
      this.element.append(this.canvasElement);
    }
    this.svg = select(this.element).append('svg').attr('class', 'chart-svg').attr('role', 'img')
      .attr('aria-labelledby', `${this.id}-title`);
    this.svg.append('title').attr('id', `${this.id}-title`).text(options.title);
    this.x = (options.xScale === 'log' ? scaleLog() : scaleLinear()).domain(options.x) as Scale;
    this.y = (options.yScale === 'log' ? scaleLog() : scaleLinear()).domain(options.y) as Scale;
    this.xAxis = this.svg.append('g').attr('class', 'axis axis-x');
    this.yAxis = this.svg.append('g').attr('class', 'axis axis-y');
    this.xTitle = this.svg.append('text').attr('class', 'axis-title').attr('text-anchor', 'middle').text(options.xLabel);
    this.yTitle = this.svg.append('text').attr('class', 'axis-title').attr('text-anchor', 'middle').text(options.yLabel);
    const clipId = `${this.id}-clip`;
    this.svg.append('clipPath').attr('id', clipId).append('rect');
    this.layersGroup = this.svg.append('g').attr('class', 'layers').attr('clip-path', `url(#${clipId})`);
    this.containerWidth = this.element.clientWidth;
    this.measure();
    // Axes from the start: a chart whose layers only ever change through set() (never render())
    // would otherwise show its curves without axes or titles in place.
    this.drawAxes();
    this.drawnWith = this.scalesKey();
    if (typeof ResizeObserver !== 'undefined') {
      this.observer = new ResizeObserver(() => {
        const w = this.element.clientWidth;
        if (w > 0 && Math.abs(w - this.containerWidth) >= 1) {
          this.containerWidth = w;
          this.render();
        }
      });
      this.observer.observe(this.element);
    }
  }

  /** Plot-area size from the container width (the SVG fills it; height shrinks on phones). */
  private measure(): void {
    const full = Math.max(260, this.containerWidth || 600);
    const wanted = this.options.height ?? 320;
    const fullHeight = full < 520 ? Math.round(wanted * 0.8) : wanted;
    if (full === this.sized.full && fullHeight === this.sized.fullHeight) return;
    this.sized = { full, fullHeight };
    this.width = full - margin.left - margin.right;
    this.height = fullHeight - margin.top - margin.bottom;
    this.svg.attr('width', full).attr('height', fullHeight).attr('viewBox', `0 0 ${full} ${fullHeight}`);
    this.x.range([margin.left, margin.left + this.width]);
    this.y.range([margin.top + this.height, margin.top]);
    this.svg.select(`#${this.id}-clip rect`).attr('x', margin.left).attr('y', margin.top)
      .attr('width', this.width).attr('height', this.height);
    if (this.canvasElement) {
      const ratio = globalThis.devicePixelRatio || 1;
      this.pixelRatio = ratio;
      this.canvasElement.width = Math.round(full * ratio);
      this.canvasElement.height = Math.round(fullHeight * ratio);
      this.canvasElement.style.width = `${full}px`;
      this.canvasElement.style.height = `${fullHeight}px`;
    }
  }

  setDomain(x?: Extent, y?: Extent): void {
    if (x) this.x.domain(x);
    if (y) this.y.domain(y);
  }

  /**
   * Names the x axis's whole numbers 0, 1, … (a chart of categories: one column of bars or dots
   * per name, centred on its index); no ticks between them. Undefined returns to numeric ticks.
   * New names re-render the chart (inside a batch, once when it ends).
   */
  setCategories(names: readonly string[] | undefined): void {
    const same = names && this.categories ? names.length === this.categories.length && names.every((n, i) => n === this.categories![i]) : names === this.categories;
    if (same) return;
    this.categories = names ? [...names] : undefined;
    this.render();
  }

  private drawAxes(): void {
    const ticksX = Math.max(3, Math.floor(this.width / 80));
    const ticksY = Math.max(3, Math.floor(this.height / 45));
    const names = this.categories;
    const bottom = names
      ? axisBottom(this.x).tickValues(names.map((_, i) => i)).tickFormat((i) => names[Number(i)] ?? '')
      : axisBottom(this.x).ticks(ticksX, this.options.xTickFormat ?? (this.options.xScale === 'log' ? '~g' : undefined));
    this.xAxis.attr('transform', `translate(0,${margin.top + this.height})`).call(bottom);
    // Names that do not fit their slot take two staggered lines; the axis title then gives way to them.
    const wrapped = names ? fitNames(this.xAxis, Math.abs(this.x(1) - this.x(0)) - 6) : false;
    this.xTitle.attr('visibility', wrapped ? 'hidden' : null);
    this.yAxis.attr('transform', `translate(${margin.left},0)`).call(axisLeft(this.y).ticks(ticksY, this.options.yTickFormat ?? (this.options.yScale === 'log' ? '~g' : undefined)));
    this.xTitle.attr('x', margin.left + this.width / 2).attr('y', margin.top + this.height + 38);
    this.yTitle.attr('transform', `translate(14,${margin.top + this.height / 2}) rotate(-90)`);
  }

  private context(g: Selection<SVGGElement, unknown, null, undefined>, canvas?: CanvasRenderingContext2D): DrawContext {
    return { g, x: this.x, y: this.y, width: this.width, height: this.height, canvas, color: (v) => this.color(v) };
  }

  private color(variable: string): string {
    if (this.colorsEpoch !== themeEpoch) {
      this.colors.clear();
      this.colorsEpoch = themeEpoch;
    }
    let value = this.colors.get(variable);
    if (value === undefined) {
      value = getComputedStyle(this.element).getPropertyValue(variable).trim() || '#888';
      this.colors.set(variable, value);
    }
    return value;
  }

  /** Adds or replaces a layer and draws it (layers draw in insertion order). */
  set(name: string, layer: Layer): void {
    let entry = this.layers.get(name);
    if (!entry) {
      entry = { layer, g: this.layersGroup.append('g').attr('data-layer', name) };
      this.layers.set(name, entry);
    } else {
      // A layer that moves between the SVG and the canvas (a learner's large file) leaves nothing behind.
      const wasCanvas = Boolean(entry.layer.canvas);
      if (wasCanvas !== Boolean(layer.canvas)) entry.g.selectAll('*').remove();
      if (wasCanvas && !layer.canvas) this.dirtyCanvas = true;
      entry.layer = layer;
    }
    if (batchDepth) {
      if (layer.canvas) this.dirtyCanvas = true;
      else this.dirtyLayers.add(name);
      pendingCharts.add(this);
      return;
    }
    if (layer.canvas) this.drawCanvas();
    else this.drawLayer(entry);
    if (this.dirtyCanvas) this.drawCanvas();
  }

  private drawLayer(entry: { layer: Layer; g: Selection<SVGGElement, unknown, null, undefined> }): void {
    this.drawingAt();
    entry.g.selectAll('*').remove();
    entry.layer.draw(this.context(entry.g));
  }

  remove(name: string): void {
    const entry = this.layers.get(name);
    if (!entry) return;
    entry.g.remove();
    this.layers.delete(name);
    this.dirtyLayers.delete(name);
    if (!entry.layer.canvas) return;
    if (batchDepth) {
      this.dirtyCanvas = true;
      pendingCharts.add(this);
    } else this.drawCanvas();
  }

  /** Draws what a batch changed (batchCharts calls it). */
  flush(): void {
    if (this.dirtyAll) {
      this.render();
      return;
    }
    this.drawChanged();
  }

  /** The layers set since they were last drawn, and the canvas if one of its layers changed. */
  private drawChanged(): void {
    for (const name of this.dirtyLayers) {
      const entry = this.layers.get(name);
      if (entry) this.drawLayer(entry);
    }
    this.dirtyLayers.clear();
    if (this.dirtyCanvas) this.drawCanvas();
  }

  private drawCanvas(): void {
    this.dirtyCanvas = false;
    if (!this.canvasElement) return;
    this.drawingAt();
    const ctx = this.canvasElement.getContext('2d');
    if (!ctx) return;
    const ratio = this.pixelRatio;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvasElement.width, this.canvasElement.height);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.save();
    ctx.beginPath();
    ctx.rect(margin.left, margin.top, this.width, this.height);
    ctx.clip();
    for (const { layer, g } of this.layers.values()) if (layer.canvas) layer.draw(this.context(g, ctx));
    ctx.restore();
  }

  /** Redraws axes and every layer after a resize, a domain change or a theme flip; otherwise only the layers set since. */
  render(): void {
    if (batchDepth) {
      this.dirtyAll = true;
      pendingCharts.add(this);
      return;
    }
    this.dirtyAll = false;
    this.measure();
    const key = this.scalesKey();
    if (key === this.drawnWith) {
      this.drawChanged();
      return;
    }
    this.drawnWith = key;
    this.dirtyLayers.clear();
    this.drawAxes();
    for (const { layer, g } of this.layers.values()) {
      if (layer.canvas) continue;
      g.selectAll('*').remove();
      layer.draw(this.context(g));
    }
    this.drawCanvas();
  }

  /** A layer drawn at other scales than the rest (a domain set without render()): the next render() redraws all. */
  private drawingAt(): void {
    if (this.drawnWith && this.scalesKey() !== this.drawnWith) this.drawnWith = '';
  }

  private scalesKey(): string {
    return `${this.x.domain().join()}|${this.y.domain().join()}|${this.categories ? `names:${this.categories.join('\u0001')}` : 'numeric'}|${this.width}x${this.height}@${this.pixelRatio}|${themeEpoch}`;
  }

  /** Data coordinates of a pointer event. */
  pointer(event: { clientX: number; clientY: number }): [number, number] {
    const rect = (this.svg.node() as SVGSVGElement).getBoundingClientRect();
    return [this.x.invert(event.clientX - rect.left), this.y.invert(event.clientY - rect.top)];
  }

  /** Pixel coordinates (relative to the SVG) of a data point. */
  toPixels(x: number, y: number): [number, number] {
    return [this.x(x), this.y(y)];
  }

  csv(): string {
    const blocks: string[] = [];
    for (const [name, { layer }] of this.layers) {
      const table = layer.csv?.();
      if (!table || !table.rows.length) continue;
      blocks.push([['layer', ...table.columns].join(','), ...table.rows.map((r) => [name, ...r.map(csvCell)].join(','))].join('\n'));
    }
    return blocks.join('\n');
  }

  /** The canvas as an image URL, for export (undefined without a canvas). */
  canvasImage(): string | undefined {
    return this.canvasElement?.toDataURL('image/png');
  }

  destroy(): void {
    this.observer?.disconnect();
    this.element.remove();
  }
}

function csvCell(v: number | string): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(10))) : '';
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
