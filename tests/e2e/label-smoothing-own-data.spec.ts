// Bring your own data in the label-smoothing lesson, as a learner does it: a broken CSV gets a
// notice naming its row and column and changes nothing; a good one (two features, labels 0 … K − 1)
// retrains both models on its rows, copies as code, stays out of the URL and comes back from saved
// work after a reload.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { FLOWERS_CSV } from '../web/support/flowers';

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`./lesson.html?lesson=label-smoothing${query}`);
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
}

const upload = (panel: Locator, name: string, text: string) =>
  panel.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

/** Plays the training at full speed until both models have taken every step. */
async function trainToTheEnd(figure: Locator): Promise<void> {
  await figure.getByLabel('Speed').selectOption('16');
  await figure.getByRole('button', { name: 'Play' }).click();
  await expect(figure.locator('.training-status')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
}

test.describe('your own data in the label-smoothing lesson', () => {
  test('a broken CSV gets a notice naming row and column and changes nothing', async ({ page }) => {
    test.setTimeout(120_000);
    await open(page, '&epsilon=0.3');
    const training = page.locator('[data-figure=training]');
    const panel = training.locator('.own-data');
    const error = panel.locator('.own-data-error');
    const caption = training.locator('.training-summary caption');
    await expect(caption).toContainText('the rest on 2000 held-out test points');
    const head = 'petal_length,petal_width,species\n1.2,3,0\n4.1,9,2\n';
    await upload(panel, 'label.csv', `${head}6.3,20,12\n`);
    await expect(error).toHaveText('label.csv: Row 3, column "species": the label 12 is out of range (labels must be whole numbers from 0 to 9). Nothing was changed.');
    await upload(panel, 'text.csv', `${head}6.3,wide,1\n`);
    await expect(error).toHaveText('text.csv: Row 3, column "petal_width": "wide" is not a finite number. Nothing was changed.');
    await upload(panel, 'missing.csv', 'petal_length,petal_width,species\n1.2,3,0\n,9,2\n');
    await expect(error).toHaveText('missing.csv: Row 2, column "petal_length": the value is missing. Nothing was changed.');
    await expect(panel.locator('.own-data-status')).toHaveText('');
    await expect(panel.getByRole('button', { name: 'Back to the lab’s data' })).toBeHidden();
    await expect(caption).toContainText('the rest on 2000 held-out test points');
    expect(page.url()).toContain('epsilon=0.3');
    expect(page.url()).not.toContain('data=');
  });

  test('a good CSV retrains both models on its rows, copies as code and comes back after a reload', async ({ page, context }) => {
    test.setTimeout(240_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await open(page);
    const training = page.locator('[data-figure=training]');
    const panel = training.locator('.own-data');
    await panel.scrollIntoViewIfNeeded();
    await upload(panel, 'flowers.csv', FLOWERS_CSV);
    await expect(panel.locator('.own-data-status')).toContainText('Using flowers.csv: 150 rows, x1 = "petal_length" standardised (mean ');
    await expect(panel.locator('.own-data-status')).toContainText('label = "species" (3 classes) as is.');
    await expect(panel.locator('select.own-data-y')).toHaveValue('species');
    await expect(panel.locator('input.own-data-standardize')).toBeChecked();
    await expect(panel.getByLabel('Column for the label (0 to 9)')).toHaveValue('species');
    expect((await new AxeBuilder({ page }).include('[data-figure=training] .own-data').analyze()).violations).toEqual([]);
    // 150 rows dealt out in turn: 50 train, 50 validation, 50 test.
    const caption = training.locator('.training-summary caption');
    await expect(caption).toContainText('Your data, flowers.csv (K = 3): train accuracy is on its 50 training rows (rows 1, 4, 7, …)', { timeout: 60_000 });
    // The file brings its labels: the training figure's noise and K sliders are greyed out with the
    // reason; ε still applies, and the target figure's own K slider (no data there) stays live.
    for (const param of ['noise', 'classes']) {
      const slider = training.locator(`input[data-param=${param}]`);
      await expect(slider).toBeDisabled();
      await expect(slider).toHaveAccessibleName(/Not used with your own data/);
    }
    await expect(training.locator('input[data-param=epsilon]')).toBeEnabled();
    await expect(page.locator('[data-figure=smoothed-target] input[data-param=classes]')).toBeEnabled();
    await trainToTheEnd(training);
    await expect(training.locator('.training-status')).toHaveAttribute('data-steps', '300');
    await expect(training.locator('.reliability-readout').first()).toContainText('50 test points');
    const accuracy = Number(await training.locator('td[data-side=hard][data-metric=testAccuracy]').getAttribute('data-value'));
    // 3 classes read off the length (every 11th label moved): far better than chance (1/3).
    expect(accuracy).toBeGreaterThan(0.6);
    await expect.poll(() => page.url()).toContain('data=local');
    expect(page.url()).not.toContain('petal');
    await training.getByRole('button', { name: 'Copy as code' }).click();
    await expect(training.locator('.copy-code-status')).toContainText('Copied a PyTorch script');
    const script = await page.evaluate(() => navigator.clipboard.readText());
    expect(script).toContain('Your data: flowers.csv, x1 = "petal_length", x2 = "petal_width", y = "species" (standardised by the lab');
    expect(script).toContain('model = make_model([2, 32, 3], torch.nn.Tanh()');
    // The lazy figure that trains the pair to the end and fits temperatures follows the file.
    const temperature = page.locator('[data-figure=temperature]');
    await temperature.scrollIntoViewIfNeeded();
    await expect(temperature.locator('.temperature-table caption')).toContainText('measured on the 50 test points', { timeout: 90_000 });

    // Saved work: a reload brings the file and its choices back, and the models train on it again.
    await page.reload();
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    const again = page.locator('[data-figure=training]');
    await expect(again.locator('.own-data-status')).toContainText('Using flowers.csv: 150 rows');
    await expect(again.locator('.training-summary caption')).toContainText('Your data, flowers.csv (K = 3)', { timeout: 60_000 });
    await again.getByRole('button', { name: 'Back to the lab’s data' }).click();
    await expect(again.locator('.training-summary caption')).toContainText('the rest on 2000 held-out test points', { timeout: 60_000 });
    await expect(again.locator('input[data-param=noise]')).toBeEnabled();
    await expect(again.locator('input[data-param=classes]')).toBeEnabled();
    await expect.poll(() => page.url()).not.toContain('data=local');
  });

  test('a link made with local data says so to its recipient, who sees the lab\u2019s data', async ({ page }) => {
    await open(page, '&data=local');
    await expect(page.locator('.notices')).toContainText('This link was made with the sender’s own data, which stays on their computer');
    await expect(page.locator('[data-figure=training] .training-summary caption')).toContainText('the rest on 2000 held-out test points', { timeout: 60_000 });
  });
});
