/**
 * The lab's styles as constructable stylesheets, for the custom element's shadow root (and for a
 * lesson's own CSS on any page). A constructable stylesheet is built through the CSSOM, which a
 * strict `style-src 'self'` policy allows (no <style> element, no style attribute).
 *
 * Inside a shadow root:
 * - the lab's rules match only the lesson's own nodes, and the host page's rules match none of them;
 * - inherited properties are cut at the element (`:host { all: initial }`), so the host's font,
 *   colour, line height or letter spacing do not leak in;
 * - `rem` would follow the host page's root font size, so the lab's `rem` lengths are rewritten to
 *   `calc(n * var(--ll-rem))` with `--ll-rem: 16px` set on the host element;
 * - the theme: light and dark palettes from `prefers-color-scheme`, forced by `theme="light|dark"`;
 *   `--loss-lab-font`, `--loss-lab-accent`, `--loss-lab-background` (and `--loss-lab-font-size`)
 *   are the documented custom properties a host may set; `::part(frame)` is the lesson's frame.
 *
 * KaTeX's `@font-face` rules do not apply inside a shadow root (fonts are looked up in the
 * document's scope), so they are declared once on the document, as a constructable stylesheet in
 * `document.adoptedStyleSheets`. A font-face rule matches no element: the host page's look does
 * not change (it only learns the KaTeX_* family names).
 */
import labCss from './styles.css?inline';
import katexCss from 'katex/dist/katex.min.css?inline';

type Root = Document | ShadowRoot;

/** The lab's lengths in `rem` follow the lab's own root size inside a shadow root, not the host's. */
export function remToVar(css: string): string {
  return css.replace(/(-?\d*\.?\d+)rem\b/g, (_, n: string) => `calc(${n} * var(--ll-rem))`);
}

