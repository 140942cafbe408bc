/**
 * "Copy as code" for a full-batch regression session trained with validation rows: run kind
 * 'train-validate' (PyTorch). Beyond the built-in 'train' kind it writes out what the core's
 * session adds: its penalty l1 Σ|w| + (l2/2) Σ w² on the weights only (torch's weight_decay is
 * another thing: it is the optimizer's, on every parameter), the validation objective after each
 * epoch, and early stopping with patience, min_delta and restore_best as the core runs it (and as
 * Keras's EarlyStopping(restore_best_weights=True) does). It reports epochs, losses, the weight
 * norm and, for Adam with weight_decay, the median per-step shrinkage lr·λ/(√v̂ + ε).
 * Imported by a figure for a value it uses (trainValidateCode, CONTRASTIVE_DEFAULTS), it registers
 * the kind (package.json marks web/ free of side effects: a bare import would be dropped).
 */
import type { AsyncLossLab, SessionOptions } from 'loss-lab';
import { ident, layersOf, LOSS_PYTHON, MAKE_MODEL_PYTHON, optimizerCall, py, registerRunKind, sessionCode, type ExtraRun, type TrainSpec } from './code';

export type TrainValidateReport = 'epochs' | 'losses' | 'norm' | 'shrinkage';

export interface TrainValidateRun extends ExtraRun, Pick<TrainSpec, 'model' | 'loss' | 'optimizer' | 'params' | 'init' | 'lrNote'> {
  kind: 'train-validate';
  /** Feature columns, the target column, and the column that is 1 on the validation rows. */
  x: string[];
  y: string;
  split: string;
  epochs: number;
  penalty?: { l1?: number; l2?: number };
  earlyStopping?: { patience: number; min_delta?: number; restore_best?: boolean };
  /**
   * epochs: `best epoch`, `best validation loss`, `stopped epoch` (needs early stopping);
   * losses: `final training loss` (the objective after the last step taken) and `validation mse`
   * (of the model it ends with); norm: `weight norm` ‖θ‖ over every parameter; shrinkage:
   * `median decay shrink`, lr·λ/(√v̂ + ε) over the parameters (Adam with weight_decay).
   */
  report: TrainValidateReport[];
}

export type TrainValidateLayout = Pick<TrainValidateRun, 'label' | 'x' | 'y' | 'split' | 'report' | 'expect'>;

/** The run of a session's options: its θ0 read from a session that takes no step (as sessionCode does). */
export async function trainValidateCode(engine: AsyncLossLab, options: SessionOptions, layout: TrainValidateLayout): Promise<TrainValidateRun> {
  if (options.batchSize) throw new Error('mini-batch sessions are not generated yet');
  if (options.schedule) throw new Error('schedules are not generated for train-validate runs yet');
  const { penalty, earlyStopping, ...plain } = options;
  const epochs = options.epochs ?? 1;
  const base = await sessionCode(engine, plain, epochs, { label: layout.label, x: layout.x, y: layout.y, standardize: false, report: 'loss', expect: [] });
  return {
    kind: 'train-validate', model: base.model, loss: base.loss, optimizer: base.optimizer, params: base.params, init: base.init,
    epochs, penalty, earlyStopping, ...layout,
  };
}

const PENALTY_PYTHON = [
  'def weight_penalty(model, l1, l2):',
  '    """The lab\'s penalty: l1*sum|w| + l2/2*sum w^2 over the weights; the biases are not penalised.',
  '    (torch.optim\'s weight_decay is not this: it adds weight_decay*theta to every gradient, biases too.)"""',
  '    weights = [layer.weight for layer in model if isinstance(layer, torch.nn.Linear)]',
  '    return sum(l1 * w.abs().sum() + l2 / 2 * (w ** 2).sum() for w in weights)',
].join('\n');

