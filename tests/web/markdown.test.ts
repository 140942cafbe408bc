// @vitest-environment happy-dom
// The lesson text format (web/ui/markdown.ts): inline markup inside bold and italic is marked up
// too, so a bold sentence with $math$ shows the formula, not its dollar signs.
import { describe, expect, it } from 'vitest';
import { renderLessonText } from '../../web/ui/markdown';

describe('lesson text inline markup', () => {
  it('typesets math and code inside bold and italic', () => {
    const { root } = renderLessonText('**robust in $y$, not in `x`** and *a $\\tau$ level*.');
    const strong = root.querySelector('strong')!;
    expect(strong.querySelector('.math-inline')).not.toBeNull();
    expect(strong.querySelector('code')?.textContent).toBe('x');
    expect(strong.textContent).not.toContain('$');
    const em = root.querySelector('em')!;
    expect(em.querySelector('.math-inline')).not.toBeNull();
    expect(root.textContent).not.toContain('$');
  });

  it('keeps plain bold text as text, and never turns text into markup', () => {
    const { root } = renderLessonText('**<b>not a tag</b>** after');
    const strong = root.querySelector('strong')!;
    expect(strong.textContent).toBe('<b>not a tag</b>');
    expect(strong.querySelector('b')).toBeNull();
  });
});
