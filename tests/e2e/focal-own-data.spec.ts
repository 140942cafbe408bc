// Bring your own data in the focal-loss lesson, as a learner does it: a broken CSV gets a notice
// naming its row and column and changes nothing; a good one (two features, a 0/1 label) retrains
// both models and the figures that train on it, copies as code, round-trips through saved work,
// stays out of the URL, and a link made with it says the data stayed with the sender.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { MACHINES_CSV } from '../web/support/machines';

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`./lesson.html?lesson=focal-loss${query}`);
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('.train-status')).toHaveAttribute('data-steps', /\d+/);
}

const upload = (panel: Locator, name: string, text: string) =>
  panel.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

test.describe('your own data in the focal-loss lesson', () => {
  test('a broken CSV gets a notice naming row and column and changes nothing', async ({ page }) => {
    test.setTimeout(120_000);
    await open(page, '&gamma=3');
    const training = page.locator('[data-figure=focal-training]');
    const panel = training.locator('.own-data');
    const error = panel.locator('.own-data-error');
    const status = training.locator('.train-status');
    await expect(status).toContainText('full batch of 10000 training points');
    await upload(panel, 'label.csv', 'temperature,vibration,failure\n50,1.2,0\n60,1.5,1\n70,0.4,2\n');
    await expect(error).toHaveText('label.csv: Row 3, column "failure": the label 2 is out of range (labels must be 0 or 1). Nothing was changed.');
    await upload(panel, 'text.csv', 'temperature,vibration,failure\n50,1.2,0\n60,high,1\n');
    await expect(error).toHaveText('text.csv: Row 2, column "vibration": "high" is not a finite number. Nothing was changed.');
    await upload(panel, 'missing.csv', 'temperature,vibration,failure\n50,1.2,0\n,1.5,1\n');
    await expect(error).toHaveText('missing.csv: Row 2, column "temperature": the value is missing. Nothing was changed.');
    await expect(panel.locator('.own-data-status')).toHaveText('');
    // Still the lab's data: no way "back" to offer.
    await expect(panel.getByRole('button', { name: 'Back to the lab’s data' })).toBeHidden();
    await expect(status).toContainText('full batch of 10000 training points');
    expect(page.url()).toContain('gamma=3');
    expect(page.url()).not.toContain('data=');
  });

  test('a good CSV retrains the figures on it, copies as code and round-trips through saved work', async ({ page, context }) => {
    test.setTimeout(240_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await open(page);
    const training = page.locator('[data-figure=focal-training]');
    const panel = training.locator('.own-data');
    await panel.scrollIntoViewIfNeeded();
    await upload(panel, 'machines.csv', MACHINES_CSV);
    await expect(panel.locator('.own-data-status')).toContainText('Using machines.csv: 200 rows, x1 = "temperature" standardised (mean 69.30');
    await expect(panel.getByLabel('Column for x1')).toHaveValue('temperature');
    await expect(panel.locator('select.own-data-x2')).toHaveValue('vibration');
    await expect(panel.locator('select.own-data-y')).toHaveValue('failure');
    await expect(panel.locator('input.own-data-standardize')).toBeChecked();
    // Odd rows train: 100 machines, 17 of them failures (hand-counted from the generator in tests/web/support/machines.ts).
    const status = training.locator('.train-status');
    await expect(status).toContainText('full batch of 100 training points (17 rare)', { timeout: 60_000 });
    await expect(status).toContainText('your own data');
    // The imbalance and noise sliders shape the lab's clouds only: greyed out, with the reason.
    for (const param of ['ratio', 'noise']) {
      const slider = training.locator(`input[data-param=${param}]`);
      await expect(slider).toBeDisabled();
      await expect(slider).toHaveAccessibleName(/Not used with your own data/);
    }
    await expect(training.locator('input[data-param=gamma]')).toBeEnabled();
    await expect(training.locator('.focal-comparison')).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
    await expect(training.locator('.table-note')).toContainText('Measured on the 100 held-out points');
    await expect.poll(() => page.url()).toContain('data=local');
    expect(page.url()).not.toContain('temperature');
    // Copy as code carries the learner's data.
    await training.getByRole('button', { name: 'Copy as code' }).click();
    await expect(training.locator('.copy-code-status')).toContainText('Copied a PyTorch script');
    const script = await page.evaluate(() => navigator.clipboard.readText());
    expect(script).toContain('Your data: machines.csv, x1 = "temperature", x2 = "vibration", y = "failure" (standardised by the lab');
    // The lazy figures that train follow: the α sweep and the prior start.
    const alpha = page.locator('[data-figure=focal-alpha]');
    await alpha.scrollIntoViewIfNeeded();
    await expect(alpha).toHaveAttribute('data-fresh', 'true', { timeout: 120_000 });
    const prior = page.locator('[data-figure=focal-prior]');
    await prior.scrollIntoViewIfNeeded();
    await expect(prior.locator('.prior-readout')).toContainText('π = 0.1700', { timeout: 120_000 });

    // Saved work: a reload brings the file and its choices back, and the models train on it again.
    await page.reload();
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    await expect(page.locator('[data-figure=focal-training] .own-data-status')).toContainText('Using machines.csv: 200 rows');
    await expect(page.locator('[data-figure=focal-training] .train-status')).toContainText('full batch of 100 training points (17 rare)', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Back to the lab’s data' }).click();
    await expect(page.locator('[data-figure=focal-training] .train-status')).toContainText('full batch of 10000 training points', { timeout: 60_000 });
    await expect(page.locator('[data-figure=focal-training] input[data-param=ratio]')).toBeEnabled();
    await expect(page.locator('[data-figure=focal-training] .control-inactive')).toHaveCount(2);
    await expect(page.locator('[data-figure=focal-training] .control-inactive:visible')).toHaveCount(0);
    await expect.poll(() => page.url()).not.toContain('data=local');
  });

  test('a link made with local data says so to its recipient, who sees the lab\u2019s data', async ({ page }) => {
    test.setTimeout(90_000);
    await open(page, '&data=local');
    await expect(page.locator('.notices')).toContainText('This link was made with the sender’s own data, which stays on their computer');
    await expect(page.locator('.train-status')).toContainText('full batch of 10000 training points', { timeout: 60_000 });
  });
});
