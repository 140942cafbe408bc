// "Copy as code" kept honest for the lesson "How optimizers move": for each figure that computes
// numbers, in its default state and two others, the generated script (torch.optim on the core's
// surface, tests/web/support/copy-harness.ts) runs with Debian's python3 and must print what the
// page shows.
import { describe, expect, it } from 'vitest';
import { toPython } from '../../web/lessons/shared/code';
import { makeRace } from '../../web/lessons/optimizers/figures/race';
import { CORE_SETTINGS_KEYS, optimizeOptions, settingsFrom } from '../../web/lessons/optimizers/options';
import { params } from '../../web/lessons/optimizers/params';
import { damping } from '../../web/lessons/optimizers/figures/damping';
import { inside } from '../../web/lessons/optimizers/figures/inside';
import { racerCode } from '../../web/lessons/optimizers/code';
import { defaults } from '../../web/state/params';
import { compare, covers, harnessEngine, runScript, specOf, useCopyHarness } from './support/copy-harness';

useCopyHarness();

const race = makeRace({ keys: CORE_SETTINGS_KEYS, arrows: true });

covers('optimizers', race, params, {}, [
  { name: 'defaults (bowl κ = 50; GD, momentum, RMSprop, Adam; the last step)', overrides: {} },
  { name: 'Rosenbrock, every racer, Nesterov μ 0.8, AMSGrad, step 60 shown', overrides: { surface: 'rosenbrock', sx: -1.5, sy: 2, racers: ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw'], lr_sgd: 0.001, lr_momentum: 0.001, lr_nesterov: 0.001, lr_rmsprop: 0.01, lr_adagrad: 0.5, lr_adam: 0.1, lr_adamw: 0.1, mu_nesterov: 0.8, amsgrad: true, t: 60, steps: 200 } },
  { name: 'turned bowl κ = 200 where gradient descent diverges; Adagrad ε 1e-3, AdamW decay 0.1', overrides: { kappa: 200, angle: 30, racers: ['sgd', 'adagrad', 'adamw'], lr_sgd: 0.02, eps: 1e-3, wd: 0.1 } },
]);

covers('optimizers', damping, params, {}, [
  { name: 'defaults (κ = 50, momentum lr 0.01 μ 0.9, GD lr 0.03)', overrides: {} },
  { name: 'κ = 10 turned 25°, momentum μ 0.5 lr 0.05 (real roots along the valley), 300 steps', overrides: { kappa: 10, angle: 25, mu_momentum: 0.5, lr_momentum: 0.05, lr_sgd: 0.15, steps: 300 } },
  { name: 'κ = 400 on a race elsewhere (Beale): the bowl with its preset start', overrides: { surface: 'beale', sx: 1, sy: 1.5, kappa: 400, lr_sgd: 0.004, lr_momentum: 0.002, mu_momentum: 0.95 } },
]);

covers('optimizers', inside, params, {}, [
  { name: 'defaults (Adam on the bowl, the last step)', overrides: {} },
  { name: 'AdamW with AMSGrad, weight decay 0.05, β₂ 0.99, on Himmelblau at step 12', overrides: { inspect: 'adamw', amsgrad: true, wd: 0.05, beta2: 0.99, surface: 'himmelblau', sx: 0.5, sy: -0.5, t: 12 } },
  { name: 'RMSprop α 0.9 on the Rosenbrock valley at step 40', overrides: { inspect: 'rmsprop', alpha: 0.9, surface: 'rosenbrock', sx: -1.5, sy: 2, lr_rmsprop: 0.01, t: 40 } },
]);

describe('the trajectory script', () => {
  it('reports a divergence at the step where the lab stops, and dumps for reading', async () => {
    const spec = await specOf(race, params, {}, { kappa: 200, angle: 30, racers: ['sgd', 'adagrad', 'adamw'], lr_sgd: 0.02, eps: 1e-3, wd: 0.1 });
    const sgd = spec.runs.find((r) => r.label === 'Gradient descent')!;
    expect(sgd.expect.map((h) => h.name)).toEqual(['diverged at step']);
    // Adam without bias correction has no torch.optim form: the generator refuses rather than write another optimizer.
    await expect(specOf(inside, params, {}, { bias: false }).then((s) => toPython(s, harnessEngine().losses))).rejects.toThrow(/always corrects/);
    if (process.env.DUMP) (await import('node:fs')).writeFileSync(process.env.DUMP, toPython(spec, harnessEngine().losses).script);
  });
});

describe('the trajectory kind for other figures', () => {
  it('prints the first step at which the loss falls to a tolerance, as the lab\'s run reaches it', async () => {
    const engine = harnessEngine();
    const s = settingsFrom(defaults(params) as never, CORE_SETTINGS_KEYS);
    const r = await engine.optimize(optimizeOptions('momentum', s));
    const first = r.loss.findIndex((v) => v <= 1e-2);
    expect(first).toBeGreaterThan(0);
    const { run } = await racerCode(engine, s, 'momentum', { label: 'Momentum', report: 'point', tolerance: 1e-2, expect: [{ name: 'steps to tolerance', value: first }] });
    const spec = { title: 't', source: 'optimizers/tolerance', columns: {}, runs: [run] };
    compare(spec, await runScript(spec));
  }, 120_000);
});
