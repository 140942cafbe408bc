/**
 * "Copy as code" for prediction intervals: quantile models trained with the pinball loss (as the
 * lab trains them: standardised x and y, full batch, from the core's seeded start), quantile bands
 * and their coverage, split conformal and conformalized quantile regression (CQR) with the
 * finite-sample threshold, interval width and interval score, in numpy and PyTorch.
 *
 * Registers two kinds of run on import:
 *   'intervals'      the fits of one or more data sets (each a `data_seed` with `role` 0 training,
 *                    1 held-out or calibration, 2 test) and one line of what they show;
 *   'coverage-law'   what split conformal promises for a mean of coverages (closed form).
 * Every model, optimizer and schedule comes from the core's session options through the shared
 * registries (optimizerCall, schedulerCall), nothing per lesson.
 */
import type { AsyncLossLab, OptimizerName, OptimizerParams, Schedule, SessionOptions } from 'loss-lab';
import { initialParameters, optimizerCall, py, registerRunKind, schedulerCall, type ExtraRun } from './code';

/** How every model of an interval figure is trained: the core's session options, and its seeded start. */
export interface IntervalModel {
  /** Layer sizes from input to output: [1, 1] for a line, [1, 16, 1] for a one-hidden-layer MLP. */
  sizes: number[];
  activation: 'tanh' | 'relu';
  optimizer: OptimizerName;
  params: OptimizerParams;
  schedule?: Schedule;
  steps: number;
  /** θ0 from the core's session (the same for every fit of a figure): per layer, weights in × out row-major, then biases. */
  init: number[];
}

/** The training of a figure's models as the core runs it, with θ0 read from a session that takes no step. */
export async function intervalModel(engine: AsyncLossLab, options: SessionOptions, steps: number): Promise<IntervalModel> {
  if (options.batchSize || options.penalty || options.earlyStopping) throw new Error('mini-batches, penalties and early stopping are not generated for interval models');
  const spec = typeof options.model === 'string' ? { name: options.model } : options.model;
  if (spec.name !== 'linear' && spec.name !== 'mlp') throw new Error(`interval models are lines or MLPs, not '${spec.name}'`);
  const hidden = spec.name === 'mlp' ? spec.hidden ?? [16] : [];
  const init = await initialParameters(engine, options);
  return {
    sizes: [1, ...hidden, 1], activation: spec.name === 'mlp' && spec.activation === 'relu' ? 'relu' : 'tanh',
    optimizer: options.optimizer, params: options.params ?? {}, schedule: options.schedule, steps, init: Array.from(init),
  };
}

/** Columns `data_seed`, `role`, `x`, `y` from data sets given as parts in role order (training, held-out or calibration, test). */
export function intervalColumns(sets: ReadonlyArray<{ seed: number; parts: ReadonlyArray<{ x: ArrayLike<number>; y: ArrayLike<number> }> }>): Record<string, Float64Array> {
  const seed: number[] = [], role: number[] = [], x: number[] = [], y: number[] = [];
  for (const set of sets) {
    set.parts.forEach((part, r) => {
      for (let i = 0; i < part.x.length; i++) {
        seed.push(set.seed); role.push(r); x.push(part.x[i]); y.push(part.y[i]);
      }
    });
  }
  return { data_seed: Float64Array.from(seed), role: Float64Array.from(role), x: Float64Array.from(x), y: Float64Array.from(y) };
}

/** The fits behind a figure: the α/2 and 1 − α/2 quantile band of each data set, or split conformal and CQR. */
export interface IntervalFits {
  method: 'quantile-band' | 'conformal';
  /** Miscoverage α: the bands aim to hold 1 − α. */
  alpha: number;
  /** The data sets (values of the data_seed column), all of the same sizes. */
  seeds: number[];
  model: IntervalModel;
  /** Test coverage by x-bins [0, 1), [1, 2), …, [bins − 1, bins] (conformal). */
  bins?: number;
}

