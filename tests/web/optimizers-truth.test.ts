// The numbers the two optimizer lessons state, against hand-derived values: heavy-ball roots
// (modulus, period, critical damping, the tuned η* and μ*), the stability bounds, the ringing
// measured on the core's own momentum run, Adam's uncorrected/corrected step ratio measured on the
// core, the redirect of old links, the sweep grid and the annealing table's median.
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, type LossLab } from 'loss-lab';
import { defaults } from '../../web/state/params';
import { gdDirection, heavyBallDirection, measureRinging, optimalHeavyBall, stabilityBound } from '../../web/lessons/optimizers/damping';
import { optimizeOptions, settingsFrom, CORE_SETTINGS_KEYS } from '../../web/lessons/optimizers/options';
import { fullParams, MOVED_KEYS, params } from '../../web/lessons/optimizers/params';
import { redirect } from '../../web/lessons/optimizers/lesson';
import { params as lrParams } from '../../web/lessons/lr-schedules/params';
import { SWEEP_GRID } from '../../web/lessons/lr-schedules/figures/sweep';
import { median } from '../../web/lessons/lr-schedules/figures/noise';

let lab: LossLab;
beforeAll(async () => {
  lab = await createLossLab();
});

describe('heavy-ball roots on one eigendirection', () => {
  it('at η = 0.01, μ = 0.9, λ = 50 the roots are complex: modulus √0.9 = 0.9487, period 2π/acos(1.4/(2√0.9)) = 8.48 steps', () => {
    const d = heavyBallDirection(0.01, 0.9, 50);
    expect(d.regime).toBe('underdamped');
    expect(d.rate).toBeCloseTo(Math.sqrt(0.9), 12);
    // by hand: b = 1 + 0.9 − 0.5 = 1.4; cos θ = 1.4 / 1.897367 = 0.737865; θ = 0.740895 rad (numpy.roots agrees)
    expect(d.period).toBeCloseTo((2 * Math.PI) / 0.740895, 3);
    expect(d.period).toBeCloseTo(8.4805, 3);
  });
  it('along the floor (λ = 1) it is under-damped too, period 71.28 steps', () => {
    const d = heavyBallDirection(0.01, 0.9, 1);
    expect(d.regime).toBe('underdamped');
    expect(d.period).toBeGreaterThan(71);
    expect(d.period).toBeLessThan(71.6);
  });
  it('critical damping at ηλ = (1 − √μ)²: a double root √μ; over-damped below it', () => {
    const mu = 0.81, lambda = 4, eta = (1 - 0.9) ** 2 / lambda;
    const d = heavyBallDirection(eta, mu, lambda);
    expect(d.regime).toBe('critical');
    expect(d.rate).toBeCloseTo(0.9, 9);
    const over = heavyBallDirection(eta / 2, mu, lambda);
    expect(over.regime).toBe('overdamped');
    expect(over.rate).toBeGreaterThan(0.9);
  });
  it('gradient descent: factor |1 − ηλ|, a negative factor flips every step', () => {
    expect(gdDirection(0.03, 50)).toEqual({ rate: 0.5, period: 2, regime: 'underdamped' });
    expect(gdDirection(0.03, 1).rate).toBeCloseTo(0.97, 12);
    expect(gdDirection(0.045, 50).regime).toBe('unstable');
  });
  it('the tuned heavy ball for κ = 50: μ* = 0.5658, η* = 0.06140, rate 0.7522; every direction in [1, κ] converges at √μ*', () => {
    const b = optimalHeavyBall(1, 50);
    expect(b.mu).toBeCloseTo(((Math.sqrt(50) - 1) / (Math.sqrt(50) + 1)) ** 2, 12);
    expect(b.mu).toBeCloseTo(0.5658, 4);
    expect(b.eta).toBeCloseTo(0.0614, 4);
    expect(b.rate).toBeCloseTo(0.7522, 4);
    for (const lambda of [1, 2, 5, 10, 25, 50]) expect(heavyBallDirection(b.eta, b.mu, lambda).rate).toBeCloseTo(b.rate, 6);
    expect(b.gdRate).toBeCloseTo(49 / 51, 12);
  });
  it('stability bounds: 2/λ for gradient descent, 2(1 + μ)/λ with momentum; the root reaches modulus 1 there', () => {
    expect(stabilityBound(50)).toBe(0.04);
    expect(stabilityBound(50, 0.9)).toBeCloseTo(0.076, 12);
    expect(heavyBallDirection(0.076 * 0.999, 0.9, 50).rate).toBeLessThan(1);
    expect(heavyBallDirection(0.076 * 1.001, 0.9, 50).rate).toBeGreaterThan(1);
  });
  it('measureRinging recovers r and the period from r^t cos(θt + φ)', () => {
    const r = 0.95, theta = (2 * Math.PI) / 8.5;
    const e = Array.from({ length: 150 }, (_, t) => r ** t * Math.cos(theta * t + 0.3));
    const m = measureRinging(e);
    expect(m.period).toBeCloseTo(8.5, 1);
    expect(m.rate).toBeCloseTo(0.95, 2);
  });
});

