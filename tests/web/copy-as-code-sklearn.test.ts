// The scikit-learn cross-checks of "Copy as code" (web/lessons/shared/code-sklearn.ts): where
// sklearn has an estimator for the lab's problem, the script fits it too. A line compared with the
// page must print the page's numbers (training tolerance, 1e-4: the lab's run only approaches the
// optimum sklearn solves for); a line of "the converged optimum" is informative (printed, never
// compared). Each covered figure in its default state and two others, through the shared harness.
import { describe, expect, it } from 'vitest';
import fits from '../../web/lessons/regression-losses/figures/fits';
import tweedie from '../../web/lessons/regression-losses/figures/tweedie';
import { params as regressionParams } from '../../web/lessons/regression-losses/params';
import credit from '../../web/lessons/loss-vs-metric/figures/credit';
import { params as creditParams } from '../../web/lessons/loss-vs-metric/params';
import { toPython, type ExtraRun } from '../../web/lessons/shared/code';
import type { SklearnRun } from '../../web/lessons/shared/code-sklearn';
import { compare, covers, harnessEngine, runScript, specOf, useCopyHarness } from './support/copy-harness';

useCopyHarness();

covers('regression-losses (sklearn)', fits, regressionParams, { hovered: null }, [
  { name: 'defaults: LinearRegression, QuantileRegressor for MAE, HuberRegressor δ = 1', overrides: {} },
  { name: 'quantile τ = 0.9 and MSE, seed 3', overrides: { show: ['mse', 'quantile'], tau: 0.9, seed: 3 } },
  { name: 'Huber δ = 2, quantile τ = 0.25, no outliers', overrides: { show: ['huber', 'quantile'], delta: 2, tau: 0.25, outliers: 0 } },
]);

covers('regression-losses (sklearn)', tweedie, regressionParams, { hovered: null }, [
  { name: 'defaults: TweedieRegressor p = 1.5 and 4/3', overrides: {} },
  { name: 'seed 5, p = 1.2', overrides: { seed: 5, power: 1.2 } },
  { name: 'seed 2, p = 1.9', overrides: { seed: 2, power: 1.9 } },
]);

covers('loss-vs-metric (sklearn)', credit, creditParams, {}, [
  { name: 'defaults: LogisticRegression beside 300 fixed steps', overrides: {} },
  { name: 'FN:FP = 50:1, seed 3', overrides: { fnfp: 50, seed: 3 } },
  { name: 'FN:FP = 2:1, 1:4 imbalance', overrides: { fnfp: 2, ratio: 4 } },
]);

const sklearnRuns = (runs: readonly { kind: string }[]) => runs.filter((r): r is SklearnRun => r.kind === 'sklearn');

describe('sklearn cross-checks', () => {
  it('compare only what is the same problem: the lines, MSE and Tweedie; the loss, quantile; nothing, Huber', async () => {
    const spec = await specOf(fits, regressionParams, { hovered: null }, { show: ['mse', 'huber', 'quantile', 'log_cosh'] });
    const byLabel = Object.fromEntries(sklearnRuns(spec.runs).map((r) => [r.label, r]));
    expect(Object.keys(byLabel).sort()).toEqual([
      'huber, sklearn HuberRegressor, the converged optimum',
      'mse, sklearn LinearRegression',
      'quantile, sklearn QuantileRegressor',
      'quantile, sklearn QuantileRegressor, the converged optimum',
    ]);
    expect(byLabel['mse, sklearn LinearRegression'].expect.map((h) => h.name)).toEqual(['slope', 'intercept', 'final loss']);
    expect(byLabel['quantile, sklearn QuantileRegressor'].expect.map((h) => h.name)).toEqual(['final loss']);
    expect(byLabel['quantile, sklearn QuantileRegressor, the converged optimum'].prints).toEqual(['slope', 'intercept']);
    expect(byLabel['huber, sklearn HuberRegressor, the converged optimum'].informative).toBe(true);
    const { script } = toPython(spec, harnessEngine().losses);
    expect(script).toMatch(/HuberRegressor\(epsilon=[0-9.]+, alpha=0\.0/);
    expect(script).toContain('QuantileRegressor(quantile=0.9, alpha=0.0, solver="highs")');
  }, 120_000);

  it('Huber: epsilon = δ / σ̂, and the fitted scale makes it another problem (its effective δ is printed)', async () => {
    const spec = await specOf(fits, regressionParams, { hovered: null }, { show: ['huber'], delta: 1.5 });
    const huber = sklearnRuns(spec.runs)[0];
    const printed = (await runScript(spec))[huber.label];
    expect(printed.slope).toBeTypeOf('number');
    // The line HuberRegressor finds is the torch Huber fit at δ' = epsilon × scale_, not at the page's δ.
    expect(printed['effective delta']).toBeCloseTo((1.5 / huber.sigma!) * printed.scale, 9);
    expect(Math.abs(printed['effective delta'] - 1.5)).toBeGreaterThan(1e-3);
  }, 300_000);

  it('a fixed-step logistic run gets the converged optimum, informative only', async () => {
    const spec = await specOf(credit, creditParams, {}, {});
    const runs = sklearnRuns(spec.runs);
    expect(runs.map((r) => r.label)).toEqual(['bce, sklearn LogisticRegression, the converged optimum', 'class-weighted bce, sklearn LogisticRegression, the converged optimum']);
    expect(runs.every((r) => r.informative && r.expect.length === 0)).toBe(true);
  }, 120_000);

  it('the harness refuses an informative line that claims numbers, and a compared line that claims none', async () => {
    const spec = await specOf(tweedie, regressionParams, { hovered: null }, {});
    const printed = await runScript(spec);
    const tweedieCheck = sklearnRuns(spec.runs)[0];
    expect(tweedieCheck.expect.length).toBeGreaterThan(0);
    expect(() => compare({ ...spec, runs: [{ ...tweedieCheck, informative: true }] }, printed)).toThrow(/informative/);
    expect(() => compare({ ...spec, runs: [{ ...tweedieCheck, expect: [] } as ExtraRun] }, printed)).toThrow();
    // And a wrong page number fails: the TweedieRegressor slope moved by 1e-3 relative.
    const moved = { ...tweedieCheck, expect: tweedieCheck.expect.map((h) => (h.name === 'slope' ? { ...h, value: h.value * 1.001 } : h)) };
    expect(() => compare({ ...spec, runs: [moved] }, printed)).toThrow(/slope/);
  }, 300_000);
});
