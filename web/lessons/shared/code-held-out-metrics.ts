/**
 * "Copy as code" run kind 'held-out-metrics': the binary model of the 'train' run just before it
 * (the script's `model`, on the spec's held-out rows), scored as a decision rule: its probability
 * σ(z) decides 1 at or above a threshold. Prints accuracy, balanced accuracy and F1 of the label-1
 * class (scikit-learn), ROC-AUC and average precision (scikit-learn, as the core computes them),
 * log loss and the Brier score (the registry's bce and brier, in torch), and the expected cost per
 * 1,000 decisions. A 0/1 column may pick the held-out rows scored (a resample to a prevalence).
 */
import { ident, LOSS_PYTHON, py, registerRunKind, type ExtraRun } from './code';

export interface HeldOutMetricsRun extends ExtraRun {
  kind: 'held-out-metrics';
  threshold: number;
  fnCost: number;
  fpCost: number;
  /** A 0/1 column over all rows: only held-out rows where it is 1 are scored. */
  rows?: string;
}

registerRunKind<HeldOutMetricsRun>('held-out-metrics', {
  tolerance: 'training',
  imports: () => ['from sklearn import metrics'],
  render(run, data) {
    if (run.rows && !data.columns.includes(ident(run.rows))) throw new Error(`no column '${run.rows}' in the data`);
    const name = ident(run.label), t = py(run.threshold);
    const keep = run.rows ? `[torch.tensor(${ident(run.rows)}[held_out_rows] == 1)]` : '';
    return [
      `# ${run.label}: the model trained just above, deciding 1 when its probability is at least ${run.threshold}; a missed 1 costs ${run.fnCost}, a wrong 1 costs ${run.fpCost}.`,
      ...(run.rows ? [`# Only the held-out rows with ${ident(run.rows)} = 1 are scored.`] : []),
      'with torch.no_grad():',
      `    ${name}_p = torch.sigmoid(model(held_out_inputs).squeeze(1))${keep}`,
      `${name}_y = held_out_targets${keep}`,
      `${name}_decide = (${name}_p >= ${t}).double()`,
      `${name}_cost = 1000 * (${py(run.fnCost)} * ((${name}_decide == 0) & (${name}_y == 1)).double().mean() + ${py(run.fpCost)} * ((${name}_decide == 1) & (${name}_y == 0)).double().mean()).item()`,
      `print(f"${run.label}  accuracy = {metrics.accuracy_score(${name}_y, ${name}_decide):.12g}"`,
      `      f"  balanced accuracy = {metrics.balanced_accuracy_score(${name}_y, ${name}_decide):.12g}"`,
      `      f"  f one = {metrics.f1_score(${name}_y, ${name}_decide, zero_division=0):.12g}"`,
      `      f"  roc auc = {metrics.roc_auc_score(${name}_y, ${name}_p):.12g}  average precision = {metrics.average_precision_score(${name}_y, ${name}_p):.12g}"`,
      `      f"  log loss = {(${LOSS_PYTHON.bce.make({})})(${name}_p, ${name}_y).item():.12g}  brier = {(${LOSS_PYTHON.brier.make({})})(${name}_p, ${name}_y).item():.12g}"`,
      `      f"  cost per thousand = {${name}_cost:.12g}")`,
    ];
  },
});
