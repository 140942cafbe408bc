/**
 * How the lesson writes its numbers in readouts and captions: shares as percentages, ranks as
 * ordinals (1st, 2nd, 3rd, 11th, 21st …: the conformal threshold is the k-th smallest score).
 */
import { fmt } from '../../ui/dom';

/** A share as a percentage with one decimal. */
export const pct = (v: number): string => `${fmt(100 * v, 1)}%`;

/** 1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, 21st … */
export function ordinal(k: number): string {
  const tens = k % 100, ones = k % 10;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ones === 1 ? 'st' : ones === 2 ? 'nd' : ones === 3 ? 'rd' : 'th';
  return `${k}${suffix}`;
}
