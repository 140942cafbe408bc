/**
 * "Copy as code" for the lesson's trained pair: the data (train, validation and test rows in one
 * table, split 0/1/2) and the two classifier runs, hard labels and smoothed, each from the same
 * session options the lesson trains with (data.ts sessionOptions) and its seeded start.
 */
import type { AsyncLossLab } from 'loss-lab';
import type { CodeSpec } from '../shared/code';
import { ownDataNote } from '../shared/own-data';
import { classifierCode, type ClassifierLayout, type ClassifierRun } from '../shared/code-classifier';
import { CALIBRATION_BINS, makeData, sessionOptions, type LessonData } from './data';
import { SIDES, type PairSettings, type Side } from './pair';
import { TRAIN_STEPS } from './params';

/** The run labels of the two models. */
export const RUN_LABEL: Record<Side, string> = { hard: 'hard labels', smooth: 'smoothed' };

/** All rows of the lesson's data as columns x1, x2, y and split (0 train, 1 validation, 2 test). */
export function pairColumns(d: LessonData): Record<string, Float64Array> {
  const parts = [d.train, d.validation, d.test];
  const n = parts.reduce((sum, p) => sum + p.y.length, 0);
  const columns = { x1: new Float64Array(n), x2: new Float64Array(n), y: new Float64Array(n), split: new Float64Array(n) };
  let row = 0;
  parts.forEach((p, part) => {
    for (let i = 0; i < p.y.length; i++, row++) {
      columns.x1[row] = p.x[2 * i];
      columns.x2[row] = p.x[2 * i + 1];
      columns.y[row] = p.y[i];
      columns.split[row] = part;
    }
  });
  return columns;
}

/** The data and both classifier runs after `steps` steps; `layout` gives each side's expected numbers and checkpoints. */
export async function pairCode(engine: AsyncLossLab, s: PairSettings, steps: number, layout: (side: Side) => Pick<ClassifierLayout, 'expect' | 'checkpointEvery'>): Promise<{ spec: Pick<CodeSpec, 'columns' | 'dataNote'>; runs: ClassifierRun[] }> {
  const d = await makeData(engine, s);
  const runs = await Promise.all(SIDES.map((side) => classifierCode(engine, sessionOptions(d, s.model, side === 'hard' ? 0 : s.epsilon, TRAIN_STEPS, s.seed), steps, {
    label: RUN_LABEL[side], x: ['x1', 'x2'], y: 'y', split: 'split', bins: CALIBRATION_BINS, ...layout(side),
  })));
  return {
    spec: {
      columns: pairColumns(d),
      dataNote: d.own
        ? `${ownDataNote(d.own, false)}; K = ${d.classes} classes (labels 0 to ${d.classes - 1}); the rows are dealt out in turn: row 1 to training (split 0), row 2 to validation (split 1, the temperature, early stopping), row 3 to test (split 2), row 4 to training, and so on`
        : `The lab's seeded blobs on a circle: ${s.classes} classes, ${Math.round(100 * s.noise)}% of the labels replaced by another class, seed ${s.seed}; split 0 trains, 1 is the validation set (the temperature, early stopping), 2 the test set`,
    },
    runs,
  };
}
