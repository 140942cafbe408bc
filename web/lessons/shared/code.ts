/**
 * "Copy as code": a figure describes its current setup as a CodeSpec (data, and the trainings
 * and loss evaluations behind its headline numbers), and toPython turns any spec into a runnable
 * PyTorch script that prints those numbers. Nothing here is written per lesson: each loss comes
 * from the core's registry (its name, parameters and `convention`) through LOSS_PYTHON, keyed by
 * the registry name; optimizers and schedules by their torch.optim names, which the lab shares.
 * A spec also carries the numbers the page shows, so tests/web/copy-as-code.test.ts can run the
 * script and compare (training results to 1e-4 relative, closed-form values to 1e-6).
 */
import type { AsyncLossLab, LossInfo, ModelSpec, OptimizerName, OptimizerParams, Schedule, SessionOptions } from 'loss-lab';

/** One number the figure shows, as the script prints it: `<label>  <name> = <value>`. */
export interface Headline {
  name: string;
  /** The value on the page, computed by the engine. */
  value: number;
}

/** A model trained by the core's session: full batch, from the core's seeded start θ0. */
export interface TrainSpec {
  kind: 'train';
  /** How the printed line starts, e.g. 'mse' or 'tweedie p=1.5'. */
  label: string;
  model: ModelSpec['name'] | ModelSpec;
  /** Data columns (of CodeSpec.columns) for the features and the target. */
  x: string[];
  y: string;
  /** Standardise each feature with its mean and population sd (and report the line in x's units). */
  standardize: boolean;
  loss: string;
  lossParams?: Record<string, number>;
  optimizer: OptimizerName;
  params: OptimizerParams;
  schedule?: Schedule;
  steps: number;
  /** θ at step 0, read from the core's session (layout: per layer, weights in × out row-major, then biases). */
  init: ArrayLike<number>;
  /** Why the step size is what it is (a comment in the script). */
  lrNote?: string;
  /** 'line': slope and intercept (one feature) and the final loss; 'loss': the final loss only. */
  report: 'line' | 'loss';
  /** The numbers the page shows for this run: slope, intercept, loss (training results, 1e-4). */
  expect: Headline[];
  /** Scores on the held-out rows (CodeSpec.split); each prints `held-out <name>`, expected in `expect` by that name. */
  scores?: Score[];
  /** Trains on the training rows with every row of label 1 repeated this many times (a class weight, as the lab trains it). */
  repeatPositives?: number;
}

/**
 * A held-out score of the model's prediction (μ = e^η for a log-link model, σ(z) for a binary one):
 * the mean absolute error, the log loss, or the expected cost per 1,000 decisions when a
 * probability at or above `threshold` decides 1 (fn_cost per missed 1, fp_cost per wrong 1).
 */
export type Score =
  | { kind: 'mae' }
  | { kind: 'log loss' }
  | { kind: 'cost'; name: string; threshold: number; fnCost: number; fpCost: number }
  | { kind: 'recall' | 'precision'; name: string; threshold: number };

/** The name a score prints under (after 'held-out '). */
export const scoreName = (s: Score): string => `held-out ${'name' in s ? s.name : s.kind}`;

/**
 * Columns for a spec from training and held-out rows of `features` interleaved features: x1, x2, …,
 * y, and held_out (1 on the held-out rows), for CodeSpec.split.
 */
export function splitColumns(data: { x: ArrayLike<number>; y: ArrayLike<number>; xVal: ArrayLike<number>; yVal: ArrayLike<number> }, features: number): Record<string, Float64Array> {
  const n = data.y.length, m = data.yVal.length;
  const column = (train: ArrayLike<number>, held: ArrayLike<number>, k: number, stride: number) =>
    Float64Array.from({ length: n + m }, (_, i) => (i < n ? train[i * stride + k] : held[(i - n) * stride + k]));
  const out: Record<string, Float64Array> = {};
  for (let k = 0; k < features; k++) out[`x${k + 1}`] = column(data.x, data.xVal, k, features);
  out.y = column(data.y, data.yVal, 0, 1);
  out.held_out = Float64Array.from({ length: n + m }, (_, i) => (i < n ? 0 : 1));
  return out;
}

/** A loss evaluated on given inputs (closed form, 1e-6): its mean value and its mean gradient. */
export interface EvaluateSpec {
  kind: 'evaluate';
  label: string;
  loss: string;
  lossParams?: Record<string, number>;
  /** Inputs (logits, predictions, …) and targets, literal (a few values). */
  input: number[];
  target: number[];
  /** value: the mean loss; grad: d(mean loss)/d(input[0]) × n, i.e. the first element's own gradient. */
  expect: Headline[];
}

