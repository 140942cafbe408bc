/**
 * "Copy as code" run kind 'ece-noise-floor': the ECE a perfectly calibrated model would show by
 * chance on a classifier's test points. It keeps the classifier's confidences c_i (of a
 * 'classifier' run earlier in the script, named by its label; optionally only its first `first`
 * points) and makes each point right with probability exactly c_i, `draws` times, with the lab's
 * seeded generator; prints the mean ECE of the draws and its 95th percentile.
 */
import { ident, registerRunKind, type ExtraRun } from './code';
import { ECE_PYTHON, PERCENTILE_NOTE, UNIFORM_PYTHON } from './code-calibration';

export interface EceNoiseFloorRun extends ExtraRun {
  kind: 'ece-noise-floor';
  /** The label of the 'classifier' run whose test confidences are kept. */
  of: string;
  seed: number;
  draws: number;
  bins: number;
  /** Only the first this many test points. */
  first?: number;
}

/** A run of this kind, for a figure's spec. */
export const eceNoiseFloorRun = registerRunKind<EceNoiseFloorRun>('ece-noise-floor', {
  tolerance: 'training',
  defines: () => ({ expected_calibration_error: ECE_PYTHON, lab_uniform: UNIFORM_PYTHON }),
  render(run) {
    const of = ident(run.of);
    const id = ident(run.label);
    const confidence = `${of}_test["confidence"]${run.first ? `[:${run.first}]` : ''}`;
    return [
      `# ${run.label}: a model whose true calibration error is 0 (each point right with probability its confidence),`,
      `# ${run.draws} draws of the lab's generator (seed ${run.seed}), in the lab's order: one draw's points, then the next.`,
      `confidence = ${confidence}`,
      `draws = lab_uniform(${run.seed}, ${run.draws} * len(confidence)).reshape(${run.draws}, len(confidence))`,
      `${id}_eces = np.array([expected_calibration_error(confidence, (draw < confidence).astype(float), ${run.bins}) for draw in draws])`,
      PERCENTILE_NOTE,
      `print(f"${run.label}  noise floor mean = {${id}_eces.mean():.12g}  noise floor ninety-fifth percentile = {np.quantile(${id}_eces, 0.95):.12g}")`,
    ];
  },
});