/** What one printed line reports. */
export type IntervalReport =
  /** A data set's band: coverage of its training and held-out rows, crossings of the two lines. */
  | { what: 'band'; seed: number }
  /** Mean coverages over data sets, with the 95% t-interval of each mean. */
  | { what: 'band-mean'; seeds: number[] }
  /** A data set's calibration: the rank k of the threshold and k/(n + 1). */
  | { what: 'rank'; seed: number }
  /** A data set's band of one method on its test rows: threshold, coverage, mean width, interval score. */
  | { what: 'method'; method: 'uncalibrated' | 'split conformal' | 'cqr'; seed: number }
  /** A data set's test coverage in one x-bin, for each method. */
  | { what: 'bin'; bin: number; seed: number }
  /** Mean test coverage and width of split conformal and CQR over data sets. */
  | { what: 'method-mean'; seeds: number[] }
  /**
   * Informative: a data set's α/2 and 1 − α/2 lines from sklearn's QuantileRegressor (an exact
   * linear program, where the lab trains by gradient steps), and the coverage they give: held-out
   * for a band, on the test rows after CQR calibration for conformal. Linear models only.
   */
  | { what: 'sklearn-lines'; seed: number };

export interface IntervalRun extends ExtraRun {
  kind: 'intervals';
  fits: IntervalFits;
  /** Writes the fits; the figure's later lines print from them (the first run of a figure sets it). */
  compute: boolean;
  report: IntervalReport;
}

/** Lines for a figure's reports: the first also writes the fits. */
export function intervalRuns(fits: IntervalFits, lines: ReadonlyArray<{ label: string; report: IntervalReport; expect: ExtraRun['expect'] }>): IntervalRun[] {
  return lines.map((line, i) => ({ kind: 'intervals', fits, compute: i === 0, ...line }));
}

/**
 * The informative line of sklearn's QuantileRegressor for a data set, where the models are lines
 * (none for an MLP): its exact lines and the coverage they give, printed beside the lab's, never compared.
 */
export function sklearnLinesRun(fits: IntervalFits, seed: number): IntervalRun[] {
  if (fits.model.sizes.length !== 2) return [];
  return [{ kind: 'intervals', fits, compute: false, label: `seed ${seed} with sklearn QuantileRegressor, the converged optimum`, report: { what: 'sklearn-lines', seed }, expect: [], informative: true }];
}

const RESULTS = { 'quantile-band': 'band_results', conformal: 'conformal_results' } as const;

const list = (values: readonly number[]) => `[${values.join(', ')}]`;

