/**
 * "Copy as code": a scikit-learn cross-check beside a lab training, where sklearn has an estimator
 * for the same problem. Registers the kind 'sklearn' on import. Which estimator solves which of
 * the lab's problems comes from the registry's loss name and the model:
 *
 *   linear + mse         LinearRegression                          the same problem
 *   linear + mae         QuantileRegressor(quantile=0.5, alpha=0)  the same problem (an exact LP)
 *   linear + quantile    QuantileRegressor(quantile=τ, alpha=0)    the same problem (an exact LP)
 *   linear + huber       HuberRegressor(epsilon=δ/σ̂, alpha=0)     NOT the same: it fits a scale σ too
 *   loglink + tweedie_log TweedieRegressor(power, link='log', alpha=0)  the same problem
 *   logistic + bce_logits LogisticRegression(penalty=None)         the same problem
 *
 * A line is compared with the page only for numbers that are truly the same: the figure says
 * whether its run is converged (trained to the end of a schedule that decays to zero) and the
 * estimator what it shares (a linear program's optimum can be flat, so for the quantile loss
 * only the loss value, not the coefficients). Everything else is printed on a separate line
 * labelled "the converged optimum", which is informative (ExtraRun.informative): not compared.
 */
import { LOSS_PYTHON, ident, py, registerRunKind, type ExtraRun, type Headline, type TrainSpec } from './code';

type Estimator = 'LinearRegression' | 'QuantileRegressor' | 'HuberRegressor' | 'TweedieRegressor' | 'LogisticRegression';

/** What a line can print: a one-feature line, its loss in the lab's convention, held-out scores, Huber's scale. */
type Printed = 'slope' | 'intercept' | 'weights' | 'final loss' | 'held-out mae' | 'held-out log loss' | 'scale' | 'effective delta';

export interface SklearnRun extends ExtraRun {
  kind: 'sklearn';
  estimator: Estimator;
  /** The lab's training this estimator redoes: its data columns, loss and parameters, class weight. */
  train: Pick<TrainSpec, 'model' | 'x' | 'y' | 'loss' | 'lossParams' | 'repeatPositives'>;
  /** The CodeSpec's held-out column (rows with 1 are not trained on), if any. */
  split?: string;
  /** Huber only: the noise scale σ̂ the page shows, for epsilon = δ / σ̂. */
  sigma?: number;
  prints: Printed[];
}

const modelName = (model: TrainSpec['model']) => (typeof model === 'string' ? model : model.name);

/** The estimator that solves a training's problem, and the numbers of it that are the same problem's. */
function estimatorOf(train: SklearnRun['train']): { estimator: Estimator; same: Printed[] } | undefined {
  const model = modelName(train.model), loss = train.loss;
  const line: Printed[] = ['slope', 'intercept', 'weights', 'final loss', 'held-out mae', 'held-out log loss'];
  if (model === 'linear' && loss === 'mse') return { estimator: 'LinearRegression', same: line };
  // A linear program's optimum can be a flat edge: the lab's iterate approaches its value, not a vertex.
  if (model === 'linear' && (loss === 'mae' || loss === 'quantile')) return { estimator: 'QuantileRegressor', same: ['final loss'] };
  if (model === 'linear' && loss === 'huber') return { estimator: 'HuberRegressor', same: [] };
  if (model === 'loglink' && loss === 'tweedie_log') return { estimator: 'TweedieRegressor', same: line };
  if (model === 'logistic' && loss === 'bce_logits') return { estimator: 'LogisticRegression', same: line };
  return undefined;
}

/**
 * The sklearn lines beside a lab training (none when sklearn has no estimator for it): one
 * compared with the page's numbers of the same problem, if the lab's run is `converged`, and one
 * informative line with the rest, "the converged optimum".
 */
