// "Copy as code" kept honest for the label-smoothing lesson: for each figure that computes or
// trains numbers, in its default state and two others, the generated PyTorch script runs with
// Debian's python3 and must print the numbers the page shows (tests/web/support/copy-harness.ts):
// training, temperatures, ECE noise floors and bootstrap to 1e-4 relative, targets, gaps and the
// Model A/B scores to 1e-6. training-summary.ts is the training figure's table, not a figure.
import { describe, expect, it } from 'vitest';
import { toPython } from '../../web/lessons/shared/code';
import target from '../../web/lessons/label-smoothing/figures/target';
import story from '../../web/lessons/label-smoothing/figures/story';
import training from '../../web/lessons/label-smoothing/figures/training';
import noise from '../../web/lessons/label-smoothing/figures/noise';
import conventions from '../../web/lessons/label-smoothing/figures/conventions';
import temperature from '../../web/lessons/label-smoothing/figures/temperature';
import { MAX_CLASSES, params } from '../../web/lessons/label-smoothing/params';
import { readCsv } from '../../web/lessons/shared/csv';
import { buildOwnData } from '../../web/lessons/shared/own-data';
import { FLOWER_ROWS, FLOWERS_CSV } from './support/flowers';
import { covers, harnessEngine, specOf, useCopyHarness } from './support/copy-harness';

useCopyHarness();

const local = { trainingFrame: 0, fitStep: null, owndata: null };

covers('label-smoothing', target, params, local, [
  { name: 'defaults (K = 5, ε = 0.1)', overrides: {} },
  { name: 'hard labels: no optimal gap, K = 3, ε = 0', overrides: { classes: 3, epsilon: 0 } },
  { name: 'K = 10, ε = 0.37', overrides: { classes: 10, epsilon: 0.37 } },
]);

covers('label-smoothing', conventions, params, local, [
  { name: 'defaults (K = 5, ε = 0.1)', overrides: {} },
  { name: 'K = 3, ε = 0.5', overrides: { classes: 3, epsilon: 0.5 } },
  { name: 'K = 8, ε = 0.99', overrides: { classes: 8, epsilon: 0.99 } },
]);

// The story has no parameter: its default is its only state (the script is checked once).
covers('label-smoothing', story, params, local, [{ name: 'Model A and Model B', overrides: {} }]);

covers('label-smoothing', training, params, local, [
  { name: 'defaults: the untrained pair on show (frame 0)', overrides: {} },
  { name: 'defaults, the last frame (300 steps; early-stopping checkpoint)', overrides: { trainingFrame: 1e9 } },
  { name: 'softmax regression, K = 4, ε = 0.3, noise 0.1, seed 11, frame 20 (80 steps)', overrides: { model: 'softmax', classes: 4, epsilon: 0.3, noise: 0.1, seed: 11, trainingFrame: 20 } },
]);

covers('label-smoothing', temperature, params, local, [
  { name: 'defaults (fully trained)', overrides: {} },
  { name: 'fitted early, after 40 steps, ε = 0.2', overrides: { fitStep: 40, epsilon: 0.2 } },
  { name: 'softmax regression, K = 6, noise 0.35, seed 3', overrides: { model: 'softmax', classes: 6, noise: 0.35, seed: 3 } },
]);

covers('label-smoothing', noise, params, local, [
  { name: 'defaults', overrides: {} },
  { name: 'ε = 0.4, seed 21', overrides: { epsilon: 0.4, seed: 21 } },
  { name: 'softmax regression, K = 3, noise 0', overrides: { model: 'softmax', classes: 3, noise: 0 } },
]);

// The learner's own CSV (tests/web/support/flowers.ts: 150 flowers, 3 species, every 11th label
// moved), standardised as the panel does by default: rows dealt out in turn to the three splits.
const flowers = buildOwnData('flowers.csv', readCsv(FLOWERS_CSV), ['petal_length', 'petal_width'], 'species', true, 'class', MAX_CLASSES).id;
covers('label-smoothing (your own CSV)', training, params, local, [
  { name: 'standardised, softmax regression, ε = 0.2, the last frame', overrides: { owndata: flowers, data: 'local', model: 'softmax', epsilon: 0.2, trainingFrame: 1e9 } },
]);
covers('label-smoothing (your own CSV)', temperature, params, local, [
  { name: 'standardised, MLP, fully trained', overrides: { owndata: flowers, data: 'local' } },
]);
covers('label-smoothing (your own CSV)', noise, params, local, [
  { name: 'standardised, MLP, ε = 0.3', overrides: { owndata: flowers, data: 'local', epsilon: 0.3 } },
]);

describe('the label-smoothing scripts', () => {
  it('carry the data in a CSV and say where torch, Keras and the lab agree on label smoothing', async () => {
    const spec = await specOf(training, params, local, { trainingFrame: 1e9, epsilon: 0.25 });
    const code = toPython(spec, harnessEngine().losses);
    expect(code.csv?.text.split('\n')[0]).toBe('x1,x2,y,split');
    expect(code.csv?.text.trim().split('\n')).toHaveLength(1 + 200 + 200 + 2000);
    expect(code.script).toContain('torch.nn.CrossEntropyLoss(label_smoothing=0.25)');
    expect(code.script).toContain("torch.nn.CrossEntropyLoss(label_smoothing=0.0)");
    expect(code.script).toMatch(/CategoricalCrossentropy\(label_smoothing=eps\) spreads eps over all K/);
  }, 600_000);

  it('carry a learner\'s own rows, split in turn, and say where they come from', async () => {
    const spec = await specOf(training, params, local, { owndata: flowers, data: 'local', trainingFrame: 1e9 });
    const code = toPython(spec, harnessEngine().losses);
    // 50 rows in each split: rows 1, 4, 7, … train (split 0), and they come first.
    expect(Array.from(spec.columns.split)).toEqual([...Array(50).fill(0), ...Array(50).fill(1), ...Array(50).fill(2)]);
    expect(Array.from(spec.columns.y).slice(0, 3)).toEqual([FLOWER_ROWS[0][2], FLOWER_ROWS[3][2], FLOWER_ROWS[6][2]]);
    expect(code.script).toContain('Your data: flowers.csv, x1 = "petal_length", x2 = "petal_width", y = "species" (standardised by the lab');
    expect(code.script).toContain('K = 3 classes (labels 0 to 2)');
  }, 600_000);
});
