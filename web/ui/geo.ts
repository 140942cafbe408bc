/**
 * d3-contour returns GeoJSON MultiPolygons in grid coordinates. d3-geo is not a dependency, so
 * this turns one into an SVG path through a projection function (grid -> pixels). In those
 * coordinates the value at column i, row j sits at (i + ½, j + ½): the grid's cells are unit
 * squares, so a projection subtracts ½ before scaling (trajectory.ts, classify.ts).
 */
export type Projection = (gx: number, gy: number) => [number, number];

export function geoPath(shape: { coordinates: number[][][][] }, project: Projection): string {
  let d = '';
  for (const polygon of shape.coordinates) {
    for (const ring of polygon) {
      ring.forEach(([gx, gy], i) => {
        const [px, py] = project(gx, gy);
        d += `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`;
      });
      d += 'Z';
    }
  }
  return d;
}
