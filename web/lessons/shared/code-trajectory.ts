/**
 * "Copy as code" run kind 'trajectory': a torch.optim optimizer (and lr_scheduler) on one of the
 * core's 2-D surfaces, as engine.optimize runs it. The surface is written from the core's surface
 * registry (its name and parameters, every one named, defaults from the registry), the optimizer
 * and schedule by their torch names (code.ts), and the run stops as diverged where the lab stops
 * it: when |x| or |y| leaves the surface's box or the value is not finite. Gradient noise is the
 * lab's own draws (its seeded generator is not torch's), exported as data columns and added to
 * the gradient step by step. Reports: the final point and value; seeds (the median final value
 * over the noise draws, and on how many seeds it ends lower than a paired run); a learning-rate
 * sweep (the best lr and final value); or only whether the run diverges. Imported by the figures
 * that use it, it registers itself.
 */
import type { AsyncLossLab, OptimizeOptions, OptimizerName, OptimizerParams, Schedule, SurfaceInfo } from 'loss-lab';
import { ident, optimizerCall, py, registerRunKind, schedulerCall, type ExtraRun } from './code';
import { WARMUP_QUIET } from './code-schedule';

export interface TrajectoryRun extends ExtraRun {
  kind: 'trajectory';
  surface: string;
  /** Every parameter of the surface by its registry name. */
  surfaceParams: Record<string, number>;
  /** The surface's box: a run that leaves |x|, |y| <= bound stops as diverged. */
  bound: number;
  optimizer: OptimizerName;
  params: OptimizerParams;
  schedule?: Schedule;
  start: [number, number];
  steps: number;
  /** Subtracted from the printed values (the figure shows loss − minimum). */
  offset?: number;
  /** One pair of data columns (x, y) per noise seed: the lab's noise added to the gradient at each step. */
  noise?: Array<[string, string]>;
  /**
   * 'point': x, y, value (and `diverged at step`); 'diverges': 1 or 0; 'seeds': the median final
   * value over the noise seeds (a diverged seed ends at infinity), with `pairedWith` the number of
   * seeds on which this run ends lower than that run's; 'sweep': every lr of `lrs` in turn.
   */
  report: 'point' | 'diverges' | 'seeds' | 'sweep';
  pairedWith?: string;
  lrs?: number[];
  /** 'sweep': a final value below this is the minimum to rounding error (ties). */
  solved?: number;
  /** 'point': also print the first step at which value − offset <= tolerance (-1: never). */
  tolerance?: number;
  /** 'point': also print the gradient and the step Δθ taken at this step index. */
  inspect?: number;
  note?: string;
}

/**
 * Each surface as a torch function of x and y, keyed by the core registry's name; its parameters
 * (keyword arguments) by the registry's names. The same formulas as the registry's `latex`.
 */
const SURFACE_PYTHON: Record<string, { args: string[]; body: string[] }> = {
  rosenbrock: { args: ['a', 'b'], body: ['return (a - x) ** 2 + b * (y - x ** 2) ** 2'] },
  beale: { args: [], body: ['return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2'] },
  himmelblau: { args: [], body: ['return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2'] },
  saddle: { args: [], body: ['return x ** 2 - y ** 2'] },
  quadratic: {
    args: ['kappa', 'angle'],
    body: [
      '# The bowl 1/2 (u^2 + kappa v^2) in coordinates turned by `angle` degrees: v is the steep direction.',
      'c, s = math.cos(angle * math.pi / 180), math.sin(angle * math.pi / 180)',
      'u, v = x * c + y * s, -x * s + y * c',
      'return 0.5 * (u * u + kappa * v * v)',
    ],
  },
  camel: { args: [], body: ['return (4 - 2.1 * x ** 2 + x ** 4 / 3) * x ** 2 + x * y + (-4 + 4 * y ** 2) * y ** 2'] },
};

const surfaceFunction = (name: string) => `${name}_surface`;

/** A stand-in lr, written where a sweep's loop variable `lr` goes (the optimizer's lr, OneCycleLR's max_lr). */
const SWEPT = 1.234567890123e-299;

