/** Small DOM helpers: elements are built with attributes and text, never from HTML strings. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(key, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/**
 * A container for content that may scroll sideways on a phone (a wide table): a labelled group
 * that keyboard users can focus to scroll it too. A group, not a region: a region is a landmark,
 * and a lesson shown twice on one page (two custom elements) would repeat the landmark's name.
 */
export function scrollRegion(label: string, ...children: Array<Node | string>): HTMLDivElement {
  return el('div', { class: 'table-scroll', tabindex: 0, role: 'group', 'aria-label': label }, ...children);
}

/** A number for display: fixed decimals, '−' for minus, and a dash instead of NaN/Infinity. */
export function fmt(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return '–';
  const text = value.toFixed(decimals);
  return (Number(text) === 0 ? (0).toFixed(decimals) : text).replace('-', '−');
}

/** A share as a percentage with one decimal (a dash alone, not '–%', when there is no number). */
export function pct(value: number): string {
  return Number.isFinite(value) ? `${fmt(100 * value, 1)}%` : '–';
}

/**
 * Runs `work` once, when the element comes within `margin` of the viewport (immediately where
 * IntersectionObserver is missing). Lets a lesson defer figures below the fold, so the first
 * figure is interactive sooner. Returns a cancel function.
 */
export function whenNear(element: Element, work: () => void, margin = '600px'): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    work();
    return () => undefined;
  }
  let done = false;
  const observer = new IntersectionObserver((entries) => {
    if (done || !entries.some((e) => e.isIntersecting)) return;
    done = true;
    observer.disconnect();
    work();
  }, { rootMargin: margin });
  observer.observe(element);
  return () => observer.disconnect();
}
