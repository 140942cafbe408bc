// @vitest-environment happy-dom
// A chart of categories (web/ui/chart.ts setCategories): the x axis names the whole numbers
// 0, 1, … and has no tick between them; a new list of names re-draws the axis at render().
import { describe, expect, it } from 'vitest';
import { Chart } from '../../web/ui/chart';

const ticks = (c: Chart) => Array.from(c.element.querySelectorAll('.axis-x .tick'), (t) => ({
  text: t.querySelector('text')?.textContent,
  at: t.getAttribute('transform'),
}));

describe('Chart.setCategories', () => {
  it('names each index once, at the index, and only there', () => {
    const c = new Chart(document.body, { title: 't', xLabel: 'optimizer', yLabel: 'y', x: [-0.6, 2.6], y: [0, 1] });
    const numeric = ticks(c).map((t) => t.text);
    expect(numeric.length).toBeGreaterThan(3); // d3's numeric ticks before, e.g. -0.5, 0, 0.5, …
    c.setCategories(['SGD', 'Momentum', 'Adam']); // draws the axis itself: a figure may never call render()
    const named = ticks(c);
    expect(named.map((t) => t.text)).toEqual(['SGD', 'Momentum', 'Adam']);
    const x = (at: string | null) => Number(/translate\(([-\d.]+)/.exec(at ?? '')?.[1]);
    // equally spaced, one index apart
    const [a, b, d] = named.map((t) => x(t.at));
    expect(b - a).toBeCloseTo(d - b, 6);
    expect(b - a).toBeGreaterThan(0);
  });

  it('an empty list leaves an axis without ticks; new names redraw it even when the domain stays', () => {
    const c = new Chart(document.body, { title: 't', xLabel: 'x', yLabel: 'y', x: [-0.6, 1.6], y: [0, 1] });
    c.setCategories([]);
    c.render();
    expect(ticks(c)).toEqual([]);
    c.setCategories(['training points', 'held-out points']);
    c.render();
    expect(ticks(c).map((t) => t.text)).toEqual(['training points', 'held-out points']);
    c.setCategories(undefined);
    c.render();
    expect(ticks(c).map((t) => t.text)).not.toContain('training points');
  });
});
