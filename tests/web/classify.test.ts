// @vitest-environment happy-dom
// The decision boundary line (web/ui/classify.ts) sits where the grid crosses the level: the
// engine traces the band (engine.contours, d3-contour, which puts value (i, j) at (i + ½, j + ½))
// and the layer only scales it to pixels.
import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { contourLineLayer } from '../../web/ui/classify';
import { contourBands } from '../../web/engine/rpc';
import type { DrawContext } from '../../web/ui/chart';

/** Draws the layer into a fresh SVG group with x, y in [0, 1] → [0, 100] px (y up) and returns its path's points inside the plot. */
function boundaryPoints(columns: number, rows: number, value: (x: number, y: number) => number, level: number): Array<[number, number]> {
  const grid = { columns, rows, x: [0, 1] as const, y: [0, 1] as const };
  const values = Float64Array.from({ length: columns * rows }, (_, k) => value((k % columns) / (columns - 1), Math.floor(k / columns) / (rows - 1)));
  const [band] = contourBands(values, columns, rows, [level]);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const g = select(svg).append('g');
  const x = scaleLinear().domain([0, 1]).range([0, 100]), y = scaleLinear().domain([0, 1]).range([100, 0]);
  contourLineLayer(grid, band.coordinates, { series: 0, label: 'boundary' }).draw({ g, x, y, width: 100, height: 100, color: () => '#000' } as unknown as DrawContext);
  const d = svg.querySelector('path')?.getAttribute('d') ?? '';
  const points = [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m): [number, number] => [Number(m[1]), Number(m[2])]);
  // Only the points strictly inside the plot: the band's outline also runs outside, along the grid's frame.
  return points.filter(([px, py]) => px > 0 && px < 100 && py > 0 && py < 100);
}

describe('contourLineLayer', () => {
  it('draws P = 0.5 of a grid linear in x exactly at x = 0.5', () => {
    // Columns at x = 0, 0.25, 0.5, 0.75, 1: the crossing is on the middle column, 50 px.
    const points = boundaryPoints(5, 4, (x) => x, 0.5);
    expect(points.length).toBeGreaterThan(1);
    for (const [px] of points) expect(px).toBeCloseTo(50, 1);
  });

  it('puts a crossing between two grid points where linear interpolation does', () => {
    // Values 0.2 at y = 0 and 0.8 at y = 1 (two rows): 0.35 is reached a quarter of the way up.
    const points = boundaryPoints(3, 2, (_, y) => 0.2 + 0.6 * y, 0.35);
    expect(points.length).toBeGreaterThan(0);
    for (const [, py] of points) expect(py).toBeCloseTo(75, 1);
  });
});
