/**
 * "Copy as code" for a constrained optimum of two weights: run kind 'constrained-optimum'. The
 * loss is ½(w − w*)ᵀG(w − w*), G = [[1, ρ], [ρ, 1]] (two unit-variance features of correlation
 * ρ), and the region the elastic-net penalty's level set through (±t, 0) and (0, ±t). The script
 * finds it as the lab does: the penalised optimum (scikit-learn, through the shared
 * penalised_fit) at the λ where the penalty meets the budget, by bracketing and bisecting λ.
 * A figure builds its runs with constrainedOptimum(), which registers the kind on import and keeps
 * this module in the bundle (package.json marks web/ free of side effects: a bare import is dropped).
 */
import { ident, py, registerRunKind, type ExtraRun } from './code';
import { PENALISED_FIT_PYTHON, PENALISED_IMPORTS } from './code-penalised-fit';

export interface ConstrainedOptimumRun extends ExtraRun {
  kind: 'constrained-optimum';
  rho: number;
  /** The unconstrained optimum w*. */
  optimum: [number, number];
  /** t: the region reaches (±t, 0) and (0, ±t). */
  budget: number;
  /** α: 1 the L1 diamond, 0 the L2 disc. Prints `w1`, `w2` and `lambda` (0 when w* is inside). */
  l1Ratio: number;
}

/** A 'constrained-optimum' run. */
export const constrainedOptimum = (run: Omit<ConstrainedOptimumRun, 'kind'>): ConstrainedOptimumRun => ({ kind: 'constrained-optimum', ...run });

const CONSTRAINED_PYTHON = [
  'def constrained_optimum(rho, w_star, budget, l1_ratio):',
  '    """The lowest 1/2 (w - w*)^T G (w - w*), G = [[1, rho], [rho, 1]], with',
  '    l1_ratio*||w||_1 + (1 - l1_ratio)/2*||w||^2 at most its value at (budget, 0).',
  '    Returns the optimum and the lambda whose penalised fit it is (0 when w* is inside)."""',
  '    # Two rows with X^T X / 2 = G and y = X w*: then 1/(2n)||y - Xw||^2 = 1/2 (w - w*)^T G (w - w*),',
  '    # so the penalised optimum at lambda is sklearn\'s fit without an intercept.',
  '    X = math.sqrt(2) * np.linalg.cholesky(np.array([[1.0, rho], [rho, 1.0]])).T',
  '    w_star = np.array(w_star)',
  '    y = X @ w_star',
  '    region = lambda w: l1_ratio * np.abs(w).sum() + (1 - l1_ratio) / 2 * (w @ w)',
  '    level = region(np.array([budget, 0.0]))',
  '    if region(w_star) <= level:',
  '        return w_star, 0.0',
  '    fit = lambda lam: penalised_fit(X, y, l1_ratio, lam, fit_intercept=False)[0]',
  '    # The penalty of the penalised optimum falls as lambda grows: bracket it, then bisect geometrically.',
  '    low, high = 0.0, 1e-3',
  '    for _ in range(200):',
  '        if region(fit(high)) <= level:',
  '            break',
  '        low, high = high, 2 * high',
  '    for _ in range(200):',
  '        if high - low <= 1e-15 * high:',
  '            break',
  '        middle = math.sqrt(low * high) if low > 0 else high / 2',
  '        if region(fit(middle)) <= level:',
  '            high = middle',
  '        else:',
  '            low = middle',
  '    return fit(high), high',
].join('\n');

registerRunKind<ConstrainedOptimumRun>('constrained-optimum', {
  tolerance: 'closed-form',
  imports: () => PENALISED_IMPORTS,
  defines: () => ({ penalised_fit: PENALISED_FIT_PYTHON, constrained_optimum: CONSTRAINED_PYTHON }),
  render(run) {
    const v = ident(run.label);
    return [
      `# ${run.label}: l1_ratio = ${run.l1Ratio} (1: the L1 diamond |w1| + |w2| <= t, 0: the L2 disc ||w|| <= t), t = ${run.budget}.`,
      `${v}_w, ${v}_lambda = constrained_optimum(${py(run.rho)}, [${run.optimum.map(py).join(', ')}], ${py(run.budget)}, ${py(run.l1Ratio)})`,
      `print(f"${run.label}  w1 = {${v}_w[0]:.12g}  w2 = {${v}_w[1]:.12g}  lambda = {${v}_lambda:.12g}")`,
    ];
  },
});
