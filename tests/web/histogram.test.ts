// Histogram bins (web/ui/layers.ts): d3-array's nice bins over a domain, counted by hand.
import { describe, expect, it } from 'vitest';
import { histogram, histogramBins } from '../../web/ui/layers';

describe('histogramBins', () => {
  it('counts values in 20 bins of width 0.05 over [0, 1], the last one closed, non-finite values left out', () => {
    const bins = histogramBins([0.05, 0.1, 0.12, 0.95, 1, Number.NaN, Infinity], [0, 1], 20);
    expect(bins).toHaveLength(20);
    expect(bins[0]).toEqual({ x0: 0, x1: 0.05, count: 0 });
    expect(bins[1].count).toBe(1);               // 0.05
    expect(bins[2].count).toBe(2);               // 0.1, 0.12
    expect(bins[19]).toMatchObject({ x1: 1, count: 2 });  // 0.95 and 1
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(5);
    expect(histogram([0.05, 0.1, 0.12, 0.95, 1], [0, 1], 20).top).toBe(2);
    expect(histogram([Number.NaN], [0, 1], 20).top).toBe(1); // an empty histogram still has an axis
  });
});
