// Bring your own data in the regression lesson, as a learner does it: a broken CSV gets a notice
// naming its row and column and changes nothing; a good one refits every figure that reads the
// learner's points and "Copy as code" carries it; it survives a reload (saved work), stays out of
// the URL, and a link made with it tells its recipient that the data stayed with the sender.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { lessonUrl, slopes } from './lesson-helpers';

const HOUSES = ['size_m2,rooms,price_k', ...[[52, 2, 180], [75, 3, 240], [60, 2, 205], [110, 4, 380], [95, 4, 330], [40, 1, 150],
  [130, 5, 460], [88, 3, 300], [70, 3, 3000], [101, 4, 350], [66, 2, 228], [120, 5, 410]].map((r) => r.join(','))].join('\n') + '\n';

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(lessonUrl(query));
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
}

const upload = (panel: Locator, name: string, text: string) =>
  panel.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

test.describe('your own data', () => {
  test('a broken CSV gets a notice naming row and column and changes nothing', async ({ page }) => {
    test.setTimeout(120_000);
    await open(page, 'delta=2');
    const before = await slopes(page);
    const panel = page.locator('[data-figure=regression-fits] .own-data');
    const error = panel.locator('.own-data-error');
    await upload(panel, 'text.csv', 'size,price\n1,2\n2,abc\n3,4\n');
    await expect(error).toHaveText('text.csv: Row 2, column "price": "abc" is not a finite number. Nothing was changed.');
    await upload(panel, 'missing.csv', 'size,price\n1,2\n,3\n');
    await expect(error).toHaveText('missing.csv: Row 2, column "size": the value is missing. Nothing was changed.');
    await upload(panel, 'one-column.csv', 'price\n1\n2\n');
    await expect(error).toHaveText('one-column.csv: The file needs a header row and at least two columns (one feature and one target). Nothing was changed.');
    // The lab's data and the learner's settings are as they were.
    expect(await slopes(page)).toEqual(before);
    expect(page.url()).toContain('delta=2');
    expect(page.url()).not.toContain('data=');
    await expect(panel.locator('.own-data-status')).toHaveText('');
  });

  test('a good CSV refits every figure on it, is standardised and shown, copies as code, and round-trips through saved work (axe clean)', async ({ page, context }) => {
    test.setTimeout(180_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await open(page);
    const lab = await slopes(page);
    const pull = page.locator('[data-figure=regression-pull]');
    await pull.scrollIntoViewIfNeeded();
    await expect(pull).toHaveAttribute('data-fresh', 'true', { timeout: 30_000 });
    const pullBefore = await pull.locator('.pull-balance').innerText();
    const panel = page.locator('[data-figure=regression-fits] .own-data');
    await panel.scrollIntoViewIfNeeded();
    await upload(panel, 'houses.csv', HOUSES);
    const status = panel.locator('.own-data-status');
    await expect(status).toContainText('Using houses.csv: 12 rows, x = "size_m2" standardised (mean 83.92, sd 26.85), y = "price_k" standardised');
    // Default columns: the first for x, the last for y; standardisation is on.
    await expect(panel.locator('select.own-data-x')).toHaveValue('size_m2');
    await expect(panel.locator('select.own-data-y')).toHaveValue('price_k');
    await expect(panel.locator('input.own-data-standardize')).toBeChecked();
    const fits = page.locator('[data-figure=regression-fits]');
    await expect(fits.locator('tr[data-loss=mse] .slope')).not.toHaveAttribute('data-value', String(lab.mse));
    await expect(fits).toHaveAttribute('data-fresh', 'true');
    const own = await slopes(page);
    // The wild price (3000) tilts MSE; MAE and Huber follow the other eleven houses (z units, slope ≈ 0.3).
    expect(own.mse).not.toBeCloseTo(lab.mse, 1);
    expect(Math.abs(own.mae - own.huber)).toBeLessThan(0.1);
    await expect(fits.locator('g[data-layer=points] circle')).toHaveCount(12);
    await expect(pull).toHaveAttribute('data-fresh', 'true');
    await expect(pull.locator('.pull-balance')).not.toHaveText(pullBefore);
    // One bar per house in the pull figure.
    await expect(pull.locator('g[data-layer=bars] rect')).toHaveCount(12);
    // The URL says the data is local and carries none of it.
    await expect.poll(() => page.url()).toContain('data=local');
    expect(page.url()).not.toContain('3000');
    // Copy as code reproduces the fit on the learner's (standardised) data.
    await fits.getByRole('button', { name: 'Copy as code' }).click();
    await expect(fits.locator('.copy-code-status')).toContainText('Copied a PyTorch and scikit-learn script');
    const script = await page.evaluate(() => navigator.clipboard.readText());
    expect(script).toContain('Your data: houses.csv, x = "size_m2", y = "price_k" (standardised by the lab');
    const axe = await new AxeBuilder({ page }).include('.own-data').analyze();
    expect(axe.violations).toEqual([]);
    await screenshot(page, 'own-data-1280', { fullPage: false });
    await page.setViewportSize({ width: 375, height: 800 });
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'own-data-375', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Saved work: a reload brings the file, its columns and its fits back.
    await page.reload();
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    await expect(page.locator('[data-figure=regression-fits] .own-data-status')).toContainText('Using houses.csv: 12 rows');
    await expect(page.locator('[data-figure=regression-fits] tr[data-loss=mse] .slope')).toHaveAttribute('data-value', String(own.mse));
    // Unticking standardisation refits on the raw numbers; back to the lab's data restores its lines.
    await page.locator('[data-figure=regression-fits] input.own-data-standardize').uncheck();
    await expect(page.locator('[data-figure=regression-fits] .own-data-status')).toContainText('x = "size_m2" as is');
    await expect(page.locator('[data-figure=regression-fits] tr[data-loss=mse] .slope')).not.toHaveAttribute('data-value', String(own.mse));
    await page.getByRole('button', { name: 'Back to the lab’s data' }).click();
    await expect(page.locator('[data-figure=regression-fits] tr[data-loss=mse] .slope')).toHaveAttribute('data-value', String(lab.mse));
    await expect.poll(() => page.url()).not.toContain('data=local');
  });

  test('a link made with local data says so to its recipient, who sees the lab\u2019s data', async ({ page }) => {
    test.setTimeout(90_000);
    await open(page, 'data=local');
    await expect(page.locator('.notices')).toContainText('This link was made with the sender’s own data, which stays on their computer');
    await slopes(page);
  });

  test('the credit lesson takes a CSV of loans: a label out of range is refused by row and column, a good file retrains both figures', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('lesson.html?lesson=loss-vs-metric&fnfp=5');
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    const credit = page.locator('[data-figure=credit-risk]');
    await credit.scrollIntoViewIfNeeded();
    const cost = credit.locator('tr[data-model=a] td.cost');
    await expect(cost).toHaveAttribute('data-value', /\d/, { timeout: 60_000 });
    const labCost = await cost.getAttribute('data-value');
    const panel = credit.locator('.own-data');
    await upload(panel, 'loans.csv', 'income,debt,default\n40,3,0\n25,12,1\n33,9,2\n');
    await expect(panel.locator('.own-data-error')).toHaveText('loans.csv: Row 3, column "default": the label 2 is out of range (labels must be 0 or 1). Nothing was changed.');
    await expect(cost).toHaveAttribute('data-value', labCost!);
    expect(page.url()).toContain('fnfp=5');
    // 80 loans made by hand: a default when debt is high against income, every seventh label flipped.
    const rows = Array.from({ length: 80 }, (_, i) => {
      const income = 20 + ((i * 37) % 50), debt = (i * 11) % 17;
      return `${income},${debt},${Number(debt * 3 > income) ^ Number(i % 7 === 0)}`;
    });
    await upload(panel, 'loans.csv', ['income,debt,default', ...rows].join('\n'));
    await expect(panel.locator('.own-data-status')).toContainText('Using loans.csv: 80 rows, x1 = "income" standardised');
    await expect(panel.locator('select.own-data-y')).toHaveValue('default');
    await expect(credit.locator('.credit-note')).toContainText('Held-out: 40 loans', { timeout: 60_000 });
    await expect(cost).not.toHaveAttribute('data-value', labCost!);
    const metrics = page.locator('[data-figure=metric-table]');
    await metrics.scrollIntoViewIfNeeded();
    await expect(metrics).toHaveAttribute('data-fresh', 'true', { timeout: 60_000 });
    await expect.poll(() => page.url()).toContain('data=local');
    await screenshot(page, 'own-data-credit-1280', { fullPage: false });
  });
});
