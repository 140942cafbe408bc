/**
 * "Copy as code" run kind 'logit-scores': given logits (n × K, literal) and labels, the plain
 * cross-entropy, the accuracy, the mean confidence and the lab's ECE, and for a few named
 * examples their own loss and the probability of their true class (closed form).
 */
import { ident, py, registerRunKind, type ExtraRun } from './code';
import { ECE_PYTHON, SCORES_PYTHON } from './code-calibration';

export interface LogitScoresRun extends ExtraRun {
  kind: 'logit-scores';
  classes: number;
  /** Row-major n × K. */
  logits: ArrayLike<number>;
  labels: ArrayLike<number>;
  bins: number;
  /** Examples (by row) whose own loss and true-class probability are printed, by a name of letters and spaces. */
  examples?: Record<string, number>;
}

/** A run of this kind, for a figure's spec. */
export const logitScoresRun = registerRunKind<LogitScoresRun>('logit-scores', {
  tolerance: 'closed-form',
  defines: () => ({ expected_calibration_error: ECE_PYTHON, classifier_scores: SCORES_PYTHON }),
  render(run) {
    const id = ident(run.label);
    const K = run.classes;
    if (run.logits.length !== run.labels.length * K) throw new Error(`logits has ${run.logits.length} values, not labels × ${K}`);
    const rows = Array.from({ length: run.labels.length }, (_, i) => `[${Array.from(run.logits).slice(i * K, (i + 1) * K).map(py).join(', ')}]`);
    const out = [
      `# ${run.label}: ${run.labels.length} examples, ${K} classes.`,
      `${id}_logits = torch.tensor([${rows.join(', ')}])`,
      `${id}_labels = torch.tensor([${Array.from(run.labels, (v) => String(Math.round(v))).join(', ')}])`,
      `${id}_scores = classifier_scores(${id}_logits, ${id}_labels, bins=${run.bins})`,
      `print(f"${run.label}  cross entropy = {${id}_scores['cross entropy']:.12g}  accuracy = {${id}_scores['accuracy']:.12g}  ece = {${id}_scores['ece']:.12g}  mean confidence = {${id}_scores['mean confidence']:.12g}")`,
    ];
    const examples = Object.entries(run.examples ?? {});
    if (examples.length) {
      out.push(
        `${id}_losses = torch.nn.functional.cross_entropy(${id}_logits, ${id}_labels, reduction="none")`,
        `${id}_true = torch.softmax(${id}_logits, dim=1).gather(1, ${id}_labels[:, None])[:, 0]`,
      );
      for (const [name, row] of examples) {
        if (!/^[a-z][a-z ]*$/.test(name)) throw new Error(`an example's name is letters and spaces, not '${name}'`);
        out.push(`print(f"${run.label}  loss on ${name} = {${id}_losses[${row}].item():.12g}  true class probability on ${name} = {${id}_true[${row}].item():.12g}")`);
      }
    }
    return out;
  },
});
