/**
 * "Copy as code" run kind 'loss-shares': where two (or more) losses of a binary model put their
 * weight. It follows a 'train' run of a binary model in the same spec and scores that model's
 * training rows (the script's `model`, `inputs` and `targets`): each example's loss under each
 * registry loss at the same logits, and the shares of the total loss (and of the total |gradient|)
 * carried by the easy examples (p_t ≥ 0.5) and by the hopeless ones (label 1 at p_t below a bound).
 */
import { ident, LOSS_PYTHON, py, registerRunKind, type ExtraRun } from './code';

export interface LossSharesRun extends ExtraRun {
  kind: 'loss-shares';
  /** The losses compared, each under a short name (the printed names start with it). */
  losses: Array<{ name: string; loss: string; params?: Record<string, number> }>;
  /** A label-1 example with p_t below this is hopeless. */
  hopeless: number;
}

export const PER_EXAMPLE = [
  'def per_example(criterion, logits, targets):',
  '    """Each example\'s own loss and its gradient in its logit, from a mean-reduced criterion."""',
  '    z = logits.detach().clone().requires_grad_(True)',
  '    criterion(z, targets).backward()',
  '    with torch.no_grad():',
  '        values = torch.stack([criterion(z[i:i + 1], targets[i:i + 1]) for i in range(len(targets))])',
  '    return values, z.grad * len(targets)',
].join('\n');

registerRunKind<LossSharesRun>('loss-shares', {
  tolerance: 'training',
  defines(run) {
    const defs: Record<string, string> = { per_example: PER_EXAMPLE };
    for (const { loss } of run.losses) {
      const code = LOSS_PYTHON[loss];
      if (!code) throw new Error(`the loss '${loss}' has no PyTorch form yet`);
      if (code.takes && code.takes !== 'raw') throw new Error(`the loss '${loss}' takes a ${code.takes}, not logits`);
      if (code.define) defs[loss] = code.define;
    }
    return defs;
  },
  render(run) {
    const name = ident(run.label);
    const out = [
      `# ${run.label}: the model trained just above, every training example scored under ${run.losses.map((l) => l.name).join(' and ')} at the same logits.`,
      '# The lab scores the logits of its predicted probabilities, clamped to [1e-12, 1 - 1e-12].',
      'with torch.no_grad():',
      '    probability = torch.sigmoid(model(inputs).squeeze(1)).clamp(1e-12, 1 - 1e-12)',
      `${name}_logits = torch.log(probability / (1 - probability))`,
      `${name}_pt = torch.where(targets == 1, probability, 1 - probability)`,
      `${name}_easy = ${name}_pt >= 0.5`,
      `${name}_hopeless = (targets == 1) & (${name}_pt < ${py(run.hopeless)})`,
    ];
    let printed = `easy count = {int(${name}_easy.sum())}  hopeless count = {int(${name}_hopeless.sum())}`;
    for (const l of run.losses) {
      const v = `${name}_${ident(l.name)}`;
      out.push(`${v}_values, ${v}_grads = per_example(${LOSS_PYTHON[l.loss].make(l.params ?? {})}, ${name}_logits, targets)`);
      printed += `  ${l.name} easy loss share = {(${v}_values[${name}_easy].sum() / ${v}_values.sum()).item():.12g}`
        + `  ${l.name} easy gradient share = {(${v}_grads.abs()[${name}_easy].sum() / ${v}_grads.abs().sum()).item():.12g}`
        + `  ${l.name} hopeless loss share = {(${v}_values[${name}_hopeless].sum() / ${v}_values.sum()).item():.12g}`;
    }
    out.push(`print(f"${run.label}  ${printed}")`);
    return out;
  },
});
