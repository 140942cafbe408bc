/**
 * "Copy as code" for the two optimizer lessons: a racer's run, as the lesson asks engine.optimize
 * for it (options.ts), becomes a 'trajectory' run of the shared generator; its noise, when on,
 * the lab's own draws as data columns. The figures' code hooks build their specs from these.
 */
import type { AsyncLossLab, OptimizeResult } from 'loss-lab';
import { ident, py, registerRunKind, type ExtraRun, type Headline } from '../shared/code';
import type { Direction } from './damping';
import { noiseColumns, trajectoryRun, type TrajectoryRun } from '../shared/code-trajectory';
import { optimizeOptions, pointCount, surfaceInfo, type RaceSettings } from './options';
import { RACER_LABELS, type Racer } from './params';

export interface RacerCode {
  run: TrajectoryRun;
  /** the noise draws the run reads, one pair of columns per seed */
  columns: Record<string, Float64Array>;
}

type Rest = Omit<TrajectoryRun, 'kind' | 'surface' | 'surfaceParams' | 'bound' | 'optimizer' | 'params' | 'schedule' | 'start' | 'steps' | 'noise'>;

/**
 * A racer's run as the lesson makes it (seed offsets as in raceRuns: `seedOffsets` lists the noise
 * seeds, one run per seed for a 'seeds' report), with `rest` (label, report, expected numbers).
 * Noise columns hold s.steps draws whatever the run's steps, so every column of a spec has one length.
 */
export async function racerCode(engine: AsyncLossLab, s: RaceSettings, racer: Racer, rest: Rest,
  options: { lr?: number; steps?: number; seedOffsets?: number[] } = {}): Promise<RacerCode> {
  const base = optimizeOptions(racer, s, { lr: options.lr, steps: options.steps });
  const info = surfaceInfo(engine, s.surface);
  const columns: Record<string, Float64Array> = {};
  const noise: Array<[string, string]> = [];
  if (s.noise > 0) {
    for (const offset of options.seedOffsets ?? [0]) {
      const seed = s.seed + offset;
      const prefix = `noise_seed_${seed}`;
      if (!(`${prefix}_x` in columns)) Object.assign(columns, await noiseColumns(engine, { std: s.noise, seed }, s.steps, prefix));
      noise.push([`${prefix}_x`, `${prefix}_y`]);
    }
  }
  const seeds = (options.seedOffsets ?? [0]).map((o) => s.seed + o);
  const note = `${rest.label}: ${RACER_LABELS[racer]}, ${base.steps} steps`
    + (s.noise > 0 ? `, gradient noise sigma = ${s.noise} (the lab's draws for seed${seeds.length > 1 ? 's' : ''} ${seeds.join(', ')})` : ', the exact gradient');
  const run = trajectoryRun(info, base, { note, ...rest, ...(noise.length ? { noise } : {}) });
  return { run, columns };
}

/** What the race's status line shows for a run at step `t`: the point and value there, or where it diverged. */
export function shownAt(r: OptimizeResult, t: number, offset = 0): { steps: number; expect: Headline[] } {
  const n = pointCount(r);
  if (r.divergence.diverged && t >= n - 1) return { steps: r.divergence.step, expect: [{ name: 'diverged at step', value: r.divergence.step }] };
  const i = Math.min(t, n - 1);
  return { steps: i, expect: [{ name: 'x', value: r.path[2 * i] }, { name: 'y', value: r.path[2 * i + 1] }, { name: 'value', value: r.loss[i] - offset }] };
}

/** Every column of the racers' codes together (shared seeds once). */
export const mergeColumns = (codes: readonly RacerCode[]) => Object.assign({}, ...codes.map((c) => c.columns)) as Record<string, Float64Array>;

/**
 * Run kind 'heavy-ball': gradient descent and heavy-ball momentum along one direction of a
 * quadratic, from the roots of their linear recursions (closed form, 1e-6): GD's factor |1 − ηλ|,
 * momentum's largest root modulus of z² − (1 + μ − ηλ)z + μ and its period 2π/|arg z| (−1: none).
 */
export interface HeavyBallRun extends ExtraRun {
  kind: 'heavy-ball';
  /** gradient descent's lr, momentum's lr and μ, and the direction's curvature λ */
  etaGd: number;
  eta: number;
  mu: number;
  lambda: number;
}

registerRunKind<HeavyBallRun>('heavy-ball', {
  tolerance: 'closed-form',
  defines: () => ({
    heavy_ball: [
      'def heavy_ball(eta, mu, lam):',
      '    """Momentum (torch.optim.SGD with momentum mu, no dampening) along a direction of curvature lam:',
      '    the error follows e[t+1] = (1 + mu - eta lam) e[t] - mu e[t-1], whose characteristic roots',
      '    z^2 - (1 + mu - eta lam) z + mu = 0 give the factor per step (the largest |z|) and, when z is',
      '    not a positive real, the period of the ringing 2 pi / |arg z| in steps (-1: it does not ring)."""',
      '    roots = np.roots([1.0, -(1 + mu - eta * lam), mu])',
      '    z = roots[np.argmax(np.abs(roots))]',
      '    angle = abs(np.angle(z))',
      '    return abs(z), (2 * math.pi / angle if angle > 1e-9 else -1.0)',
    ].join('\n'),
  }),
  render(run) {
    const name = ident(run.label);
    return [
      `# ${run.label}: curvature lambda = ${run.lambda}; gradient descent lr ${run.etaGd}, momentum lr ${run.eta} and mu ${run.mu}.`,
      `${name}_factor, ${name}_period = heavy_ball(eta=${py(run.eta)}, mu=${py(run.mu)}, lam=${py(run.lambda)})`,
      `print(f"${run.label}  gradient descent factor = {abs(1 - ${py(run.etaGd)} * ${py(run.lambda)}):.12g}  momentum factor = {${name}_factor:.12g}  period = {${name}_period:.12g}")`,
    ];
  },
});

