/**
 * "Copy as code" run kind 'temperature-scaling': temperature scaling (Guo et al. 2017) of a
 * classifier trained earlier in the script (a 'classifier' run, named by its label): one T that
 * minimises the plain cross-entropy of logits / T on the validation rows, found as the lab finds
 * it (golden-section search over log T in [1/20, 20]), then the test scores before and after, the
 * share of the validation loss its worst tenth carries, and the lowest test ECE along a grid of T.
 */
import { ident, py, registerRunKind, type ExtraRun } from './code';
import { ECE_PYTHON, SCORES_PYTHON } from './code-calibration';

export interface TemperatureScalingRun extends ExtraRun {
  kind: 'temperature-scaling';
  /** The label of the 'classifier' run whose model is scaled. */
  of: string;
  bins: number;
  /** The temperatures the test ECE is traced at (the page's curve); the lowest is printed. */
  grid?: ArrayLike<number>;
}

export const TEMPERATURE_HEADLINES = ['temperature', 'validation cross entropy before', 'validation cross entropy after', 'ece before', 'ece after',
  'mean confidence before', 'mean confidence after', 'accuracy before', 'accuracy after', 'worst tenth share', 'lowest ece on the grid'] as const;

const FIT_TEMPERATURE = [
  'def fit_temperature(logits, labels):',
  '    """The T > 0 that minimises the cross-entropy of logits / T, as the lab fits it: the loss is convex',
  '    in 1/T, so a golden-section search over log T in [1/20, 20] (60 steps) finds it. (Guo et al.\'s code',
  '    runs torch.optim.LBFGS on T instead; it finds the same minimum to about 1e-6.)"""',
  '    def loss(log_t):',
  '        return torch.nn.functional.cross_entropy(logits / math.exp(log_t), labels).item()',
  '    a, b = math.log(1 / 20), math.log(20)',
  '    ratio = (math.sqrt(5) - 1) / 2',
  '    c, d = b - ratio * (b - a), a + ratio * (b - a)',
  '    fc, fd = loss(c), loss(d)',
  '    for _ in range(60):',
  '        if fc < fd:',
  '            b, d, fd = d, c, fc',
  '            c = b - ratio * (b - a)',
  '            fc = loss(c)',
  '        else:',
  '            a, c, fc = c, d, fd',
  '            d = a + ratio * (b - a)',
  '            fd = loss(d)',
  '    return math.exp((a + b) / 2)',
].join('\n');

/** A run of this kind, for a figure's spec. */
export const temperatureScalingRun = registerRunKind<TemperatureScalingRun>('temperature-scaling', {
  tolerance: 'training',
  defines: () => ({ expected_calibration_error: ECE_PYTHON, classifier_scores: SCORES_PYTHON, fit_temperature: FIT_TEMPERATURE }),
  render(run) {
    const of = ident(run.of);
    const id = ident(run.label);
    const out = [
      `# ${run.label}: one temperature for every logit of ${run.of}, fitted on the validation rows.`,
      'with torch.no_grad():',
      `    validation_logits, test_logits = ${of}_model(validation_x), ${of}_model(test_x)`,
      `${id}_t = fit_temperature(validation_logits, validation_y)`,
      `before = classifier_scores(test_logits, test_y, bins=${run.bins})`,
      `after = classifier_scores(test_logits / ${id}_t, test_y, bins=${run.bins})`,
      '# Dividing every logit by one T never changes the top class: the accuracy stays.',
      'validation_before = torch.nn.functional.cross_entropy(validation_logits, validation_y).item()',
      `validation_after = torch.nn.functional.cross_entropy(validation_logits / ${id}_t, validation_y).item()`,
      '# How much of the validation loss the worst tenth of the points carries (before scaling).',
      'per_point = np.sort(torch.nn.functional.cross_entropy(validation_logits, validation_y, reduction="none").numpy())[::-1]',
      'worst_share = per_point[: math.ceil(len(per_point) / 10)].sum() / per_point.sum()',
      `print(f"${run.label}  temperature = {${id}_t:.12g}  validation cross entropy before = {validation_before:.12g}  validation cross entropy after = {validation_after:.12g}")`,
      `print(f"${run.label}  ece before = {before['ece']:.12g}  ece after = {after['ece']:.12g}  mean confidence before = {before['mean confidence']:.12g}  mean confidence after = {after['mean confidence']:.12g}")`,
      `print(f"${run.label}  accuracy before = {before['accuracy']:.12g}  accuracy after = {after['accuracy']:.12g}  worst tenth share = {worst_share:.12g}")`,
    ];
    if (run.grid?.length) {
      out.push(
        `temperature_grid = [${Array.from(run.grid, py).join(', ')}]`,
        `grid_ece = [classifier_scores(test_logits / t, test_y, bins=${run.bins})["ece"] for t in temperature_grid]`,
        `print(f"${run.label}  lowest ece on the grid = {min(grid_ece):.12g}  grid temperature = {temperature_grid[int(np.argmin(grid_ece))]:.12g}")`,
      );
    }
    return out;
  },
});