function modelDefinition(model: IntervalModel): string {
  const activation = model.activation === 'relu' ? 'torch.relu' : 'torch.tanh';
  const scheduler = schedulerCall(model.schedule);
  const where = model.sizes.length > 2 ? `${model.sizes.length - 2} hidden layer(s) of ${model.sizes.slice(1, -1).join(', ')} ${model.activation} units` : 'a line';
  return [
    `# Every model is ${where}, trained as the lab trains it, from the lab's seeded start (the same for`,
    '# every model): per layer, the weights (in x out, row-major), then the biases.',
    `LAYER_SIZES = ${list(model.sizes)}`,
    `START = [${model.init.map(py).join(', ')}]`,
    '',
    '',
    'def starting_parameters(models):',
    '    """Each layer\'s weights and biases, one copy per model along a leading axis, all from START."""',
    '    theta, parameters, at = np.array(START), [], 0',
    '    for fan_in, fan_out in zip(LAYER_SIZES[:-1], LAYER_SIZES[1:]):',
    '        weights = theta[at:at + fan_in * fan_out].reshape(1, fan_in, fan_out)',
    '        at += fan_in * fan_out',
    '        biases = theta[at:at + fan_out].reshape(1, 1, fan_out)',
    '        at += fan_out',
    '        parameters += [torch.tensor(np.repeat(weights, models, axis=0), requires_grad=True),',
    '                       torch.tensor(np.repeat(biases, models, axis=0), requires_grad=True)]',
    '    return parameters',
    '',
    '',
    'def forward(parameters, inputs):',
    '    """Every model\'s output at its own inputs (models x points x 1 in, models x points out)."""',
    '    output = inputs',
    '    for layer in range(0, len(parameters), 2):',
    '        if layer > 0:',
    `            output = ${activation}(output)`,
    '        output = output @ parameters[layer] + parameters[layer + 1]',
    '    return output.squeeze(2)',
    '',
    '',
    'def fit_and_predict(train_x, train_y, quantile_levels, new_x):',
    '    """Trains one model per row of train_x / train_y; returns its predictions at the same row of new_x.',
    '',
    '    Model m minimises the pinball loss at tau = quantile_levels[m], or the squared error when that',
    '    is None (a model of the mean). As the lab does, each model sees x and y standardised with its',
    '    own training rows\' mean and population sd (the pinball loss is scale-equivariant, so the',
    '    tau-quantile of y is mean + sd x the tau-quantile of the standardised y) and is trained full',
    `    batch for ${model.steps} steps. The models never interact: the optimizer updates every parameter`,
    '    from its own gradient, so training them side by side in one batch gives the numbers of one',
    '    run per model, many times faster.',
    '    """',
    '    x_mean, x_sd = train_x.mean(axis=1, keepdims=True), train_x.std(axis=1, keepdims=True)',
    '    y_mean, y_sd = train_y.mean(axis=1, keepdims=True), train_y.std(axis=1, keepdims=True)',
    '    x_sd[x_sd < 1e-12] = 1.0',
    '    y_sd[y_sd < 1e-12] = 1.0',
    '    inputs = torch.tensor((train_x - x_mean) / x_sd).unsqueeze(2)',
    '    targets = torch.tensor((train_y - y_mean) / y_sd)',
    '    is_quantile = torch.tensor([[tau is not None] for tau in quantile_levels])',
    '    tau = torch.tensor([[0.5 if tau is None else tau] for tau in quantile_levels])',
    '    parameters = starting_parameters(len(quantile_levels))',
    `    optimizer = ${optimizerCall(model.optimizer, model.params, 'parameters')}`,
    ...(scheduler ? [`    scheduler = ${scheduler}`] : []),
    `    for step in range(${model.steps}):`,
    '        optimizer.zero_grad()',
    '        residual = targets - forward(parameters, inputs)',
    '        # The pinball loss, sklearn.metrics.mean_pinball_loss(alpha=tau) per model; torch.where keeps',
    '        # its gradient 0 at r = 0, as the lab does. Or the squared error for a mean model.',
    '        pinball = torch.where(residual > 0, tau * residual, torch.where(residual < 0, (tau - 1) * residual, 0 * residual))',
    '        loss_per_model = torch.where(is_quantile, pinball, residual ** 2).mean(axis=1)',
    '        loss_per_model.sum().backward()',
    '        optimizer.step()',
    ...(scheduler ? ['        scheduler.step()'] : []),
    '    with torch.no_grad():',
    '        prediction = forward(parameters, torch.tensor((new_x - x_mean) / x_sd).unsqueeze(2))',
    '    return y_mean + y_sd * prediction.numpy()',
  ].join('\n');
}

const ROWS_OF = [
  'def rows_of(seeds, role_code):',
  '    """x and y of one role (0 training, 1 held-out or calibration, 2 test), one row per data seed."""',
  '    picks = [(data_seed == seed) & (role == role_code) for seed in seeds]',
  '    return np.stack([x[pick] for pick in picks]), np.stack([y[pick] for pick in picks])',
].join('\n');

const INTERVAL_TOOLS = [
  'def put_in_order(lower, upper):',
  '    """Swaps lower and upper (in place) where two quantile lines cross, so that every interval has',
  '    lower <= upper, as the lab does; returns how many crossed."""',
  '    crossed = lower > upper',
  '    lower[crossed], upper[crossed] = upper[crossed], lower[crossed]',
  '    return int(crossed.sum())',
  '',
  '',
  'def interval_metrics(lower, upper, target, alpha):',
  '    """Coverage (the share of lower <= y <= upper), mean width, and the interval score of Gneiting &',
  '    Raftery (2007, eq. 43): width + (2/alpha)(lower - y) below the band + (2/alpha)(y - upper) above',
  '    it, a proper score for a central 1 - alpha interval (lower is better)."""',
  '    below, above = target < lower, target > upper',
  '    score = (upper - lower) + (2 / alpha) * (lower - target) * below + (2 / alpha) * (target - upper) * above',
  '    return ((lower <= target) & (target <= upper)).mean(), (upper - lower).mean(), score.mean()',
  '',
  '',
  'def mean_interval(values):',
  '    """The mean of a list with its 95% t-interval, as the lab reports it (1.96 from 30 values on)."""',
  '    values = np.asarray(values)',
  '    n = len(values)',
  '    standard_error = values.std(ddof=1) / math.sqrt(n) if n > 1 else 0.0',
  '    t = 1.96 if n >= 30 else 2.09 if n >= 20 else 2.26 if n >= 10 else 2.78',
  '    return values.mean(), values.mean() - t * standard_error, values.mean() + t * standard_error',
].join('\n');

