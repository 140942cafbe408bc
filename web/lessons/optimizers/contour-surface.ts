/**
 * A race surface on a 110 × 110 grid, with 16 log-spaced contour levels above its lowest point
 * and their filled bands (marched in the worker). Kept per engine and surface: a new start point
 * or learning rate leaves the surface as it was, so a drag of the start asks the worker only for
 * the paths. Recomputing the bands cost the worker 15-20 ms per step of a drag, and the page as
 * long again to read and collect them.
 */
import type { AsyncLossLab, ContourBand, SurfaceGrid, SurfaceInfo } from 'loss-lab';
import { logLevels } from '../../ui/trajectory';
import { engineMemo } from '../shared/engine-memo';
import type { surfaceParams } from './options';
import type { LessonSurface } from './params';

export interface ContourSurface {
  grid: SurfaceGrid;
  levels: number[];
  offset: number;
  bands: ContourBand[];
}

/** Surfaces kept per engine: the lesson's four, and a few settings of the adjustable quadratic. */
const kept = engineMemo<AsyncLossLab, ContourSurface>(6);

/** Names a surface with its parameters: the race redraws its contours only when this changes. */
export const surfaceKey = (surface: LessonSurface, params: ReturnType<typeof surfaceParams>) => JSON.stringify([surface, params ?? null]);

/** The surface's grid, levels and bands: computed once per surface and parameters, then shared. */
export function contourSurface(engine: AsyncLossLab, surface: LessonSurface, params: ReturnType<typeof surfaceParams>, info: SurfaceInfo): Promise<ContourSurface> {
  return kept(engine, surfaceKey(surface, params), () => compute(engine, surface, params, info));
}

async function compute(engine: AsyncLossLab, surface: LessonSurface, params: ReturnType<typeof surfaceParams>, info: SurfaceInfo): Promise<ContourSurface> {
  const grid = await engine.surfaceGrid({ surface, ...(params ? { surfaceParams: params } : {}), nx: 110, ny: 110 });
  let lo = Infinity, hi = -Infinity;
  for (const v of grid.values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(hi > lo)) { lo = 0; hi = 1; }
  const min = Math.min(lo, ...info.minima.map((m) => m.value));
  const offset = min - (hi - min) * 1e-9;
  const levels = logLevels((hi - min) * 1e-5, hi - min, 16);
  const bands = await engine.contours(grid.values.map((v) => v - offset), grid.nx, grid.ny, levels);
  return { grid, levels, offset, bands };
}
