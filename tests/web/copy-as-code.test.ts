// "Copy as code" kept honest for regression-losses, focal-loss and loss-vs-metric: for each covered
// figure, in its default state and two others, the generated script runs with Debian's python3 and
// must print the numbers the page shows (tests/web/support/copy-harness.ts).
import { describe, expect, it } from 'vitest';
import { toPython, parseHeadlines, type CodeSpec } from '../../web/lessons/shared/code';
import { readCsv } from '../../web/lessons/shared/csv';
import { buildOwnData } from '../../web/lessons/shared/own-data';
import regressionFits from '../../web/lessons/regression-losses/figures/fits';
import regressionTweedie from '../../web/lessons/regression-losses/figures/tweedie';
import { params as regressionParams } from '../../web/lessons/regression-losses/params';
import focalFactor from '../../web/lessons/focal-loss/figures/factor';
import focalTraining from '../../web/lessons/focal-loss/figures/training';
import credit from '../../web/lessons/loss-vs-metric/figures/credit';
import { params as creditParams } from '../../web/lessons/loss-vs-metric/params';
import { params as focalParams } from '../../web/lessons/focal-loss/params';
import { covers, harnessEngine, useCopyHarness } from './support/copy-harness';

useCopyHarness();

covers('regression-losses', regressionFits, regressionParams, { hovered: null }, [
  { name: 'defaults (MSE, MAE, Huber δ = 1)', overrides: {} },
  { name: 'all five losses, δ = 2.5, τ = 0.3', overrides: { show: ['mse', 'mae', 'huber', 'log_cosh', 'quantile'], delta: 2.5, tau: 0.3 } },
  { name: 'seed 7, no outliers, edited points, MAE and quantile τ = 0.75', overrides: { seed: 7, outliers: 0, added: [[6, -10], [7.5, 60]], removed: [[3]], moves: [[0, 1, 20]], show: ['mae', 'quantile'], tau: 0.75 } },
]);

// A learner's own CSV (made by hand: house size against price, one wild price), standardised as
// the lesson does by default, and the same file as is.
const houses = readCsv(['size_m2,rooms,price_k', ...[[52, 2, 180], [75, 3, 240], [60, 2, 205], [110, 4, 380], [95, 4, 330], [40, 1, 150],
  [130, 5, 460], [88, 3, 300], [70, 3, 3000], [101, 4, 350], [66, 2, 228], [120, 5, 410]].map((r) => r.join(','))].join('\n'));
covers('regression-losses (your own CSV)', regressionFits, regressionParams, { hovered: null }, [
  { name: 'standardised x and y, MSE, MAE, Huber', overrides: { owndata: buildOwnData('houses.csv', houses, ['size_m2'], 'price_k', true).id, data: 'local' } },
  { name: 'as is, every loss, δ = 50, τ = 0.8', overrides: { owndata: buildOwnData('houses.csv', houses, ['size_m2'], 'price_k', false).id, data: 'local', show: ['mse', 'mae', 'huber', 'log_cosh', 'quantile'], delta: 50, tau: 0.8 } },
]);

covers('regression-losses', regressionTweedie, regressionParams, { hovered: null }, [
  { name: 'defaults (p = 1.5; held-out data in a CSV beside the script)', overrides: {} },
  { name: 'seed 5, p = 1.2', overrides: { seed: 5, power: 1.2 } },
  { name: 'seed 2, p = 1.9', overrides: { seed: 2, power: 1.9 } },
]);

covers('focal-loss', focalFactor, focalParams, { trainFrame: 0 }, [
  { name: 'defaults (p_t = 0.9, γ = 2)', overrides: {} },
  { name: 'a hard example, p_t = 0.1, γ = 5', overrides: { pt: 0.1, gamma: 5 } },
  { name: 'γ = 0 is cross-entropy, p_t = 0.6', overrides: { pt: 0.6, gamma: 0 } },
]);