export interface CodeSpec {
  /** What the script reproduces: the figure's caption. */
  title: string;
  /** lesson/figure, for the header and the file names. */
  source: string;
  /** Named data columns, all of one length (empty when the runs need none). */
  columns: Record<string, ArrayLike<number>>;
  /** Where the data comes from, one sentence (the lab's seeded generator, the learner's CSV, …). */
  dataNote?: string;
  /** A column that is 1 on held-out rows (scored, never trained on) and 0 on training rows. */
  split?: string;
  runs: Array<TrainSpec | EvaluateSpec | ExtraRun>;
}

/**
 * A run of a kind registered with registerRunKind (an optimizer on a surface, an sklearn path, …):
 * the kinds live in their own files (code-<kind>.ts), built from the same registries as the rest.
 */
export interface ExtraRun {
  kind: string;
  label: string;
  expect: Headline[];
  /**
   * The line is printed for the reader, not as the figure's number (e.g. a library's converged
   * optimum beside the lab's fixed-step run): `expect` stays empty and the tests only check that
   * the line is printed. Every other run must expect at least one number.
   */
  informative?: boolean;
}

/** How a registered kind of run becomes Python. */
export interface RunKind<R extends ExtraRun = ExtraRun> {
  /** Training results are held to 1e-4 relative, closed-form values to 1e-6. */
  tolerance: 'training' | 'closed-form';
  /** Import lines the run needs beyond math, numpy and torch (each written once). */
  imports?(run: R): string[];
  /** Definitions (functions) the run needs, by name: each name is written once per script. */
  defines?(run: R): Record<string, string>;
  /** The lines that run it and print `<label>  <name> = <value>` for each headline. */
  render(run: R, data: { columns: readonly string[]; rows: number }): string[];
}

const RUN_KINDS = new Map<string, RunKind<never>>();

/**
 * Registers a kind of run; a kind's file calls this when it is imported, and exports the builder
 * it returns for figures to make their runs with. Figures must use the builder (a value), not a
 * bare `import './code-<kind>'`: the package is marked free of side effects, so the production
 * bundle drops a bare import, and with it the registration.
 */
export function registerRunKind<R extends ExtraRun>(kind: R['kind'], definition: RunKind<R>): (run: Omit<R, 'kind'>) => R {
  if (kind === 'train' || kind === 'evaluate' || RUN_KINDS.has(kind)) throw new Error(`run kind '${kind}' is already defined`);
  RUN_KINDS.set(kind, definition as RunKind<never>);
  return (run) => ({ ...run, kind }) as R;
}

function runKindOf(run: ExtraRun): RunKind<ExtraRun> {
  const kind = RUN_KINDS.get(run.kind);
  if (!kind) throw new Error(`unknown run kind '${run.kind}' (import its code-<kind>.ts)`);
  return kind as unknown as RunKind<ExtraRun>;
}

const isBuiltIn = (run: CodeSpec['runs'][number]): run is TrainSpec | EvaluateSpec => run.kind === 'train' || run.kind === 'evaluate';

/** The tolerance a run's printed numbers are held to: 1e-4 relative for training, 1e-6 for closed form. */
export function toleranceOf(run: CodeSpec['runs'][number]): number {
  if (run.kind === 'train') return 1e-4;
  if (run.kind === 'evaluate') return 1e-6;
  return runKindOf(run).tolerance === 'training' ? 1e-4 : 1e-6;
}

export interface GeneratedCode {
  /** The Python script. */
  script: string;
  /** The script's file name, e.g. regression-losses-fits.py. */
  filename: string;
  /** When the data is too large to sit in the script: the CSV to save beside it. */
  csv?: { filename: string; text: string };
}

/** What a training spec adds to the session's own options: how the script lays out and reports the run. */
export type TrainLayout = Pick<TrainSpec, 'label' | 'x' | 'y' | 'standardize' | 'report' | 'expect'> & Partial<Pick<TrainSpec, 'lrNote' | 'scores' | 'repeatPositives'>>;

/** The seeded start θ0 of a session, read from one that takes no step (per layer: weights in × out row-major, then biases). */
export async function initialParameters(engine: AsyncLossLab, options: SessionOptions): Promise<Float64Array> {
  const session = await engine.session(options);
  try {
    return await session.params();
  } finally {
    await session.free();
  }
}

/**
 * The training spec of a full-batch session: its model, loss, optimizer, schedule and steps as the
 * core takes them, and its seeded start θ0 read from a session that takes no step.
 */