registerRunKind<TrainValidateRun>('train-validate', {
  tolerance: 'training',
  defines: (run) => ({
    make_model: MAKE_MODEL_PYTHON,
    ...(run.penalty ? { weight_penalty: PENALTY_PYTHON } : {}),
    ...(LOSS_PYTHON[run.loss]?.define ? { [run.loss]: LOSS_PYTHON[run.loss].define! } : {}),
  }),
  render(run, data) {
    const v = ident(run.label);
    const x = run.x.map(ident), y = ident(run.y), split = ident(run.split);
    for (const c of [...x, y, split]) if (!data.columns.includes(c)) throw new Error(`${run.label}: no column '${c}'`);
    const loss = LOSS_PYTHON[run.loss];
    if (!loss || loss.takes) throw new Error(`${run.label}: the loss '${run.loss}' is not generated for train-validate runs`);
    const { sizes, activation } = layersOf(run.model, x.length);
    const stopping = run.earlyStopping;
    if (run.report.includes('epochs') && !stopping) throw new Error(`${run.label}: epochs are reported with early stopping only`);
    const decay = Number(run.params.weight_decay ?? 0);
    if (run.report.includes('shrinkage') && (run.optimizer !== 'adam' || !decay)) throw new Error(`${run.label}: the shrinkage is Adam's with weight_decay`);
    const l1 = run.penalty?.l1 ?? 0, l2 = run.penalty?.l2 ?? 0;
    const objective = `criterion(model(inputs).squeeze(1), targets)${run.penalty ? ` + weight_penalty(model, ${py(l1)}, ${py(l2)})` : ''}`;
    const out = [
      `# ${run.label}: ${run.optimizer} (${Object.entries(run.params).map(([k, p]) => `${k} = ${p}`).join(', ')}), ${run.epochs} full-batch epochs` +
        `${run.penalty ? `, penalty l1 = ${l1}, l2 = ${l2} on the weights` : ''}${stopping ? `, early stopping (patience ${stopping.patience}, min_delta ${stopping.min_delta ?? 0}${stopping.restore_best ? ', restoring the best epoch' : ''})` : ''}.`,
      `${v}_features = np.column_stack([${x.join(', ')}])`,
      `${v}_train, ${v}_held = ${split} == 0, ${split} == 1`,
      `${v}_inputs, ${v}_targets = torch.tensor(${v}_features[${v}_train]), torch.tensor(${y}[${v}_train])`,
      `${v}_held_inputs, ${v}_held_targets = torch.tensor(${v}_features[${v}_held]), torch.tensor(${y}[${v}_held])`,
      `criterion = ${loss.make({})}`,
      `model = make_model([${sizes.join(', ')}], ${activation}, [${Array.from(run.init, py).join(', ')}])`,
      '',
      '',
      `def ${v}_objective(inputs, targets):`,
      `    """The lab's objective: the mean loss${run.penalty ? ' plus the penalty' : ''} (on validation rows too)."""`,
      `    return ${objective}`,
      '',
      '',
    ];
    if (run.lrNote) out.push(`# ${run.lrNote}`);
    out.push(`optimizer = ${optimizerCall(run.optimizer, run.params)}`);
    if (stopping) out.push(`best_validation, best_epoch, since_best, best_state = math.inf, 0, 0, None`);
    out.push(
      `stopped_epoch = ${run.epochs}`,
      `for epoch in range(1, ${run.epochs + 1}):  # full batch: one step per epoch`,
      '    optimizer.zero_grad()',
      `    ${v}_objective(${v}_inputs, ${v}_targets).backward()`,
      '    optimizer.step()',
      '    with torch.no_grad():',
      `        final_training_loss = ${v}_objective(${v}_inputs, ${v}_targets).item()`,
    );
    if (stopping) {
      out.push(
        `        validation_loss = ${v}_objective(${v}_held_inputs, ${v}_held_targets).item()`,
        '    # An epoch counts as better when it beats the best so far by more than min_delta.',
        `    if best_state is None or validation_loss < best_validation - ${py(stopping.min_delta ?? 0)}:`,
        '        best_validation, best_epoch, since_best = validation_loss, epoch, 0',
        '        best_state = {name: value.clone() for name, value in model.state_dict().items()}',
        '    else:',
        '        since_best += 1',
        `    if since_best >= ${stopping.patience}:  # patience: epochs in a row without such an improvement`,
        '        stopped_epoch = epoch',
        '        break',
      );
      if (stopping.restore_best) out.push('# Restore the best epoch\'s parameters (whether it stopped early or ran to the end).', 'model.load_state_dict(best_state)');
    }
    out.push(
      'with torch.no_grad():',
      `    validation_mse = torch.mean((model(${v}_held_inputs).squeeze(1) - ${v}_held_targets) ** 2).item()`,
      '    weight_norm = math.sqrt(sum((p ** 2).sum().item() for p in model.parameters()))',
    );
    const printed: string[] = [];
    if (run.report.includes('epochs')) printed.push('best epoch = {best_epoch}', 'best validation loss = {best_validation:.12g}', 'stopped epoch = {stopped_epoch}');
    if (run.report.includes('losses')) printed.push('final training loss = {final_training_loss:.12g}', 'validation mse = {validation_mse:.12g}');
    if (run.report.includes('norm')) printed.push('weight norm = {weight_norm:.12g}');
    if (run.report.includes('shrinkage')) {
      const eps = py(Number(run.params.eps ?? 1e-8)), beta2 = py(Array.isArray(run.params.betas) ? run.params.betas[1] : 0.999);
      out.push(
        '# Adam + L2 shrinks each parameter by lr*weight_decay/(sqrt(v_hat) + eps) per step, v_hat = exp_avg_sq / (1 - beta2^t).',
        'shrink = []',
        'for p in model.parameters():',
        '    state = optimizer.state[p]',
        `    v_hat = state["exp_avg_sq"] / (1 - ${beta2} ** float(state["step"]))`,
        `    shrink += (${py(Number(run.params.lr))} * ${py(decay)} / (v_hat.sqrt() + ${eps})).flatten().tolist()`,
        'median_shrink = sorted(shrink)[len(shrink) // 2]',
      );
      printed.push('median decay shrink = {median_shrink:.12g}');
    }
    out.push(`print(f"${run.label}  ${printed.join('  ')}")`);
    return out;
  },
});
