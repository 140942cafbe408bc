/**
 * "Copy as code" for the two optimizer lessons: a racer's run, as the lesson asks engine.optimize
 * for it (options.ts), becomes a 'trajectory' run of the shared generator; its noise, when on,
 * the lab's own draws as data columns. The figures' code hooks build their specs from these.
 */
import type { AsyncLossLab, OptimizeResult } from 'loss-lab';
import type { Headline } from '../shared/code';
import { noiseColumns, trajectoryRun, type TrajectoryRun } from '../shared/code-trajectory';
import { optimizeOptions, pointCount, surfaceInfo, type RaceSettings } from './options';
import { RACER_LABELS, type Racer } from './params';

export interface RacerCode {
  run: TrajectoryRun;
  /** the noise draws the run reads, one pair of columns per seed */
  columns: Record<string, Float64Array>;
}

type Rest = Omit<TrajectoryRun, 'kind' | 'surface' | 'surfaceParams' | 'bound' | 'optimizer' | 'params' | 'schedule' | 'start' | 'steps' | 'noise'>;

/**
 * A racer's run as the lesson makes it (seed offsets as in raceRuns: `seedOffsets` lists the noise
 * seeds, one run per seed for a 'seeds' report), with `rest` (label, report, expected numbers).
 * Noise columns hold s.steps draws whatever the run's steps, so every column of a spec has one length.
 */
export async function racerCode(engine: AsyncLossLab, s: RaceSettings, racer: Racer, rest: Rest,
  options: { lr?: number; steps?: number; seedOffsets?: number[] } = {}): Promise<RacerCode> {
  const base = optimizeOptions(racer, s, { lr: options.lr, steps: options.steps });
  const info = surfaceInfo(engine, s.surface);
  const columns: Record<string, Float64Array> = {};
  const noise: Array<[string, string]> = [];
  if (s.noise > 0) {
    for (const offset of options.seedOffsets ?? [0]) {
      const seed = s.seed + offset;
      const prefix = `noise_seed_${seed}`;
      if (!(`${prefix}_x` in columns)) Object.assign(columns, await noiseColumns(engine, { std: s.noise, seed }, s.steps, prefix));
      noise.push([`${prefix}_x`, `${prefix}_y`]);
    }
  }
  const seeds = (options.seedOffsets ?? [0]).map((o) => s.seed + o);
  const note = `${rest.label}: ${RACER_LABELS[racer]}, ${base.steps} steps`
    + (s.noise > 0 ? `, gradient noise sigma = ${s.noise} (the lab's draws for seed${seeds.length > 1 ? 's' : ''} ${seeds.join(', ')})` : ', the exact gradient');
  const run = trajectoryRun(info, base, { note, ...rest, ...(noise.length ? { noise } : {}) });
  return { run, columns };
}

/** What the race's status line shows for a run at step `t`: the point and value there, or where it diverged. */
export function shownAt(r: OptimizeResult, t: number, offset = 0): { steps: number; expect: Headline[] } {
  const n = pointCount(r);
  if (r.divergence.diverged && t >= n - 1) return { steps: r.divergence.step, expect: [{ name: 'diverged at step', value: r.divergence.step }] };
  const i = Math.min(t, n - 1);
  return { steps: i, expect: [{ name: 'x', value: r.path[2 * i] }, { name: 'y', value: r.path[2 * i + 1] }, { name: 'value', value: r.loss[i] - offset }] };
}

/** Every column of the racers' codes together (shared seeds once). */
export const mergeColumns = (codes: readonly RacerCode[]) => Object.assign({}, ...codes.map((c) => c.columns)) as Record<string, Float64Array>;
