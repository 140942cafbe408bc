// Bring your own data in the label-smoothing lesson: a CSV of two features and a class label
// 0 … K − 1 (K ≤ 10), checked in the core's terms and refused by row and column when it is not; a
// good file is dealt out in turn to the training, validation and test splits the figures train and
// report on, standardised by default, with K read off its labels.
import { describe, expect, it } from 'vitest';
import { createLossLab, inProcess } from 'loss-lab';
import { CsvError, numericColumn, readCsv } from '../../web/lessons/shared/csv';
import { buildOwnData } from '../../web/lessons/shared/own-data';
import { makeData, sessionOptions } from '../../web/lessons/label-smoothing/data';
import { pairSettings } from '../../web/lessons/label-smoothing/pair';
import { MAX_CLASSES } from '../../web/lessons/label-smoothing/params';
import { FLOWER_ROWS, FLOWERS_CSV } from './support/flowers';

const refusal = (text: string, x: string[] = ['petal_length', 'petal_width'], y = 'species'): string => {
  try {
    buildOwnData('f.csv', readCsv(text), x, y, true, 'class', MAX_CLASSES);
  } catch (error) {
    expect(error).toBeInstanceOf(CsvError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
};

describe('a label-smoothing CSV', () => {
  it('refuses a label out of range, text in a numeric column and a missing value, naming row and column', () => {
    const head = 'petal_length,petal_width,species\n1.2,3,0\n4.1,9,2\n';
    expect(refusal(`${head}6.3,20,10\n`)).toBe('Row 3, column "species": the label 10 is out of range (labels must be whole numbers from 0 to 9).');
    expect(refusal(`${head}6.3,20,1.5\n`)).toBe('Row 3, column "species": the label 1.5 is out of range (labels must be whole numbers from 0 to 9).');
    expect(refusal(`${head}6.3,20,-1\n`)).toBe('Row 3, column "species": the label -1 is out of range (labels must be whole numbers from 0 to 9).');
    expect(refusal(`${head}6.3,20,setosa\n`)).toBe('Row 3, column "species": "setosa" is not a finite number.');
    expect(refusal(`${head}6.3,wide,1\n`)).toBe('Row 3, column "petal_width": "wide" is not a finite number.');
    expect(refusal(`${head}6.3,,1\n`)).toBe('Row 3, column "petal_width": the value is missing.');
    expect(refusal('petal_length,petal_width,species\n1.2,3,4\n4.1,9,4\n')).toBe('Column "species" holds only the label 4: a classifier needs rows of at least two classes.');
  });

  it('takes labels up to the limit it is given, and a binary label stays 0 or 1', () => {
    const table = readCsv('a,b,y\n1,2,9\n3,4,0\n');
    expect(Array.from(numericColumn(table, 'y', 'class', 10))).toEqual([9, 0]);
    expect(() => numericColumn(table, 'y', 'class', 9)).toThrow('Row 1, column "y": the label 9 is out of range (labels must be whole numbers from 0 to 8).');
    expect(() => numericColumn(table, 'y', 'label')).toThrow('Row 1, column "y": the label 9 is out of range (labels must be 0 or 1).');
  });

  it('reads K off the labels, standardises x (never the label) by default, with the population sd', () => {
    const own = buildOwnData('flowers.csv', readCsv(FLOWERS_CSV), ['petal_length', 'petal_width'], 'species', true, 'class', MAX_CLASSES);
    expect(own.classes).toBe(3);
    const w = FLOWER_ROWS.map((r) => r[1]);
    const mean = w.reduce((a, b) => a + b, 0) / w.length, sd = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length);
    expect(own.xStats[1].mean).toBeCloseTo(mean, 12);
    expect(own.xStats[1].sd).toBeCloseTo(sd, 12);
    expect(own.x[2 * 7 + 1]).toBeCloseTo((FLOWER_ROWS[7][1] - mean) / sd, 12);
    expect(Array.from(own.y)).toEqual(FLOWER_ROWS.map((r) => r[2]));
    // Two labels only (0 and 4): K is still the largest label + 1.
    expect(buildOwnData('g.csv', readCsv('a,b,y\n1,2,0\n3,4,4\n'), ['a', 'b'], 'y', true, 'class', MAX_CLASSES).classes).toBe(5);
  });

  it('becomes the lesson\'s data: rows dealt out in turn to training, validation and test, K from the file', async () => {
    const engine = await inProcess(await createLossLab());
    const own = buildOwnData('flowers.csv', readCsv(FLOWERS_CSV), ['petal_length', 'petal_width'], 'species', false, 'class', MAX_CLASSES);
    // The sliders' K and noise do not apply to the learner's rows.
    const d = await makeData(engine, { classes: 7, noise: 0.4, seed: 1, owndata: own.id });
    expect(d.classes).toBe(3);
    for (const [k, split] of [d.train, d.validation, d.test].entries()) {
      const rows = FLOWER_ROWS.filter((_, i) => i % 3 === k);
      expect(Array.from(split.y)).toEqual(rows.map((r) => r[2]));
      expect(Array.from(split.x)).toEqual(rows.flatMap((r) => [r[0], r[1]]));
    }
    const options = sessionOptions(d, 'softmax', 0.1, 10, 1);
    expect(options.data).toMatchObject({ features: 2, classes: 3 });
    // An id that names no loaded file (a stale one from a link) falls back to the lab's blobs.
    expect(pairSettings({ classes: 5, epsilon: 0.1, noise: 0.2, seed: 7, model: 'mlp', owndata: 'gone.csv:1:0:0' }).owndata).toBeNull();
    const lab = await makeData(engine, { classes: 5, noise: 0.2, seed: 7, owndata: 'gone.csv:1:0:0' });
    expect(lab.own).toBeUndefined();
    expect(lab.test.y.length).toBe(2000);
  }, 60_000);
});