/** KaTeX's CSS split into its @font-face rules (for the document) and the rest (for shadow roots). */
const katexParts = (() => {
  const faces: string[] = [];
  const rest = katexCss.replace(/@font-face\s*\{[^}]*\}/g, (rule) => {
    // Every browser that runs wasm reads woff2: the woff and ttf fallbacks are dropped (the
    // single-file download does not carry them).
    faces.push(rule.replace(/,\s*url\([^)]*\)\s*format\(["']?(woff|truetype)["']?\)/g, ''));
    return '';
  });
  return { faces: faces.join('\n'), rest };
})();

/** Relative url(...) in a stylesheet built from text resolves against this module's URL. */
function absoluteUrls(css: string): string {
  return css.replace(/url\((['"]?)([^'")]+)\1\)/g, (whole, quote: string, url: string) => {
    if (/^(data:|blob:|[a-z]+:\/\/|#)/i.test(url)) return whole;
    try {
      return `url(${quote}${new URL(url, import.meta.url).href}${quote})`;
    } catch {
      return whole;
    }
  });
}

function sheet(text: string): CSSStyleSheet {
  const s = new CSSStyleSheet();
  s.replaceSync(text);
  return s;
}

/** The palette declarations of a rule whose selector lists `.ll-lesson` (light, or inside the dark query). */
function paletteOf(rules: CSSRuleList, dark: boolean): string {
  for (const rule of Array.from(rules)) {
    if (!dark && rule instanceof CSSStyleRule && rule.selectorText.includes('.ll-lesson') && rule.style.getPropertyValue('--bg')) return rule.style.cssText;
    if (dark && rule instanceof CSSMediaRule && rule.conditionText.includes('prefers-color-scheme: dark')) {
      const inner = paletteOf(rule.cssRules, false);
      if (inner) return inner;
    }
  }
  return '';
}

/** The host-level rules: isolation, the palette renamed so a host may override accent and background. */
function hostRules(light: string, dark: string): string {
  const base = (decls: string) => decls.replace(/--(accent|bg):/g, '--ll-$1-base:');
  return `
:host { all: initial; display: block; --ll-rem: 16px; color-scheme: light dark; ${base(light)} }
@media (prefers-color-scheme: dark) { :host { ${base(dark)} } }
:host([theme='light']) { color-scheme: light; ${base(light)} }
:host([theme='dark']) { color-scheme: dark; ${base(dark)} }
:host([hidden]) { display: none; }
.ll-lesson {
  --accent: var(--loss-lab-accent, var(--ll-accent-base));
  --bg: var(--loss-lab-background, var(--ll-bg-base));
  display: block;
  font-family: var(--loss-lab-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  font-size: var(--loss-lab-font-size, 16px);
  line-height: 1.55;
  color: var(--fg);
  background: var(--bg);
  padding: 0.25rem 0.75rem 0.75rem;
  text-align: start;
}
.ll-lesson h2, .ll-lesson h3 { line-height: 1.25; }
`;
}

let shadowSheets: CSSStyleSheet[] | undefined;
let fontsDeclared = false;

/** The sheets every lesson's shadow root adopts (built once per page, shared by all instances). */
function labShadowSheets(): CSSStyleSheet[] {
  if (shadowSheets) return shadowSheets;
  const lab = sheet(remToVar(labCss));
  const light = paletteOf(lab.cssRules, false);
  const dark = paletteOf(lab.cssRules, true);
  // Drop the document-level rules (:root palette, body, the page's layout) from the shadow copy.
  for (let i = lab.cssRules.length - 1; i >= 0; i--) {
    const rule = lab.cssRules[i];
    if (rule instanceof CSSStyleRule && /(^|,\s*)(:root|body|html)\b/.test(rule.selectorText) && !rule.selectorText.includes('.ll-lesson')) lab.deleteRule(i);
    else if (rule instanceof CSSStyleRule && rule.selectorText.includes('.ll-lesson') && rule.style.getPropertyValue('--bg')) lab.deleteRule(i);
    else if (rule instanceof CSSMediaRule && rule.conditionText.includes('prefers-color-scheme: dark')) lab.deleteRule(i);
  }
  const katex = sheet(absoluteUrls(katexParts.rest));
  shadowSheets = [katex, lab, sheet(hostRules(light, dark))];
  return shadowSheets;
}

/** KaTeX's fonts, declared once on the document (see the note at the top). */
function declareFonts(): void {
  if (fontsDeclared || typeof document === 'undefined') return;
  fontsDeclared = true;
  if (!katexParts.faces) return;
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet(absoluteUrls(katexParts.faces))];
}

// A lesson's own CSS (import './x.css' inside web/lessons/**, routed here by the build): one text
// per file, applied to every root that shows lessons.
const lessonCss: string[] = [];
const roots = new Map<Root, Map<string, CSSStyleSheet>>();

function adoptLessonCss(root: Root, text: string): void {
  const have = roots.get(root)!;
  if (have.has(text)) return;
  const s = sheet(root instanceof Document ? text : remToVar(text));
  have.set(text, s);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, s];
}

/** Called by the module a lesson's CSS import becomes (vite.config.ts, lessonCss plugin). */
export function addLessonCss(text: string): void {
  if (lessonCss.includes(text)) return;
  lessonCss.push(text);
  for (const root of roots.keys()) adoptLessonCss(root, text);
}

/** Makes `root` receive every lesson stylesheet, now and later. The page calls it with `document`. */
export function adoptLessonStyles(root: Root): void {
  if (!roots.has(root)) roots.set(root, new Map());
  for (const text of lessonCss) adoptLessonCss(root, text);
}

/** Stops delivering lesson stylesheets to a shadow root that is gone. */
export function releaseLessonStyles(root: Root): void {
  roots.delete(root);
}

/** Styles a lesson's shadow root: the lab's and KaTeX's rules inside, KaTeX's fonts on the document. */
export function styleShadowRoot(shadow: ShadowRoot): void {
  declareFonts();
  shadow.adoptedStyleSheets = [...labShadowSheets()];
  adoptLessonStyles(shadow);
}