const CONFORMAL_THRESHOLD = [
  'def conformal_threshold(scores, alpha):',
  '    """Split conformal\'s threshold: the k-th smallest of the n calibration scores, k = ceil((n + 1)(1 - alpha)).',
  '',
  '    Returns (k, threshold); the threshold is None (+infinity: the band is the whole line) when k > n.',
  '    For a new point exchangeable with the calibration points, P(its score <= threshold) = k / (n + 1) >= 1 - alpha.',
  '    Careful with numpy: np.quantile(scores, 1 - alpha) is NOT this threshold. Its default',
  '    method="linear" interpolates between two scores at level 1 - alpha, below the finite-sample',
  '    level (1 - alpha)(1 + 1/n), so the band under-covers. np.quantile(scores, (1 - alpha) * (1 + 1 / n),',
  '    method="inverted_cdf") picks the k-th score, up to the rounding of the level; sorting is exact.',
  '    """',
  '    n = len(scores)',
  '    # A product within 1e-9 of a whole number counts as it (n = 19, alpha = 0.1 gives 18), as in the lab.',
  '    k = math.ceil((n + 1) * (1 - alpha) - 1e-9)',
  '    if k > n:',
  '        return k, None',
  '    return k, np.sort(scores)[k - 1]',
].join('\n');

function bandsDefinition(): string {
  return [
    'def quantile_bands(seeds, alpha):',
    '    """Each data seed\'s band: the tau = alpha/2 and 1 - alpha/2 models fitted on its training rows,',
    '    scored on those rows and on its held-out rows. Also counts the x values (training, held-out and',
    '    the figure\'s 51 grid points) where the two lines crossed and were swapped."""',
    '    train_x, train_y = rows_of(seeds, 0)',
    '    held_x, held_y = rows_of(seeds, 1)',
    '    n_train, n_held = train_x.shape[1], held_x.shape[1]',
    '    grid = np.tile(5 * np.arange(51) / 50, (len(seeds), 1))',
    '    at = np.concatenate([train_x, held_x, grid], axis=1)',
    '    # Model 2k is seed k\'s lower line (tau = alpha/2), model 2k + 1 its upper line (tau = 1 - alpha/2).',
    '    prediction = fit_and_predict(np.repeat(train_x, 2, axis=0), np.repeat(train_y, 2, axis=0),',
    '                                 [alpha / 2, 1 - alpha / 2] * len(seeds), np.repeat(at, 2, axis=0))',
    '    lower, upper = prediction[0::2], prediction[1::2]',
    '    results = {}',
    '    for k, seed in enumerate(seeds):',
    '        crossings = put_in_order(lower[k], upper[k])',
    '        on_training = interval_metrics(lower[k, :n_train], upper[k, :n_train], train_y[k], alpha)',
    '        on_held_out = interval_metrics(lower[k, n_train:n_train + n_held], upper[k, n_train:n_train + n_held], held_y[k], alpha)',
    '        results[seed] = dict(training=on_training, held_out=on_held_out, crossings=crossings)',
    '    return results',
  ].join('\n');
}

