// The label-smoothing lesson, driven as a learner would: train both models, slide ε and K, share
// the URL, answer the questions, and push every slider to its extreme.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

const url = (query = '') => `lesson.html?lesson=label-smoothing${query ? `&${query}` : ''}`;

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(url(query));
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
}

/** Plays the training at full speed until both models have taken every step. */
async function trainToTheEnd(page: Page): Promise<void> {
  const figure = page.locator('[data-figure=training]');
  await figure.getByLabel('Speed').selectOption('16');
  await figure.getByRole('button', { name: 'Play' }).click();
  await expect(figure.locator('.training-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
}

async function cell(page: Page, side: 'hard' | 'smooth', metric: string): Promise<number> {
  const value = await page.locator(`.training-summary td[data-side=${side}][data-metric=${metric}]`).getAttribute('data-value');
  expect(value, `${side} ${metric} is displayed`).not.toBe('');
  return Number(value);
}

async function expectNoNaN(page: Page): Promise<void> {
  const text = await page.locator('#lesson').innerText();
  expect(text).not.toMatch(/NaN|Infinity|undefined/);
}

test.describe('lesson: label smoothing and calibration', () => {
  test('with 20% label noise the smoothed model ends less confident and better calibrated (and axe finds no violations)', async ({ page, problems }) => {
    test.setTimeout(120_000); // trains two networks, scans and screenshots a long page; slow when the CI machine is busy
    await open(page, 'seed=7&noise=0.2&epsilon=0.1&classes=5&model=mlp');
    const status = page.locator('[data-figure=training] .training-status');
    await expect(status).toHaveAttribute('data-steps', '0');
    await trainToTheEnd(page);
    await expect(status).toHaveAttribute('data-steps', '300');

    const hardConfidence = await cell(page, 'hard', 'meanConfidence');
    const smoothConfidence = await cell(page, 'smooth', 'meanConfidence');
    const hardEce = await cell(page, 'hard', 'ece');
    const smoothEce = await cell(page, 'smooth', 'ece');
    expect(smoothConfidence).toBeLessThan(hardConfidence);
    expect(smoothEce).toBeLessThan(hardEce);
    // The reliability readouts show the same ECE as the table, and the hard-label model's logits grew more.
    expect(Number(await page.locator('.reliability-readout .ece-value').first().getAttribute('data-value'))).toBeCloseTo(hardEce, 12);
    expect(await cell(page, 'hard', 'meanLogitNorm')).toBeGreaterThan(await cell(page, 'smooth', 'meanLogitNorm'));
    // Every chart of the training figure has drawn something.
    for (const layer of ['train', 'test']) await expect(page.locator(`[data-figure=training] g[data-layer=${layer}] path`)).toHaveCount(2);
    await expect(page.locator('[data-figure=training] g[data-layer=hist] rect').first()).toBeAttached();

    // The text's numbers at the defaults: hard 80% confident and ~65% right, ECE ~0.15; smoothed ~0.08.
    expect(hardConfidence).toBeCloseTo(0.80, 2);
    expect(await cell(page, 'hard', 'testAccuracy')).toBeCloseTo(0.65, 1);
    expect(hardEce).toBeCloseTo(0.15, 1);
    expect(smoothEce).toBeCloseTo(0.08, 1);
    // Both overfit: the test loss at the end is above its minimum. Early stopping (by validation
    // loss) halts the hard model at step 24 with an ECE about the smoothed model's and a higher accuracy.
    expect(await cell(page, 'hard', 'earlyStep')).toBe(24);
    expect(Math.abs(await cell(page, 'hard', 'earlyEce') - smoothEce)).toBeLessThan(0.02);
    expect(await cell(page, 'hard', 'earlyAccuracy')).toBeGreaterThan(await cell(page, 'hard', 'testAccuracy') + 0.05);
    expect(await cell(page, 'hard', 'earlyCrossEntropy')).toBeLessThan(await cell(page, 'hard', 'crossEntropy'));
    await expect(page.locator('[data-figure=training] g[data-layer=stop] line')).toHaveCount(2);

    // The gap is outside the noise: the bootstrap interval excludes 0 and the floors are far below it.
    const noise = page.locator('[data-figure=ece-noise]');
    const difference = noise.locator('.noise-difference');
    await noise.scrollIntoViewIfNeeded(); // lazy: computes when it nears the viewport
    await expect(difference).toHaveAttribute('data-low', /./, { timeout: 30_000 });
    const [value, low] = [Number(await difference.getAttribute('data-value')), Number(await difference.getAttribute('data-low'))];
    expect(value).toBeCloseTo(hardEce - smoothEce, 12);
    expect(low).toBeGreaterThan(0.03);
    for (const side of ['hard', 'smooth']) {
      expect(Number(await noise.locator(`td[data-metric=floorP95][data-side=${side}]`).getAttribute('data-value'))).toBeLessThan(0.04);
    }
    // With 200 test points a perfectly calibrated model would already average about 0.06.
    expect(Number(await noise.locator('.noise-small').getAttribute('data-value'))).toBeGreaterThan(0.045);

    // Temperature scaling of the fully trained models: the hard model is softened (T ≈ 3.6) but
    // over-corrected: its ECE rises and it ends under-confident; the lowest ECE lies at a smaller T.
    const fitted = async (metric: string) => Number(await page.locator(`.temperature-table td[data-side=hard][data-metric=${metric}]`).getAttribute('data-value'));
    await page.locator('.temperature-table').scrollIntoViewIfNeeded();
    await expect(page.locator('.temperature-table td[data-side=hard][data-metric=temperature]')).toHaveCount(1);
    expect(await fitted('temperature')).toBeCloseTo(3.6, 1);
    expect(await fitted('eceAfter')).toBeGreaterThan(await fitted('eceBefore'));
    expect(await fitted('confidenceAfter')).toBeLessThan(await fitted('accuracyAfter') - 0.1);
    expect(await fitted('accuracyAfter')).toBe(await fitted('accuracyBefore'));
    const hardVerdict = page.locator('.temperature-note span[data-side=hard]');
    await expect(hardVerdict).toHaveAttribute('data-change', 'worsens');
    expect(Number(await hardVerdict.getAttribute('data-best-t'))).toBeLessThan(await fitted('temperature') / 1.5);
    expect(Number(await hardVerdict.getAttribute('data-best-ece'))).toBeLessThan(await fitted('eceBefore') / 2);
    expect(Number(await page.locator('.temperature-note .worst-share').getAttribute('data-value'))).toBeGreaterThan(0.5);
    await expectNoNaN(page);

    // Accessibility, with every figure drawn and every table filled.
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`), 'axe-core violations').toEqual([]);

    await screenshot(page, 'label-smoothing-1280');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(300); // charts re-measure on resize
    await screenshot(page, 'label-smoothing-375');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'nothing wider than a phone').toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
  });

  test('ε = 0 has no optimal logit gap; ε = 0.1 with K = 10 has the computed one', async ({ page }) => {
    await open(page, 'epsilon=0&classes=5');
    const figure = page.locator('[data-figure=smoothed-target]');
    const gap = figure.locator('.gap-value');
    await expect(gap).toHaveText('unbounded');
    await expect(gap).toHaveAttribute('data-value', 'Infinity');
    await expect(figure.locator('.target-true')).toHaveText('1.0000');

    await figure.locator('input[data-param=classes]').fill('10');
    await figure.locator('input[data-param=epsilon]').fill('0.1');
    // Hand-derived: p_true = 1 − 0.1 + 0.01 = 0.91 must equal e^g / (e^g + 9), so e^g = 0.91 · 9 / 0.09 = 91.
    const expected = Math.log(91);
    await expect(gap).toHaveText(expected.toFixed(4));
    expect(Number(await gap.getAttribute('data-value'))).toBeCloseTo(expected, 9);
    await expect(figure.locator('.target-true')).toHaveText('0.9100');
    await expect(figure.locator('.target-other')).toHaveText('0.0100');
    // The conventions note follows: PyTorch 0.91 / 0.01, Keras and TF binary 0.95 / 0.05.
    const conventions = page.locator('[data-figure=conventions]');
    await expect(conventions.locator('tr[data-convention=pytorch] td').nth(0)).toHaveText('0.9100');
    await expect(conventions.locator('tr[data-convention=binary] td').nth(0)).toHaveText('0.9500');
    await expect(conventions.locator('tr[data-convention=binary] td').nth(1)).toHaveText('0.0500');
    await expect(conventions.locator('tbody tr')).toHaveCount(2);
    await expect.poll(() => page.url()).toContain('classes=10');
  });

  test('"Copy as code" on the training figure copies a PyTorch script of both models at the frame on show, with its data as a CSV; the target figure\'s too', async ({ page, context }) => {
    test.setTimeout(120_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await open(page, 'seed=7&noise=0.2&epsilon=0.2&classes=4&model=mlp');
    await trainToTheEnd(page);
    const figure = page.locator('[data-figure=training]');
    const csv = page.waitForEvent('download');
    await figure.getByRole('button', { name: 'Copy as code' }).click();
    await expect(figure.locator('.copy-code-status')).toContainText('Copied a PyTorch script');
    expect((await csv).suggestedFilename()).toBe('label-smoothing-training.csv');
    const script = await page.evaluate(() => navigator.clipboard.readText());
    expect(script).toContain('criterion = torch.nn.CrossEntropyLoss(label_smoothing=0.2)');
    expect(script).toContain('criterion = torch.nn.CrossEntropyLoss(label_smoothing=0.0)');
    expect(script).toContain('model = make_model([2, 32, 4], torch.nn.Tanh()');
    expect(script).toContain('for step in range(1, 300 + 1)');
    // A figure whose run kind lives only in its own code-<kind>.ts: the bundle must keep that file's registration.
    const target = page.locator('[data-figure=smoothed-target]');
    await target.getByRole('button', { name: 'Copy as code' }).click();
    await expect(target.locator('.copy-code-status')).toContainText('Copied a PyTorch script');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('torch.nn.CrossEntropyLoss(label_smoothing=0.2, reduction="sum")');
  });

  test('the state round-trips through the URL', async ({ page }) => {
    await open(page, 'classes=7&epsilon=0.25&noise=0.3&seed=42&model=softmax');
    const target = page.locator('[data-figure=smoothed-target]');
    await expect(target.locator('input[data-param=classes]')).toHaveValue('7');
    await expect(target.locator('input[data-param=epsilon]')).toHaveValue('0.25');
    const training = page.locator('[data-figure=training]');
    await expect(training.locator('input[data-param=noise]')).toHaveValue('0.3');
    await expect(training.locator('select[data-param=model]')).toHaveValue('softmax');
    await expect(training.locator('input.seed')).toHaveValue('42');
    // The smoothed target for K = 7, ε = 0.25: 1 − 0.25 + 0.25/7 and 0.25/7.
    await expect(target.locator('.target-true')).toHaveText((1 - 0.25 + 0.25 / 7).toFixed(4));

    await target.locator('input[data-param=epsilon]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url()).toContain('epsilon=0.26');
    await page.reload();
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    await expect(page.locator('[data-figure=smoothed-target] input[data-param=epsilon]')).toHaveValue('0.26');
    await expect(page.locator('[data-figure=training] input[data-param=noise]')).toHaveValue('0.3');
    await expect(page.locator('[data-figure=smoothed-target] .target-true')).toHaveText((1 - 0.26 + 0.26 / 7).toFixed(4));
  });

  test('the questions are judged by what the core computes', async ({ page }) => {
    await open(page, 'seed=7&noise=0.2&epsilon=0.1&classes=5&model=mlp');
    const ask = async (id: string, option: string) => {
      const form = page.locator(`form[data-question=${id}]`);
      await form.scrollIntoViewIfNeeded();
      await form.locator(`input[value="${option}"]`).check();
      await form.getByRole('button', { name: 'Run it and check' }).click();
      await expect(form).toHaveAttribute('data-result', /correct|incorrect/, { timeout: 20_000 });
      await expect(form.locator('.observed')).not.toBeEmpty();
      return form;
    };
    await expect(await ask('gap', 'unbounded')).toHaveAttribute('data-result', 'correct');
    await expect(await ask('story', 'A')).toHaveAttribute('data-result', 'correct');
    await expect(await ask('confidence', 'hard-smooth')).toHaveAttribute('data-result', 'correct');
    await expect(await ask('temperature', 'above')).toHaveAttribute('data-result', 'correct');
    // ε = ηK/(K − 1) = 0.2 · 5 / 4 = 0.25 matches the noisy-label distribution and wins on test cross-entropy.
    const epsilon = await ask('epsilon', '0.25');
    await expect(epsilon).toHaveAttribute('data-result', 'correct');
    await expect(epsilon.locator('.observed')).toContainText('ηK/(K − 1) = 0.250');
    // The Model A/B table: same accuracy, A's cross-entropy lower (computed by the core).
    const story = page.locator('[data-figure=model-a-b]');
    const ce = async (m: string) => Number(await story.locator(`td[data-model=${m}][data-metric=crossEntropy]`).getAttribute('data-value'));
    await expect(story.locator('td[data-model=A][data-metric=accuracy]')).toHaveText('90.0%');
    await expect(story.locator('td[data-model=B][data-metric=accuracy]')).toHaveText('90.0%');
    // Hand-derived: A = (9·(−ln 0.99) − ln 0.45)/10, B = (9·(−ln 0.51) − ln 0.05)/10.
    expect(await ce('A')).toBeCloseTo((9 * -Math.log(0.99) - Math.log(0.45)) / 10, 10);
    expect(await ce('B')).toBeCloseTo((9 * -Math.log(0.51) - Math.log(0.05)) / 10, 10);
  });

  test('the temperature figure is pre-trained; with ε = 0.4 the smoothed model is under-confident and temperature scaling helps it', async ({ page }) => {
    test.setTimeout(90_000);
    await open(page, 'epsilon=0.4');
    const verdict = page.locator('.temperature-note span[data-side=smooth]');
    await page.locator('.temperature-table').scrollIntoViewIfNeeded();
    await expect(verdict).toHaveAttribute('data-change', 'improves', { timeout: 30_000 });
    const smooth = async (metric: string) => Number(await page.locator(`.temperature-table td[data-side=smooth][data-metric=${metric}]`).getAttribute('data-value'));
    expect(await smooth('temperature')).toBeLessThan(1);
    expect(await smooth('confidenceBefore')).toBeLessThan(await smooth('accuracyBefore'));
    expect(await smooth('eceAfter')).toBeLessThan(await smooth('eceBefore') - 0.03);
  });

  test('softmax regression is under-confident with hard labels, and smoothing makes its ECE worse beyond the noise', async ({ page }) => {
    test.setTimeout(90_000);
    await open(page, 'model=softmax');
    await trainToTheEnd(page);
    expect(await cell(page, 'hard', 'meanConfidence')).toBeLessThan(await cell(page, 'hard', 'testAccuracy') - 0.1);
    expect(await cell(page, 'smooth', 'ece')).toBeGreaterThan(await cell(page, 'hard', 'ece'));
    const difference = page.locator('[data-figure=ece-noise] .noise-difference');
    await page.locator('[data-figure=ece-noise]').scrollIntoViewIfNeeded();
    await expect(difference).toHaveAttribute('data-high', /./, { timeout: 30_000 });
    expect(Number(await difference.getAttribute('data-high'))).toBeLessThan(0);
    // The text: under-confident as it is, the linear model still gets T above 1 from the cross-entropy fit, and its ECE rises.
    await page.locator('.temperature-table').scrollIntoViewIfNeeded();
    const verdict = page.locator('.temperature-note span[data-side=hard]');
    await expect(verdict).toHaveAttribute('data-change', 'worsens', { timeout: 30_000 });
    const hard = async (metric: string) => Number(await page.locator(`.temperature-table td[data-side=hard][data-metric=${metric}]`).getAttribute('data-value'));
    expect(await hard('confidenceBefore')).toBeLessThan(await hard('accuracyBefore'));
    expect(await hard('temperature')).toBeGreaterThan(1.05);
    expect(await hard('temperature')).toBeLessThan(1.3);
  });

  test('no NaN, freeze or console error at the extremes', async ({ page, problems }) => {
    test.setTimeout(120_000); // two full training runs with K = 10
    for (const query of ['epsilon=0.99&classes=10&noise=0', 'epsilon=0&classes=10&noise=0']) {
      await open(page, query);
      await trainToTheEnd(page);
      await expectNoNaN(page);
      for (const metric of ['meanConfidence', 'ece', 'crossEntropy', 'testAccuracy']) {
        for (const side of ['hard', 'smooth'] as const) expect(Number.isFinite(await cell(page, side, metric))).toBe(true);
      }
    }
    expect(problems).toEqual([]);
  });
});