describe('the core agrees with the formulas', () => {
  it('the race’s momentum run (defaults) rings across the valley with the roots’ period and modulus', () => {
    const s = settingsFrom(defaults(params), CORE_SETTINGS_KEYS);
    const r = lab.optimize(optimizeOptions('momentum', s));
    const v = Array.from({ length: r.path.length / 2 }, (_, i) => r.path[2 * i + 1]); // angle 0: y is the steep direction
    const m = measureRinging(v);
    const d = heavyBallDirection(s.lr.momentum, s.hyper.mu_momentum, s.kappa);
    expect(m.period / d.period).toBeCloseTo(1, 2);
    expect(m.rate / d.rate).toBeCloseTo(1, 2);
  });
  // The steep coordinate (y at angle 0) of a race run, and the first step from which it stays under 0.5 % of its start.
  const steep = (racer: 'momentum' | 'nesterov', tuned?: { eta: number; mu: number }) => {
    const s = settingsFrom(defaults(params), CORE_SETTINGS_KEYS);
    const r = lab.optimize(tuned
      ? optimizeOptions(racer, { ...s, hyper: { ...s.hyper, mu_momentum: tuned.mu } }, { lr: tuned.eta })
      : optimizeOptions(racer, s));
    return Array.from({ length: r.path.length / 2 }, (_, i) => r.path[2 * i + 1]);
  };
  const settled = (v: number[]) => {
    let t = v.length;
    while (t > 0 && Math.abs(v[t - 1]) < 0.005 * Math.abs(v[0])) t--;
    return t;
  };
  it('the text: Nesterov damps the swing across the valley within about a dozen steps, momentum in about a hundred (defaults)', () => {
    const s = settingsFrom(defaults(params), CORE_SETTINGS_KEYS);
    expect(s.lr.nesterov).toBe(s.lr.momentum); // "at the default η and μ": the same for both
    expect(s.hyper.mu_nesterov).toBe(s.hyper.mu_momentum);
    expect(settled(steep('nesterov'))).toBeLessThanOrEqual(15);
    expect(settled(steep('momentum'))).toBeGreaterThanOrEqual(80);
    // modulus √(μ(1 − ηλ)) ≈ 0.67 against √μ ≈ 0.95
    expect(Math.sqrt(s.hyper.mu_momentum * (1 - s.lr.momentum * s.kappa))).toBeCloseTo(0.67, 2);
  });
  it('the text: the tuned heavy ball (η*, μ* as the button sets them) first swings to about 2.6 times the start, and is under 0.5 % by about step 25', () => {
    const best = optimalHeavyBall(1, 50);
    const v = steep('momentum', { eta: Number(best.eta.toPrecision(3)), mu: Number(best.mu.toFixed(2)) });
    const peak = Math.max(...v.map(Math.abs)) / Math.abs(v[0]);
    expect(peak).toBeGreaterThan(2.2);
    expect(peak).toBeLessThan(3);
    expect(settled(v)).toBeGreaterThanOrEqual(20);
    expect(settled(v)).toBeLessThanOrEqual(30);
  });
  it('momentum diverges just above 2(1 + μ)/κ and converges just below; gradient descent at 2/κ', () => {
    const s = settingsFrom(defaults(params), CORE_SETTINGS_KEYS);
    const run = (racer: 'sgd' | 'momentum', lr: number) => lab.optimize(optimizeOptions(racer, s, { lr, steps: 600 })).divergence.diverged;
    expect(run('momentum', 0.076 * 0.97)).toBe(false);
    expect(run('momentum', 0.076 * 1.03)).toBe(true);
    expect(run('sgd', 0.04 * 0.97)).toBe(false);
    expect(run('sgd', 0.04 * 1.03)).toBe(true);
  });
  it('Adam’s uncorrected ÷ corrected step under a (nearly) constant gradient is (1 − β₁ᵗ)/√(1 − β₂ᵗ): 3.16 at t = 1, 6.57 at t = 12 (the peak), 1.258 at t = 1000', () => {
    const s = settingsFrom(defaults(params), CORE_SETTINGS_KEYS);
    const on = lab.optimize(optimizeOptions('adam', { ...s, bias: true }, { lr: 1e-6, steps: 1000 }));
    const off = lab.optimize(optimizeOptions('adam', { ...s, bias: false }, { lr: 1e-6, steps: 1000 }));
    const ratio = (t: number) => Math.hypot(off.step[2 * t - 2], off.step[2 * t - 1]) / Math.hypot(on.step[2 * t - 2], on.step[2 * t - 1]);
    const formula = (t: number) => (1 - 0.9 ** t) / Math.sqrt(1 - 0.999 ** t);
    expect(formula(1)).toBeCloseTo(0.1 / Math.sqrt(0.001), 12);
    let peak = 0, at = 0;
    for (let t = 1; t <= 1000; t++) if (formula(t) > peak) { peak = formula(t); at = t; }
    expect(at).toBe(12);
    expect(peak).toBeCloseTo(6.57, 2);
    expect(formula(1000)).toBeCloseTo(1.2576, 3);
    for (const t of [1, 12, 100, 1000]) expect(ratio(t) / formula(t)).toBeCloseTo(1, 3);
  });
});