function conformalDefinition(bins: number): string {
  return [
    'WHOLE_LINE = 1e6  # an infinite threshold: the lab draws and scores the band as +-1e6, and says "infinite"',
    '',
    '',
    'def conformal_runs(seeds, alpha):',
    '    """Split conformal and CQR for each data seed: a mean model (squared error) and the alpha/2 and',
    '    1 - alpha/2 quantile models fitted on its training rows, their conformity scores on its',
    '    calibration rows, the thresholds, and the bands scored on its test rows, overall and by x-bin."""',
    '    train_x, train_y = rows_of(seeds, 0)',
    '    calibration_x, calibration_y = rows_of(seeds, 1)',
    '    test_x, test_y = rows_of(seeds, 2)',
    '    n = calibration_x.shape[1]',
    '    at = np.concatenate([calibration_x, test_x], axis=1)',
    '    # Models 3k, 3k + 1, 3k + 2: seed k\'s mean model, lower line (tau = alpha/2) and upper line (tau = 1 - alpha/2).',
    '    prediction = fit_and_predict(np.repeat(train_x, 3, axis=0), np.repeat(train_y, 3, axis=0),',
    '                                 [None, alpha / 2, 1 - alpha / 2] * len(seeds), np.repeat(at, 3, axis=0))',
    '    results = {}',
    '    for k, seed in enumerate(seeds):',
    '        mean, lower, upper = prediction[3 * k], prediction[3 * k + 1], prediction[3 * k + 2]',
    '        put_in_order(lower, upper)',
    '        y_cal, y_test = calibration_y[k], test_y[k]',
    '        # Conformity scores: split conformal |y - y_hat|; CQR max(q_lo - y, y - q_hi), negative inside the band.',
    '        scores = {"split conformal": np.abs(y_cal - mean[:n]),',
    '                  "cqr": np.maximum(lower[:n] - y_cal, y_cal - upper[:n])}',
    '        centres = {"split conformal": (mean[n:], mean[n:]), "cqr": (lower[n:], upper[n:])}',
    '        bands, thresholds = {"uncalibrated": (lower[n:], upper[n:])}, {}',
    '        for name in scores:',
    '            rank, thresholds[name] = conformal_threshold(scores[name], alpha)',
    '            widen = WHOLE_LINE if thresholds[name] is None else thresholds[name]',
    '            band_lower, band_upper = centres[name][0] - widen, centres[name][1] + widen',
    '            # A negative CQR threshold shrinks the band; where it would cross, the lab makes it an',
    '            # empty interval at its midpoint (width 0).',
    '            middle = (band_lower + band_upper) / 2',
    '            crossed = band_lower > band_upper',
    '            bands[name] = (np.where(crossed, middle, band_lower), np.where(crossed, middle, band_upper))',
    `        x_bin = np.clip(np.floor(test_x[k]), 0, ${bins - 1}).astype(int)`,
    '        results[seed] = dict(',
    '            rank=rank, thresholds=thresholds, expected_coverage=1.0 if rank > n else rank / (n + 1),',
    '            test={name: interval_metrics(*band, y_test, alpha) for name, band in bands.items()},',
    '            bins={name: [interval_metrics(band[0][x_bin == b], band[1][x_bin == b], y_test[x_bin == b], alpha)[0]',
    `                         for b in range(${bins})] for name, band in bands.items()})`,
    '    return results',
  ].join('\n');
}

const g = (expression: string) => `{${expression}:.12g}`;

const SKLEARN_LINES = [
  'def sklearn_quantile_lines(seed, alpha):',
  '    """The alpha/2 and 1 - alpha/2 quantile lines of sklearn\'s QuantileRegressor on the seed\'s training rows.',
  '',
  '    It solves the linear program of the pinball loss exactly (solver="highs"), on x as is; the lab',
  '    trains the same lines by gradient steps on standardised data, so they agree closely but not to',
  '    the last digit (where the optimum is flat, not even closely). Careful: sklearn\'s alpha is an L1',
  '    penalty (default 1.0), not the miscoverage alpha, and must be 0 here; its quantile is tau."""',
  '    train_x, train_y = rows_of([seed], 0)',
  '    lines = []',
  '    for tau in (alpha / 2, 1 - alpha / 2):',
  '        fitted = QuantileRegressor(quantile=tau, alpha=0.0, solver="highs").fit(train_x[0].reshape(-1, 1), train_y[0])',
  '        lines.append((fitted.coef_[0], fitted.intercept_))',
  '    return lines',
].join('\n');

