// "Copy as code" as a learner meets it: the button in the figure's export bar copies a PyTorch
// script of what the figure shows now (δ included) and says so; where the clipboard refuses,
// a dialog shows the script selected; a large-data figure saves its CSV beside the script.
// tests/web/copy-as-code.test.ts runs the scripts themselves with python3-torch.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { lessonUrl, slopes } from './lesson-helpers';

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(lessonUrl(query));
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
}

test.describe('copy as code', () => {
  test('copies the fits figure as a PyTorch script with the current δ, and confirms', async ({ page, context }) => {
    test.setTimeout(120_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await open(page, 'delta=2.5');
    await slopes(page);
    const fits = page.locator('[data-figure=regression-fits]');
    await expect(fits).toHaveAttribute('data-fresh', 'true');
    await fits.getByRole('button', { name: 'Copy as code' }).click();
    await expect(fits.locator('.copy-code-status')).toContainText('Copied a PyTorch and scikit-learn script');
    const script = await page.evaluate(() => navigator.clipboard.readText());
    expect(script).toContain('criterion = torch.nn.HuberLoss(delta=2.5)');
    expect(script).toContain('criterion = torch.nn.MSELoss()');
    expect(script).toContain('torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=1500');
    // The data travels inside: 200 points, the first one exactly as the core generated it.
    expect(script).toMatch(/^x = np\.array\(\[\n {4}-?\d/m);
    expect(script).not.toContain('np.random');
    await page.setViewportSize({ width: 375, height: 800 });
    await fits.locator('.copy-code-status').scrollIntoViewIfNeeded();
    await screenshot(page, 'copy-as-code-fits-375', { fullPage: false });
    const bar = await fits.locator('.figure-export').boundingBox();
    expect(bar!.x + bar!.width).toBeLessThanOrEqual(375);
  });

  test('shows the script in a dialog where the clipboard refuses, and saves the CSV of a large-data figure (axe clean)', async ({ page }) => {
    test.setTimeout(120_000);
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
    });
    await open(page, 'power=1.2');
    const tweedie = page.locator('[data-figure=tweedie]');
    await tweedie.scrollIntoViewIfNeeded();
    await expect(tweedie.locator('tr[data-row=squared] td.mae')).toHaveAttribute('data-value', /\d/, { timeout: 30_000 });
    const csv = page.waitForEvent('download');
    await tweedie.getByRole('button', { name: 'Copy as code' }).click();
    expect((await csv).suggestedFilename()).toBe('regression-losses-tweedie.csv');
    const dialog = tweedie.getByRole('dialog', { name: 'Python script for this figure' });
    await expect(dialog).toBeVisible();
    const text = dialog.getByRole('textbox');
    await expect(text).toBeFocused();
    expect(await text.inputValue()).toContain('half_tweedie_loss(score, target, power=1.2)');
    expect(await text.inputValue()).toContain('np.loadtxt("regression-losses-tweedie.csv"');
    await expect(tweedie.locator('.copy-code-status')).toContainText('The clipboard is not available here');
    const axe = await new AxeBuilder({ page }).include('.code-dialog').analyze();
    expect(axe.violations).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'copy-as-code-dialog-375', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'copy-as-code-dialog-1280', { fullPage: false });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);
  });

  test('works inside the custom element under the strict CSP: the dialog opens in its shadow root', async ({ page }) => {
    test.setTimeout(120_000);
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: undefined });
    });
    await page.goto('embed-demo/');
    const element = page.locator('loss-lab-lesson#element-lesson');
    await expect(element).toHaveAttribute('data-state', 'ready');
    const fits = element.locator('[data-figure=regression-fits]');
    await expect(fits.locator('tr[data-loss=huber] .slope')).toHaveAttribute('data-value', /\d/);
    await expect(fits).toHaveAttribute('data-fresh', 'true');
    await fits.getByRole('button', { name: 'Copy as code' }).click();
    const dialog = fits.getByRole('dialog', { name: 'Python script for this figure' });
    await expect(dialog).toBeVisible();
    const script = await dialog.getByRole('textbox').inputValue();
    expect(script).toContain('torch.nn.HuberLoss(delta=2.0)');
    expect(script).not.toContain('torch.nn.L1Loss()');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);
  });
});

