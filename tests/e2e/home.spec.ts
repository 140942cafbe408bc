import AxeBuilder from '@axe-core/playwright';
import { expect, screenshot, test } from './fixtures';

test('the home page lists the lessons with live previews from the SIMD wasm core', async ({ page, problems }) => {
  await page.goto('./');
  await expect(page.locator('#lesson-index')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('#build-info')).toHaveAttribute('data-simd', 'true');
  await expect(page.locator('#build-info')).toContainText('SIMD128 build');
  const card = page.locator('.lesson-card').filter({ hasText: 'Choosing a regression loss' });
  await expect(card).toHaveCount(1);
  // The preview is live: dots and two fitted lines, drawn from the core's data and fits.
  await expect(card.locator('.card-preview g[data-layer=points] circle')).toHaveCount(200);
  await expect(card.locator('.card-preview path.line')).toHaveCount(2);

  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await screenshot(page, 'home-1280');
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(200);
  await screenshot(page, 'home-375');

  await card.getByRole('link', { name: 'Choosing a regression loss' }).click();
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
  await expect(page).toHaveTitle(/Choosing a regression loss/);
  expect(problems).toEqual([]);
});
