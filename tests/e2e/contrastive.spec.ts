// The contrastive lesson, driven as a learner would: train at the defaults and read the probe
// against the untrained encoder, switch to positives only and watch it collapse, share the URL,
// answer the questions; axe and screenshots at 1280 and 375 px.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { answerQuestion } from './questions';

const url = (query = '') => `lesson.html?lesson=contrastive${query ? `&${query}` : ''}`;
const figure = '[data-figure=contrastive-training]';

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(url(query));
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
}

/** Waits for the run of the settings named in `status` to finish, and shows its last frame. */
async function finished(page: Page, status = 'K = 31 random negatives'): Promise<void> {
  const f = page.locator(figure);
  await expect(f.locator('.contrastive-status')).toContainText(status, { timeout: 60_000 });
  await expect(f.locator('.contrastive-announcer')).toContainText('Training finished', { timeout: 60_000 });
  await f.locator('input.scrubber').first().evaluate((el: HTMLInputElement) => {
    el.value = el.max;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }).catch(() => undefined);
  await expect(f.locator('.contrastive-status')).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
}

const measure = async (page: Page, name: string, attribute = 'data-value') =>
  Number(await page.locator(`${figure} tr[data-measure=${name}]`).getAttribute(attribute));

test.describe('lesson: contrastive learning', () => {
  test('at defaults the trained probe beats the untrained encoder by a clear margin (axe clean, screenshots)', async ({ page }) => {
    test.setTimeout(120_000);
    await open(page);
    await page.locator(figure).scrollIntoViewIfNeeded();
    await finished(page);
    const probe = await measure(page, 'probe'), untrained = await measure(page, 'probe', 'data-untrained');
    expect(probe - untrained).toBeGreaterThan(0.15);
    expect(await measure(page, 'probe', 'data-low')).toBeGreaterThan(await measure(page, 'probe', 'data-untrained-high'));
    expect(await measure(page, 'uniformity')).toBeLessThan(-1);

    // The CSV of one anchor (anchor 5): its softmax weights, recomputed by hand from the exported
    // similarities at τ = 0.1 over the candidates, and its loss −log P(positive) against the readout.
    await page.locator(`${figure} input[data-param=anchor]`).fill('5');
    await expect(page.locator(`${figure} .anchor-readout`)).toContainText('Anchor 5:');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(figure).getByRole('button', { name: 'CSV', exact: true }).click()]);
    const { readFileSync } = await import('node:fs');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe('contrastive-training.csv');
    const header = 'layer,anchor,pair,role,similarity,softmax_weight';
    expect(text).toContain(header);
    const rows = text.split('\n').filter((l) => l.startsWith('negatives,')).map((l) => l.split(','));
    expect(rows.length).toBe(32);
    const candidates = rows.filter((r) => r[3] !== 'not a candidate');
    expect(candidates.length).toBe(32);
    expect(rows.filter((r) => r[3] === 'positive').map((r) => r[2])).toEqual(['5']);
    const top = Math.max(...candidates.map((r) => Number(r[4])));
    const z = candidates.reduce((a, r) => a + Math.exp((Number(r[4]) - top) / 0.1), 0);
    for (const r of candidates) expect(Number(r[5])).toBeCloseTo(Math.exp((Number(r[4]) - top) / 0.1) / z, 9);
    const positive = candidates.find((r) => r[3] === 'positive')!;
    await expect(page.locator(`${figure} .anchor-readout`)).toContainText(`= ${(-Math.log(Number(positive[5]))).toFixed(2)}`);

    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`), 'axe-core violations').toEqual([]);
    await screenshot(page, 'contrastive-1280');
    await page.locator(figure).screenshot({ path: 'test-results/screenshots/contrastive-training-1280.png' });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(300);
    await screenshot(page, 'contrastive-375');
    await page.locator(figure).screenshot({ path: 'test-results/screenshots/contrastive-training-375.png' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'nothing wider than a phone').toBeLessThanOrEqual(0);
  });

  test('positives only collapses: uniformity near 0, its maximum', async ({ page }) => {
    test.setTimeout(120_000);
    await open(page);
    const f = page.locator(figure);
    await f.scrollIntoViewIfNeeded();
    await f.locator('input[data-param=positives]').check();
    await expect.poll(() => page.url()).toContain('positives=');
    await finished(page, 'no negatives (positives only)');
    expect(await measure(page, 'uniformity')).toBeGreaterThan(-0.05);
    expect(await measure(page, 'alignment')).toBeLessThan(0.01);
  });

  test('the state round-trips through the URL', async ({ page }) => {
    await open(page, 'tau=0.3&batch=16&negatives=7&hard=1&augmentation=0.5&seed=3&anchor=5');
    const f = page.locator(figure);
    await expect(f.locator('input[data-param=tau]')).toHaveValue('0.3');
    await expect(f.locator('input[data-param=batch]')).toHaveValue('16');
    await expect(f.locator('input[data-param=negatives]')).toHaveValue('7');
    await expect(f.locator('input[data-param=hard]')).toBeChecked();
    await expect(f.locator('input[data-param=anchor]')).toHaveValue('5');
    await f.locator('input[data-param=tau]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url()).toContain('tau=0.31');
    await page.reload();
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    await expect(page.locator(`${figure} input[data-param=tau]`)).toHaveValue('0.31');
    await expect(page.locator(`${figure} input.seed`)).toHaveValue('3');
    await expect(page.locator(`${figure} .contrastive-status`)).toContainText('K = 7 hardest negatives', { timeout: 60_000 });
  });

  test('the questions are judged by what the core computes', async ({ page }) => {
    test.setTimeout(420_000);
    await open(page);
    // Each question trains several runs in the worker (the last, 12): minutes on a loaded machine.
    const ask = (id: string, option: string) => answerQuestion(page, id, option, 150_000);
    await expect(await ask('probe', 'up')).toHaveAttribute('data-result', 'correct');
    await expect(await ask('collapse', 'zero')).toHaveAttribute('data-result', 'correct');
    await expect(await ask('temperature', 'small')).toHaveAttribute('data-result', 'correct');
    await expect(await ask('negatives', 'same')).toHaveAttribute('data-result', 'correct');
    await expect(await ask('hard', 'worse')).toHaveAttribute('data-result', 'correct');
  });

  test('Copy as code copies a PyTorch script of the run on show and confirms', async ({ page, context }) => {
    test.setTimeout(120_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await open(page, 'tau=0.2');
    await page.locator(figure).scrollIntoViewIfNeeded();
    await finished(page);
    await page.locator(figure).getByRole('button', { name: 'Copy as code' }).click();
    await expect(page.locator(`${figure} .copy-code-status`)).toContainText('Copied a PyTorch script');
    const script = await page.evaluate(() => navigator.clipboard.readText());
    expect(script).toContain('class LabRandom:');
    expect(script).toContain('torch.nn.functional.cross_entropy(logits, torch.arange(n))');
    expect(script).toContain('seed, classes, temperature, positives_only = 1, 4, 0.2, False');
    expect(script).toContain('for step in range(400):');
  });
});
