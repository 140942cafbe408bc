/**
 * "Copy as code" for penalised least squares (the lasso, the elastic net, ridge) with
 * scikit-learn: run kind 'penalised-fit', one fit or a path over λ of the columns of a spec,
 * reporting what a figure shows at the last λ (coefficients, exact zeros, errors) or over the
 * path (the validation minimum against the last λ). The lab's objective is sklearn's own,
 *   1/(2n)‖y − Xw − b‖² + αλ‖w‖₁ + (1 − α)λ/2 ‖w‖²   (ElasticNet(alpha = λ, l1_ratio = α)),
 * and for α = 0 the script uses Ridge(alpha = nλ) (Ridge's objective is 2n times the lab's).
 * A figure builds its runs with penalisedFit(), which registers the kind on import and keeps this
 * module in the bundle (package.json marks web/ free of side effects: a bare import is dropped).
 */
import { ident, py, registerRunKind, type ExtraRun } from './code';

export type PenalisedReport = 'coefficients' | 'zeros' | 'errors' | 'lambda max' | 'validation minimum';

export interface PenalisedFitRun extends ExtraRun {
  kind: 'penalised-fit';
  /** Feature columns and the target column of CodeSpec.columns. */
  x: string[];
  y: string;
  /** A column that is 1 on the validation rows (never fitted); needed by 'errors' and 'validation minimum'. */
  split?: string;
  /** The elastic-net mix α: 1 the lasso, 0 ridge. */
  l1Ratio: number;
  /** λ values fitted in this order (one for a single fit); the point reports are at the last. */
  lambdas: number[];
  /**
   * coefficients: `coef <column>` and `intercept` at the last λ; zeros: how many are exactly 0;
   * errors: training and validation MSE there; lambda max: the λ from which the lasso part zeroes
   * every coefficient; validation minimum: over the path, the λ of least validation MSE, its MSE
   * and standard error, the last λ's, and the paired difference of the two on the validation rows.
   */
  report: PenalisedReport[];
}

/** A 'penalised-fit' run. */
export const penalisedFit = (run: Omit<PenalisedFitRun, 'kind'>): PenalisedFitRun => ({ kind: 'penalised-fit', ...run });

/** The fit every penalised kind shares (the geometry's constrained optima use it too). */
export const PENALISED_FIT_PYTHON = [
  'def penalised_fit(features, target, l1_ratio, lam, fit_intercept=True):',
  '    """Minimises 1/(2n)||y - Xw - b||^2 + l1_ratio*lam*||w||_1 + (1 - l1_ratio)*lam/2*||w||^2 (b unpenalised).',
  '',
  '    That is sklearn\'s ElasticNet objective as it stands: alpha = lam (Lasso is l1_ratio = 1).',
  '    Ridge minimises ||y - Xw - b||^2 + alpha*||w||^2, 2n times the lab\'s at l1_ratio = 0: alpha = n*lam.',
  '    The tolerance is tight because the lab runs coordinate descent to 1e-10."""',
  '    if l1_ratio == 0:',
  '        model = Ridge(alpha=len(target) * lam, fit_intercept=fit_intercept, solver="cholesky")',
  '    else:',
  '        model = ElasticNet(alpha=lam, l1_ratio=l1_ratio, fit_intercept=fit_intercept, tol=1e-14, max_iter=1_000_000)',
  '    model.fit(features, target)',
  '    return model.coef_, model.intercept_',
].join('\n');

export const PENALISED_IMPORTS = ['from sklearn.linear_model import ElasticNet, Ridge'];

const mix = (l1Ratio: number) => (l1Ratio === 1 ? 'the lasso' : l1Ratio === 0 ? 'ridge' : `the elastic net, alpha = ${l1Ratio}`);

