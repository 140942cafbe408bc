/**
 * Gradient descent and heavy-ball momentum on one eigendirection of a quadratic, as formulas.
 * Along a direction of curvature λ the error e_t follows a linear recursion:
 *   gradient descent (torch.optim.SGD):      e_{t+1} = (1 − ηλ) e_t
 *   heavy ball (SGD with momentum μ):        e_{t+1} = (1 + μ − ηλ) e_t − μ e_{t−1}
 * whose characteristic roots z² − (1 + μ − ηλ) z + μ = 0 give the convergence factor per step
 * (the largest |z|) and, when the roots are complex, the ringing: |z| = √μ and a period of
 * 2π / arg z steps (Polyak 1964; Goh, "Why momentum really works", Distill 2017). Pure: the
 * damping figure checks these against the core's own trajectories.
 */

export type Regime = 'underdamped' | 'critical' | 'overdamped' | 'unstable';

export interface Direction {
  /** the largest |root|: the error shrinks by this factor per step in the long run */
  rate: number;
  /** steps per full oscillation: 2π/arg z for complex roots, 2 for a negative real root, Infinity for none */
  period: number;
  regime: Regime;
}

/** Gradient descent on curvature λ: the factor 1 − ηλ; a negative factor flips sides every step (period 2). */
export function gdDirection(eta: number, lambda: number): Direction {
  const f = 1 - eta * lambda;
  const rate = Math.abs(f);
  return { rate, period: f < 0 ? 2 : Infinity, regime: rate >= 1 ? 'unstable' : f < 0 ? 'underdamped' : 'overdamped' };
}

/** Heavy-ball momentum (η, μ) on curvature λ, from the roots of z² − (1 + μ − ηλ) z + μ. */
export function heavyBallDirection(eta: number, mu: number, lambda: number): Direction {
  const b = 1 + mu - eta * lambda;
  const disc = b * b - 4 * mu;
  if (Math.abs(disc) <= 1e-12 * Math.max(1, b * b)) {
    const rate = Math.abs(b) / 2;
    return { rate, period: b < 0 ? 2 : Infinity, regime: rate >= 1 ? 'unstable' : 'critical' };
  }
  if (disc < 0) {
    const rate = Math.sqrt(mu);
    const angle = Math.acos(Math.max(-1, Math.min(1, b / (2 * rate))));
    return { rate, period: (2 * Math.PI) / angle, regime: rate >= 1 ? 'unstable' : 'underdamped' };
  }
  const s = Math.sqrt(disc);
  const z1 = (b + s) / 2, z2 = (b - s) / 2;
  const dominant = Math.abs(z1) >= Math.abs(z2) ? z1 : z2;
  const rate = Math.abs(dominant);
  return { rate, period: dominant < 0 ? 2 : Infinity, regime: rate >= 1 ? 'unstable' : 'overdamped' };
}

/** Largest stable learning rate on curvature λ: 2/λ for gradient descent, 2(1 + μ)/λ with momentum μ. */
export const stabilityBound = (lambda: number, mu = 0) => (2 * (1 + mu)) / lambda;

/**
 * The best heavy-ball settings for curvatures in [λmin, λmax] (condition number κ = λmax/λmin):
 * μ* = ((√κ − 1)/(√κ + 1))², η* = 4/(√λmax + √λmin)², and every direction then converges at √μ*.
 * Gradient descent's best, η = 2/(λmin + λmax), converges at (κ − 1)/(κ + 1).
 */
export function optimalHeavyBall(lambdaMin: number, lambdaMax: number): { eta: number; mu: number; rate: number; gdEta: number; gdRate: number } {
  const k = Math.sqrt(lambdaMax / lambdaMin);
  const mu = ((k - 1) / (k + 1)) ** 2;
  const kappa = lambdaMax / lambdaMin;
  return { eta: 4 / (Math.sqrt(lambdaMax) + Math.sqrt(lambdaMin)) ** 2, mu, rate: Math.sqrt(mu), gdEta: 2 / (lambdaMin + lambdaMax), gdRate: (kappa - 1) / (kappa + 1) };
}

/**
 * The ringing measured on a sequence (the coordinate along one eigendirection, step by step):
 * the period from the mean spacing of sign changes (two per period), and the factor per step
 * from a least-squares line through log|e| at the sequence's local peaks of |e|.
 */
export function measureRinging(e: ArrayLike<number>): { period: number; rate: number; crossings: number } {
  const crossings: number[] = [];
  for (let t = 1; t < e.length; t++) {
    if (e[t - 1] !== 0 && Math.sign(e[t]) !== Math.sign(e[t - 1])) {
      // where the line between the two samples crosses zero
      crossings.push(t - 1 + e[t - 1] / (e[t - 1] - e[t]));
    }
  }
  const period = crossings.length >= 3 ? (2 * (crossings[crossings.length - 1] - crossings[0])) / (crossings.length - 1) : Infinity;
  const peaks: Array<[number, number]> = [];
  for (let t = 1; t + 1 < e.length; t++) {
    const a = Math.abs(e[t]);
    if (a > 0 && a >= Math.abs(e[t - 1]) && a >= Math.abs(e[t + 1])) peaks.push([t, Math.log(a)]);
  }
  let rate = NaN;
  if (peaks.length >= 3) {
    const n = peaks.length;
    const mt = peaks.reduce((s, p) => s + p[0], 0) / n, ml = peaks.reduce((s, p) => s + p[1], 0) / n;
    let num = 0, den = 0;
    for (const [t, l] of peaks) { num += (t - mt) * (l - ml); den += (t - mt) ** 2; }
    rate = Math.exp(num / den);
  }
  return { period, rate, crossings: crossings.length };
}
