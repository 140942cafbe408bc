/**
 * Round dots rasterised into pixels by hand, for the canvas scatter layers (layers.ts).
 *
 * Why not Path2D.arc and fill: without a GPU, Chromium rasterises a path of 2,500 circles in
 * software when the bitmap is first drawn, and in focal loss's training figure that took 30–40 ms
 * of the animation frame after every change of the data (two charts, measured with
 * long-animation-frame entries): a long task on every press of the imbalance slider. Stamping a
 * disc per dot into an ImageData is a few hundred thousand additions, about a millisecond.
 *
 * What it draws is what the path did: per series, the union of its discs (overlapping dots of one
 * series do not darken each other), anti-aliased by the distance from each pixel's centre to the
 * dot's edge, filled at one opacity, the series in order over each other (source-over).
 */

/** One series' dots: centres in device pixels, radius in device pixels, an opaque RGB colour. */
export interface DotSeries {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  radius: number;
  rgb: readonly [number, number, number];
}

/** Dot centres are placed to a quarter of a pixel: one precomputed disc per position. */
const SUBPIXELS = 4;
const stampCache = new Map<number, Float32Array[]>();

/**
 * The disc of radius r for each of the SUBPIXELS² positions of its centre inside a pixel, as
 * (dx, dy, coverage) triples relative to that pixel: full coverage inside r − ½, none beyond
 * r + ½, linear across the pixel at the edge (the distance is from each pixel's centre).
 */
function stampsOf(r: number): Float32Array[] {
  let stamps = stampCache.get(r);
  if (stamps) return stamps;
  stamps = [];
  const reach = Math.ceil(r + 1);
  for (let sy = 0; sy < SUBPIXELS; sy++) {
    for (let sx = 0; sx < SUBPIXELS; sx++) {
      const cx = (sx + 0.5) / SUBPIXELS, cy = (sy + 0.5) / SUBPIXELS, cells: number[] = [];
      for (let dy = -reach; dy <= reach; dy++) {
        for (let dx = -reach; dx <= reach; dx++) {
          const c = r + 0.5 - Math.hypot(dx + 0.5 - cx, dy + 0.5 - cy);
          if (c > 0) cells.push(dx, dy, Math.min(1, c));
        }
      }
      stamps.push(Float32Array.from(cells));
    }
  }
  stampCache.set(r, stamps);
  return stamps;
}

/**
 * Every pixel each dot of a series covers, as parallel lists: pixel index (y · width + x) and
 * coverage, valid up to `count`. The lists are scratch space kept between calls: on this 2-core
 * VM, first writes to freshly allocated memory (page faults) cost as much as the stamping itself.
 */
let scratch = { at: new Int32Array(0), coverage: new Float32Array(0) };
let unionScratch = new Float32Array(0);
function cells(s: DotSeries, width: number, height: number): { at: Int32Array; coverage: Float32Array; count: number } {
  const stamps = stampsOf(s.radius);
  const capacity = s.xs.length * Math.max(...stamps.map((stamp) => stamp.length / 3));
  if (scratch.at.length < capacity) scratch = { at: new Int32Array(capacity), coverage: new Float32Array(capacity) };
  const { at, coverage } = scratch;
  let count = 0;
  for (let i = 0; i < s.xs.length; i++) {
    const cx = s.xs[i], cy = s.ys[i];
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) continue;
    const ix = Math.floor(cx), iy = Math.floor(cy);
    const stamp = stamps[Math.floor((cy - iy) * SUBPIXELS) * SUBPIXELS + Math.floor((cx - ix) * SUBPIXELS)];
    for (let e = 0; e < stamp.length; e += 3) {
      const px = ix + stamp[e], py = iy + stamp[e + 1];
      if (px < 0 || py < 0 || px >= width || py >= height) continue;
      at[count] = py * width + px;
      coverage[count++] = stamp[e + 2];
    }
  }
  return { at, coverage, count };
}

/**
 * Composites every series, in order, at `opacity` over `out`: the RGBA pixels (ImageData.data)
 * of a width × height image, transparent to start with. Dots (or parts of them) outside it are clipped.
 */
export function rasterDots(out: Uint8ClampedArray, width: number, height: number, series: readonly DotSeries[], opacity: number): void {
  if (out.length !== width * height * 4) throw new Error(`rasterDots: ${out.length} bytes is not a ${width} × ${height} image`);
  series.forEach((s, index) => {
    const { at, coverage, count } = cells(s, width, height);
    const [red, green, blue] = s.rgb;
    if (index === 0) {
      // Over a transparent image a series is its colour at α = opacity × coverage, and the union
      // of its discs keeps each pixel's largest α: written straight into the image.
      for (let c = 0; c < count; c++) {
        const j = 4 * at[c], a = 255 * opacity * coverage[c];
        if (a <= out[j + 3]) continue;
        out[j] = red;
        out[j + 1] = green;
        out[j + 2] = blue;
        out[j + 3] = a;
      }
      return;
    }
    // Over earlier series: the union's coverage first (largest per pixel), then source-over. The
    // union buffer is scratch kept between calls, and every entry set here is zeroed again below.
    if (unionScratch.length < width * height) unionScratch = new Float32Array(width * height);
    const union = unionScratch;
    for (let c = 0; c < count; c++) if (coverage[c] > union[at[c]]) union[at[c]] = coverage[c];
    for (let c = 0; c < count; c++) {
      const k = at[c], u = union[k];
      if (u === 0) continue;  // a pixel listed twice is composited once
      union[k] = 0;
      const a = u * opacity;
      if (a === 0) continue;
      // Source-over on straight (not premultiplied) alpha, as ImageData holds it.
      const j = 4 * k, below = out[j + 3] / 255, keep = below * (1 - a), alpha = a + keep;
      out[j] = (red * a + out[j] * keep) / alpha;
      out[j + 1] = (green * a + out[j + 1] * keep) / alpha;
      out[j + 2] = (blue * a + out[j + 2] * keep) / alpha;
      out[j + 3] = alpha * 255;
    }
  });
}

/** A CSS colour as RGB, through the canvas's own parser (it writes fillStyle back as #rrggbb). */
export function cssRgb(paint: CanvasRenderingContext2D, color: string): [number, number, number] {
  paint.fillStyle = '#000';
  paint.fillStyle = color;
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(String(paint.fillStyle));
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  // A colour with alpha comes back as rgba(r, g, b, a): its alpha is dropped (the layer has one opacity).
  const [r = 0, g = 0, b = 0] = (String(paint.fillStyle).match(/[\d.]+/g) ?? []).map(Number);
  return [r, g, b];
}
