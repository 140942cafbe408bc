// "Copy as code" on the figures that gained it with issue 22e, one per lesson: the button copies
// a script of what the figure shows now and says so (tests/web/copy-as-code-more.test.ts runs
// the scripts themselves with python3-torch and compares their numbers with the page's).
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function copied(page: Page, figure: Locator): Promise<string> {
  await figure.scrollIntoViewIfNeeded();
  await expect(figure).toHaveAttribute('data-fresh', 'true', { timeout: 120_000 });
  await figure.getByRole('button', { name: 'Copy as code' }).click();
  await expect(figure.locator('.copy-code-status')).toContainText('Copied a PyTorch script');
  return page.evaluate(() => navigator.clipboard.readText());
}

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

test('regression-losses: the pull figure copies its line and the pulls under the selected loss', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('lesson.html?lesson=regression-losses&focus=huber&delta=2');
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
  const script = await copied(page, page.locator('[data-figure=regression-pull]'));
  expect(script).toContain('huber_criterion = torch.nn.HuberLoss(delta=2.0)');
  expect(script).toContain('pull sum = ');
});

test('focal-loss: the prior-start figure copies its four trainings', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('lesson.html?lesson=focal-loss&model=logistic');
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
  const script = await copied(page, page.locator('[data-figure=focal-prior]'));
  expect(script).toContain('focal prior start after 60 steps');
});

test('loss-vs-metric: the proper-scoring figure copies its three expected losses at the current q', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('lesson.html?lesson=loss-vs-metric&q=0.4');
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
  const script = await copied(page, page.locator('[data-figure=proper-scoring]'));
  expect(script).toContain('when the label is 1 with probability q = 0.4');
  expect(script).toContain('torch.nn.BCELoss()');
});
