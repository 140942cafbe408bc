/**
 * KaTeX, bundled (no CDN). katex.render builds DOM nodes and sets their sizes through the CSSOM,
 * which a strict CSP allows; renderToString + innerHTML would produce style attributes that
 * style-src 'self' blocks.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';

export function renderMath(target: HTMLElement, latex: string, display = false): HTMLElement {
  try {
    katex.render(latex, target, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' });
  } catch {
    target.textContent = latex; // a formula we cannot typeset still reads as its source
  }
  return target;
}

export function mathElement(latex: string, display = false): HTMLElement {
  const holder = document.createElement(display ? 'div' : 'span');
  holder.className = display ? 'math-display' : 'math-inline';
  return renderMath(holder, latex, display);
}
