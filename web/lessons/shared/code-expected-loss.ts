/**
 * "Copy as code" run kind 'expected-loss': a scoring rule's expected loss for one example whose
 * label is 1 with probability q, E(p) = q·ℓ(p, 1) + (1 − q)·ℓ(p, 0), over the predicted
 * probability p = 0, 0.001, …, 1, from a registry loss that takes probabilities. Prints where E
 * is smallest (the first grid point at its minimum), the minimum, and dE/dp at p = 0.5.
 */
import { ident, LOSS_PYTHON, py, registerRunKind, type ExtraRun } from './code';
import { PER_EXAMPLE } from './code-loss-shares';

export interface ExpectedLossRun extends ExtraRun {
  kind: 'expected-loss';
  loss: string;
  /** Every parameter of the loss, by its registry name. */
  params?: Record<string, number>;
  q: number;
}

registerRunKind<ExpectedLossRun>('expected-loss', {
  tolerance: 'closed-form',
  defines(run) {
    const code = LOSS_PYTHON[run.loss];
    if (!code) throw new Error(`the loss '${run.loss}' has no PyTorch form yet`);
    if (code.takes !== 'probability') throw new Error(`the loss '${run.loss}' does not take a probability`);
    return { per_example: PER_EXAMPLE, ...(code.define ? { [run.loss]: code.define } : {}) };
  },
  render(run) {
    const name = ident(run.label), code = LOSS_PYTHON[run.loss];
    const params = run.params ?? {};
    const out = [`# ${run.label}: the expected ${run.loss} loss when the label is 1 with probability q = ${run.q}.`];
    for (const line of code.note?.(params) ?? []) out.push(`# ${line}`);
    out.push(
      `${name}_p = torch.tensor(np.arange(1001) / 1000)  # p = 0, 0.001, ..., 1`,
      `${name}_value_1, ${name}_grad_1 = per_example(${code.make(params)}, ${name}_p, torch.ones(1001))`,
      `${name}_value_0, ${name}_grad_0 = per_example(${code.make(params)}, ${name}_p, torch.zeros(1001))`,
      `${name}_expected = (${py(run.q)} * ${name}_value_1 + (1 - ${py(run.q)}) * ${name}_value_0).numpy()`,
      `${name}_slope = ${py(run.q)} * ${name}_grad_1 + (1 - ${py(run.q)}) * ${name}_grad_0`,
      `${name}_best = int(np.argmin(${name}_expected))  # the first p at the minimum`,
      `print(f"${run.label}  argmin = {${name}_p[${name}_best].item():.12g}  min = {${name}_expected[${name}_best]:.12g}  slope at one half = {${name}_slope[500].item():.12g}")`,
    );
    return out;
  },
});