const DESCEND = [
  'class Descent:',
  '    """One run: the points and values at every step reached, and the step at which it diverged (or None)."""',
  '',
  '    def __init__(self, points, values, diverged_at, grads, steps_taken):',
  '        self.points, self.values, self.diverged_at, self.grads, self.steps_taken = points, values, diverged_at, grads, steps_taken',
  '',
  '    def final(self, offset=0.0):',
  '        """The final value above `offset`; a diverged run ends at infinity (as the lab counts it)."""',
  '        return math.inf if self.diverged_at is not None else self.values[-1] - offset',
  '',
  '',
  'def descend(surface, start, steps, make_optimizer, make_scheduler=None, noise=None, bound=1000.0):',
  '    """torch.optim on a 2-D surface as the lab runs it: `steps` steps from `start`, the gradient',
  '    (plus the lab\'s noise for the step, when given) handed to the optimizer, the scheduler stepped',
  '    after each step. The run stops as diverged when |x| or |y| leaves the box `bound` or the value',
  '    is not finite; the point that left is not kept."""',
  '    theta = torch.tensor(start, requires_grad=True)',
  '    optimizer = make_optimizer([theta])',
  '    scheduler = make_scheduler(optimizer) if make_scheduler else None',
  '    loss = surface(theta[0], theta[1])',
  '    points, values, grads, steps_taken = [tuple(start)], [loss.item()], [], []',
  '    for step in range(steps):',
  '        optimizer.zero_grad()',
  '        loss.backward()',
  '        if noise is not None:',
  '            theta.grad += noise[step]',
  '        grad = tuple(theta.grad.tolist())',
  '        optimizer.step()',
  '        if scheduler is not None:',
  '            scheduler.step()',
  '        loss = surface(theta[0], theta[1])  # the value here, and the graph of the next step\'s gradient',
  '        value = loss.item()',
  '        x, y = theta.tolist()',
  '        if not (math.isfinite(value) and abs(x) <= bound and abs(y) <= bound):',
  '            return Descent(points, values, step + 1, grads, steps_taken)',
  '        grads.append(grad)',
  '        steps_taken.append((x - points[-1][0], y - points[-1][1]))',
  '        points.append((x, y))',
  '        values.append(value)',
  '    return Descent(points, values, None, grads, steps_taken)',
].join('\n');

const DESCEND_SEEDS = [
  'def descend_seeds(surface, start, steps, make_optimizer, make_scheduler=None, noises=(), bound=1000.0, offset=0.0):',
  '    """descend for several noise seeds at once, one row of theta per seed: torch.optim\'s updates act',
  '    element by element, so every row follows its own run exactly as descend would. A row that',
  '    leaves the box is diverged (its final value is infinity), as the lab counts it. Returns each',
  '    seed\'s final value above `offset`."""',
  '    theta = torch.tensor([list(start)] * len(noises), requires_grad=True)',
  '    noise = torch.stack(list(noises), dim=1)  # steps x seeds x 2',
  '    optimizer = make_optimizer([theta])',
  '    scheduler = make_scheduler(optimizer) if make_scheduler else None',
  '    loss = surface(theta[:, 0], theta[:, 1])',
  '    diverged = torch.zeros(len(noises), dtype=torch.bool)',
  '    for step in range(steps):',
  '        optimizer.zero_grad()',
  '        loss.sum().backward()  # each row\'s own gradient: the rows do not touch',
  '        theta.grad += noise[step]',
  '        optimizer.step()',
  '        if scheduler is not None:',
  '            scheduler.step()',
  '        loss = surface(theta[:, 0], theta[:, 1])',
  '        with torch.no_grad():',
  '            diverged |= ~(torch.isfinite(loss) & (theta.abs() <= bound).all(dim=1))',
  '    finals = loss.detach() - offset',
  '    finals[diverged] = math.inf',
  '    return finals.tolist()',
].join('\n');

const NOISE = [
  'def lab_noise(x_draws, y_draws):',
  '    """The lab\'s gradient noise for one seed, one row per step: sigma times its seeded normal draws.',
  '    The lab\'s generator is not torch\'s, so the draws travel with the script as data."""',
  '    return torch.tensor(np.column_stack([x_draws, y_draws]))',
].join('\n');

/** The keyword arguments of a call, by name. */
const keywords = (values: Record<string, number>) => Object.entries(values).map(([k, v]) => `${k}=${py(v)}`).join(', ');

