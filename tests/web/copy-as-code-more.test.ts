// "Copy as code" kept honest for the rest of the computing figures of regression-losses,
// focal-loss and loss-vs-metric: for each, in its default state and two others, the generated
// script runs with Debian's python3 and must print the numbers the page shows
// (tests/web/support/copy-harness.ts: training results to 1e-4 relative, closed form to 1e-6).
import regressionLeverage from '../../web/lessons/regression-losses/figures/leverage';
import regressionPull from '../../web/lessons/regression-losses/figures/pull';
import regressionBand from '../../web/lessons/regression-losses/figures/band';
import { params as regressionParams } from '../../web/lessons/regression-losses/params';
import { covers, useCopyHarness } from './support/copy-harness';

useCopyHarness();

const only = process.env.COPY_ONLY;
const cover: typeof covers = (lesson, figure, table, local, cases) => {
  if (!only || figure.name === only) covers(lesson, figure, table, local, cases);
};

cover('regression-losses', regressionLeverage, regressionParams, { hovered: null }, [
  { name: 'defaults (δ = 1, 10 outliers)', overrides: {} },
  { name: 'δ = 4, no outliers', overrides: { delta: 4, outliers: 0 } },
  { name: 'seed 9, δ = 0.3, edited points', overrides: { seed: 9, delta: 0.3, added: [[4, 30]], removed: [[5], [6]] } },
]);

cover('regression-losses', regressionPull, regressionParams, { hovered: null }, [
  { name: 'defaults (MSE)', overrides: {} },
  { name: 'Huber δ = 2, seed 4', overrides: { focus: 'huber', delta: 2, seed: 4 } },
  { name: 'quantile τ = 0.25, 20 outliers', overrides: { focus: 'quantile', tau: 0.25, outliers: 20 } },
]);

cover('regression-losses', regressionBand, regressionParams, { hovered: null }, [
  { name: 'defaults (seed 1)', overrides: {} },
  { name: 'seed 3', overrides: { seed: 3 } },
  { name: 'seed 42', overrides: { seed: 42 } },
]);
