/**
 * "Copy as code" run kind 'classifier': a multi-class model (softmax regression or an MLP) trained
 * full batch by the core's session with torch.nn.CrossEntropyLoss (with label smoothing when the
 * session has it), from the session's seeded start θ0, and scored on the test rows: accuracy,
 * confidence, the lab's ECE, plain cross-entropy, logit size. Optionally it keeps the checkpoint
 * with the lowest validation cross-entropy (every `checkpointEvery` steps), as early stopping
 * does. The rows of the data are split by a column: 0 train, 1 validation, 2 test. Importing
 * this file registers the kind; code-temperature-scaling.ts and the ECE kinds read its model.
 */
import type { AsyncLossLab, ModelSpec, OptimizerName, OptimizerParams, SessionOptions } from 'loss-lab';
import { ident, MAKE_MODEL_PYTHON, optimizerCall, py, registerRunKind, sessionCode, type ExtraRun, type Headline } from './code';
import { ECE_PYTHON, SCORES_PYTHON } from './code-calibration';

export interface ClassifierRun extends ExtraRun {
  kind: 'classifier';
  model: ModelSpec;
  classes: number;
  /** Feature columns, the label column (0 … K−1) and the column that splits the rows (0 train, 1 validation, 2 test). */
  x: string[];
  y: string;
  split: string;
  labelSmoothing: number;
  optimizer: OptimizerName;
  params: OptimizerParams;
  steps: number;
  /** θ at step 0, from the core's session (per layer: weights in × out row-major, then biases). */
  init: ArrayLike<number>;
  /** Bins of the ECE. */
  bins: number;
  /** Keep the checkpoint with the lowest validation cross-entropy, looked at every this many steps (and at the last). */
  checkpointEvery?: number;
}

/** What the script prints for a classifier run (each after `<label>  `). */
export const CLASSIFIER_HEADLINES = ['final loss', 'train accuracy', 'test accuracy', 'mean confidence', 'ece', 'cross entropy', 'mean logit norm', 'validation cross entropy'] as const;
/** …and, with checkpoints, the step of the best one and its test scores. */
export const CHECKPOINT_HEADLINES = ['best checkpoint step', 'checkpoint ece', 'checkpoint test accuracy', 'checkpoint cross entropy'] as const;

export type ClassifierLayout = Pick<ClassifierRun, 'label' | 'x' | 'y' | 'split' | 'bins' | 'expect'> & { checkpointEvery?: number };

/**
 * The run of a multi-class session: its model, smoothing, optimizer and steps as the core takes
 * them, and its seeded start θ0 read from a session that takes no step.
 */
export async function classifierCode(engine: AsyncLossLab, options: SessionOptions, steps: number, layout: ClassifierLayout): Promise<ClassifierRun> {
  if (options.schedule) throw new Error('schedules are not generated for classifiers yet');
  if (options.loss !== 'cross_entropy') throw new Error(`a classifier run trains with cross_entropy, not '${options.loss}'`);
  const classes = options.data.classes;
  if (!classes) throw new Error('a classifier run needs data.classes');
  // The session's own spec (it refuses mini-batches, penalties and early stopping) gives θ0.
  const session = await sessionCode(engine, options, steps, { label: layout.label, x: layout.x, y: layout.y, standardize: false, report: 'loss', expect: [] });
  return {
    kind: 'classifier', model: typeof options.model === 'string' ? { name: options.model } : options.model, classes,
    labelSmoothing: session.lossParams?.label_smoothing ?? 0, optimizer: session.optimizer, params: session.params, steps, init: session.init, ...layout,
  };
}

/** Layer sizes and the activation between layers, as torch modules. */
function layers(model: ModelSpec, features: number, classes: number): { sizes: number[]; activation: string } {
  if (model.name === 'softmax') return { sizes: [features, classes], activation: 'None' };
  if (model.name !== 'mlp') throw new Error(`a classifier run takes a softmax or mlp model, not '${model.name}'`);
  if (model.outputBias !== undefined) throw new Error('an output bias start is not generated for classifiers yet');
  return { sizes: [features, ...(model.hidden ?? [16]), classes], activation: model.activation === 'relu' ? 'torch.nn.ReLU()' : 'torch.nn.Tanh()' };
}

const SPLIT_ROWS = [
  'def split_rows(features, labels, split, part):',
  '    """The inputs and integer labels of the rows whose split column is `part` (0 train, 1 validation, 2 test)."""',
  '    rows = split == part',
  '    return torch.tensor(features[rows]), torch.tensor(labels[rows]).long()',
].join('\n');