covers('focal-loss', focalTraining, focalParams, { trainFrame: 0 }, [
  { name: 'defaults (MLP, γ = 2, α = 0.75), the last frame', overrides: { trainFrame: 1e9 } },
  { name: 'logistic, 1:20, prior start, the last frame', overrides: { model: 'logistic', ratio: 20, prior: true, trainFrame: 1e9 } },
  { name: 'γ = 0.5 without α, noise 1.5, an early frame', overrides: { gamma: 0.5, weighting: false, noise: 1.5, trainFrame: 3 } },
]);

covers('loss-vs-metric', credit, creditParams, {}, [
  { name: 'defaults (FN:FP = 10:1)', overrides: {} },
  { name: 'FN:FP = 50:1, seed 3', overrides: { fnfp: 50, seed: 3 } },
  { name: 'FN:FP = 2:1, 1:4 imbalance', overrides: { fnfp: 2, ratio: 4 } },
]);

// Hand-made loans for the credit models: income and debt in thousands, a default (1) when debt is
// high against income, with every seventh label flipped so the classes overlap.
const loans = readCsv(['income,debt,default', ...Array.from({ length: 80 }, (_, i) => {
  const income = 20 + ((i * 37) % 50), debt = (i * 11) % 17;
  const label = Number(debt * 3 > income) ^ Number(i % 7 === 0);
  return `${income},${debt},${label}`;
})].join('\n'));
covers('loss-vs-metric (your own CSV)', credit, creditParams, {}, [
  { name: 'standardised income and debt, FN:FP = 10:1', overrides: { owndata: buildOwnData('loans.csv', loans, ['income', 'debt'], 'default', true, 'label').id, data: 'local' } },
  { name: 'as is, FN:FP = 3:1', overrides: { owndata: buildOwnData('loans.csv', loans, ['income', 'debt'], 'default', false, 'label').id, data: 'local', fnfp: 3 } },
]);

describe('the generator', () => {
  it('reads printed headlines back by label, the longest label first', () => {
    const printed = 'tweedie p=1.5  slope = 0.25  intercept = -1e-3  final loss = 2\ntweedie  final loss = 3\nnoise\ntweedie p=1.5  held-out mae = 0.5\n';
    expect(parseHeadlines(printed, ['tweedie', 'tweedie p=1.5'])).toEqual({
      'tweedie p=1.5': { slope: 0.25, intercept: -0.001, 'final loss': 2, 'held-out mae': 0.5 },
      tweedie: { 'final loss': 3 },
    });
  });

  it('refuses what torch cannot reproduce instead of writing a wrong script', () => {
    const spec: CodeSpec = {
      title: 't', source: 'a/b', columns: { x: [1, 2], y: [1, 2] },
      runs: [{ kind: 'train', label: 'mse', model: 'linear', x: ['x'], y: 'y', standardize: false, loss: 'mse', optimizer: 'adam', params: { lr: 0.1, bias_correction: false }, steps: 1, init: [0, 0], report: 'line', expect: [] }],
    };
    expect(() => toPython(spec, harnessEngine().losses)).toThrow(/bias/);
    expect(() => toPython({ ...spec, runs: [{ ...spec.runs[0], loss: 'nope' } as CodeSpec['runs'][0]] }, harnessEngine().losses)).toThrow(/unknown loss/);
    expect(() => toPython({ ...spec, columns: { x: [1, 2], y: [1] } }, harnessEngine().losses)).toThrow(/column 'y'/);
  });

  it('puts the data in a CSV beside the script past the inline limit, and writes every value exactly', () => {
    const x = Float64Array.from({ length: 700 }, (_, i) => i / 7);
    const spec: CodeSpec = { title: 't', source: 'l/f', columns: { x, y: x }, runs: [] };
    const big = toPython(spec, harnessEngine().losses);
    expect(big.csv?.filename).toBe('l-f.csv');
    expect(big.csv!.text.split('\n')[0]).toBe('x,y');
    expect(Number(big.csv!.text.split('\n')[2].split(',')[0])).toBe(x[1]);
    expect(big.script).toContain('np.loadtxt("l-f.csv"');
    const small = toPython({ ...spec, columns: { x: [0.1, 1 / 3] } }, harnessEngine().losses);
    expect(small.csv).toBeUndefined();
    expect(small.script).toContain(String(1 / 3));
  });
});
