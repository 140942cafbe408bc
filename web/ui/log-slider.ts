/**
 * A slider on a logarithmic scale (learning rates, condition numbers, ε) with a number box for
 * exact values. The state keeps the real value (so the URL reads lr_sgd=0.03); the slider moves
 * in equal steps of log10, 200 positions per decade, so arrow keys nudge by about 1%.
 */
import type { NumberParam } from '../state/params';
import type { StoreLike } from '../state/store';
import { el } from './dom';

let uid = 0;

/** A value for display with 3 significant digits (1e-5 → "1e-5", 0.0300 → "0.03"). */
export function formatSig(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

export function logSlider(store: StoreLike, name: string, options: { label?: string; className?: string } = {}): HTMLElement {
  const spec = store.table.find((s) => s.name === name) as NumberParam | undefined;
  if (!spec || spec.type !== 'number' || !(spec.min > 0)) throw new Error(`logSlider needs a positive number parameter, not '${name}'`);
  const id = `log-${name}-${++uid}`;
  const lo = Math.log10(spec.min), hi = Math.log10(spec.max);
  const positions = Math.round((hi - lo) * 200);
  const label = options.label ?? spec.label;
  const range = el('input', { id, type: 'range', min: 0, max: positions, step: 1, 'data-param': name, 'data-scale': 'log' });
  const box = el('input', { type: 'number', min: spec.min, max: spec.max, step: 'any', inputmode: 'decimal', class: 'log-value', 'aria-label': `${label}, exact value`, 'data-param-exact': name });
  const toPosition = (v: number) => Math.round(((Math.log10(v) - lo) / (hi - lo)) * positions);
  const fromPosition = (p: number) => Number((10 ** (lo + (p / positions) * (hi - lo))).toPrecision(3));
  const sync = () => {
    const v = store.get<number>(name);
    range.value = String(toPosition(v));
    range.setAttribute('aria-valuetext', `${label} ${formatSig(v)}`);
    // Inside a shadow root document.activeElement is the host element: ask the box's own root.
    if ((box.getRootNode() as Document | ShadowRoot).activeElement !== box) box.value = formatSig(v);
  };
  range.addEventListener('input', () => store.set({ [name]: fromPosition(Number(range.value)) }));
  box.addEventListener('change', () => {
    const v = Number(box.value);
    if (Number.isFinite(v) && v > 0) store.set({ [name]: v });
    box.value = formatSig(store.get<number>(name));
  });
  store.subscribe((_, changed) => changed.has(name) && sync());
  sync();
  return el('div', { class: `control log-slider ${options.className ?? ''}` },
    el('label', { for: id, class: 'control-label' }, label), el('div', { class: 'log-slider-row' }, range, box));
}