function sklearnLines(run: IntervalRun, seed: number): string[] {
  const alpha = py(run.fits.alpha);
  const out = [
    `(lower_slope, lower_intercept), (upper_slope, upper_intercept) = sklearn_quantile_lines(${seed}, ${alpha})`,
    'line_lower = lambda at: lower_slope * at + lower_intercept',
    'line_upper = lambda at: upper_slope * at + upper_intercept',
  ];
  let coverage: string;
  if (run.fits.method === 'quantile-band') {
    out.push(
      `held_x, held_y = rows_of([${seed}], 1)`,
      'sklearn_lower, sklearn_upper = line_lower(held_x[0]), line_upper(held_x[0])',
      'put_in_order(sklearn_lower, sklearn_upper)',
      `sklearn_coverage = interval_metrics(sklearn_lower, sklearn_upper, held_y[0], ${alpha})[0]`,
    );
    coverage = 'held-out coverage';
  } else {
    out.push(
      `(calibration_x, calibration_y), (test_x, test_y) = rows_of([${seed}], 1), rows_of([${seed}], 2)`,
      'calibration_lower, calibration_upper = line_lower(calibration_x[0]), line_upper(calibration_x[0])',
      'put_in_order(calibration_lower, calibration_upper)',
      `rank, threshold = conformal_threshold(np.maximum(calibration_lower - calibration_y[0], calibration_y[0] - calibration_upper), ${alpha})`,
      'widen = WHOLE_LINE if threshold is None else threshold',
      'sklearn_lower, sklearn_upper = line_lower(test_x[0]), line_upper(test_x[0])',
      'put_in_order(sklearn_lower, sklearn_upper)',
      'sklearn_lower, sklearn_upper = sklearn_lower - widen, sklearn_upper + widen',
      'middle, crossed = (sklearn_lower + sklearn_upper) / 2, sklearn_lower > sklearn_upper',
      `sklearn_coverage = interval_metrics(np.where(crossed, middle, sklearn_lower), np.where(crossed, middle, sklearn_upper), test_y[0], ${alpha})[0]`,
    );
    coverage = 'cqr coverage';
  }
  out.push(`print(f"${run.label}  lower slope = ${g('lower_slope')}  lower intercept = ${g('lower_intercept')}  upper slope = ${g('upper_slope')}  upper intercept = ${g('upper_intercept')}  ${coverage} = ${g('sklearn_coverage')}")`);
  return out;
}

function reportLines(run: IntervalRun): string[] {
  const results = RESULTS[run.fits.method];
  const r = run.report;
  switch (r.what) {
    case 'band': {
      const one = `${results}[${r.seed}]`;
      return [`print(f"${run.label}  training coverage = ${g(`${one}['training'][0]`)}  held-out coverage = ${g(`${one}['held_out'][0]`)}  crossings = {${one}['crossings']}")`];
    }
    case 'band-mean': return [
      `seeds_averaged = ${list(r.seeds)}`,
      `training_mean, training_low, training_high = mean_interval([${results}[seed]["training"][0] for seed in seeds_averaged])`,
      `held_out_mean, held_out_low, held_out_high = mean_interval([${results}[seed]["held_out"][0] for seed in seeds_averaged])`,
      `print(f"${run.label}  training mean = ${g('training_mean')}  training low = ${g('training_low')}  training high = ${g('training_high')}"`,
      `      f"  held-out mean = ${g('held_out_mean')}  held-out low = ${g('held_out_low')}  held-out high = ${g('held_out_high')}")`,
    ];
    case 'rank': {
      const one = `${results}[${r.seed}]`;
      return [`print(f"${run.label}  rank = {${one}['rank']}  expected coverage = ${g(`${one}['expected_coverage']`)}")`];
    }
    case 'method': {
      const one = `${results}[${r.seed}]`;
      return [
        `coverage, mean_width, interval_score = ${one}["test"]["${r.method}"]`,
        ...(r.method === 'uncalibrated' ? [] : [
          `threshold = ${one}["thresholds"]["${r.method}"]`,
          'threshold_text = "infinite (the whole line)" if threshold is None else format(threshold, ".12g")',
        ]),
        `print(f"${run.label}  ${r.method === 'uncalibrated' ? '' : 'threshold = {threshold_text}  '}coverage = ${g('coverage')}  mean width = ${g('mean_width')}  interval score = ${g('interval_score')}")`,
      ];
    }
    case 'bin': {
      const bins = `${results}[${r.seed}]['bins']`;
      return [`print(f"${run.label}  ${['split conformal', 'cqr', 'uncalibrated'].map((m) => `${m} coverage = ${g(`${bins}['${m}'][${r.bin}]`)}`).join('  ')}")`];
    }
    case 'sklearn-lines': return sklearnLines(run, r.seed);
    case 'method-mean': return [
      `seeds_averaged = ${list(r.seeds)}`,
      ...([['split', 'split conformal'], ['cqr', 'cqr']] as const).flatMap(([name, method]) => (['coverage', 'width'] as const).map((what, i) =>
        `${name}_${what} = np.mean([${results}[seed]["test"]["${method}"][${i}] for seed in seeds_averaged])`)),
      `print(f"${run.label}  split conformal coverage = ${g('split_coverage')}  cqr coverage = ${g('cqr_coverage')}"`,
      `      f"  split conformal width = ${g('split_width')}  cqr width = ${g('cqr_width')}")`,
    ];
  }
}

