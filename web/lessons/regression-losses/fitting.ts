/**
 * The DOM-free work behind the fits and pull figures. For the fits figure: the line each loss
 * fits to the learner's points (and to the unedited points, to say how far the edits moved it),
 * the robust noise scale σ̂ that puts δ in units of the noise, a wait a newer state cancels, and
 * the plotting window around a learner's own cloud. For the pull figure: the balance of the pulls
 * at a fitted line. The figures orchestrate, stream and draw; this module only computes.
 */
import type { AsyncLossLab } from 'loss-lab';
import { abortError, fitLine, ITERATIONS, type FitRequest, type LineFit, type TrainingFrames } from '../shared/fit';
import { ownData } from '../shared/own-data';
import { isEdited, learnerPoints, lossParams, type Points } from './data';
import { LINE_LOSSES, type LineLoss, type State } from './params';

/** Iterations per frame of the training animation (and per press of Step). */
export const EVERY = 10;

/**
 * scikit-learn's HuberRegressor minimises Σ σ + σ·H_ε(r/σ) over the line and σ together. With
 * N(0, σ²) residuals, the σ-stationarity condition P(|z| < εs) − E[z²; |z| < εs]/s² + P(|z| > εs)(1 − ε²) = 0
 * has its root at s = 0.681 for ε = 1.35, so the threshold is ε·s·σ = 0.920 σ (docs/known-errors.md, entry 1).
 */
export const SKLEARN_HUBER_THRESHOLD = 0.92;

export interface FitsData {
  /** One object per computation: its first (lines only) and final (with frames) results share it. */
  run: object;
  base: { x: Float64Array; y: Float64Array };
  points: Points;
  delta: number;
  tau: number;
  /** A robust estimate of the noise σ: MAD/0.6745 of the residuals of the Huber line. */
  sigma: number;
  shown: LineLoss[];
  /** The learner's own data in use (its id), or null for the lab's. */
  owndata: string | null;
  /** Every shown loss, plus MSE and Huber (the goal compares them). */
  fits: Partial<Record<LineLoss, LineFit>>;
  /** Slope minus the slope on the unedited data, when the data was edited. */
  moved?: Partial<Record<LineLoss, number>>;
  /** The training of each shown line, frame by frame (once complete). */
  frames: Partial<Record<LineLoss, TrainingFrames>>;
  frameCount: number;
  complete: boolean;
}

/** The median absolute deviation of the residuals over 0.6745: the noise σ, robust to the +50 points. */
export function robustSigma(x: ArrayLike<number>, y: ArrayLike<number>, fit: LineFit): number {
  const abs = Array.from(y, (v, i) => Math.abs(v - fit.slope * x[i] - fit.intercept)).sort((a, b) => a - b);
  if (!abs.length) return 0;
  const m = abs.length >> 1;
  return (abs.length % 2 ? abs[m] : (abs[m - 1] + abs[m]) / 2) / 0.6745;
}

/** One loss's fit of (x, y) under the state's δ (Huber) or τ (quantile). */
export const lineRequest = (loss: LineLoss, s: { delta: number; tau: number }, x: Float64Array, y: Float64Array): FitRequest => ({ loss, params: lossParams(loss, s), x, y });

/**
 * The fits figure's first result: the points, and the line of every shown loss plus MSE and
 * Huber, with no training frames yet (the figure adds them once the learner rests on a state).
 */
export async function fittedLines(engine: AsyncLossLab, s: Pick<State, 'seed' | 'outliers' | 'owndata' | 'show' | 'delta' | 'tau' | 'moves' | 'added' | 'removed'>, signal: AbortSignal): Promise<FitsData> {
  const { base, points } = await learnerPoints(engine, s);
  const shown = LINE_LOSSES.filter((l) => s.show.includes(l));
  // Every shown loss, plus MSE and Huber: the goal compares how far the edits moved them.
  const needed = LINE_LOSSES.filter((l) => shown.includes(l) || l === 'mse' || l === 'huber');
  // Always from the same start: a shared link must reproduce the sender's lines exactly,
  // whatever path of drags led there.
  const [fitted, pristine] = await Promise.all([
    Promise.all(needed.map((l) => fitLine(engine, lineRequest(l, s, points.x, points.y), signal))),
    // The same losses on the unedited data, to show how far the edits swung each line.
    isEdited(s) ? Promise.all(needed.map((l) => fitLine(engine, lineRequest(l, s, base.x, base.y), signal))) : undefined,
  ]);
  const fits: FitsData['fits'] = Object.fromEntries(needed.map((l, i) => [l, fitted[i]]));
  const moved = pristine && Object.fromEntries(needed.map((l, i) => [l, fitted[i].slope - pristine[i].slope]));
  const sigma = robustSigma(points.x, points.y, fits.huber!);
  return {
    run: {}, base: { x: base.x, y: base.y }, points, delta: s.delta, tau: s.tau, sigma, shown, fits, moved, owndata: ownData(s.owndata) ? s.owndata : null,
    frames: {}, frameCount: shown.length ? Math.ceil(ITERATIONS / EVERY) + 1 : 1, complete: false,
  };
}