registerRunKind<ClassifierRun>('classifier', {
  tolerance: 'training',
  imports: (run) => (run.checkpointEvery ? ['import copy'] : []),
  defines: () => ({ expected_calibration_error: ECE_PYTHON, classifier_scores: SCORES_PYTHON, make_model: MAKE_MODEL_PYTHON, split_rows: SPLIT_ROWS }),
  render(run, data) {
    for (const c of [...run.x, run.y, run.split]) if (!data.columns.includes(ident(c))) throw new Error(`the classifier needs the column '${c}'`);
    const id = ident(run.label);
    const { sizes, activation } = layers(run.model, run.x.length, run.classes);
    const e = run.labelSmoothing;
    const out = [
      `# ${run.label}: ${run.model.name === 'softmax' ? 'softmax regression' : `an MLP (${sizes.slice(1, -1).join(', ')} ${activation === 'None' ? '' : activation.replace('torch.nn.', '').replace('()', '')} units)`}, full batch, ${run.steps} steps.`,
      `features = np.column_stack([${run.x.map(ident).join(', ')}])`,
      `train_x, train_y = split_rows(features, ${ident(run.y)}, ${ident(run.split)}, 0)`,
      `validation_x, validation_y = split_rows(features, ${ident(run.y)}, ${ident(run.split)}, 1)`,
      `test_x, test_y = split_rows(features, ${ident(run.y)}, ${ident(run.split)}, 2)`,
      ...(e > 0 ? [
        `# label_smoothing = eps = ${e}: the target of the true class is 1 - eps + eps/K, of every other class eps/K (K = ${run.classes}),`,
        '# the lab\'s convention and torch\'s. Keras\'s CategoricalCrossentropy(label_smoothing=eps) spreads eps over all K',
        '# classes the same way (it needs one-hot labels; tf.keras\'s SparseCategoricalCrossentropy has no label_smoothing).',
        '# Keras\'s BinaryCrossentropy(label_smoothing=eps) squeezes each output on its own: y(1 - eps) + eps/2.',
      ] : ['# label_smoothing = 0: one-hot targets, plain cross-entropy.']),
      `criterion = torch.nn.CrossEntropyLoss(label_smoothing=${py(e)})`,
      `model = make_model([${sizes.join(', ')}], ${activation}, [${Array.from(run.init, py).join(', ')}])`,
      `optimizer = ${optimizerCall(run.optimizer, run.params)}`,
    ];
    const every = run.checkpointEvery;
    if (every) {
      out.push(
        '',
        `def ${id}_validation_loss():`,
        '    with torch.no_grad():',
        '        return torch.nn.functional.cross_entropy(model(validation_x), validation_y).item()',
        '',
        '',
        `# Early stopping as the lab shows it: every ${every} steps (and at the last), keep the model whose plain`,
        '# validation cross-entropy is the lowest so far (the first of equal values); the test set plays no part.',
        `best_step, best_loss, best_state = 0, ${id}_validation_loss(), copy.deepcopy(model.state_dict())`,
      );
    }
    out.push(
      `for step in range(1, ${run.steps} + 1):  # full batch: one step per epoch`,
      '    optimizer.zero_grad()',
      '    criterion(model(train_x), train_y).backward()',
      '    optimizer.step()',
    );
    if (every) {
      out.push(
        `    if step % ${every} == 0 or step == ${run.steps}:`,
        `        loss = ${id}_validation_loss()`,
        '        if loss < best_loss:',
        '            best_step, best_loss, best_state = step, loss, copy.deepcopy(model.state_dict())',
      );
    }
    out.push(
      `${id}_model = model`,
      'with torch.no_grad():',
      '    final_loss = criterion(model(train_x), train_y).item()',
      '    train_accuracy = (model(train_x).argmax(dim=1) == train_y).double().mean().item()',
      `    ${id}_test = classifier_scores(model(test_x), test_y, bins=${run.bins})`,
      `    validation_loss = torch.nn.functional.cross_entropy(model(validation_x), validation_y).item()`,
      `print(f"${run.label}  final loss = {final_loss:.12g}  train accuracy = {train_accuracy:.12g}")`,
      `print(f"${run.label}  test accuracy = {${id}_test['accuracy']:.12g}  mean confidence = {${id}_test['mean confidence']:.12g}  ece = {${id}_test['ece']:.12g}")`,
      `print(f"${run.label}  cross entropy = {${id}_test['cross entropy']:.12g}  mean logit norm = {${id}_test['mean logit norm']:.12g}  validation cross entropy = {validation_loss:.12g}")`,
    );
    if (every) {
      out.push(
        'checkpoint = copy.deepcopy(model)',
        'checkpoint.load_state_dict(best_state)',
        `best = classifier_scores(checkpoint(test_x).detach(), test_y, bins=${run.bins})`,
        `print(f"${run.label}  best checkpoint step = {best_step}  checkpoint ece = {best['ece']:.12g}  checkpoint test accuracy = {best['accuracy']:.12g}  checkpoint cross entropy = {best['cross entropy']:.12g}")`,
      );
    }
    return out;
  },
});

/** Expected headlines from named values, skipping the ones the page leaves blank (not finite). */
export function headlines(values: Record<string, number | undefined>): Headline[] {
  return Object.entries(values).filter(([, v]) => v !== undefined && Number.isFinite(v)).map(([name, value]) => ({ name, value: value! }));
}