export async function sessionCode(engine: AsyncLossLab, options: SessionOptions, steps: number, layout: TrainLayout): Promise<TrainSpec> {
  if (options.batchSize) throw new Error('mini-batch sessions are not generated yet');
  if (options.penalty || options.earlyStopping) throw new Error('penalties and early stopping are not generated yet');
  const init = await initialParameters(engine, options);
  return {
    kind: 'train', model: typeof options.model === 'string' ? options.model : options.model, loss: options.loss, lossParams: options.lossParams,
    optimizer: options.optimizer, params: options.params ?? {}, schedule: options.schedule, steps, init, ...layout,
  };
}

/** Up to this many numbers the data sits in the script; beyond, in a CSV beside it. */
export const INLINE_LIMIT = 1200;

/**
 * Each loss as PyTorch sees it, keyed by the core registry's name. `define` (optional) is a Python
 * function the script defines; `make(p)` builds the criterion from the parameters by name; `note`
 * says where the lab's convention differs from a library's and how to convert.
 */
interface LossPython {
  define?: string;
  make(params: Record<string, number>): string;
  note?(params: Record<string, number>): string[];
  /** The model's output the loss takes: the raw output, or after the link (μ = e^η, p = σ(z)). */
  takes?: 'raw' | 'mean' | 'probability';
}

/** A number as a Python float literal, exactly (refuses NaN and infinities). */
export const py = (v: number): string => {
  if (!Number.isFinite(v)) throw new Error(`cannot write ${v} into a script`);
  return Number.isInteger(v) && Math.abs(v) < 1e15 ? `${v}.0` : String(v);
};

