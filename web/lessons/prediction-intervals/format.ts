/**
 * How the lesson writes its numbers in readouts and captions: shares as percentages (ui/dom's pct), ranks as
 * ordinals (1st, 2nd, 3rd, 11th, 21st …: the conformal threshold is the k-th smallest score).
 */
export { pct } from '../../ui/dom';

/** 1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, 21st … */
export function ordinal(k: number): string {
  const tens = k % 100, ones = k % 10;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ones === 1 ? 'st' : ones === 2 ? 'nd' : ones === 3 ? 'rd' : 'th';
  return `${k}${suffix}`;
}
