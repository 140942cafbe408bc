/**
 * The lesson's state, one row per value: the controls, the URL (?fnfp=…&q=…) and its validation
 * all come from this table, so a shared link reproduces the sender's figures exactly.
 */
import type { ParamTable } from '../../state/params';

export const params: ParamTable = [
  { name: 'q', type: 'number', label: 'True probability q that the label is 1', default: 0.3, min: 0.01, max: 0.99, step: 0.01 },
  { name: 'fnfp', type: 'integer', label: 'Cost ratio FN:FP (a missed default costs this many false alarms)', default: 10, min: 1, max: 50 },
  { name: 'ratio', type: 'integer', label: 'Imbalance of the training data (good loans per default, 1:N)', default: 9, min: 1, max: 50 },
  { name: 'seed', type: 'integer', label: 'Seed', default: 1, min: 1, max: 99999 },
  { name: 'prevalence', type: 'number', label: 'Share of defaults among the scored loans (table)', default: 0.1, min: 0.02, max: 0.5, step: 0.01 },
  { name: 'data', type: 'choice', label: 'Data', default: 'lab', options: ['lab', 'local'] },
];

export interface LessonState {
  q: number;
  fnfp: number;
  ratio: number;
  seed: number;
  prevalence: number;
  /** 'local' while the learner's own CSV is in use (a link then says so; it never carries the data). */
  data: 'lab' | 'local';
  /** The id of the learner's own dataset (shared/own-data.ts), or null for the lab's loans. A local value. */
  owndata: string | null;
}

/** Palette slots (styles.css --series-N), one per model, fixed across figures and tables. */
export const MODEL_SERIES = { a: 3, b: 6, c: 1, d: 4 } as const;
/** Palette slots of the three scoring rules of the proper-scoring figure. */
export const RULE_SERIES = { log: 3, brier: 2, linear: 1 } as const;
