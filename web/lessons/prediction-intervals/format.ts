/**
 * Ranks as ordinals in the lesson's readouts and captions (the conformal threshold is the k-th
 * smallest score). Shares as percentages use ui/dom's pct, as in every lesson.
 */

/** 1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, 21st … */
export function ordinal(k: number): string {
  const tens = k % 100, ones = k % 10;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ones === 1 ? 'st' : ones === 2 ? 'nd' : ones === 3 ? 'rd' : 'th';
  return `${k}${suffix}`;
}