/** Waits `ms`, or rejects with an AbortError as soon as the signal aborts. */
export const rest = (ms: number, signal: AbortSignal) => new Promise<void>((resolve, reject) => {
  if (signal.aborted) return reject(abortError());
  const timer = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(timer); reject(abortError()); }, { once: true });
});

/** The range of the values with 5% room on each side (a unit around a constant). */
export function extent(values: ArrayLike<number>): readonly [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) { lo = Math.min(lo, values[i]); hi = Math.max(hi, values[i]); }
  if (!Number.isFinite(lo)) return [0, 1];
  const pad = hi > lo ? 0.05 * (hi - lo) : 1;
  return [lo - pad, hi + pad];
}

export interface Balance {
  sum: number;
  moment: number;
  scale: number;
  /** Points within ON_LINE of the line: where MAE's or the quantile loss's pull is any value in a range. */
  onLine: number[];
  /**
   * The sums over the other points, and pulls on the on-line points that cancel them: the only
   * ones for two points; for more, pulls inside `box` when some exist, else the smallest.
   */
  offSum: number;
  offMoment: number;
  solved?: number[];
}

/** A residual this small (in units of y) counts as on the line: the training ends within 1e-4 of its kinks. */
export const ON_LINE = 1e-3;

/** Σψᵢ and Σxᵢψᵢ, with Σ|xᵢψᵢ| for scale; and, for the points on the line, the pulls that balance the rest. */
export function pullBalance(x: ArrayLike<number>, pull: ArrayLike<number>, residual: ArrayLike<number>, box?: readonly [number, number]): Balance {
  let sum = 0, moment = 0, scale = 0, offSum = 0, offMoment = 0;
  const onLine: number[] = [];
  for (let i = 0; i < x.length; i++) {
    sum += pull[i];
    moment += x[i] * pull[i];
    scale += Math.abs(x[i] * pull[i]);
    if (Math.abs(residual[i]) < ON_LINE) onLine.push(i);
    else { offSum += pull[i]; offMoment += x[i] * pull[i]; }
  }
  // Σψⱼ = −offSum and Σxⱼψⱼ = −offMoment over the on-line points j: with A = [1 …; xⱼ …],
  // ψ = Aᵀz where (AAᵀ)z = (−offSum, −offMoment). Unique for two points, the smallest norm for more.
  let solved: number[] | undefined;
  if (onLine.length >= 2) {
    let sx = 0, sxx = 0;
    for (const i of onLine) { sx += x[i]; sxx += x[i] * x[i]; }
    const k = onLine.length, det = k * sxx - sx * sx;
    if (det > 1e-12 * Math.max(1, k * sxx)) {
      const z0 = (-offSum * sxx + offMoment * sx) / det;
      const z1 = (-offMoment * k + offSum * sx) / det;
      solved = onLine.map((i) => z0 + z1 * x[i]);
    }
    if (box && solved && onLine.length > 2 && !solved.every((v) => v >= box[0] - 1e-9 && v <= box[1] + 1e-9)) {
      solved = boxedBalance(onLine.map((i) => x[i]), -offSum, -offMoment, box) ?? solved;
    }
  }
  return { sum, moment, scale, onLine, offSum, offMoment, solved };
}

/**
 * Pulls ψⱼ in [lo, hi] with Σψⱼ = sum and Σxⱼψⱼ = moment, if any exist. Two equations: some
 * solution (a vertex of the feasible set) has every pull but two at a bound, so each pair is tried
 * with the others at lo or hi. Small k only (the points on a line: a handful).
 */
function boxedBalance(xs: number[], sum: number, moment: number, [lo, hi]: readonly [number, number]): number[] | undefined {
  const k = xs.length;
  if (k > 12) return undefined;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      if (Math.abs(xs[b] - xs[a]) < 1e-12) continue;
      const others = xs.map((_, j) => j).filter((j) => j !== a && j !== b);
      for (let mask = 0; mask < 1 << others.length; mask++) {
        const psi = new Array<number>(k).fill(0);
        let s = sum, m = moment;
        others.forEach((j, t) => { psi[j] = mask & (1 << t) ? hi : lo; s -= psi[j]; m -= xs[j] * psi[j]; });
        // ψa + ψb = s and xa ψa + xb ψb = m
        psi[b] = (m - xs[a] * s) / (xs[b] - xs[a]);
        psi[a] = s - psi[b];
        if (psi[a] >= lo - 1e-9 && psi[a] <= hi + 1e-9 && psi[b] >= lo - 1e-9 && psi[b] <= hi + 1e-9) return psi;
      }
    }
  }
  return undefined;
}