export function sklearnCheck(train: TrainSpec, options: { converged: boolean; split?: string; sigma?: number }): SklearnRun[] {
  const found = estimatorOf(train);
  if (!found) return [];
  const { estimator } = found;
  if (estimator === 'HuberRegressor' && !(options.sigma! > 0 && train.lossParams!.delta / options.sigma! >= 1)) return [];
  const shown = (name: string) => train.expect.find((h) => h.name === name);
  const line: Printed[] = train.x.length === 1 ? ['slope', 'intercept'] : ['weights', 'intercept'];
  const scores: Printed[] = (train.scores ?? []).flatMap((s) => (s.kind === 'mae' ? ['held-out mae' as const] : s.kind === 'log loss' ? ['held-out log loss' as const] : []));
  const all: Printed[] = [...line, 'final loss', ...scores, ...(estimator === 'HuberRegressor' ? ['scale', 'effective delta'] as const : [])];
  // Compared: what the same problem shares and the page shows, when the lab's run has converged.
  const compared = options.converged ? all.filter((p) => found.same.includes(p) && shown(p)) : [];
  const rest = all.filter((p) => !compared.includes(p));
  const base = { kind: 'sklearn' as const, estimator, train: { model: train.model, x: train.x, y: train.y, loss: train.loss, lossParams: train.lossParams, repeatPositives: train.repeatPositives }, split: options.split, sigma: options.sigma };
  const runs: SklearnRun[] = [];
  if (compared.length) runs.push({ ...base, label: `${train.label}, sklearn ${estimator}`, prints: compared, expect: compared.map((p) => shown(p) as Headline) });
  if (rest.length) runs.push({ ...base, label: `${train.label}, sklearn ${estimator}, the converged optimum`, prints: rest, expect: [], informative: true });
  return runs;
}

const IMPORT = 'from sklearn.linear_model import ';

function construct(run: SklearnRun): { call: string; notes: string[] } {
  const p = run.train.lossParams ?? {};
  switch (run.estimator) {
    case 'LinearRegression': return { call: 'LinearRegression()', notes: ['Least squares has a closed form: the lab\'s converged fit should agree to training tolerance.'] };
    case 'QuantileRegressor': {
      const tau = run.train.loss === 'mae' ? 0.5 : p.tau;
      return {
        call: `QuantileRegressor(quantile=${py(tau)}, alpha=0.0, solver="highs")`,
        notes: [
          ...(run.train.loss === 'mae' ? ['The mean absolute error is twice the pinball loss at quantile 0.5: the same minimiser.'] : []),
          'sklearn\'s alpha is an L1 penalty (default 1.0!), not tau: alpha=0 for the plain pinball loss. "highs"',
          'solves the linear program exactly. Where its optimum is flat the lab\'s Adam run approaches the',
          'same loss but may sit elsewhere on the flat part, so only the loss is compared.',
        ],
      };
    }
    case 'HuberRegressor': {
      const epsilon = p.delta / run.sigma!;
      return {
        call: `HuberRegressor(epsilon=${py(epsilon)}, alpha=0.0, max_iter=10000, tol=1e-10)`,
        notes: [
          `torch's and the lab's delta = ${p.delta} is in the units of y; sklearn's epsilon is in units of a noise`,
          `scale sigma, so epsilon = delta / sigma_hat = ${p.delta} / ${py(run.sigma!)} (sigma_hat: the page's MAD of the Huber`,
          'residuals / 0.6745). But HuberRegressor fits sigma along with the line (minimising',
          'n sigma + sum sigma H(r / sigma)), so its line is the torch Huber fit with delta = epsilon * its',
          'own scale_, not with the page\'s delta: a different problem, printed, never compared. Its alpha',
          'is an L2 penalty (default 1e-4): alpha=0 here. It needs epsilon >= 1.',
        ],
      };
    }
    case 'TweedieRegressor': return {
      call: `TweedieRegressor(power=${py(p.power)}, link="log", alpha=0.0, tol=1e-12, max_iter=10000)`,
      notes: [
        'It minimises the mean half Tweedie deviance of mu = exp(score), the lab\'s tweedie_log loss up to',
        'terms without the model: the same optimum. Its alpha is an L2 penalty (default 1.0!): alpha=0.',
      ],
    };
    case 'LogisticRegression': return {
      call: 'LogisticRegression(penalty=None, tol=1e-12, max_iter=100000)',
      notes: ['Its default is an L2 penalty with C=1.0: penalty=None (sklearn >= 1.2; older: penalty="none") for the plain log loss.'],
    };
  }
}

