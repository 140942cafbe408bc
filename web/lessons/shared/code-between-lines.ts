/**
 * "Copy as code" run kind 'between-lines': the share of points of two data columns that lie
 * between two lines fitted earlier in the same script (runs of kind 'fit-line', named by their
 * labels), y ≥ lower(x) and y ≤ upper(x), as a quantile band's coverage is counted. A 0/1 column
 * may choose the rows counted (held-out or training rows).
 */
import { ident, py, registerRunKind, type ExtraRun } from './code';

export interface BetweenLinesRun extends ExtraRun {
  kind: 'between-lines';
  /** Labels of the two 'fit-line' runs, which come before this one in the spec. */
  lower: string;
  upper: string;
  x: string;
  y: string;
  /** Count only the rows where this 0/1 column equals `value`. */
  where?: { column: string; value: 0 | 1 };
}

registerRunKind<BetweenLinesRun>('between-lines', {
  tolerance: 'training',
  render(run, data) {
    const name = ident(run.label), lo = ident(run.lower), hi = ident(run.upper);
    const rows = run.where ? `[${ident(run.where.column)} == ${py(run.where.value)}]` : '';
    if (run.where && !data.columns.includes(ident(run.where.column))) throw new Error(`no column '${run.where.column}' in the data`);
    const x = `${ident(run.x)}${rows}`, y = `${ident(run.y)}${rows}`;
    return [
      `# ${run.label}: the points between the ${run.lower} and ${run.upper} lines (both ends included).`,
      `${name}_inside = (${y} >= ${lo}_slope * ${x} + ${lo}_intercept) & (${y} <= ${hi}_slope * ${x} + ${hi}_intercept)`,
      `print(f"${run.label}  share = {${name}_inside.mean():.12g}  count = {int(${name}_inside.sum())}")`,
    ];
  },
});
