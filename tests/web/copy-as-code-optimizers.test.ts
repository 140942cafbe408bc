// "Copy as code" kept honest for the lesson "How optimizers move": for each figure that computes
// numbers, in its default state and two others, the generated script (torch.optim on the core's
// surface, tests/web/support/copy-harness.ts) runs with Debian's python3 and must print what the
// page shows.
import { describe, expect, it } from 'vitest';
import { toPython } from '../../web/lessons/shared/code';
import { makeRace } from '../../web/lessons/optimizers/figures/race';
import { CORE_SETTINGS_KEYS } from '../../web/lessons/optimizers/options';
import { params } from '../../web/lessons/optimizers/params';
import { covers, harnessEngine, specOf, useCopyHarness } from './support/copy-harness';

useCopyHarness();

const race = makeRace({ keys: CORE_SETTINGS_KEYS, arrows: true });

covers('optimizers', race, params, {}, [
  { name: 'defaults (bowl κ = 50; GD, momentum, RMSprop, Adam; the last step)', overrides: {} },
  { name: 'Rosenbrock, every racer, Nesterov μ 0.8, AMSGrad, step 60 shown', overrides: { surface: 'rosenbrock', sx: -1.5, sy: 2, racers: ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw'], lr_sgd: 0.001, lr_momentum: 0.001, lr_nesterov: 0.001, lr_rmsprop: 0.01, lr_adagrad: 0.5, lr_adam: 0.1, lr_adamw: 0.1, mu_nesterov: 0.8, amsgrad: true, t: 60, steps: 200 } },
  { name: 'turned bowl κ = 200 where gradient descent diverges; Himmelblau-free Adagrad ε 1e-3', overrides: { kappa: 200, angle: 30, racers: ['sgd', 'adagrad', 'adamw'], lr_sgd: 0.02, eps: 1e-3, wd: 0.1 } },
]);

describe('the trajectory script', () => {
  it('reports a divergence at the step where the lab stops, and dumps for reading', async () => {
    const spec = await specOf(race, params, {}, { kappa: 200, angle: 30, racers: ['sgd', 'adagrad', 'adamw'], lr_sgd: 0.02, eps: 1e-3, wd: 0.1 });
    const sgd = spec.runs.find((r) => r.label === 'Gradient descent')!;
    expect(sgd.expect.map((h) => h.name)).toEqual(['diverged at step']);
    if (process.env.DUMP) (await import('node:fs')).writeFileSync(process.env.DUMP, toPython(spec, harnessEngine().losses).script);
  });
});
