// @vitest-environment happy-dom
// How readouts write numbers (web/ui/dom.ts): a minus sign, not a hyphen; no "−0.00"; a dash
// alone where there is no number, never "–%" (a train accuracy before the first step).
import { describe, expect, it } from 'vitest';
import { fmt, pct } from '../../web/ui/dom';

describe('fmt and pct', () => {
  it('writes fixed decimals with a true minus sign and no negative zero', () => {
    expect(fmt(-1.234, 2)).toBe('−1.23');
    expect(fmt(-0.0001, 2)).toBe('0.00');
    expect(fmt(2)).toBe('2.00');
  });

  it('writes shares as percentages with one decimal', () => {
    expect(pct(0.1234)).toBe('12.3%');
    expect(pct(1)).toBe('100.0%');
    expect(pct(-0.05)).toBe('−5.0%');
  });

  it('writes a dash alone for a missing number', () => {
    for (const v of [NaN, Infinity, -Infinity]) {
      expect(fmt(v)).toBe('–');
      expect(pct(v)).toBe('–');
    }
  });
});
