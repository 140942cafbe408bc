/**
 * "Learning-rate schedules and fair comparisons" reads the same race settings as "How optimizers
 * move" (../optimizers/params.ts), plus the schedule, the gradient noise and the seeds. Its one
 * difference: the noise is on by default (σ = 2; four seeds drawn in the race, 40 in the annealing figure), since its claims are about noise.
 */
import type { ParamTable } from '../../state/params';
import { fullParams } from '../optimizers/params';

export type { State } from '../optimizers/params';

const DEFAULTS: Record<string, number> = { noise: 2, seeds: 4 };

export const params: ParamTable = fullParams
  .filter((p) => p.name !== 'inspect')
  .map((p) => ((p.type === 'number' || p.type === 'integer') && p.name in DEFAULTS ? { ...p, default: DEFAULTS[p.name] } : p));