export const LOSS_PYTHON: Record<string, LossPython> = {
  mse: { make: () => 'torch.nn.MSELoss()' },
  mae: { make: () => 'torch.nn.L1Loss()', note: () => ['torch gives |r| the gradient 0 at r = 0, as the lab does.'] },
  huber: {
    make: (p) => `torch.nn.HuberLoss(delta=${py(p.delta)})`,
    note: (p) => [
      `delta = ${p.delta} is in the units of y (torch's convention, and the lab's).`,
      'sklearn.linear_model.HuberRegressor(epsilon=...) is a different parameterisation: its epsilon',
      'is in units of a noise scale sigma that it fits along with the line (delta = epsilon * sigma),',
      'and it adds an L2 penalty alpha=1e-4. To compare, pass epsilon = delta / sigma_hat.',
    ],
  },
  smooth_l1: { make: (p) => `torch.nn.SmoothL1Loss(beta=${py(p.beta)})`, note: () => ['SmoothL1Loss(beta) = HuberLoss(delta=beta) / beta.'] },
  log_cosh: {
    define: [
      'def log_cosh_loss(prediction, target):',
      '    """log cosh(r), written as |r| + log1p(exp(-2|r|)) - log 2 so that it never overflows."""',
      '    r = (prediction - target).abs()',
      '    return (r + torch.log1p(torch.exp(-2 * r)) - math.log(2)).mean()',
    ].join('\n'),
    make: () => 'log_cosh_loss',
    note: () => ['torch has no log-cosh loss; this is the lab\'s stable form (gradient tanh r).'],
  },
  quantile: {
    define: [
      'def pinball_loss(prediction, target, tau):',
      '    """The quantile (pinball) loss, as sklearn.metrics.mean_pinball_loss(alpha=tau)."""',
      '    r = target - prediction',
      '    # torch.where keeps the gradient 0 at r = 0 exactly, as the lab does.',
      '    return torch.where(r > 0, tau * r, torch.where(r < 0, (tau - 1) * r, 0 * r)).mean()',
    ].join('\n'),
    make: (p) => `lambda prediction, target: pinball_loss(prediction, target, tau=${py(p.tau)})`,
    note: () => [
      'sklearn.metrics.mean_pinball_loss(y, prediction, alpha=tau) scores the same loss; in',
      'sklearn.linear_model.QuantileRegressor(quantile=tau, alpha=0), alpha is an L1 penalty, not tau.',
    ],
  },
  tweedie: {
    define: [
      'def tweedie_deviance(mean, target, power):',
      '    """sklearn.metrics.mean_tweedie_deviance(target, mean, power=power), 1 < power < 2."""',
      '    p = power',
      '    return (2 * (target.clamp(min=0) ** (2 - p) / ((1 - p) * (2 - p))',
      '                 - target * mean ** (1 - p) / (1 - p) + mean ** (2 - p) / (2 - p))).mean()',
    ].join('\n'),
    make: (p) => `lambda mean, target: tweedie_deviance(mean, target, power=${py(p.power)})`,
    takes: 'mean',
  },
  tweedie_log: {
    define: [
      'def half_tweedie_loss(score, target, power):',
      '    """sklearn\'s HalfTweedieLoss on the log-mean score (mu = exp(score)), constant terms dropped."""',
      '    p = power',
      '    return (torch.exp((2 - p) * score) / (2 - p) - target * torch.exp((1 - p) * score) / (1 - p)).mean()',
    ].join('\n'),
    make: (p) => `lambda score, target: half_tweedie_loss(score, target, power=${py(p.power)})`,
    note: () => [
      'The lab trains on half the Tweedie deviance without the terms that do not depend on the model',
      '(as sklearn and LightGBM do); sklearn.metrics.mean_tweedie_deviance is twice the full deviance.',
    ],
  },
  bce: { make: () => 'torch.nn.BCELoss()', takes: 'probability' },
  asymmetric: {
    define: [
      'def asymmetric_cost_loss(probability, target, fn_cost, fp_cost):',
      '    """The reference article\'s cost loss: fn_cost * y * (1 - p) + fp_cost * (1 - y) * p, linear in p."""',
      '    return (fn_cost * target * (1 - probability) + fp_cost * (1 - target) * probability).mean()',
    ].join('\n'),
    make: (p) => `lambda probability, target: asymmetric_cost_loss(probability, target, fn_cost=${py(p.fn_cost)}, fp_cost=${py(p.fp_cost)})`,
    takes: 'probability',
    note: () => ['Linear in p, so not a proper scoring rule: its minimiser is p = 0 or 1, not the probability.'],
  },
  brier: { make: () => 'torch.nn.MSELoss()', takes: 'probability', note: () => ['The Brier score is the mean squared error of the probability (sklearn brier_score_loss).'] },
  bce_logits: { make: () => 'torch.nn.BCEWithLogitsLoss()' },
  focal: {
    define: [
      'def sigmoid_focal_loss(logits, target, gamma, alpha):',
      '    """torchvision.ops.sigmoid_focal_loss(logits, target, alpha, gamma, reduction="mean")."""',
      '    p = torch.sigmoid(logits)',
      '    ce = torch.nn.functional.binary_cross_entropy_with_logits(logits, target, reduction="none")',
      '    p_t = p * target + (1 - p) * (1 - target)',
      '    loss = ce * (1 - p_t) ** gamma',
      '    if alpha >= 0:',
      '        loss = (alpha * target + (1 - alpha) * (1 - target)) * loss',
      '    return loss.mean()',
    ].join('\n'),
    make: (p) => `lambda logits, target: sigmoid_focal_loss(logits, target, gamma=${py(p.gamma)}, alpha=${py(p.alpha)})`,
    note: (p) => [
      `torchvision's alpha weighs the positive class (alpha = ${p.alpha}: positives ${p.alpha < 0 ? 'unweighted' : p.alpha}, negatives ${p.alpha < 0 ? 'unweighted' : 1 - p.alpha});`,
      'alpha < 0 turns the weighting off. torchvision reduces with "none" by default; the lab with the mean.',
      'The lab computes it in log space; this direct form agrees to rounding for |logit| < 30.',
    ],
  },
};

const OPTIMIZER_CLASS: Record<OptimizerName, string> = {
  sgd: 'torch.optim.SGD', rmsprop: 'torch.optim.RMSprop', adagrad: 'torch.optim.Adagrad', adam: 'torch.optim.Adam', adamw: 'torch.optim.AdamW',
};

