/**
 * "Copy as code" run kind 'ece-bootstrap': ECE(a) − ECE(b) of two classifiers on the same test
 * points ('classifier' runs earlier in the script, named by their labels), with a 95% paired
 * bootstrap interval: the test points resampled with replacement, the same points for both
 * models, `draws` times with the lab's seeded generator; the 2.5 and 97.5 percentiles.
 */
import { ident, registerRunKind, type ExtraRun } from './code';
import { ECE_PYTHON, PERCENTILE_NOTE, UNIFORM_PYTHON } from './code-calibration';

export interface EceBootstrapRun extends ExtraRun {
  kind: 'ece-bootstrap';
  a: string;
  b: string;
  seed: number;
  draws: number;
  bins: number;
}

/** A run of this kind, for a figure's spec. */
export const eceBootstrapRun = registerRunKind<EceBootstrapRun>('ece-bootstrap', {
  tolerance: 'training',
  defines: () => ({ expected_calibration_error: ECE_PYTHON, lab_uniform: UNIFORM_PYTHON }),
  render(run) {
    const [a, b] = [ident(run.a), ident(run.b)];
    const id = ident(run.label);
    const ece = (m: string, pick = '') => `expected_calibration_error(${m}_test["confidence"]${pick}, ${m}_test["correct"]${pick}, ${run.bins})`;
    return [
      `# ${run.label}: ECE(${run.a}) - ECE(${run.b}) and a 95% paired bootstrap interval (${run.draws} resamples, the lab's generator, seed ${run.seed}).`,
      `n = len(${a}_test["confidence"])`,
      `${id}_value = ${ece(a)} - ${ece(b)}`,
      `resamples = np.floor(lab_uniform(${run.seed}, ${run.draws} * n) * n).astype(int).reshape(${run.draws}, n)`,
      `${id}_differences = np.array([${ece(a, '[rows]')} - ${ece(b, '[rows]')} for rows in resamples])`,
      PERCENTILE_NOTE,
      `low, high = np.quantile(${id}_differences, [0.025, 0.975])`,
      `print(f"${run.label}  difference = {${id}_value:.12g}  low = {low:.12g}  high = {high:.12g}")`,
    ];
  },
});