describe('the split', () => {
  it('an old link with a moved key goes to lr-schedules with its state and the old defaults of moved keys', () => {
    const to = redirect(new URLSearchParams('lesson=optimizers&schedule=cosine&lr_sgd=0.02'))!;
    expect(to.slug).toBe('lr-schedules');
    expect(to.source.get('schedule')).toBe('cosine');
    expect(to.source.get('lr_sgd')).toBe('0.02');
    expect(to.source.get('noise')).toBe('0'); // the old default, not lr-schedules' σ = 2
    expect(to.source.get('seeds')).toBe('4');
    expect(to.source.has('lesson')).toBe(false);
    expect(redirect({ noise: '3' })!.source.get('noise')).toBe('3');
  });
  it('a link with only the keys that stayed stays', () => {
    expect(redirect(new URLSearchParams('kappa=20&angle=45&t=30'))).toBeUndefined();
    expect(redirect({})).toBeUndefined();
  });
  it('the two tables: optimizers has no moved key; lr-schedules has every moved key, noise on by default', () => {
    for (const k of MOVED_KEYS) {
      expect(params.some((p) => p.name === k)).toBe(false);
      expect(lrParams.some((p) => p.name === k)).toBe(true);
    }
    expect(params.length + MOVED_KEYS.length).toBe(fullParams.length);
    expect(defaults(lrParams).noise).toBe(2);
    expect(defaults(lrParams).seeds).toBe(4);
  });
  it('the sweep grid runs from 1e-5 to 1000, four points per decade', () => {
    expect(SWEEP_GRID.length).toBe(33);
    expect(SWEEP_GRID[0]).toBe(1e-5);
    expect(SWEEP_GRID[32]).toBe(1000);
    expect(SWEEP_GRID[24]).toBe(10);
  });
  it('median of an even and an odd list', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
