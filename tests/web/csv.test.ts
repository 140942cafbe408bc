// Bring-your-own-data: the CSV checks against hand-made files. Each bad file must be refused with
// the row (1 = first data row) and column a learner can find in a spreadsheet.
import { describe, expect, it } from 'vitest';
import { CsvError, MAX_ROWS, numericColumn, numericColumns, readCsv, standardise } from '../../web/lessons/shared/csv';
import { buildOwnData } from '../../web/lessons/shared/own-data';

const problem = (fn: () => unknown): CsvError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CsvError);
    return error as CsvError;
  }
  throw new Error('no error was thrown');
};

describe('reading a CSV', () => {
  it('reads a header and rows, with commas, semicolons or tabs, a BOM and a blank last line', () => {
    for (const text of ['\uFEFFsize,price\n1,2\n3,4.5\n\n', 'size;price\n1;2\n3;4.5\n', 'size\tprice\n1\t2\n3\t4.5']) {
      const table = readCsv(text);
      expect(table.columns).toEqual(['size', 'price']);
      expect(Array.from(numericColumn(table, 'price'))).toEqual([2, 4.5]);
    }
  });

  it('reads quoted cells and scientific notation', () => {
    const table = readCsv('"a, b",y\n"1.5e2",-3\n".5",+2\n');
    expect(table.columns).toEqual(['a, b', 'y']);
    expect(Array.from(numericColumn(table, 'a, b'))).toEqual([150, 0.5]);
    expect(Array.from(numericColumn(table, 'y'))).toEqual([-3, 2]);
  });

  it('names the row and column of text in a numeric column', () => {
    const e = problem(() => numericColumn(readCsv('x,y\n1,2\n2,abc\n3,4\n'), 'y'));
    expect(e.message).toBe('Row 2, column "y": "abc" is not a finite number.');
    expect([e.row, e.column]).toEqual([2, 'y']);
  });

  it('names the row and column of a missing value, an empty cell or a short row', () => {
    expect(problem(() => numericColumn(readCsv('x,y\n1,2\n,3\n'), 'x')).message).toBe('Row 2, column "x": the value is missing.');
    expect(problem(() => numericColumn(readCsv('x,y\n1,2\n3,4\n5\n'), 'y')).message).toBe('Row 3, column "y": the value is missing.');
  });

  it('refuses Infinity, NaN, hexadecimal and overflowing numbers', () => {
    for (const bad of ['Infinity', 'NaN', '0x1f', '1e400', '1,5']) {
      const e = problem(() => numericColumn(readCsv(`x;y\n1;2\n2;${bad}\n`), 'y'));
      expect(e.message).toContain('Row 2, column "y"');
      expect(e.message).toContain('is not a finite number');
    }
  });

  it('refuses a label out of range for a binary target', () => {
    const table = readCsv('x,label\n0.2,0\n0.4,1\n0.1,2\n');
    expect(problem(() => numericColumn(table, 'label', 'label')).message).toBe('Row 3, column "label": the label 2 is out of range (labels must be 0 or 1).');
    expect(Array.from(numericColumn(readCsv('x,label\n0.2,0\n0.4,1.0\n'), 'label', 'label'))).toEqual([0, 1]);
  });

  it('refuses files without a header and two columns, without rows, or with a repeated column name', () => {
    expect(problem(() => readCsv('only\n1\n2\n')).message).toContain('at least two columns');
    expect(problem(() => readCsv('x,y\n')).message).toContain('no data rows');
    expect(problem(() => readCsv('x,x\n1,2\n')).message).toContain('names a column twice: x');
    expect(problem(() => numericColumn(readCsv('x,y\n1,2\n'), 'z')).message).toBe('There is no column "z" (the columns are "x", "y").');
  });

  it(`takes ${MAX_ROWS.toLocaleString('en')} rows and refuses one more, with a clear message`, () => {
    const file = (rows: number) => 'x,y\n' + '1,2\n'.repeat(rows);
    expect(readCsv(file(MAX_ROWS)).rows.length).toBe(MAX_ROWS);
    expect(problem(() => readCsv(file(MAX_ROWS + 1))).message).toBe('The file has 100,001 data rows; the lab takes at most 100,000. Keep a random sample of the rows and try again.');
  });

  it('offers only the columns that are numbers throughout', () => {
    expect(numericColumns(readCsv('name,x,y,label\na,1,2,0\nb,3,4,1\n'))).toEqual(['x', 'y', 'label']);
  });
});

describe('building the learner\'s dataset', () => {
  it('interleaves two feature columns row by row and leaves a 0/1 label unscaled', () => {
    const d = buildOwnData('t.csv', readCsv('a,b,label\n1,10,0\n3,30,1\n'), ['a', 'b'], 'label', true, 'label');
    expect(Array.from(d.x)).toEqual([-1, -1, 1, 1]);
    expect(Array.from(d.y)).toEqual([0, 1]);
    expect(d.xStats.map((s) => s.mean)).toEqual([2, 20]);
  });

  it('refuses a label column with one class, and one column used twice', () => {
    expect(problem(() => buildOwnData('t.csv', readCsv('a,label\n1,0\n2,0\n'), ['a'], 'label', true, 'label')).message)
      .toBe('Column "label" holds only the label 0: a classifier needs rows of both classes, 0 and 1.');
    expect(problem(() => buildOwnData('t.csv', readCsv('a,b\n1,0\n2,0\n'), ['a'], 'a', true)).message).toBe('Choose a different column for each of x and y.');
  });
});

describe('standardising', () => {
  it('gives z-scores with the population sd: 1, 2, 3 → −1.2247, 0, 1.2247', () => {
    const s = standardise([1, 2, 3]);
    expect(s.mean).toBe(2);
    expect(s.sd).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(s.values[0]).toBeCloseTo(-1 / Math.sqrt(2 / 3), 14);
    expect(s.values[1]).toBe(0);
  });

  it('leaves a constant column centred but unscaled (sd taken as 1)', () => {
    const s = standardise([5, 5]);
    expect([s.sd, s.values[0], s.values[1]]).toEqual([1, 0, 0]);
  });
});