registerRunKind<IntervalRun>('intervals', {
  tolerance: 'training',
  imports: (run) => (run.report.what === 'sklearn-lines' ? ['from sklearn.linear_model import QuantileRegressor'] : []),
  defines(run) {
    const common = { rows_of: ROWS_OF, fit_and_predict: modelDefinition(run.fits.model), interval_tools: INTERVAL_TOOLS };
    const sklearn: Record<string, string> = run.report.what === 'sklearn-lines' ? { sklearn_quantile_lines: SKLEARN_LINES } : {};
    return run.fits.method === 'quantile-band'
      ? { ...common, quantile_bands: bandsDefinition(), ...sklearn }
      : { ...common, conformal_threshold: CONFORMAL_THRESHOLD, conformal_runs: conformalDefinition(run.fits.bins ?? 5), ...sklearn };
  },
  render(run, data) {
    for (const column of ['data_seed', 'role', 'x', 'y']) if (!data.columns.includes(column)) throw new Error(`interval runs need a '${column}' column`);
    const lines: string[] = [];
    if (run.compute) {
      const { method, alpha, seeds } = run.fits;
      lines.push(
        method === 'quantile-band'
          ? `# The quantile bands of ${seeds.length} data set(s), alpha = ${run.fits.alpha} (the band aims to hold ${1 - alpha}).`
          : `# Split conformal and CQR on ${seeds.length} data set(s), alpha = ${run.fits.alpha} (the bands aim to hold ${1 - alpha}).`,
        `${RESULTS[method]} = ${method === 'quantile-band' ? 'quantile_bands' : 'conformal_runs'}(${list(seeds)}, ${py(alpha)})`,
      );
    }
    return [...lines, ...reportLines(run)];
  },
});

/** What split conformal promises for the mean of `seeds` test coverages, each on `testPoints` points (closed form). */
export interface CoverageLawRun extends ExtraRun {
  kind: 'coverage-law';
  calibration: number;
  alpha: number;
  testPoints: number;
  seeds: number;
  /** Standard deviations of the mean by which the range is widened. */
  z: number;
}

registerRunKind<CoverageLawRun>('coverage-law', {
  tolerance: 'closed-form',
  defines: () => ({
    coverage_law: [
      'def coverage_law(n, alpha, test_points, seeds, z):',
      '    """What split conformal promises for the mean of `seeds` test coverages, each on `test_points` points.',
      '',
      '    Given the calibration scores, a new point is covered with probability C; over calibration sets',
      '    C ~ Beta(k, n + 1 - k) for continuous exchangeable scores (Vovk 2012; Angelopoulos & Bates 2021,',
      '    section 3), so E C = k/(n + 1). A coverage measured on m points adds the binomial E[C(1 - C)]/m;',
      '    the mean of S seeds has a 1/S variance. The range: 1 - alpha - z sd to 1 - alpha + 1/(n + 1) + z sd."""',
      '    k = math.ceil((n + 1) * (1 - alpha) - 1e-9)',
      '    if k > n:',
      '        return k, 1.0, 1 - alpha, 1 - alpha + 1 / (n + 1)',
      '    a, b, total = k, n + 1 - k, n + 1',
      '    mean = a / total',
      '    variance = a * b / (total * total * (total + 1))',
      '    binomial = mean - (variance + mean * mean)',
      '    sd_of_mean = math.sqrt(variance + binomial / test_points) / math.sqrt(seeds)',
      '    return k, mean, 1 - alpha - z * sd_of_mean, 1 - alpha + 1 / (n + 1) + z * sd_of_mean',
    ].join('\n'),
  }),
  render: (run) => [
    `law_rank, law_mean, law_low, law_high = coverage_law(${run.calibration}, ${py(run.alpha)}, ${run.testPoints}, ${run.seeds}, ${py(run.z)})`,
    `print(f"${run.label}  rank = {law_rank}  expected coverage = ${g('law_mean')}  low = ${g('law_low')}  high = ${g('law_high')}")`,
  ],
});