function lines(run: TrajectoryRun, name: string): string[] {
  const surface = SURFACE_PYTHON[run.surface];
  const call = (lr?: number) => {
    const params = lr === undefined ? run.params : { ...run.params, lr };
    const scheduler = schedulerCall(run.schedule, params.lr);
    return [
      `lambda x, y: ${surfaceFunction(run.surface)}(x, y${surface.args.length ? `, ${keywords(run.surfaceParams)}` : ''})`,
      `start=(${py(run.start[0])}, ${py(run.start[1])}), steps=${run.steps}`,
      `make_optimizer=lambda parameters: ${optimizerCall(run.optimizer, params, 'parameters')}`,
      ...(scheduler ? [`make_scheduler=lambda optimizer: ${scheduler}`] : []),
    ];
  };
  const args = (extra: string[], lr?: number) => [...call(lr), ...extra, `bound=${py(run.bound)}`].join(',\n    ');
  const noise = (k: number) => (run.noise?.[k] ? [`noise=lab_noise(${run.noise[k][0]}, ${run.noise[k][1]})`] : []);
  const offset = run.offset ? `offset=${py(run.offset)}` : '';
  const out = [`# ${run.note ?? run.label}`];
  if (run.schedule?.warmup) out.push(...WARMUP_QUIET);
  if (run.schedule?.name === 'one_cycle') {
    out.push('# OneCycleLR cycles the momentum (SGD) or beta1 (Adam) too unless cycle_momentum=False, as the lab does.');
  }
  switch (run.report) {
    case 'point':
    case 'diverges': {
      out.push(`${name} = descend(\n    ${args(noise(0))},\n)`);
      if (run.report === 'diverges') {
        out.push(`print(f"${run.label}  diverges = {int(${name}.diverged_at is not None)}")`);
        break;
      }
      out.push(
        `if ${name}.diverged_at is not None:`,
        `    print(f"${run.label}  diverged at step = {${name}.diverged_at}")`,
        'else:',
        `    x, y = ${name}.points[-1]`,
        `    print(f"${run.label}  x = {x:.12g}  y = {y:.12g}  value = {${name}.values[-1]${run.offset ? ` - ${py(run.offset)}` : ''}:.12g}")`,
      );
      if (run.tolerance !== undefined) {
        out.push(
          `reached = [k for k, v in enumerate(${name}.values) if v - ${py(run.offset ?? 0)} <= ${py(run.tolerance)}]`,
          `print(f"${run.label}  steps to tolerance = {reached[0] if reached else -1}")`,
        );
      }
      if (run.inspect !== undefined) {
        out.push(
          `gx, gy = ${name}.grads[${run.inspect}]`,
          `dx, dy = ${name}.steps_taken[${run.inspect}]`,
          `print(f"${run.label}  gradient x = {gx:.12g}  gradient y = {gy:.12g}  step x = {dx:.12g}  step y = {dy:.12g}")`,
        );
      }
      break;
    }
    case 'seeds': {
      if (!run.noise?.length) throw new Error('a run over seeds needs the noise of each seed');
      const noises = `noises=[\n        ${run.noise.map(([x, y]) => `lab_noise(${x}, ${y})`).join(',\n        ')},\n    ]`;
      out.push(
        `${name}_finals = descend_seeds(\n    ${args([noises, ...(offset ? [offset] : [])])},\n)`,
        `finals["${run.label}"] = ${name}_finals`,
        `print(f"${run.label}  median final = {np.median(${name}_finals):.12g}")`,
      );
      if (run.pairedWith) {
        out.push(
          `# Seed by seed, with the same noise: how often this run ends lower than "${run.pairedWith}".`,
          `lower_on = sum(a < b for a, b in zip(${name}_finals, finals[${JSON.stringify(run.pairedWith)}]))`,
          `print(f"${run.label}  lower on = {lower_on}")`,
        );
      }
      break;
    }
    case 'sweep': {
      if (!run.lrs?.length) throw new Error('a sweep needs learning rates');
      const lrName = `${name}_lrs`;
      out.push(
        `${lrName} = [${run.lrs.map(py).join(', ')}]`,
        `${name}_finals = []`,
        `for lr in ${lrName}:`,
        `    run = descend(\n        ${args(noise(0), SWEPT).split(py(SWEPT)).join('lr').replace(/\n {4}/g, '\n        ')},\n    )`,
        `    ${name}_finals.append(run.final(${offset}))`,
        `best = min(range(len(${lrName})), key=lambda k: ${name}_finals[k])  # the first of equal values, as the lab picks`,
        `diverging = [lr for lr, f in zip(${lrName}, ${name}_finals) if math.isinf(f)]`,
        `print(f"${run.label}  best lr = {${lrName}[best]:.12g}  best final = {${name}_finals[best]:.12g}  smallest diverging lr = {diverging[0] if diverging else -1:.12g}")`,
      );
      if (run.solved !== undefined) {
        out.push(
          `solved = [lr for lr, f in zip(${lrName}, ${name}_finals) if f < ${py(run.solved)}]`,
          `# Below ${run.solved} a run has reached the minimum to rounding error: those learning rates tie.`,
          `print(f"${run.label}  solved count = {len(solved)}  solved from = {solved[0] if solved else -1:.12g}  solved to = {solved[-1] if solved else -1:.12g}")`,
        );
      }
      break;
    }
  }
  return out;
}

