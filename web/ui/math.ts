/**
 * KaTeX, bundled (no CDN). katex.render builds DOM nodes and sets their sizes through the CSSOM,
 * which a strict CSP allows; renderToString + innerHTML would produce style attributes that
 * style-src 'self' blocks.
 */
// KaTeX's CSS is the page's (lesson-page.ts) or the element's shadow root's (src/styles.ts).
import katex from 'katex';

/**
 * KaTeX sets a `style` attribute on the SVG of tall delimiters (e.g. the brace of \begin{cases}),
 * which style-src 'self' blocks (and reports). For the duration of one synchronous render, a
 * style attribute is applied through the CSSOM instead, which CSP allows; nothing else changes.
 */
function withCssomStyles<T>(render: () => T): T {
  const original = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (this: Element, name: string, value: string) {
    if (name.toLowerCase() === 'style' && 'style' in this) {
      (this as HTMLElement).style.cssText = value;
      return;
    }
    original.call(this, name, value);
  };
  try {
    return render();
  } finally {
    Element.prototype.setAttribute = original;
  }
}

export function renderMath(target: HTMLElement, latex: string, display = false): HTMLElement {
  try {
    withCssomStyles(() => katex.render(latex, target, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' }));
  } catch {
    target.textContent = latex; // a formula we cannot typeset still reads as its source
  }
  return target;
}

export function mathElement(latex: string, display = false): HTMLElement {
  const holder = document.createElement(display ? 'div' : 'span');
  holder.className = display ? 'math-display' : 'math-inline';
  // A wide formula scrolls sideways on a phone; keyboard users need to reach it to scroll it.
  if (display) holder.tabIndex = 0;
  return renderMath(holder, latex, display);
}