/** The torch.optim constructor of an optimizer over `parameters` (a Python expression). */
export function optimizerCall(name: OptimizerName, params: OptimizerParams, parameters = 'model.parameters()'): string {
  if (params.bias_correction === false) throw new Error('torch.optim always corrects the bias of Adam; this setting has no torch equivalent');
  const args = Object.entries(params).filter(([k]) => k !== 'bias_correction')
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `(${v.map(py).join(', ')})` : typeof v === 'boolean' ? (v ? 'True' : 'False') : py(v as number)}`);
  return `${OPTIMIZER_CLASS[name]}(${parameters}, ${args.join(', ')})`;
}

/**
 * The torch.optim.lr_scheduler over `optimizer` for a schedule (undefined: a constant lr). A
 * warmup is LinearLR(start_factor, total_iters = warmup_steps) followed by the schedule through
 * SequentialLR, which is the lab's warmup exactly: lr × (f + (1 − f) t / W) for t < W, then the
 * schedule from its own step 0. `base` is the optimizer's lr (OneCycleLR's max_lr defaults to it).
 */
export function schedulerCall(schedule: Schedule | undefined, base?: number): string | undefined {
  if (!schedule || schedule.name === 'constant' && schedule.factor === undefined && !schedule.warmup) return undefined;
  const main = mainSchedulerCall(schedule, base);
  if (!schedule.warmup) return main;
  const w = schedule.warmup;
  const warmup = `torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=${py(w.start_factor ?? 1 / 3)}, end_factor=1.0, total_iters=${w.warmup_steps})`;
  return `torch.optim.lr_scheduler.SequentialLR(optimizer, [${warmup}, ${main}], milestones=[${w.warmup_steps}])`;
}

function mainSchedulerCall(schedule: Schedule, base: number | undefined): string {
  const lr = 'torch.optim.lr_scheduler';
  switch (schedule.name) {
    case 'cosine': return `${lr}.CosineAnnealingLR(optimizer, T_max=${schedule.T_max}, eta_min=${py(schedule.eta_min ?? 0)})`;
    case 'step': return `${lr}.StepLR(optimizer, step_size=${schedule.step_size}, gamma=${py(schedule.gamma ?? 0.1)})`;
    case 'exponential': return `${lr}.ExponentialLR(optimizer, gamma=${py(schedule.gamma)})`;
    case 'constant': return schedule.factor === undefined
      ? `${lr}.ConstantLR(optimizer, factor=1.0, total_iters=0)`
      : `${lr}.ConstantLR(optimizer, factor=${py(schedule.factor)}, total_iters=${schedule.total_iters ?? 0})`;
    case 'cosine_warm_restarts':
      return `${lr}.CosineAnnealingWarmRestarts(optimizer, T_0=${schedule.T_0}, T_mult=${schedule.T_mult ?? 1}, eta_min=${py(schedule.eta_min ?? 0)})`;
    case 'one_cycle': {
      const maxLr = schedule.max_lr ?? base;
      if (maxLr === undefined) throw new Error('one_cycle needs max_lr or the optimizer\'s lr');
      if (!schedule.total_steps) throw new Error('one_cycle needs total_steps');
      const args = [`max_lr=${py(maxLr)}`, `total_steps=${schedule.total_steps}`, `pct_start=${py(schedule.pct_start ?? 0.3)}`,
        `anneal_strategy="${schedule.anneal_strategy ?? 'cos'}"`, `div_factor=${py(schedule.div_factor ?? 25)}`,
        `final_div_factor=${py(schedule.final_div_factor ?? 1e4)}`, `three_phase=${schedule.three_phase ? 'True' : 'False'}`,
        `cycle_momentum=${schedule.cycle_momentum === false ? 'False' : 'True'}`, `base_momentum=${py(schedule.base_momentum ?? 0.85)}`,
        `max_momentum=${py(schedule.max_momentum ?? 0.95)}`];
      return `${lr}.OneCycleLR(optimizer, ${args.join(', ')})`;
    }
  }
}

/** Python identifiers from labels: 'tweedie p=1.5' → tweedie_p_1_5. */
/** A label as a Python identifier. */
export const ident = (label: string) => label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'run';

function lossInfoOf(infos: readonly LossInfo[], name: string): LossInfo {
  const info = infos.find((i) => i.name === name);
  if (!info) throw new Error(`unknown loss '${name}'`);
  if (!LOSS_PYTHON[name]) throw new Error(`the loss '${name}' has no PyTorch form yet`);
  return info;
}

/** The loss's parameters, every one named (defaults from the registry fill the gaps). */
function fullParams(info: LossInfo, given: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(info.params.map((p) => [p.name, given?.[p.name] ?? p.default]));
}

export const layersOf = (model: TrainSpec['model'], features: number): { sizes: number[]; activation: string } => {
  const spec: ModelSpec = typeof model === 'string' ? { name: model } : model;
  if (spec.name === 'softmax') throw new Error('softmax models are not generated yet');
  const hidden = spec.name === 'mlp' ? spec.hidden ?? [16] : [];
  const activation = !hidden.length ? 'None' : spec.activation === 'relu' ? 'torch.nn.ReLU()' : 'torch.nn.Tanh()';
  return { sizes: [features, ...hidden, 1], activation };
};

const modelName = (model: TrainSpec['model']) => (typeof model === 'string' ? model : model.name);

function wrap(values: string[], indent: string, width = 96): string {
  const lines: string[] = [];
  let line = '';
  for (const v of values) {
    if (line && line.length + v.length + 2 > width - indent.length) { lines.push(line + ','); line = ''; }
    line += (line ? ', ' : '') + v;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

/** The script's model builder: linear layers from the lab's flat θ (per layer, weights in × out row-major, then biases). */
export const MAKE_MODEL_PYTHON = [
  'def make_model(sizes, activation, initial_parameters):',
  '    """Linear layers of the given sizes, the activation between them (None: one layer),',
  '    starting where the lab\'s seeded start put them."""',
  '    layers = []',
  '    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):',
  '        layers += [torch.nn.Linear(fan_in, fan_out), activation]',
  '    model = torch.nn.Sequential(*layers[:-1])',
  '    # The lab draws its start from its own seeded generator (torch.nn.Linear\'s U(-1/sqrt(fan_in), ...)',
  '    # rule, another stream of numbers), so the script sets the same values: weights in x out, row-major, then biases.',
  '    theta = iter(initial_parameters)',
  '    with torch.no_grad():',
  '        for layer in model[::2]:',
  '            weights = torch.tensor([next(theta) for _ in range(layer.in_features * layer.out_features)])',
  '            layer.weight.copy_(weights.reshape(layer.in_features, layer.out_features).T)',
  '            layer.bias.copy_(torch.tensor([next(theta) for _ in range(layer.out_features)]))',
  '    return model',
].join('\n');

/** The script for a spec. `infos` is the core's loss registry (engine.losses). */
export function toPython(spec: CodeSpec, infos: readonly LossInfo[]): GeneratedCode {
  const base = spec.source.replace(/\//g, '-');
  const names = Object.keys(spec.columns);
  const rows = names.length ? spec.columns[names[0]].length : 0;
  for (const n of names) if (spec.columns[n].length !== rows) throw new Error(`column '${n}' has ${spec.columns[n].length} values, not ${rows}`);
  const inline = rows * names.length <= INLINE_LIMIT;
  const trains = spec.runs.filter((r): r is TrainSpec => r.kind === 'train');
  const extras = spec.runs.filter((r): r is ExtraRun => !isBuiltIn(r));
  const imports = [...new Set(extras.flatMap((r) => runKindOf(r).imports?.(r) ?? []))];
  const sklearn = imports.some((line) => line.includes('sklearn'));
  const out: string[] = [];
  out.push(
    `"""${spec.title}`,
    '',
    `Reproduces the Loss Lab figure ${spec.source} with ${sklearn ? 'scikit-learn and PyTorch' : 'PyTorch'}: the same data, model, loss,`,
    'optimizer, schedule and steps, and prints the numbers the figure shows.',
    `Needs numpy${sklearn ? ', scikit-learn' : ''} and torch (CPU is enough). Runs in double precision, as the lab does.`,
    '"""',
    'import math',
    '',
    'import numpy as np',
    'import torch',
  );
  if (imports.length) out.push(...imports);
  out.push('', 'torch.set_default_dtype(torch.float64)', '');
  let csv: GeneratedCode['csv'];
  if (rows) {
    out.push(`# The data: ${rows} rows${spec.dataNote ? `. ${spec.dataNote}` : ''}`);
    out.push('# It travels with the script: nothing is re-generated with another random generator.');
    if (inline) {
      for (const n of names) out.push(`${ident(n)} = np.array([\n${wrap(Array.from(spec.columns[n], py), '    ')}\n])`);
    } else {
      const filename = `${base}.csv`;
      const lines = [names.join(',')];
      for (let i = 0; i < rows; i++) lines.push(names.map((n) => String(spec.columns[n][i])).join(','));
      csv = { filename, text: lines.join('\n') + '\n' };
      out.push(`# Too many rows to sit here: save ${filename} (the figure's "Copy as code" downloads it) beside this script.`);
      out.push(`table = np.loadtxt("${filename}", delimiter=",", skiprows=1, ndmin=2)`);
      names.forEach((n, i) => out.push(`${ident(n)} = table[:, ${i}]`));
    }
    out.push('');
  }

  // One definition per loss function the runs need, from the registry's conventions.
  const defined = new Set<string>();
  for (const run of extras) {
    for (const [fn, text] of Object.entries(runKindOf(run).defines?.(run) ?? {})) {
      if (!defined.has(fn)) out.push(text, '', '');
      defined.add(fn);
    }
  }
  for (const run of spec.runs) {
    if (!isBuiltIn(run)) continue;
    const code = LOSS_PYTHON[run.loss];
    lossInfoOf(infos, run.loss);
    if (code?.define && !defined.has(run.loss)) {
      defined.add(run.loss);
      out.push(code.define, '', '');
    }
  }

  if (trains.length) {
    const first = trains[0];
    const features = first.x.map(ident);
    const split = spec.split ? ident(spec.split) : undefined;
    if (split) {
      out.push(`# Rows with ${split} = 1 are held out: scored, never trained on.`);
      out.push(`train_rows, held_out_rows = ${split} == 0, ${split} == 1`);
    }
    const pick = (expression: string, which: string) => (split ? `${expression}[${which}]` : expression);
    out.push('# The model input: the feature columns' + (first.standardize ? ', standardised with the training rows\' mean and population sd (as the lab fits).' : '.'));
    out.push(`features = np.column_stack([${features.join(', ')}])`);
    if (first.standardize) {
      out.push(`feature_mean, feature_sd = ${pick('features', 'train_rows')}.mean(axis=0), ${pick('features', 'train_rows')}.std(axis=0)`);
      out.push('feature_sd[feature_sd < 1e-12] = 1.0');
      out.push('standardised = (features - feature_mean) / feature_sd');
    } else out.push('standardised = features');
    out.push(`inputs = torch.tensor(${pick('standardised', 'train_rows')})`, `targets = torch.tensor(${pick(ident(first.y), 'train_rows')})`);
    if (split) out.push('held_out_inputs = torch.tensor(standardised[held_out_rows])', `held_out_targets = torch.tensor(${ident(first.y)}[held_out_rows])`);
    out.push('', '');
    // A registered kind may have written it already (its defines come first).
    if (!defined.has('make_model')) out.push(MAKE_MODEL_PYTHON, '', '');
  }

  out.push('# The runs behind the figure\'s numbers.');
  for (const run of spec.runs) {
    if (!isBuiltIn(run)) {
      out.push('', ...runKindOf(run).render(run, { columns: names.map(ident), rows }));
      continue;
    }
    const info = lossInfoOf(infos, run.loss);
    const code = LOSS_PYTHON[run.loss];
    const params = fullParams(info, run.lossParams);
    const name = ident(run.label);
    out.push('', `# ${run.label}: ${info.description}`, `# The lab's convention: ${info.convention}.`);
    for (const line of code.note?.(params) ?? []) out.push(`# ${line}`);
    if (run.kind === 'evaluate') {
      out.push(
        `${name}_input = torch.tensor([${run.input.map(py).join(', ')}], requires_grad=True)`,
        `${name}_target = torch.tensor([${run.target.map(py).join(', ')}])`,
      );
      const prep = code.takes === 'probability' ? `torch.sigmoid(${name}_input)` : `${name}_input`;
      out.push(
        `${name}_value = (${code.make(params)})(${prep}, ${name}_target)`,
        `${name}_value.backward()`,
        `# The gradient of one example's own loss: the mean's gradient times the batch size.`,
        `${name}_grad = ${name}_input.grad[0].item() * len(${name}_target)`,
        `print(f"${run.label}  value = {${name}_value.item():.12g}  grad = {${name}_grad:.12g}")`,
      );
      continue;
    }
    const { sizes, activation } = layersOf(run.model, run.x.length);
    const kind = modelName(run.model);
    // The core feeds a log-link model's mean e^η to every loss but tweedie_log (which takes η), and a
    // binary model's probability σ(z) to the losses that take probabilities.
    const link = kind === 'loglink' ? (run.loss === 'tweedie_log' ? 'raw' : 'mean') : code.takes === 'probability' ? 'probability' : 'raw';
    const output = link === 'mean' ? 'torch.exp(model(train_inputs).squeeze(1))' : link === 'probability' ? 'torch.sigmoid(model(train_inputs).squeeze(1))' : 'model(train_inputs).squeeze(1)';
    const scheduler = schedulerCall(run.schedule, run.params.lr);
    if (run.repeatPositives && run.repeatPositives !== 1) {
      out.push(
        `# A class weight of ${run.repeatPositives} on label 1, as the lab trains it: each such row ${run.repeatPositives} times (the full-batch`,
        '# mean over the repeated rows is the weighted mean sum(w * loss) / sum(w)).',
        `repeats = np.where(targets.numpy() == 1, ${run.repeatPositives}, 1)`,
        'train_inputs = torch.tensor(np.repeat(inputs.numpy(), repeats, axis=0))',
        'train_targets = torch.tensor(np.repeat(targets.numpy(), repeats))',
      );
    } else out.push('train_inputs, train_targets = inputs, targets');
    out.push(
      `criterion = ${code.make(params)}`,
      `model = make_model([${sizes.join(', ')}], ${activation}, [${Array.from(run.init, py).join(', ')}])`,
    );
    if (run.lrNote) out.push(`# ${run.lrNote}`);
    out.push(`optimizer = ${optimizerCall(run.optimizer, run.params)}`);
    if (scheduler) out.push(`scheduler = ${scheduler}`);
    out.push(
      `for step in range(${run.steps}):  # full batch: one step per epoch`,
      '    optimizer.zero_grad()',
      `    criterion(${output}, train_targets).backward()`,
      '    optimizer.step()',
      ...(scheduler ? ['    scheduler.step()'] : []),
      'with torch.no_grad():',
      `    final_loss = criterion(${output}, train_targets).item()`,
    );
    if (run.report === 'line') {
      if (run.x.length !== 1) throw new Error('a line report needs one feature');
      out.push(
        '    weight, bias = model[0].weight.item(), model[0].bias.item()',
        ...(run.standardize
          ? ['# Back to the units of x: y = weight * (x - mean) / sd + bias.', 'slope = weight / feature_sd[0]', 'intercept = bias - slope * feature_mean[0]']
          : ['slope, intercept = weight, bias']),
        `print(f"${run.label}  slope = {slope:.12g}  intercept = {intercept:.12g}  final loss = {final_loss:.12g}")`,
      );
    } else out.push(`print(f"${run.label}  final loss = {final_loss:.12g}")`);
    if (run.scores?.length) {
      if (!spec.split) throw new Error('held-out scores need a split column');
      const binary = kind === 'logistic' || code.takes === 'probability' || run.loss === 'bce_logits' || run.loss === 'focal';
      const prediction = kind === 'loglink' ? 'torch.exp(model(held_out_inputs).squeeze(1))' : binary ? 'torch.sigmoid(model(held_out_inputs).squeeze(1))' : 'model(held_out_inputs).squeeze(1)';
      out.push('with torch.no_grad():', `    held_out_prediction = ${prediction}`);
      for (const score of run.scores) {
        const value = scoreExpression(score);
        if (score.kind === 'cost') out.push(`# Decide 1 when the probability is at least ${score.threshold}; a missed 1 costs ${score.fnCost}, a wrong 1 costs ${score.fpCost}.`);
        if (score.kind === 'recall' || score.kind === 'precision') out.push(`# Flag label 1 when the probability is at least ${score.threshold}.`);
        out.push(`print(f"${run.label}  ${scoreName(score)} = {${value}:.12g}")`);
      }
    }
  }
  return { script: out.join('\n') + '\n', filename: `${base}.py`, csv };
}