/** The headlines of a direction of the damping figure: the formulas' numbers (a period only where it rings). */
export function heavyBallRun(label: string, etaGd: number, eta: number, mu: number, lambda: number, gd: Direction, hb: Direction): HeavyBallRun {
  const expect: Headline[] = [{ name: 'gradient descent factor', value: gd.rate }, { name: 'momentum factor', value: hb.rate }];
  // At critical damping the two roots meet and their angle is rounding noise: no period to compare.
  if (hb.regime !== 'critical') expect.push({ name: 'period', value: Number.isFinite(hb.period) ? hb.period : -1 });
  return { kind: 'heavy-ball', label, etaGd, eta, mu, lambda, expect };
}

/** Run kind 'heavy-ball-tuning': the best heavy ball for curvatures in [1, κ] and the stability bounds, as formulas (1e-6). */
export interface TuningRun extends ExtraRun {
  kind: 'heavy-ball-tuning';
  kappa: number;
  mu: number;
}

registerRunKind<TuningRun>('heavy-ball-tuning', {
  tolerance: 'closed-form',
  render(run) {
    return [
      `# ${run.label}: for curvatures from 1 to kappa = ${run.kappa} (Polyak 1964), mu* = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2 and`,
      '# eta* = 4 / (sqrt(kappa) + 1)^2 put every direction at or inside critical damping, all converging at sqrt(mu*).',
      '# Across the valley (curvature kappa) gradient descent is stable for lr < 2 / kappa, momentum mu for lr < 2 (1 + mu) / kappa.',
      `kappa, mu = ${py(run.kappa)}, ${py(run.mu)}`,
      'tuned_mu = ((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2',
      'tuned_eta = 4 / (math.sqrt(kappa) + 1) ** 2',
      `print(f"${run.label}  tuned mu = {tuned_mu:.12g}  tuned eta = {tuned_eta:.12g}  tuned factor = {math.sqrt(tuned_mu):.12g}  gradient descent bound = {2 / kappa:.12g}  momentum bound = {2 * (1 + mu) / kappa:.12g}")`,
    ];
  },
});

/**
 * Run kind 'adam-bias': Adam's bias correction, which torch.optim.Adam always applies (there is no
 * switch), as formulas. From the first step of a trajectory run rendered before it (`first`, its
 * label): torch's corrected first step, and the uncorrected one written out, lr (1 − β₁) g /
 * (√(1 − β₂) |g| + ε) per coordinate (plus AdamW's decay lr·λ·θ₀); then the ratio (1 − β₁ᵗ)/√(1 − β₂ᵗ) of the two step lengths
 * under a constant gradient: its peak, the step of the peak, and its value at step `last`.
 */
export interface AdamBiasRun extends ExtraRun {
  kind: 'adam-bias';
  first: string;
  lr: number;
  /** AdamW's decoupled weight decay (0 for Adam), which shrinks the start point by lr × decay */
  weightDecay: number;
  start: [number, number];
  beta1: number;
  beta2: number;
  eps: number;
  last: number;
}

registerRunKind<AdamBiasRun>('adam-bias', {
  tolerance: 'closed-form',
  render(run) {
    const first = ident(run.first);
    return [
      `# ${run.label}: torch.optim.Adam always corrects m and v for their start at zero; without the correction the`,
      '# first step would be lr (1 - beta1) g / (sqrt(1 - beta2) |g| + eps) per coordinate (no torch equivalent: the formula).',
      ...(run.weightDecay ? ['# AdamW first shrinks the point by lr * weight_decay (decoupled decay), with or without the correction.'] : []),
      `beta1, beta2, eps, lr, weight_decay = ${py(run.beta1)}, ${py(run.beta2)}, ${py(run.eps)}, ${py(run.lr)}, ${py(run.weightDecay)}`,
      `g, theta0 = np.array(${first}.grads[0]), np.array([${py(run.start[0])}, ${py(run.start[1])}])`,
      `corrected = math.hypot(*${first}.steps_taken[0])`,
      'uncorrected = float(np.linalg.norm(lr * weight_decay * theta0 + lr * (1 - beta1) * g / (math.sqrt(1 - beta2) * np.abs(g) + eps)))',
      `ratio = np.array([(1 - beta1 ** t) / math.sqrt(1 - beta2 ** t) for t in range(1, ${run.last + 1})])`,
      `print(f"${run.label}  first step ratio = {uncorrected / corrected:.12g}  peak = {ratio.max():.12g}  peak step = {int(ratio.argmax()) + 1}  last = {ratio[-1]:.12g}")`,
    ];
  },
});
