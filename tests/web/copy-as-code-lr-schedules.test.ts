// "Copy as code" kept honest for the lesson "Learning-rate schedules and fair comparisons": for
// each figure that computes numbers, in its default state and two others, the generated script
// (torch.optim and torch.optim.lr_scheduler; tests/web/support/copy-harness.ts) runs with
// Debian's python3 and must print what the page shows.
import { makeRace } from '../../web/lessons/optimizers/figures/race';
import { SETTINGS_KEYS } from '../../web/lessons/optimizers/options';
import { curves } from '../../web/lessons/lr-schedules/figures/curves';
import { noise } from '../../web/lessons/lr-schedules/figures/noise';
import { sweep } from '../../web/lessons/lr-schedules/figures/sweep';
import { mlp } from '../../web/lessons/lr-schedules/figures/mlp';
import { params } from '../../web/lessons/lr-schedules/params';
import { settingsFrom } from '../../web/lessons/optimizers/options';
import { defaults } from '../../web/state/params';
import { describe, expect, it } from 'vitest';
import { covers, specOf, useCopyHarness } from './support/copy-harness';

useCopyHarness();

const race = makeRace({ keys: SETTINGS_KEYS, arrows: false });
const local = { sweep_job: null };

covers('lr-schedules', race, params, local, [
  { name: 'defaults (bowl, noise σ = 2, constant lr)', overrides: {} },
  { name: 'Beale, warmup then cosine, no noise, Adam and RMSprop', overrides: { surface: 'beale', sx: 1, sy: 1.5, racers: ['rmsprop', 'adam'], lr_rmsprop: 0.03, lr_adam: 0.1, schedule: 'warmup_cosine', warmup: 15, noise: 0 } },
  { name: 'one-cycle on the bowl, σ = 0.5 seed 9, momentum and Adam, step 80 shown', overrides: { schedule: 'one_cycle', pct: 0.25, noise: 0.5, seed: 9, racers: ['momentum', 'adam', 'sgd'], t: 80 } },
]);

covers('lr-schedules', curves, params, local, [
  { name: 'defaults (four seeds each, constant lr)', overrides: {} },
  { name: 'step decay every 30 by 0.3, no noise, Himmelblau', overrides: { surface: 'himmelblau', sx: 0.5, sy: -0.5, schedule: 'step', step_size: 30, gamma: 0.3, noise: 0, lr_sgd: 0.01, lr_momentum: 0.002, lr_rmsprop: 0.03 } },
  { name: 'warm restarts T₀ = 25 on the saddle, σ = 1, two seeds', overrides: { surface: 'saddle', sx: -1.5, sy: 0.05, schedule: 'cosine_warm_restarts', t0: 25, noise: 1, seeds: 2, racers: ['sgd', 'adagrad'] } },
]);

covers('lr-schedules', noise, params, local, [
  { name: 'defaults (σ = 2, cosine against constant, 40 seeds)', overrides: {} },
  { name: 'exponential decay 0.97, σ = 4, Adam and Nesterov', overrides: { schedule: 'exponential', decay: 0.97, noise: 4, racers: ['nesterov', 'adam'], steps: 100 } },
  { name: 'Rosenbrock, warmup then cosine, σ = 1, RMSprop', overrides: { surface: 'rosenbrock', sx: -1.5, sy: 2, schedule: 'warmup_cosine', warmup: 10, noise: 1, racers: ['rmsprop'], lr_rmsprop: 0.01, steps: 120 } },
]);

/** The sweep's job as its button records it: the settings of the moment (without noise) and the racers. */
const job = (overrides: Record<string, unknown>) => {
  const values = { ...defaults(params), ...overrides };
  return { ...overrides, sweep_job: JSON.stringify({ id: 1, settings: { ...settingsFrom(values as never), noise: 0 }, racers: values.racers }) };
};

describe('lr-schedules / sweep before it runs', () => {
  it('has no script until the sweep has run (the figure shows no numbers yet)', async () => {
    await expect(specOf(sweep, params, local, {})).rejects.toThrow(/not run yet/);
  });
});

covers('lr-schedules', sweep, params, local, [
  { name: 'the default settings swept (bowl, four racers)', overrides: job({}) },
  { name: 'Rosenbrock, 100 steps, Adagrad, Adam and AdamW', overrides: job({ surface: 'rosenbrock', sx: -1.5, sy: 2, steps: 100, racers: ['adagrad', 'adam', 'adamw'] }) },
  { name: 'step decay on the turned bowl κ = 20, gradient descent and Nesterov', overrides: job({ kappa: 20, angle: -40, schedule: 'step', step_size: 40, gamma: 0.5, racers: ['sgd', 'nesterov'], steps: 120 }) },
]);

covers('lr-schedules', mlp, params, local, [
  { name: 'defaults (seed 1, 1000 steps each)', overrides: {} },
  { name: 'seed 4', overrides: { seed: 4 } },
  { name: 'seed 23', overrides: { seed: 23 } },
]);
