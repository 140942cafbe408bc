/**
 * "Copy as code" run kind 'decomposition': probabilities of label 1 scored against 0/1 labels by
 * registry losses that take probabilities (log loss 'bce', the Brier score 'brier'), each score
 * split into calibration and refinement by isotonic recalibration (the CORP decomposition):
 * r = sklearn's IsotonicRegression of the labels on p, refinement = S(r), calibration = S(p) − S(r).
 * Also prints the accuracy of deciding 1 above p = 0.5.
 */
import { ident, LOSS_PYTHON, py, registerRunKind, type ExtraRun } from './code';

export interface DecompositionRun extends ExtraRun {
  kind: 'decomposition';
  probability: number[];
  target: number[];
  /** The scores, each under a short name that starts its printed numbers. */
  scores: Array<{ name: string; loss: string }>;
}

registerRunKind<DecompositionRun>('decomposition', {
  tolerance: 'closed-form',
  imports: () => ['from sklearn.isotonic import IsotonicRegression'],
  defines(run) {
    const defs: Record<string, string> = {};
    for (const { loss } of run.scores) {
      const code = LOSS_PYTHON[loss];
      if (!code) throw new Error(`the loss '${loss}' has no PyTorch form yet`);
      if (code.takes !== 'probability') throw new Error(`the loss '${loss}' does not take a probability`);
      if (code.define) defs[loss] = code.define;
    }
    return defs;
  },
  render(run) {
    if (run.probability.length !== run.target.length) throw new Error('one label per probability');
    const name = ident(run.label);
    const out = [
      `# ${run.label}: probabilities of label 1 and the labels.`,
      `${name}_p = torch.tensor([${run.probability.map(py).join(', ')}])`,
      `${name}_y = torch.tensor([${run.target.map(py).join(', ')}])`,
      '# The best probabilities that keep the ranking of p: isotonic regression of the labels on p',
      '# (sklearn pools tied p first, as the lab does).',
      `${name}_r = torch.tensor(IsotonicRegression(out_of_bounds="clip").fit_transform(${name}_p.numpy(), ${name}_y.numpy()))`,
    ];
    let printed = `accuracy = {((${name}_p > 0.5) == (${name}_y == 1)).double().mean().item():.12g}`;
    for (const s of run.scores) {
      const criterion = LOSS_PYTHON[s.loss].make({});
      const v = `${name}_${ident(s.name)}`;
      out.push(`${v} = (${criterion})(${name}_p, ${name}_y).item()`, `${v}_refinement = (${criterion})(${name}_r, ${name}_y).item()`);
      printed += `  ${s.name} = {${v}:.12g}  ${s.name} calibration = {${v} - ${v}_refinement:.12g}  ${s.name} refinement = {${v}_refinement:.12g}`;
    }
    out.push(`print(f"${run.label}  ${printed}")`);
    return out;
  },
});
