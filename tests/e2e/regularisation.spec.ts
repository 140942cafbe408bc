// The regularisation lesson, driven as a learner would: read the coefficient table at the chosen
// λ, export the error curves and check the marked minimum, read the early-stopping readout, share
// the URL, answer the questions; axe and screenshots at 1280 and 375 px.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, screenshot, test } from './fixtures';
import { answer } from './lesson-helpers';

const url = (query = '') => `lesson.html?lesson=regularisation${query ? `&${query}` : ''}`;

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(url(query));
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
}

const num = async (locator: Locator, attribute = 'data-value') => Number(await locator.getAttribute(attribute));

/** The figure's CSV export, as rows of cells. */
async function exportCsv(page: Page, figure: Locator): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'CSV', exact: true }).click()]);
  return readFileSync((await download.path())!).toString().trim().split('\n').map((l) => l.split(','));
}

test.describe('lesson: regularisation', () => {
  test('at the defaults: L1 zeros and no L2 zero at the chosen λ, the validation minimum marked, restored weights (axe clean)', async ({ page }) => {
    test.setTimeout(120_000);
    await open(page);

    // Coefficients at the chosen λ: at least one lasso coefficient exactly 0, no ridge coefficient 0.
    const paths = page.locator('[data-figure=coefficient-paths]');
    await paths.scrollIntoViewIfNeeded();
    await expect(paths.locator('td.coef-lasso')).toHaveCount(10, { timeout: 30_000 });
    expect(await paths.locator('td.coef-lasso[data-zero=true]').count()).toBeGreaterThanOrEqual(1);
    await expect(paths.locator('td.coef-lasso[data-zero=true]').first()).toHaveText('0 (exact)');
    await expect(paths.locator('td.coef-ridge[data-zero=true]')).toHaveCount(0);
    for (const cell of await paths.locator('td.coef-ridge').all()) expect(await num(cell)).not.toBe(0);
    expect(await num(paths.locator('.zeros-ridge'))).toBe(0);
    // The CSV carries the paths and the data (30 training + 120 validation rows).
    const pathRows = await exportCsv(page, paths);
    // kept as an artifact: the lasso path can be recomputed from it with scikit-learn
    writeFileSync('test-results/regularisation-coefficient-paths.csv', pathRows.map((r) => r.join(',')).join('\n'));
    expect(pathRows.filter((r) => r[0] === 'data').length).toBe(150);
    expect(pathRows.filter((r) => r[0] === 'x0' && r[1] === 'lasso x0').length).toBe(61);
    expect(pathRows.filter((r) => r[1] === 'ridge x9').length).toBe(61);

    // The validation-optimal λ is marked where the exported validation curve is lowest.
    const errors = page.locator('[data-figure=error-against-lambda]');
    await errors.scrollIntoViewIfNeeded();
    await expect(errors.locator('.best-lambda')).toHaveAttribute('data-value', /\d/, { timeout: 30_000 });
    const rows = await exportCsv(page, errors);
    const val = rows.filter((r) => r[0] === 'val').map((r) => [Number(r[2]), Number(r[3])]);
    expect(val.length).toBe(61);
    const lowest = val.reduce((a, b) => (b[1] < a[1] ? b : a));
    const marked = rows.find((r) => r[0] === 'best')!;
    expect(Number(marked[2])).toBeCloseTo(lowest[0], 8);
    expect(Number(marked[3])).toBeCloseTo(lowest[1], 8);
    expect(await num(errors.locator('.best-lambda'))).toBeCloseTo(lowest[0], 8);

    // Early stopping restores the best weights: their validation loss is the best one shown.
    const early = page.locator('[data-figure=early-stopping]');
    await early.scrollIntoViewIfNeeded();
    await expect(early.locator('.restored-val')).toHaveAttribute('data-value', /\d/, { timeout: 60_000 });
    const restored = await num(early.locator('.restored-val'));
    const best = await num(early.locator('.best-val'));
    expect(Math.abs(restored - best)).toBeLessThan(1e-12 * best);
    const bestEpoch = await num(early.locator('.best-epoch'));
    const curve = (await exportCsv(page, early)).filter((r) => r[0] === 'val').map((r) => Number(r[3]));
    expect(Math.min(...curve.slice(0, bestEpoch + 20))).toBeCloseTo(best, 8);

    // The geometry: the diamond's corner catches the optimum on an axis, the disc does not.
    const geometry = page.locator('[data-figure=penalty-geometry]');
    await geometry.scrollIntoViewIfNeeded();
    await expect(geometry.locator('.opt-l1')).toHaveAttribute('data-w2', '0');
    expect(await num(geometry.locator('.opt-l2'), 'data-w2')).toBeGreaterThan(0.1);

    const adamw = page.locator('[data-figure=adam-l2-vs-adamw]');
    await adamw.scrollIntoViewIfNeeded();
    await expect(adamw.locator('.norm-adamw')).toHaveAttribute('data-value', /\d/, { timeout: 60_000 });
    expect(await num(adamw.locator('.norm-adam'))).toBeLessThan(await num(adamw.locator('.norm-adamw')));

    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`), 'axe-core violations').toEqual([]);
    await screenshot(page, 'regularisation-1280');
    const figures = ['penalty-geometry', 'coefficient-paths', 'error-against-lambda', 'early-stopping', 'adam-l2-vs-adamw'];
    for (const name of figures) await page.locator(`[data-figure=${name}]`).screenshot({ path: `test-results/screenshots/regularisation-${name}-1280.png` });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(300); // charts re-measure on resize
    await screenshot(page, 'regularisation-375');
    for (const name of figures) await page.locator(`[data-figure=${name}]`).screenshot({ path: `test-results/screenshots/regularisation-${name}-375.png` });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'nothing wider than a phone').toBeLessThanOrEqual(0);
  });

  test('the state round-trips through the URL', async ({ page }) => {
    await open(page, 'lambda=0.5&alpha=0.3&penalty=ridge&patience=40&w1=-1.5&rho=-0.4');
    const paths = page.locator('[data-figure=coefficient-paths]');
    await expect(paths.locator('input[data-param-exact=lambda]')).toHaveValue('0.5');
    await expect(paths.locator('input[data-param=alpha]').first()).toHaveValue('0.3');
    await expect(page.locator('[data-figure=error-against-lambda] select[data-param=penalty], [data-figure=error-against-lambda] [data-param=penalty]').first()).toHaveValue('ridge');
    const geometry = page.locator('[data-figure=penalty-geometry]');
    await expect(geometry.locator('input[data-param=w1]')).toHaveValue('-1.5');
    await expect(geometry.locator('.opt-l1')).toContainText('L1');
    await geometry.locator('input[data-param=rho]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url()).toContain('rho=-0.35');
    await page.reload();
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    await expect(page.locator('[data-figure=penalty-geometry] input[data-param=rho]')).toHaveValue('-0.35');
    await expect(page.locator('[data-figure=early-stopping] input[data-param=patience]')).toHaveValue('40');
    await expect(page.locator('[data-figure=coefficient-paths] input[data-param-exact=lambda]')).toHaveValue('0.5');
  });

  test('the questions are judged by what the core computes', async ({ page }) => {
    test.setTimeout(90_000);
    await open(page);
    await expect(await answer(page, 'first-zero', 'irrelevant')).toHaveAttribute('data-result', 'correct');
    await expect(await answer(page, 'duplicate', 'any-half')).toHaveAttribute('data-result', 'correct');
    await expect(await answer(page, 'adam-shrink', 'small-v')).toHaveAttribute('data-result', 'correct');
  });

  test('Copy as code on the geometry copies a scikit-learn script of the current w* and confirms', async ({ page, context }) => {
    test.setTimeout(90_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await open(page, 'w1=-1.5&rho=0.3');
    const geometry = page.locator('[data-figure=penalty-geometry]');
    await expect(geometry.locator('.opt-l1')).toHaveAttribute('data-w1', /\d/, { timeout: 30_000 });
    await expect(geometry).toHaveAttribute('data-fresh', 'true');
    await geometry.getByRole('button', { name: 'Copy as code' }).click();
    await expect(geometry.locator('.copy-code-status')).toContainText('Copied a scikit-learn script');
    const script = await page.evaluate(() => navigator.clipboard.readText());
    expect(script).toContain('ElasticNet(alpha=lam, l1_ratio=l1_ratio');
    expect(script).toContain('Ridge(alpha=len(target) * lam');
    expect(script).toContain('constrained_optimum(0.3, [-1.5, 0.6], 1.0, 1.0)');
  });
});
