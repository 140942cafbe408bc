// Bring your own data in the focal-loss lesson: a CSV of two features and a 0/1 label, checked in
// the core's terms (every value a finite number, none missing, the label 0 or 1, both classes),
// refused by row and column when it is not; a good file becomes the training and held-out halves
// (alternate rows) every training figure reads, standardised by default.
import { describe, expect, it } from 'vitest';
import { createLossLab, inProcess, type AsyncLossLab } from 'loss-lab';
import { CsvError, readCsv } from '../../web/lessons/shared/csv';
import { buildOwnData } from '../../web/lessons/shared/own-data';
import { makeData, sessionOptions } from '../../web/lessons/focal-loss/model';
import { MACHINE_ROWS, MACHINES_CSV } from './support/machines';

const refusal = (text: string, x: string[] = ['temperature', 'vibration'], y = 'failure'): string => {
  try {
    buildOwnData('m.csv', readCsv(text), x, y, true, 'label');
  } catch (error) {
    expect(error).toBeInstanceOf(CsvError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
};

describe('a focal-loss CSV', () => {
  it('refuses text in a numeric column, a missing value and a label out of range, naming row and column', () => {
    expect(refusal('temperature,vibration,failure\n50,1.2,0\n60,high,1\n')).toBe('Row 2, column "vibration": "high" is not a finite number.');
    expect(refusal('temperature,vibration,failure\n50,1.2,0\n,1.5,1\n')).toBe('Row 2, column "temperature": the value is missing.');
    expect(refusal('temperature,vibration,failure\n50,1.2,0\n60,1.5,1\n70,0.4,2\n')).toBe('Row 3, column "failure": the label 2 is out of range (labels must be 0 or 1).');
    expect(refusal('temperature,vibration,failure\n50,1.2,0\n60,1.5,0.5\n')).toBe('Row 2, column "failure": the label 0.5 is out of range (labels must be 0 or 1).');
    expect(refusal('temperature,vibration,failure\n50,1.2,0\n60,1.5,-1\n')).toBe('Row 2, column "failure": the label -1 is out of range (labels must be 0 or 1).');
    expect(refusal('temperature,vibration,failure\n50,1.2,0\n60,1.5,0\n')).toBe('Column "failure" holds only the label 0: a classifier needs rows of both classes, 0 and 1.');
    expect(refusal(MACHINES_CSV, ['temperature', 'temperature'])).toBe('Choose a different column for each of x and y.');
  });

  it('standardises x (never the label) by default, with the population sd', () => {
    const own = buildOwnData('machines.csv', readCsv(MACHINES_CSV), ['temperature', 'vibration'], 'failure', true, 'label');
    const t = MACHINE_ROWS.map((r) => r[0]);
    const mean = t.reduce((a, b) => a + b, 0) / t.length, sd = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / t.length);
    expect(own.xStats[0].mean).toBeCloseTo(mean, 12);
    expect(own.xStats[0].sd).toBeCloseTo(sd, 12);
    expect(own.x[2 * 5]).toBeCloseTo((MACHINE_ROWS[5][0] - mean) / sd, 12);
    expect(Array.from(own.y)).toEqual(MACHINE_ROWS.map((r) => r[2]));
  });

  let engine: AsyncLossLab;
  it('becomes the lesson\'s data: odd rows train, even rows are held out, the prior is the training share of label 1', async () => {
    engine = await inProcess(await createLossLab());
    const own = buildOwnData('machines.csv', readCsv(MACHINES_CSV), ['temperature', 'vibration'], 'failure', false, 'label');
    const d = await makeData(engine, { seed: 1, ratio: 100, noise: 1, owndata: own.id });
    expect(d.own).toBe(true);
    expect(Array.from(d.data.y)).toEqual(MACHINE_ROWS.filter((_, i) => i % 2 === 0).map((r) => r[2]));
    expect(Array.from(d.data.yVal)).toEqual(MACHINE_ROWS.filter((_, i) => i % 2 === 1).map((r) => r[2]));
    expect(Array.from(d.data.x.subarray(0, 4))).toEqual([MACHINE_ROWS[0][0], MACHINE_ROWS[0][1], MACHINE_ROWS[2][0], MACHINE_ROWS[2][1]]);
    const rare = MACHINE_ROWS.filter((r, i) => i % 2 === 0 && r[2] === 1).length;
    expect(d.prior).toBe(rare / 100);
    // The plot spans the data (temperatures 40…99 as is), padded by 5%.
    expect(d.xRange[0]).toBeCloseTo(40 - 0.05 * 59, 12);
    expect(d.xRange[1]).toBeCloseTo(99 + 0.05 * 59, 12);
    // The prior start puts the output bias at log(π / (1 − π)) of these rows.
    const options = sessionOptions(d, { seed: 1, model: 'logistic', gamma: 2, alpha: 0.75, weighting: true, prior: true }, 'focal');
    expect((options.model as { outputBias: number }).outputBias).toBeCloseTo(Math.log(d.prior / (1 - d.prior)), 12);
  }, 60_000);
});