registerRunKind<SklearnRun>('sklearn', {
  tolerance: 'training',
  imports: (run) => [`${IMPORT}${run.estimator}`],
  defines(run) {
    const code = LOSS_PYTHON[run.train.loss];
    return code?.define ? { [run.train.loss]: code.define } : {};
  },
  render(run, data) {
    const features = run.train.x.map(ident), target = ident(run.train.y);
    for (const c of [...features, target, ...(run.split ? [ident(run.split)] : [])]) if (!data.columns.includes(c)) throw new Error(`no column '${c}' for sklearn`);
    const rows = run.split ? `${ident(run.split)} == 0` : `np.ones(len(${target}), dtype=bool)`;
    const { call, notes } = construct(run);
    const code = LOSS_PYTHON[run.train.loss];
    const params = run.train.lossParams ?? {};
    const model = modelName(run.train.model);
    const out = [`# ${run.label}: the same data with scikit-learn's ${run.estimator}.`, ...notes.map((n) => `# ${n}`)];
    out.push(
      '# It fits x as is: without a penalty, standardising x changes the coefficients\' units, not the line.',
      `sklearn_rows = ${rows}`,
      `sklearn_x = np.column_stack([${features.join(', ')}])[sklearn_rows]`,
      `sklearn_y = ${target}[sklearn_rows]`,
    );
    if (run.train.repeatPositives && run.train.repeatPositives !== 1) {
      out.push(
        `# The lab's class weight: each row of label 1 ${run.train.repeatPositives} times (class_weight={1: ${run.train.repeatPositives}} finds the same optimum).`,
        `sklearn_repeats = np.where(sklearn_y == 1, ${run.train.repeatPositives}, 1)`,
        'sklearn_x, sklearn_y = np.repeat(sklearn_x, sklearn_repeats, axis=0), np.repeat(sklearn_y, sklearn_repeats)',
      );
    }
    out.push(
      `estimator = ${call}.fit(sklearn_x, sklearn_y)`,
      '# The raw output: the prediction, the log-mean score or the logit.',
      'sklearn_output = sklearn_x @ np.ravel(estimator.coef_) + estimator.intercept_',
    );
    const values: string[] = [];
    for (const p of run.prints) {
      switch (p) {
        case 'slope': values.push('slope = {np.ravel(estimator.coef_)[0]:.12g}'); break;
        case 'weights': values.push('weights = {np.ravel(estimator.coef_).tolist()}'); break;
        case 'intercept': values.push('intercept = {float(estimator.intercept_):.12g}'); break;
        case 'final loss':
          out.push(`sklearn_loss = (${code.make(params)})(torch.tensor(sklearn_output), torch.tensor(sklearn_y)).item()  # the lab's training loss`);
          values.push('final loss = {sklearn_loss:.12g}');
          break;
        case 'held-out mae':
        case 'held-out log loss': {
          if (!run.split) throw new Error('held-out scores need a split column');
          const held = `${ident(run.split)} == 1`;
          const output = `np.column_stack([${features.join(', ')}])[${held}] @ np.ravel(estimator.coef_) + estimator.intercept_`;
          if (p === 'held-out mae') {
            out.push(`sklearn_held_out_mean = ${model === 'loglink' ? `np.exp(${output})` : output}`);
            values.push(`held-out mae = {np.mean(np.abs(sklearn_held_out_mean - ${target}[${held}])):.12g}`);
          } else {
            out.push(`sklearn_held_out_probability = 1 / (1 + np.exp(-(${output})))`, `sklearn_held_out_y = ${target}[${held}]`);
            values.push('held-out log loss = {-np.mean(sklearn_held_out_y * np.log(sklearn_held_out_probability) + (1 - sklearn_held_out_y) * np.log(1 - sklearn_held_out_probability)):.12g}');
          }
          break;
        }
        case 'scale': values.push('scale = {estimator.scale_:.12g}'); break;
        case 'effective delta': values.push(`effective delta = {estimator.epsilon * estimator.scale_:.12g}`); break;
      }
    }
    out.push(`print(f"${run.label}  ${values.join('  ')}")`);
    return out;
  },
});
