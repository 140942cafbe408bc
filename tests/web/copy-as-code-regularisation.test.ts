// "Copy as code" kept honest for the regularisation lesson: for each figure that computes, in its
// default state and two others, the generated script (scikit-learn for the penalised fits, PyTorch
// for the trained networks) runs with Debian's python3 and must print the numbers the page shows
// (tests/web/support/copy-harness.ts): closed-form fits to 1e-6, trainings to 1e-4 relative.
import geometry from '../../web/lessons/regularisation/figures/geometry';
import paths from '../../web/lessons/regularisation/figures/paths';
import errors from '../../web/lessons/regularisation/figures/errors';
import early from '../../web/lessons/regularisation/figures/early';
import adamw from '../../web/lessons/regularisation/figures/adamw';
import { params } from '../../web/lessons/regularisation/params';
import { covers, useCopyHarness } from './support/copy-harness';

useCopyHarness();

covers('regularisation', geometry, params, {}, [
  { name: 'defaults (w* = (2, 0.6), ρ = 0.5, t = 1, α = 0.5)', overrides: {} },
  { name: 'w* inside the disc but outside the diamond, ρ = −0.7, α = 0.2', overrides: { w1: 0.7, w2: -0.6, rho: -0.7, budget: 1.2, alpha: 0.2 } },
  { name: 'w* = (−2.3, 1.9), ρ = 0.85, t = 0.4, α = 0.9', overrides: { w1: -2.3, w2: 1.9, rho: 0.85, budget: 0.4, alpha: 0.9 } },
]);

covers('regularisation', paths, params, {}, [
  { name: 'defaults (λ = 0.2, α = 0.5, seed 3)', overrides: {} },
  { name: 'λ = 1.5, α = 0.8, seed 11', overrides: { lambda: 1.5, alpha: 0.8, seed: 11 } },
  { name: 'λ = 0.003, α = 0.05, seed 42', overrides: { lambda: 0.003, alpha: 0.05, seed: 42 } },
]);

covers('regularisation', errors, params, {}, [
  { name: 'defaults (the lasso, λ = 0.2, seed 3)', overrides: {} },
  { name: 'ridge, λ = 2, seed 8', overrides: { penalty: 'ridge', lambda: 2, seed: 8 } },
  { name: 'elastic net α = 0.3, λ = 0.05, seed 5', overrides: { penalty: 'elastic-net', alpha: 0.3, lambda: 0.05, seed: 5 } },
]);

covers('regularisation', early, params, {}, [
  { name: 'defaults (patience 20, min_delta 0, L2 0.01)', overrides: {} },
  { name: 'patience 5, min_delta 0.002, L2 0.05', overrides: { patience: 5, mindelta: 0.002, l2: 0.05 } },
  { name: 'patience 150, L2 0.0005', overrides: { patience: 150, l2: 0.0005 } },
]);

covers('regularisation', adamw, params, {}, [
  { name: 'defaults (λ = 0.1)', overrides: {} },
  { name: 'λ = 0.005', overrides: { decay: 0.005 } },
  { name: 'λ = 0.8', overrides: { decay: 0.8 } },
]);
