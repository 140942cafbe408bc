import { expect, screenshot, test } from './fixtures';

test('the home page loads the SIMD wasm core and its MSE figure follows the sliders', async ({ page, problems }) => {
  await page.goto('./');
  await expect(page.locator('#mse-demo')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('#build-info')).toHaveAttribute('data-simd', 'true');
  await expect(page.locator('#build-info')).toContainText('SIMD128 build');

  const points: Array<[number, number]> = JSON.parse((await page.locator('#mse-demo').getAttribute('data-points'))!);
  const expectedMse = (a: number, b: number) =>
    points.reduce((sum, [x, y]) => sum + (a * x + b - y) ** 2, 0) / points.length;

  // Initial state: slope 0.5, intercept 1.5.
  await expect(page.locator('#mse-value')).toHaveText(expectedMse(0.5, 1.5).toFixed(4));

  // Move the slope with the keyboard as a person would: focus, then arrow keys (0.01 per press).
  await page.locator('#slope').focus();
  for (let i = 0; i < 50; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator('#slope')).toHaveValue('1');
  const shown = Number(await page.locator('#mse-value').getAttribute('data-value'));
  expect(shown).toBeCloseTo(expectedMse(1, 1.5), 10);
  await expect(page.locator('#mse-value')).toHaveText(expectedMse(1, 1.5).toFixed(4));

  // Drag the right handle down: the slope falls and the MSE is recomputed.
  const handle = page.locator('.handle').nth(1);
  await page.locator('#mse-demo svg').scrollIntoViewIfNeeded();
  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 60, { steps: 5 });
  await page.mouse.up();
  const slope = Number(await page.locator('#slope').inputValue());
  const intercept = Number(await page.locator('#intercept').inputValue());
  expect(slope).toBeLessThan(1);
  expect(Number(await page.locator('#mse-value').getAttribute('data-value'))).toBeCloseTo(expectedMse(slope, intercept), 10);

  await screenshot(page, 'home-1280');
  await page.setViewportSize({ width: 375, height: 800 });
  await screenshot(page, 'home-375');
  expect(problems).toEqual([]);
});
