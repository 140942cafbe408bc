// "Copy as code" kept honest for the prediction-intervals lesson: every figure that computes or
// trains, in its default state and two others, writes a script that Debian's python3 runs and that
// must print the numbers the page shows (tests/web/support/copy-harness.ts): the pinball loss over
// a sample (closed form, 1e-6), the quantile bands, split conformal, CQR, coverage by x-bin and
// over 50 seeds (trained models, 1e-4).
import { describe, expect, it } from 'vitest';
import pinball from '../../web/lessons/prediction-intervals/figures/pinball';
import bands from '../../web/lessons/prediction-intervals/figures/bands';
import conformal from '../../web/lessons/prediction-intervals/figures/conformal';
import conditional from '../../web/lessons/prediction-intervals/figures/conditional';
import repeat from '../../web/lessons/prediction-intervals/figures/repeat';
import { params } from '../../web/lessons/prediction-intervals/params';
import { toPython } from '../../web/lessons/shared/code';
import { covers, harnessEngine, specOf, useCopyHarness } from './support/copy-harness';

useCopyHarness();

const local = { repeats: 0 };

covers('prediction-intervals', pinball, params, local, [
  { name: 'defaults (τ = 0.9, skew 1, q = 1)', overrides: {} },
  { name: 'the median of a symmetric sample, q right of it (τ = 0.5, skew 0, q = 0.4)', overrides: { tau: 0.5, skew: 0, q: 0.4 } },
  { name: 'τ = 0.05 on a strongly skewed sample, seed 12, q = 6', overrides: { tau: 0.05, skew: 1.5, seed: 12, q: 6 } },
]);

covers('prediction-intervals', conformal, params, local, [
  { name: 'defaults (α = 0.2, n = 99)', overrides: {} },
  { name: 'α = 0.05, n = 19: k = (n + 1)(1 − α) = 19 = n, the largest score (the 1e-9 rule)', overrides: { alpha: 0.05, ncal: 19 } },
  { name: 'α = 0.1, n = 500, seed 3', overrides: { alpha: 0.1, ncal: 500, seed: 3 } },
]);

covers('prediction-intervals', conditional, params, local, [
  { name: 'defaults (α = 0.2, n = 99)', overrides: {} },
  { name: 'α = 0.35, n = 40', overrides: { alpha: 0.35, ncal: 40 } },
  { name: 'α = 0.1, n = 999, seed 8', overrides: { alpha: 0.1, ncal: 999, seed: 8 } },
]);

covers('prediction-intervals', bands, params, local, [
  { name: 'defaults (linear, 20 training points, α = 0.2)', overrides: {} },
  { name: 'the small MLP, 60 training points, seed 4', overrides: { model: 'mlp', ntrain: 60, seed: 4 } },
  { name: 'linear, 10 training points, α = 0.5', overrides: { ntrain: 10, alpha: 0.5 } },
]);

covers('prediction-intervals', repeat, params, local, [
  { name: 'defaults, after "Repeat over 50 seeds"', overrides: { repeats: 1 } },
  { name: 'α = 0.1, n = 19', overrides: { repeats: 1, alpha: 0.1, ncal: 19 } },
  { name: 'α = 0.3, n = 200, seed 2', overrides: { repeats: 1, alpha: 0.3, ncal: 200, seed: 2 } },
]);

describe('prediction-intervals scripts', () => {
  it('refuse a repeat that has not been run, and warn about numpy\'s quantile defaults', async () => {
    await expect(specOf(repeat, params, local, {})).rejects.toThrow(/Repeat over 50 seeds/);
    const spec = await specOf(conformal, params, local, {});
    const { script } = toPython(spec, harnessEngine().losses);
    expect(script).toContain('np.quantile(scores, 1 - alpha) is NOT this threshold');
    expect(script).toContain('math.ceil((n + 1) * (1 - alpha) - 1e-9)');
  }, 120_000);
});
