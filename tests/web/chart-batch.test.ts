// @vitest-environment happy-dom
// Chart batching (web/ui/chart.ts): inside batchCharts() a figure's set(), remove() and render()
// only note what changed, and each chart draws once when the batch ends — every changed layer
// once, at the final scales — instead of once per call. Outside a batch, set() draws at once.
import { describe, expect, it } from 'vitest';
import { batchCharts, Chart, type DrawContext, type Layer } from '../../web/ui/chart';

/** A layer that records the x scale's domain each time it draws. */
function counting(canvas = false): Layer & { draws: Array<readonly number[]> } {
  const draws: Array<readonly number[]> = [];
  return { canvas, draws, draw: (ctx: DrawContext) => { draws.push(ctx.x.domain()); } };
}

const chart = () => new Chart(document.body, { title: 't', xLabel: 'x', yLabel: 'y', x: [0, 1], y: [0, 1] });

describe('batchCharts', () => {
  it('draws a layer set outside a batch at once', () => {
    const c = chart(), a = counting();
    c.set('a', a);
    expect(a.draws).toEqual([[0, 1]]);
  });

  it('draws each changed layer once when the batch ends, at the domain set last', () => {
    const c = chart(), a = counting(), b = counting(), replaced = counting();
    batchCharts(() => {
      c.set('a', replaced);
      c.set('b', b);
      c.set('a', a);
      c.setDomain([0, 5]);
      expect(a.draws.length + b.draws.length + replaced.draws.length).toBe(0);
    });
    expect(a.draws).toEqual([[0, 5]]);
    expect(b.draws).toEqual([[0, 5]]);
    expect(replaced.draws).toEqual([]);
  });

  it('turns set() + render() in a batch into one render of every layer', () => {
    const c = chart(), a = counting(), b = counting();
    c.set('a', a);
    batchCharts(() => {
      c.set('b', b);
      c.setDomain([2, 3]);
      c.render();
      c.render();
    });
    expect(a.draws).toEqual([[0, 1], [2, 3]]);
    expect(b.draws).toEqual([[2, 3]]);
  });

  it('forgets a layer removed before the batch ends, and nested batches flush once at the outermost end', () => {
    const c = chart(), a = counting(), b = counting();
    batchCharts(() => {
      c.set('a', a);
      batchCharts(() => c.set('b', b));
      expect(b.draws).toEqual([]);
      c.remove('a');
    });
    expect(a.draws).toEqual([]);
    expect(b.draws).toEqual([[0, 1]]);
    expect(c.svg.node()!.querySelector('[data-layer="a"]')).toBeNull();
  });

  it('flushes even when the figure draw throws, so the chart is not left waiting', () => {
    const c = chart(), a = counting();
    expect(() => batchCharts(() => { c.set('a', a); throw new Error('boom'); })).toThrow('boom');
    expect(a.draws.length).toBe(1);
  });
});

describe('render() with unchanged scales', () => {
  const ticks = (c: Chart) => [...c.svg.node()!.querySelectorAll('.axis-x .tick')];

  it('draws only the layers set since, and keeps the axes it has', () => {
    const c = chart(), a = counting(), b = counting(), b2 = counting();
    c.set('a', a);
    c.set('b', b);
    const before = ticks(c);
    batchCharts(() => {
      c.set('b', b2);
      c.setDomain([0, 1]); // the same domain, as figures set it on every draw
      c.render();
    });
    expect(a.draws).toEqual([[0, 1]]); // not drawn again
    expect(b2.draws).toEqual([[0, 1]]);
    expect(ticks(c)).toEqual(before); // the same tick elements: the axes were not redrawn
    c.setDomain([0, 2]);
    c.render();
    expect(a.draws).toEqual([[0, 1], [0, 2]]);
    expect(ticks(c)).not.toEqual(before);
  });

  it('redraws everything when a layer was drawn at other scales in between', () => {
    const c = chart(), a = counting(), b = counting();
    c.set('a', a);
    // a domain set without render(): b is drawn at [0, 5], a stays at [0, 1]
    batchCharts(() => {
      c.setDomain([0, 5]);
      c.set('b', b);
    });
    c.setDomain([0, 1]);
    c.render();
    expect(a.draws).toEqual([[0, 1], [0, 1]]);
    expect(b.draws).toEqual([[0, 5], [0, 1]]);
  });
});