/** The Python expression of a held-out score, over held_out_prediction and held_out_targets. */
function scoreExpression(score: Score): string {
  switch (score.kind) {
    case 'mae': return '(held_out_prediction - held_out_targets).abs().mean().item()';
    case 'log loss': return 'torch.nn.functional.binary_cross_entropy(held_out_prediction, held_out_targets).item()';
    case 'recall': case 'precision': {
      const hits = `((held_out_prediction >= ${py(score.threshold)}) & (held_out_targets == 1)).sum().item()`;
      return score.kind === 'recall' ? `${hits} / (held_out_targets == 1).sum().item()` : `${hits} / max(1, (held_out_prediction >= ${py(score.threshold)}).sum().item())`;
    }
    case 'cost': {
      const missed = `((held_out_prediction < ${py(score.threshold)}) & (held_out_targets == 1)).double().mean()`;
      const wrong = `((held_out_prediction >= ${py(score.threshold)}) & (held_out_targets == 0)).double().mean()`;
      return `1000 * (${py(score.fnCost)} * ${missed} + ${py(score.fpCost)} * ${wrong}).item()`;
    }
  }
}

/** Reads the printed headline lines back: label → name → value (the harness and the docs use it). */
export function parseHeadlines(printed: string, labels: readonly string[]): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const line of printed.split('\n')) {
    const label = [...labels].sort((a, b) => b.length - a.length).find((l) => line.startsWith(`${l}  `));
    if (label === undefined) continue;
    result[label] ??= {};
    for (const m of line.slice(label.length).matchAll(/([a-z][a-z0-9 -]*?) = (-?[0-9.]+(?:e[-+]?[0-9]+)?|nan|inf)/g)) result[label][m[1].trim()] = Number(m[2]);
  }
  return result;
}