registerRunKind<PenalisedFitRun>('penalised-fit', {
  tolerance: 'closed-form',
  imports: () => PENALISED_IMPORTS,
  defines: () => ({ penalised_fit: PENALISED_FIT_PYTHON }),
  render(run, data) {
    const v = ident(run.label);
    const x = run.x.map(ident), y = ident(run.y), split = run.split && ident(run.split);
    const needsSplit = run.report.includes('errors') || run.report.includes('validation minimum');
    if (needsSplit && !run.split) throw new Error(`${run.label}: errors and the validation minimum need a split column`);
    for (const c of [...x, y, ...(split ? [split] : [])]) if (!data.columns.includes(c)) throw new Error(`${run.label}: no column '${c}'`);
    if (!run.lambdas.length) throw new Error(`${run.label}: no λ to fit`);
    const fitRows = split ? `${split} == 0` : undefined;
    const out = [
      `# ${run.label}: ${mix(run.l1Ratio)} (l1_ratio = ${run.l1Ratio}) ${run.lambdas.length > 1 ? `over ${run.lambdas.length} values of lambda, strong to weak` : `at lambda = ${run.lambdas[0]}`}.`,
      `${v}_train = ${fitRows ?? 'np.ones(len(${y}), dtype=bool)'}`,
      `${v}_X = np.column_stack([${x.join(', ')}])`,
      `${v}_lambdas = [${run.lambdas.map(py).join(', ')}]`,
      `${v}_fits = [penalised_fit(${v}_X[${v}_train], ${y}[${v}_train], ${py(run.l1Ratio)}, lam) for lam in ${v}_lambdas]`,
      `${v}_coef, ${v}_intercept = ${v}_fits[-1]`,
    ];
    const printed: string[] = [];
    if (run.report.includes('coefficients')) {
      x.forEach((c, j) => printed.push(`coef ${c} = {${v}_coef[${j}]:.12g}`));
      printed.push(`intercept = {${v}_intercept:.12g}`);
    }
    if (run.report.includes('zeros')) printed.push(`zeros = {int(np.sum(${v}_coef == 0))}`);
    if (run.report.includes('lambda max')) {
      if (run.l1Ratio === 0) throw new Error(`${run.label}: ridge has no lambda max`);
      out.push(
        '# From lambda max = max|x_j . y| / (n * l1_ratio) (centred columns) on, every coefficient is exactly 0.',
        `${v}_centred_X = ${v}_X[${v}_train] - ${v}_X[${v}_train].mean(axis=0)`,
        `${v}_centred_y = ${y}[${v}_train] - ${y}[${v}_train].mean()`,
        `${v}_lambda_max = np.abs(${v}_centred_X.T @ ${v}_centred_y).max() / (len(${v}_centred_y) * ${py(run.l1Ratio)})`,
      );
      printed.push(`lambda max = {${v}_lambda_max:.12g}`);
    }
    if (needsSplit) {
      out.push(
        `${v}_held = ${split} == 1`,
        `${v}_squared_errors = [(${y}[${v}_held] - ${v}_X[${v}_held] @ w - b) ** 2 for w, b in ${v}_fits]`,
        `${v}_validation_mse = [e.mean() for e in ${v}_squared_errors]`,
        '# The standard error of a validation MSE: the sd of the squared errors (n - 1) over sqrt(n).',
        `${v}_validation_se = [e.std(ddof=1) / math.sqrt(len(e)) for e in ${v}_squared_errors]`,
      );
    }
    if (run.report.includes('errors')) {
      out.push(`${v}_training_mse = np.mean((${y}[${v}_train] - ${v}_X[${v}_train] @ ${v}_coef - ${v}_intercept) ** 2)`);
      printed.push(`training mse = {${v}_training_mse:.12g}`, `validation mse = {${v}_validation_mse[-1]:.12g}`);
    }
    if (run.report.includes('validation minimum')) {
      out.push(
        `${v}_best = int(np.argmin(${v}_validation_mse))  # the first, on ties`,
        `${v}_last_coef, ${v}_last_intercept = ${v}_fits[-1]`,
        `${v}_last_training_mse = np.mean((${y}[${v}_train] - ${v}_X[${v}_train] @ ${v}_last_coef - ${v}_last_intercept) ** 2)`,
        '# Paired on the same validation rows: the last lambda\'s squared error minus the best one\'s, row by row.',
        `${v}_paired = ${v}_squared_errors[-1] - ${v}_squared_errors[${v}_best]`,
      );
      printed.push(
        `best lambda = {${v}_lambdas[${v}_best]:.12g}`, `best validation mse = {${v}_validation_mse[${v}_best]:.12g}`, `best validation se = {${v}_validation_se[${v}_best]:.12g}`,
        `last validation mse = {${v}_validation_mse[-1]:.12g}`, `last validation se = {${v}_validation_se[-1]:.12g}`, `last training mse = {${v}_last_training_mse:.12g}`,
        `paired difference = {${v}_paired.mean():.12g}`, `paired se = {${v}_paired.std(ddof=1) / math.sqrt(len(${v}_paired)):.12g}`,
      );
    }
    out.push(`print(f"${run.label}  ${printed.join('  ')}")`);
    return out;
  },
});
