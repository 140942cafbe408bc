/**
 * Bring your own data: a CSV file read with Papa Parse, then checked in the core's terms before
 * anything reaches it: every value of a chosen column a finite number, no missing value, a binary
 * label 0 or 1 (or a class label 0 … K − 1 for a multi-class lesson), at most MAX_ROWS rows. A problem is reported by row and column, as the learner
 * sees the file (row 1 is the first data row, under the header), and nothing is changed.
 * Standardisation (z-scores, with the population sd as the lab's fits use) is a separate step so
 * the page can show the means and sds it used.
 */
import Papa from 'papaparse';

/** The most data rows a file may have (the core's dataset limit is far above; a figure stays quick). */
export const MAX_ROWS = 100_000;
/** The largest CSV kept in saved work (characters); larger files work for the session only. */
export const MAX_SAVED_CHARS = 2_000_000;

export interface CsvTable {
  /** Column names, from the header row. */
  columns: string[];
  /** Data rows as text cells (the header excluded). */
  rows: string[][];
}

export class CsvError extends Error {
  constructor(message: string, readonly row?: number, readonly column?: string) {
    super(message);
    this.name = 'CsvError';
  }
}

/** Reads CSV text with a header row. Throws a CsvError naming the problem. */
export function readCsv(text: string): CsvTable {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy', delimiter: '' });
  const serious = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (serious) throw new CsvError(`The file is not a readable CSV: ${serious.message}${serious.row !== undefined ? ` (row ${serious.row})` : ''}.`, serious.row);
  const [header, ...rows] = parsed.data;
  if (!header || header.length < 2) throw new CsvError('The file needs a header row and at least two columns (one feature and one target).');
  const columns = header.map((name, i) => name.trim() || `column ${i + 1}`);
  if (new Set(columns).size !== columns.length) throw new CsvError(`The header names a column twice: ${columns.find((c, i) => columns.indexOf(c) !== i)}.`);
  if (rows.length === 0) throw new CsvError('The file has a header but no data rows.');
  if (rows.length > MAX_ROWS) {
    throw new CsvError(`The file has ${rows.length.toLocaleString('en')} data rows; the lab takes at most ${MAX_ROWS.toLocaleString('en')}. Keep a random sample of the rows and try again.`);
  }
  return { columns, rows };
}

export type ColumnKind = 'number' | 'label' | 'class';

/**
 * One column as numbers. 'number': any finite number; 'label': a binary class label, 0 or 1;
 * 'class': a class label, a whole number from 0 to maxClasses − 1.
 * Throws a CsvError for the first bad cell, with its row (1 = first data row) and column name.
 */
export function numericColumn(table: CsvTable, column: string, kind: ColumnKind = 'number', maxClasses = 2): Float64Array {
  const index = table.columns.indexOf(column);
  if (index < 0) throw new CsvError(`There is no column "${column}" (the columns are ${table.columns.map((c) => `"${c}"`).join(', ')}).`);
  const out = new Float64Array(table.rows.length);
  table.rows.forEach((cells, r) => {
    const row = r + 1;
    const raw = (cells[index] ?? '').trim();
    if (raw === '') throw new CsvError(`Row ${row}, column "${column}": the value is missing.`, row, column);
    // Number() accepts '', '0x1f' and ' 1 '; the lab takes decimal numbers only.
    const value = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isFinite(value)) throw new CsvError(`Row ${row}, column "${column}": "${raw.slice(0, 40)}" is not a finite number.`, row, column);
    if (kind === 'label' && value !== 0 && value !== 1) throw new CsvError(`Row ${row}, column "${column}": the label ${raw} is out of range (labels must be 0 or 1).`, row, column);
    if (kind === 'class' && !(Number.isInteger(value) && value >= 0 && value < maxClasses)) {
      throw new CsvError(`Row ${row}, column "${column}": the label ${raw} is out of range (labels must be whole numbers from 0 to ${maxClasses - 1}).`, row, column);
    }
    out[r] = value;
  });
  return out;
}

/** The columns whose every cell is a number (the choices offered for x and y). */
export function numericColumns(table: CsvTable): string[] {
  return table.columns.filter((c) => {
    try {
      numericColumn(table, c);
      return true;
    } catch {
      return false;
    }
  });
}

export interface Standardised {
  values: Float64Array;
  mean: number;
  sd: number;
}

/** z = (v − mean) / sd with the population sd; a constant column keeps sd = 1 (it cannot be scaled). */
export function standardise(values: ArrayLike<number>): Standardised {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= Math.max(1, n);
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i] - mean) ** 2;
  const sd0 = Math.sqrt(v / Math.max(1, n));
  const sd = sd0 > 1e-12 ? sd0 : 1;
  return { values: Float64Array.from(values, (x) => (x - mean) / sd), mean, sd };
}