registerRunKind<TrajectoryRun>('trajectory', {
  tolerance: 'training',
  imports: (run) => (run.schedule?.warmup ? ['import warnings'] : []),
  defines(run) {
    const surface = SURFACE_PYTHON[run.surface];
    if (!surface) throw new Error(`the surface '${run.surface}' has no torch form yet`);
    const fn = surfaceFunction(run.surface);
    return {
      [fn]: [`def ${fn}(x, y${surface.args.map((a) => `, ${a}`).join('')}):`, `    """The core's '${run.surface}' surface."""`, ...surface.body.map((l) => `    ${l}`)].join('\n'),
      ...(run.report === 'seeds' ? { descend_seeds: DESCEND_SEEDS } : { descend: DESCEND }),
      ...(run.noise?.length ? { lab_noise: NOISE } : {}),
      ...(run.report === 'seeds' ? { finals: 'finals = {}  # each run\'s final values by seed, for the paired comparisons' } : {}),
    };
  },
  render(run) {
    return lines(run, ident(run.label));
  },
});

/**
 * A trajectory run from the options the lab passes to engine.optimize: the surface's parameters
 * filled from the registry, the box from its info. The noise columns (if the options have noise)
 * name data the caller puts in the spec (noiseColumns).
 */
export function trajectoryRun(info: SurfaceInfo, options: OptimizeOptions, rest: Omit<TrajectoryRun, 'kind' | 'surface' | 'surfaceParams' | 'bound' | 'optimizer' | 'params' | 'schedule' | 'start' | 'steps'>): TrajectoryRun {
  if (info.name !== options.surface) throw new Error(`surface info '${info.name}' is not the run's '${options.surface}'`);
  const surfaceParams = Object.fromEntries(info.params.map((p) => [p.name, options.surfaceParams?.[p.name] ?? p.default]));
  return {
    kind: 'trajectory', surface: options.surface, surfaceParams, bound: info.bound, optimizer: options.optimizer, params: options.params ?? {},
    ...(options.schedule ? { schedule: options.schedule } : {}), start: [options.start[0], options.start[1]], steps: options.steps, ...rest,
  };
}

/**
 * The lab's gradient noise for a seed as two data columns: a run at a point where the gradient is
 * zero (the bowl's centre) with an lr too small to move it returns the noise itself as its gradient.
 */
export async function noiseColumns(engine: AsyncLossLab, noise: { std: number; seed?: number }, steps: number, prefix: string): Promise<Record<string, Float64Array>> {
  const r = await engine.optimize({ surface: 'quadratic', optimizer: 'sgd', params: { lr: 1e-300 }, start: [0, 0], steps, noise });
  const x = new Float64Array(steps), y = new Float64Array(steps);
  for (let t = 0; t < steps; t++) { x[t] = r.grad[2 * t]; y[t] = r.grad[2 * t + 1]; }
  return { [`${prefix}_x`]: x, [`${prefix}_y`]: y };
}
