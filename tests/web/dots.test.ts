// The canvas scatter layers' dot rasteriser (web/ui/dots.ts), against values worked out by hand:
// coverage is r + ½ minus the distance from a pixel's centre to the dot's centre, clamped to
// [0, 1]; one series is the union of its discs; series composite source-over in order.
import { describe, expect, it } from 'vitest';
import { rasterDots } from '../../web/ui/dots';

const W = 7, H = 7;
const image = () => new Uint8ClampedArray(W * H * 4);
const at = (out: Uint8ClampedArray, x: number, y: number) => Array.from(out.subarray(4 * (y * W + x), 4 * (y * W + x) + 4));
const dot = (xs: number[], ys: number[], radius: number, rgb: [number, number, number]) => ({ xs: Float64Array.from(xs), ys: Float64Array.from(ys), radius, rgb });

describe('rasterDots', () => {
  it('covers a pixel by r + ½ minus its centre’s distance, clamped to [0, 1]', () => {
    const out = image();
    // Centre (3.625, 3.625): on the stamp grid, so the distances below are exact.
    rasterDots(out, W, H, [dot([3.625], [3.625], 2, [200, 100, 50])], 1);
    // Pixel (3, 3): centre (3.5, 3.5), distance √(2 · 0.125²) = 0.177 < r − ½: fully covered.
    expect(at(out, 3, 3)).toEqual([200, 100, 50, 255]);
    // Pixel (5, 3): centre (5.5, 3.5), distance √(1.875² + 0.125²) = 1.8792; coverage 2.5 − 1.8792 = 0.6208.
    expect(at(out, 5, 3)[3]).toBe(Math.round(0.6208 * 255));
    expect(at(out, 5, 3).slice(0, 3)).toEqual([200, 100, 50]);
    // Pixel (0, 0): distance √(2 · 3.125²) = 4.42 > r + ½: untouched.
    expect(at(out, 0, 0)).toEqual([0, 0, 0, 0]);
    // Pixel (6, 3): distance 2.879 > 2.5: untouched.
    expect(at(out, 6, 3)).toEqual([0, 0, 0, 0]);
  });

  it('scales coverage by the opacity', () => {
    const out = image();
    rasterDots(out, W, H, [dot([3.625], [3.625], 2, [10, 20, 30])], 0.75);
    expect(at(out, 3, 3)).toEqual([10, 20, 30, Math.round(0.75 * 255)]);
    expect(at(out, 5, 3)[3]).toBe(Math.round(0.75 * 0.6208 * 255));
  });

  it('draws one series as the union of its dots: overlaps do not darken', () => {
    const one = image(), two = image();
    rasterDots(one, W, H, [dot([3.625], [3.625], 2, [0, 0, 255])], 0.5);
    rasterDots(two, W, H, [dot([3.625, 3.625], [3.625, 3.625], 2, [0, 0, 255])], 0.5);
    expect(Array.from(two)).toEqual(Array.from(one));
  });

  it('puts a later series over an earlier one (source-over)', () => {
    const out = image();
    rasterDots(out, W, H, [dot([3.625], [3.625], 2, [255, 0, 0]), dot([3.625], [3.625], 2, [0, 0, 255])], 0.5);
    // Red at α ½, then blue at α ½: α = ½ + ½ · ½ = ¾; colour (blue · ½ + red · ¼) / ¾ = (85, 0, 170).
    // The red layer is stored as bytes first (α 128/255), so each channel may be one step off.
    const expected = [85, 0, 170, 0.75 * 255];
    at(out, 3, 3).forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1));
  });

  it('clips dots at the image’s edges and skips non-finite centres', () => {
    const out = image();
    rasterDots(out, W, H, [dot([-0.375, Number.NaN, 100], [3.625, 1, 100], 2, [9, 9, 9])], 1);
    // The dot centred left of the image still covers the first column.
    expect(at(out, 0, 3)).toEqual([9, 9, 9, 255]);
    expect(at(out, 3, 3)).toEqual([0, 0, 0, 0]);
    expect(Array.from(out).filter((v, i) => i % 4 === 3 && v > 0).length).toBeGreaterThan(0);
  });

  it('starts every call clean (its scratch space holds nothing from the last one, even at opacity 0)', () => {
    const empty = dot([], [], 1, [0, 0, 0]);
    rasterDots(image(), W, H, [empty, dot([3.625], [3.625], 2, [9, 9, 9])], 0);
    const out = image();
    rasterDots(out, W, H, [empty, dot([3.625], [3.625], 1, [9, 9, 9])], 1);
    // Pixel (4, 3): distance √(0.875² + 0.125²) = 0.8839 from the centre; coverage 1.5 − 0.8839 = 0.6161.
    expect(at(out, 4, 3)).toEqual([9, 9, 9, Math.round(0.6161 * 255)]);
  });

  it('rejects an image of the wrong size', () => {
    expect(() => rasterDots(new Uint8ClampedArray(10), W, H, [], 1)).toThrow(/7 × 7/);
  });
});
