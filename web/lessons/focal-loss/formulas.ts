/**
 * The "formulas" slot: BCE and focal loss as the loss registry describes them (formula,
 * derivative, parameters, convention), plus torchvision's α convention spelled out.
 */
import type { AsyncLossLab } from 'loss-lab';
import { el } from '../../ui/dom';
import { mathElement } from '../../ui/math';

export function formulas(target: HTMLElement, engine: AsyncLossLab): void {
  // One card per row: the focal gradient is too wide for the two-column grid.
  const grid = el('div', { class: 'formula-stack' });
  for (const [name, title] of [['bce_logits', 'Binary cross-entropy (on logits)'], ['focal', 'Focal loss']] as const) {
    const info = engine.losses.find((i) => i.name === name);
    if (!info) {
      grid.append(el('div', { class: 'formula-card missing' }, el('h3', {}, title), el('p', {}, 'Not in this build of the core.')));
      continue;
    }
    const card = el('div', { class: 'formula-card', 'data-loss': name });
    card.append(el('h3', {}, title), el('p', {}, info.description),
      el('p', { class: 'formula-label' }, 'Loss of one example'), mathElement(info.latex, true),
      el('p', { class: 'formula-label' }, 'Its derivative with respect to the logit'), mathElement(info.gradLatex, true));
    if (info.params.length) card.append(el('p', { class: 'params' }, info.params.map((q) => `${q.name} = ${q.default} by default`).join('; ')));
    if (name === 'focal') {
      card.append(el('p', { class: 'alpha-convention' },
        'The α convention (torchvision.ops.sigmoid_focal_loss): a positive example (label 1, the rare class here) is weighted by α_t = α, a negative one by α_t = 1 − α, and any α < 0 turns the weighting off (α_t = 1). So α = 0.25, the paper\'s default, gives the rare class the smaller weight.'));
    }
    card.append(el('p', { class: 'convention' }, `Convention: ${info.convention}`));
    grid.append(card);
  }
  target.append(grid);
}
