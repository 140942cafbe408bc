/**
 * "Copy as code" for a loss over a sample against a constant prediction q (closed form): the mean
 * loss at q and its slope in q (PyTorch autograd on the registry's form of the loss), the sample
 * point that minimises the mean loss, and, for the pinball loss, the sample's τ-quantile and
 * sklearn.metrics.mean_pinball_loss as a cross-check. Registers the kind 'sample-loss' on import.
 */
import { LOSS_PYTHON, ident, py, registerRunKind, type ExtraRun } from './code';

export interface SampleLossRun extends ExtraRun {
  kind: 'sample-loss';
  /** The data column holding the sample. */
  column: string;
  /** A registry loss with a PyTorch form (LOSS_PYTHON) and its parameters by name. */
  loss: string;
  lossParams: Record<string, number>;
  q: number;
  /**
   * 'at q': mean loss, its slope in q and the share of points below q; 'sklearn at q': the mean
   * pinball loss from sklearn.metrics; 'minimiser': the sample point with the smallest mean loss;
   * 'quantile': the sample's τ-quantile, the ⌈nτ⌉-th smallest point (pinball loss only).
   */
  report: 'at q' | 'sklearn at q' | 'minimiser' | 'quantile';
}

const g = (expression: string) => `{${expression}:.12g}`;

registerRunKind<SampleLossRun>('sample-loss', {
  tolerance: 'closed-form',
  imports: (run) => (run.report === 'sklearn at q' ? ['from sklearn.metrics import mean_pinball_loss'] : []),
  defines(run) {
    const code = LOSS_PYTHON[run.loss];
    if (!code) throw new Error(`the loss '${run.loss}' has no PyTorch form yet`);
    return {
      ...(code.define ? { [run.loss]: code.define } : {}),
      mean_loss_at: [
        'def mean_loss_at(q, sample, criterion):',
        '    """The mean loss of predicting q for every point of the sample, and its slope in q (autograd)."""',
        '    prediction = torch.tensor(float(q), requires_grad=True)',
        '    value = criterion(prediction.expand(len(sample)), torch.tensor(sample))',
        '    value.backward()',
        '    return value.item(), prediction.grad.item()',
      ].join('\n'),
    };
  },
  render(run, data) {
    if (!data.columns.includes(ident(run.column))) throw new Error(`no column '${run.column}' for the sample`);
    const sample = ident(run.column);
    const criterion = LOSS_PYTHON[run.loss].make(run.lossParams);
    const tau = run.lossParams.tau;
    switch (run.report) {
      case 'at q': return [
        `q = ${py(run.q)}`,
        `loss_at_q, slope_at_q = mean_loss_at(q, ${sample}, ${criterion})`,
        ...(run.loss === 'quantile' ? ['# For the pinball loss the slope is (share of points below q) - tau: zero at the tau-quantile.'] : []),
        `print(f"${run.label}  q = ${g('q')}  mean loss = ${g('loss_at_q')}  slope = ${g('slope_at_q')}  share below = ${g(`np.mean(${sample} < q)`)}")`,
      ];
      case 'sklearn at q':
        if (run.loss !== 'quantile') throw new Error('sklearn.metrics cross-checks only the pinball loss here');
        return [
          '# The same mean loss from scikit-learn: mean_pinball_loss(y_true, y_pred, alpha=tau) (its alpha is tau).',
          `print(f"${run.label}  mean loss = ${g(`mean_pinball_loss(${sample}, np.full(len(${sample}), ${py(run.q)}), alpha=${py(tau)})`)}")`,
        ];
      case 'minimiser': return [
        '# The mean loss is piecewise linear with kinks at the points, so its minimum sits at a point;',
        '# where it is flat between two points (n tau whole) the smaller is taken, as the lab does.',
        `losses_at_points = np.array([mean_loss_at(point, ${sample}, ${criterion})[0] for point in ${sample}])`,
        'smallest = losses_at_points.min()',
        `minimiser = ${sample}[losses_at_points <= smallest + 1e-12 * (1 + smallest)].min()`,
        `print(f"${run.label}  q = ${g('minimiser')}  mean loss = ${g('smallest')}")`,
      ];
      case 'quantile':
        if (run.loss !== 'quantile') throw new Error('the sample quantile belongs to the pinball loss');
        return [
          `# The tau-quantile of the sample: its ceil(n tau)-th smallest point. np.quantile(${sample}, tau) would`,
          '# interpolate between two points (default method="linear"); method="inverted_cdf" gives this one.',
          `quantile_rank = max(1, math.ceil(len(${sample}) * ${py(tau)} - 1e-9))`,
          `print(f"${run.label}  rank = {quantile_rank}  value = ${g(`np.sort(${sample})[quantile_rank - 1]`)}")`,
        ];
    }
  },
});
