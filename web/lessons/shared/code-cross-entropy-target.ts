/**
 * "Copy as code" run kind 'cross-entropy-target': what torch.nn.CrossEntropyLoss with
 * label_smoothing trains towards, for K classes: the target of the true class and of each other
 * class, read from the loss's gradient at equal logits (the gradient is p − target and p is 1/K
 * there); the logit gap g (true class minus each other) that minimises the loss of one example,
 * log((1 − ε + ε/K)/(ε/K)), unbounded without smoothing; and the loss's gradient at a probe gap.
 */
import { ident, py, registerRunKind, type ExtraRun } from './code';

export interface CrossEntropyTargetRun extends ExtraRun {
  kind: 'cross-entropy-target';
  classes: number;
  labelSmoothing: number;
  /** A gap at which the gradient ∂loss/∂g is printed (`gradient at the probe`). */
  probe: number;
  /** Comment lines for the script (where another library's convention differs). */
  note?: string[];
}

/** A run of this kind, for a figure's spec. */
export const crossEntropyTargetRun = registerRunKind<CrossEntropyTargetRun>('cross-entropy-target', {
  tolerance: 'closed-form',
  render(run) {
    const id = ident(run.label);
    const K = run.classes, e = py(run.labelSmoothing);
    const gapLogits = (g: string) => `torch.tensor([[${g}] + [0.0] * ${K - 1}], requires_grad=True)`;
    const out = [
      `# ${run.label}: K = ${K} classes, label_smoothing = ${run.labelSmoothing}; the true class is class 0.`,
      ...(run.note ?? []).map((line) => `# ${line}`),
      `${id}_loss = torch.nn.CrossEntropyLoss(label_smoothing=${e}, reduction="sum")`,
      `logits = torch.zeros(1, ${K}, requires_grad=True)`,
      `${id}_loss(logits, torch.tensor([0])).backward()`,
      '# Softmax cross-entropy\'s gradient is p - target, and at equal logits p = 1/K: so the target is 1/K - gradient.',
      `target = 1 / ${K} - logits.grad[0]`,
      `print(f"${run.label}  target true = {target[0].item():.12g}  target other = {target[1].item():.12g}")`,
      '',
      `# The loss of logits (g, 0, ..., 0) is lowest where the softmax gives the true class exactly its target:`,
      '# g = log((1 - eps + eps/K) / (eps/K)); with eps = 0 the gradient stays negative for every g (no minimum).',
      `eps, classes = ${e}, ${K}`,
      `gap = math.log((1 - eps + eps / classes) / (eps / classes)) if eps > 0 else math.inf`,
      `probe = ${gapLogits(py(run.probe))}`,
      `${id}_loss(probe, torch.tensor([0])).backward()`,
      `print(f"${run.label}  optimal gap = {gap:.12g}  gradient at the probe = {probe.grad[0, 0].item():.12g}")`,
      'if eps > 0:',
      `    at_gap = ${gapLogits('gap')}`,
      `    ${id}_loss(at_gap, torch.tensor([0])).backward()`,
      `    print(f"# the gradient at that gap is {at_gap.grad[0, 0].item():.2e} (zero up to rounding)")`,
    ];
    return out;
  },
});
