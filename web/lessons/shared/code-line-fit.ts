/**
 * "Copy as code" run kind 'fit-line': one straight line ŷ = a·x + b fitted to two data columns
 * as the lab fits lines (shared/fit.ts): x standardised with its mean and population sd, the
 * weight and bias from the core's seeded start, full-batch training with the given optimizer and
 * schedule, the line reported back in x's units. Options: leave out the rows a 0/1 column marks,
 * append extra points (an added point of a figure), and print the pull of every point at the
 * fitted line (minus each point's own loss gradient), summed and x-weighted. Any registry loss
 * with a PyTorch form (LOSS_PYTHON) and any optimizer/schedule torch.optim has will do.
 */
import { ident, LOSS_PYTHON, optimizerCall, py, registerRunKind, schedulerCall, type ExtraRun, type TrainSpec } from './code';

/** The training fields are a train run's (code.ts TrainSpec): loss and its parameters, optimizer, schedule, steps, θ0. */
export interface LineFitRun extends ExtraRun, Pick<TrainSpec, 'loss' | 'lossParams' | 'optimizer' | 'params' | 'schedule' | 'steps' | 'init' | 'lrNote'> {
  kind: 'fit-line';
  /** Data columns of the spec. */
  x: string;
  y: string;
  /** A 0/1 column: rows where it is 1 are left out of the fit (held out). */
  exclude?: string;
  /** Points added to the data before fitting, as (x, y). */
  append?: Array<[number, number]>;
  /** Also print `pull sum` (Σψᵢ) and `pull moment` (Σxᵢψᵢ) at the fitted line; init is [weight, bias]. */
  pulls?: boolean;
}

const FIT_LINE = [
  'def fit_line(x, y, criterion, steps, initial, make_optimizer, make_scheduler=None):',
  '    """Fits y = slope * x + intercept as the lab does: x standardised (mean, population sd),',
  '    weight and bias set to the lab\'s seeded start, full-batch steps. Returns slope, intercept',
  '    (in the units of x) and the training loss after the last step."""',
  '    mean, sd = x.mean(), x.std()',
  '    sd = sd if sd > 1e-12 else 1.0',
  '    inputs, targets = torch.tensor((x - mean) / sd).unsqueeze(1), torch.tensor(y)',
  '    model = torch.nn.Linear(1, 1)',
  '    with torch.no_grad():',
  '        model.weight.fill_(initial[0])',
  '        model.bias.fill_(initial[1])',
  '    optimizer = make_optimizer(model)',
  '    scheduler = make_scheduler(optimizer) if make_scheduler else None',
  '    for step in range(steps):',
  '        optimizer.zero_grad()',
  '        criterion(model(inputs).squeeze(1), targets).backward()',
  '        optimizer.step()',
  '        if scheduler:',
  '            scheduler.step()',
  '    with torch.no_grad():',
  '        final_loss = criterion(model(inputs).squeeze(1), targets).item()',
  '    slope = model.weight.item() / sd',
  '    return slope, model.bias.item() - slope * mean, final_loss',
].join('\n');

const PULLS = [
  'def pulls(x, y, slope, intercept, criterion):',
  '    """Each point\'s pull on the line: minus the gradient of its own loss at its prediction',
  '    (the mean loss\'s gradient times the number of points)."""',
  '    prediction = torch.tensor(slope * x + intercept, requires_grad=True)',
  '    criterion(prediction, torch.tensor(y)).backward()',
  '    return -prediction.grad.numpy() * len(y)',
].join('\n');

registerRunKind<LineFitRun>('fit-line', {
  tolerance: 'training',
  defines(run) {
    const loss = LOSS_PYTHON[run.loss];
    if (!loss) throw new Error(`the loss '${run.loss}' has no PyTorch form yet`);
    return { fit_line: FIT_LINE, ...(run.pulls ? { pulls: PULLS } : {}), ...(loss.define ? { [run.loss]: loss.define } : {}) };
  },
  render(run, data) {
    for (const c of [run.x, run.y, ...(run.exclude ? [run.exclude] : [])]) {
      if (!data.columns.includes(ident(c))) throw new Error(`no column '${c}' in the data`);
    }
    if (run.init.length !== 2) throw new Error('a line starts from [weight, bias]');
    const loss = LOSS_PYTHON[run.loss];
    if (loss.takes && loss.takes !== 'raw') throw new Error(`the loss '${run.loss}' takes a ${loss.takes}, not a line's output`);
    const params = run.lossParams ?? {};
    const name = ident(run.label);
    const keep = run.exclude ? `[${ident(run.exclude)} == 0]` : '';
    const out = [`# ${run.label}: the line fitted with ${run.loss}${Object.keys(params).length ? ` (${Object.entries(params).map(([k, v]) => `${k} = ${v}`).join(', ')})` : ''}.`];
    for (const line of loss.note?.(params) ?? []) out.push(`# ${line}`);
    let x = `${ident(run.x)}${keep}`, y = `${ident(run.y)}${keep}`;
    if (run.append?.length) {
      out.push(`# With ${run.append.length === 1 ? 'one added point' : `${run.append.length} added points`}: ${run.append.map(([a, b]) => `(${a}, ${b})`).join(', ')}.`);
      out.push(`${name}_x = np.append(${x}, [${run.append.map((p) => py(p[0])).join(', ')}])`, `${name}_y = np.append(${y}, [${run.append.map((p) => py(p[1])).join(', ')}])`);
      x = `${name}_x`;
      y = `${name}_y`;
    }
    if (run.lrNote) out.push(`# ${run.lrNote}`);
    const scheduler = schedulerCall(run.schedule);
    out.push(
      `${name}_criterion = ${loss.make(params)}`,
      `${name}_slope, ${name}_intercept, ${name}_loss = fit_line(${x}, ${y}, ${name}_criterion, ${run.steps}, [${Array.from(run.init, py).join(', ')}],`,
      `    lambda model: ${optimizerCall(run.optimizer, run.params)}${scheduler ? `,\n    lambda optimizer: ${scheduler})` : ')'}`,
    );
    let printed = `slope = {${name}_slope:.12g}  intercept = {${name}_intercept:.12g}  final loss = {${name}_loss:.12g}`;
    if (run.pulls) {
      out.push(`${name}_pull = pulls(${x}, ${y}, ${name}_slope, ${name}_intercept, ${name}_criterion)`);
      printed += `  pull sum = {${name}_pull.sum():.12g}  pull moment = {(${x} * ${name}_pull).sum():.12g}`;
    }
    out.push(`print(f"${run.label}  ${printed}")`);
    return out;
  },
});
