/**
 * The `::: slot formulas` of the text: each loss's formula, gradient and convention, read from
 * the core's own registry (engine.losses), so the page shows what the core computes.
 */
import type { AsyncLossLab } from 'loss-lab';
import { el } from '../../ui/dom';
import { mathElement } from '../../ui/math';
import { LINE_LOSSES, LOSS_LABELS } from './params';

export function formulas(target: HTMLElement, engine: AsyncLossLab): void {
  const grid = el('div', { class: 'formula-grid' });
  for (const name of [...LINE_LOSSES, 'tweedie_log']) {
    const info = engine.losses.find((i) => i.name === name);
    if (!info) {
      grid.append(el('div', { class: 'formula-card missing' }, el('h3', {}, name), el('p', {}, 'Not in this build of the core.')));
      continue;
    }
    const card = el('div', { class: 'formula-card', 'data-loss': name });
    card.append(el('h3', {}, (LOSS_LABELS as Record<string, string>)[name] ?? 'Tweedie (log link)'),
      el('p', {}, info.description),
      el('p', { class: 'formula-label' }, 'Loss of one point'), mathElement(info.latex, true),
      el('p', { class: 'formula-label' }, 'Its derivative (gradient)'), mathElement(info.gradLatex, true));
    if (info.params.length) card.append(el('p', { class: 'params' }, info.params.map((q) => `${q.name} = ${q.default} by default`).join('; ')));
    card.append(el('p', { class: 'convention' }, `Convention: ${info.convention}`));
    grid.append(card);
  }
  target.append(grid);
}
