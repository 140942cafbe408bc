// "Copy as code" kept honest for the rest of the computing figures of regression-losses,
// focal-loss and loss-vs-metric: for each, in its default state and two others, the generated
// script runs with Debian's python3 and must print the numbers the page shows
// (tests/web/support/copy-harness.ts: training results to 1e-4 relative, closed form to 1e-6).
import regressionLeverage from '../../web/lessons/regression-losses/figures/leverage';
import regressionPull from '../../web/lessons/regression-losses/figures/pull';
import regressionBand from '../../web/lessons/regression-losses/figures/band';
import { params as regressionParams } from '../../web/lessons/regression-losses/params';
import focalAlpha from '../../web/lessons/focal-loss/figures/alpha';
import focalPrior from '../../web/lessons/focal-loss/figures/prior';
import focalWhere from '../../web/lessons/focal-loss/figures/where';
import { params as focalParams } from '../../web/lessons/focal-loss/params';
import lvmProper from '../../web/lessons/loss-vs-metric/figures/proper';
import lvmStory from '../../web/lessons/loss-vs-metric/figures/story';
import lvmMetrics from '../../web/lessons/loss-vs-metric/figures/metrics';
import { params as lvmParams } from '../../web/lessons/loss-vs-metric/params';
import focalTraining from '../../web/lessons/focal-loss/figures/training';
import { readCsv } from '../../web/lessons/shared/csv';
import { buildOwnData } from '../../web/lessons/shared/own-data';
import { MACHINES_CSV } from './support/machines';
import { covers, useCopyHarness } from './support/copy-harness';

useCopyHarness();

// COPY_ONLY=<figure name> runs one figure's cases (the whole file takes about 20 minutes on a loaded machine).
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

cover('focal-loss', focalAlpha, focalParams, { trainFrame: 0, owndata: null }, [
  { name: 'defaults (γ = 2)', overrides: {} },
  { name: 'γ = 0.5, 1:30', overrides: { gamma: 0.5, ratio: 30 } },
  { name: 'seed 4, noise 1.6, γ = 4', overrides: { seed: 4, noise: 1.6, gamma: 4 } },
]);

cover('focal-loss', focalPrior, focalParams, { trainFrame: 0, owndata: null }, [
  { name: 'defaults (MLP, γ = 2, α = 0.75)', overrides: {} },
  { name: 'logistic, 1:20, no α', overrides: { model: 'logistic', ratio: 20, weighting: false } },
  { name: 'seed 6, γ = 1, α = 0.3', overrides: { seed: 6, gamma: 1, alpha: 0.3 } },
]);

cover('focal-loss', focalWhere, focalParams, { trainFrame: 0, owndata: null }, [
  { name: 'defaults, the last frame', overrides: { trainFrame: 1e9 } },
  { name: 'logistic, 1:40, frame 5', overrides: { model: 'logistic', ratio: 40, trainFrame: 5 } },
  { name: 'γ = 4 without α, noise 1.4, frame 12', overrides: { gamma: 4, weighting: false, noise: 1.4, trainFrame: 12 } },
]);

cover('loss-vs-metric', lvmProper, lvmParams, { owndata: null }, [
  { name: 'defaults (q = 0.3, FN:FP = 10:1)', overrides: {} },
  { name: 'q = 0.07, FN:FP = 20:1', overrides: { q: 0.07, fnfp: 20 } },
  { name: 'q = 0.85, FN:FP = 2:1', overrides: { q: 0.85, fnfp: 2 } },
]);

// The story has no controls: its one state is the default.
cover('loss-vs-metric', lvmStory, lvmParams, { owndata: null }, [{ name: 'Model A and Model B', overrides: {} }]);

cover('loss-vs-metric', lvmMetrics, lvmParams, { owndata: null }, [
  { name: 'defaults (10% defaults, FN:FP = 10:1)', overrides: {} },
  { name: '30% defaults, FN:FP = 4:1', overrides: { prevalence: 0.3, fnfp: 4 } },
  { name: '5% defaults, seed 2, 1:15 imbalance', overrides: { prevalence: 0.05, seed: 2, ratio: 15 } },
]);

// The focal-loss lesson on a learner's own CSV (tests/web/support/machines.ts: 200 machines, 32
// failures), standardised as the lesson does by default, and as is: every figure that trains.
const machines = readCsv(MACHINES_CSV);
const ownMachines = (standardized: boolean) => buildOwnData('machines.csv', machines, ['temperature', 'vibration'], 'failure', standardized, 'label').id;
cover('focal-loss (your own CSV)', focalTraining, focalParams, { trainFrame: 0, owndata: null }, [
  { name: 'standardised, MLP, the last frame', overrides: { owndata: ownMachines(true), data: 'local', trainFrame: 1e9 } },
  { name: 'as is, logistic, no α, frame 4', overrides: { owndata: ownMachines(false), data: 'local', model: 'logistic', weighting: false, trainFrame: 4 } },
]);
cover('focal-loss (your own CSV)', focalAlpha, focalParams, { trainFrame: 0, owndata: null }, [
  { name: 'standardised, γ = 1', overrides: { owndata: ownMachines(true), data: 'local', gamma: 1 } },
]);
cover('focal-loss (your own CSV)', focalPrior, focalParams, { trainFrame: 0, owndata: null }, [
  { name: 'standardised, MLP', overrides: { owndata: ownMachines(true), data: 'local' } },
]);
cover('focal-loss (your own CSV)', focalWhere, focalParams, { trainFrame: 0, owndata: null }, [
  { name: 'as is, logistic, the last frame', overrides: { owndata: ownMachines(false), data: 'local', model: 'logistic', trainFrame: 1e9 } },
]);
