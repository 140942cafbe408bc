// The pilot lesson, driven as a learner would: drag, slide, answer, reload, share, and break the URL.
import AxeBuilder from '@axe-core/playwright';
import { expect, screenshot, test } from './fixtures';
import { answer, changeDeltaAndSeeHuberUpdate, dragPointFarOut, expectCalmPlayback, lessonUrl, slope, slopeChanged, slopes } from './lesson-helpers';

test.describe('lesson: choosing a regression loss', () => {
  test('dragging a point far out in x swings MSE more than Huber, and δ refits Huber', async ({ page, problems }) => {
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.host !== '127.0.0.1:' + (process.env.E2E_PORT ?? 4179)) foreign.push(request.url());
    });
    await page.goto(lessonUrl());
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    const before = await slopes(page);
    expect(before.mse).toBeGreaterThan(before.huber); // the +50 outliers already tilt MSE
    await dragPointFarOut(page, page);
    const mse = await slopeChanged(page, 'mse', before.mse);
    const huber = await slope(page, 'huber');
    expect(Math.abs(mse - before.mse)).toBeGreaterThan(0.3);
    expect(Math.abs(mse - before.mse)).toBeGreaterThan(3 * Math.abs(huber - before.huber));
    await expect(page.locator('tr[data-loss=mse] .moved')).not.toHaveText('–');
    await expect.poll(() => page.url()).toContain('moves=');

    await changeDeltaAndSeeHuberUpdate(page, '5');
    expect(foreign, 'no request leaves the origin').toEqual([]);
    expect(problems).toEqual([]);
  });

  test('the keyboard alone can pick, move, add and remove points', async ({ page }) => {
    await page.goto(lessonUrl());
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    const svg = page.locator('[data-figure=regression-fits] .chart-svg');
    const count = () => svg.locator('g[data-layer=points] circle').count();
    await expect(svg.locator('g[data-layer=points] circle')).toHaveCount(200); // the data arrives from the worker
    const n = await count();
    await svg.focus();
    await page.keyboard.press('n');
    await expect(page.locator('[data-figure=regression-fits] .editor-status')).toContainText('Selected point 1');
    const before = await slope(page, 'mse');
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowUp');
    await slopeChanged(page, 'mse', before);
    await expect.poll(() => page.url()).toContain('moves=0_');
    await page.keyboard.press('a');
    await expect.poll(count).toBe(n + 1);
    await page.keyboard.press('Delete');
    await expect.poll(count).toBe(n);
  });

  test('play, step, reset and speed animate the training, which ends on the fitted lines', async ({ page }) => {
    await page.goto(lessonUrl());
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    const figure = page.locator('[data-figure=regression-fits]');
    const mseLine = figure.locator('g[data-layer=fit-mse] path');
    const fitted = await mseLine.getAttribute('d');
    await figure.getByRole('button', { name: 'Reset' }).click();
    await expect(figure.locator('.train-status')).toContainText('iteration 0 of 1500');
    await expect(mseLine).not.toHaveAttribute('d', fitted!);
    await figure.getByRole('button', { name: 'Step' }).click();
    await expect(figure.locator('.train-status')).toContainText('iteration 10 of 1500');
    // At 1× the rest of the run takes ~150 frames, long enough to see it playing; at 16× it can
    // finish within a few frames, so the speed changes mid-run (read on every frame).
    const play = figure.getByRole('button', { name: 'Play' });
    await play.click();
    await expect(figure.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');
    await figure.getByLabel('Speed').selectOption('16');
    await expect(figure.locator('.train-status')).toContainText('Finished', { timeout: 20_000 });
    await expect(figure.getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'false');
    await expect(mseLine).toHaveAttribute('d', fitted!); // the same deterministic training as the table
  });

  test('with prefers-reduced-motion, Play advances in calm steps instead of every frame', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(lessonUrl());
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    await expectCalmPlayback(page, page);
  });

  test('hovering a point highlights it on every plot, and figures export PNG, SVG and CSV', async ({ page }) => {
    await page.goto(lessonUrl('focus=huber'));
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    const scatter = page.locator('[data-figure=regression-fits] .chart-svg');
    await scatter.scrollIntoViewIfNeeded();
    const dot = (await scatter.locator('g[data-layer=points] circle').nth(40).boundingBox())!;
    await page.mouse.move(dot.x + dot.width / 2, dot.y + dot.height / 2);
    await expect(scatter.locator('g[data-layer=hover] .highlight-ring')).toHaveCount(1);
    const pull = page.locator('[data-figure=regression-pull]');
    await expect(pull.locator('.pull-readout')).toContainText('Point 41: residual');
    await expect(pull.locator('.pull-readout')).toContainText('under Huber');
    await expect(pull.locator('rect.bar.highlight')).toHaveCount(1);
    await expect(pull.locator('line.hover-rule')).toHaveCount(2);

    const figure = page.locator('[data-figure=regression-fits]');
    const save = async (label: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: label, exact: true }).click()]);
      const path = await download.path();
      const { readFileSync } = await import('node:fs');
      return { name: download.suggestedFilename(), bytes: readFileSync(path!) };
    };
    const csv = await save('CSV');
    expect(csv.name).toBe('regression-fits.csv');
    expect(csv.bytes.toString()).toContain('layer,index,x,y');
    expect(csv.bytes.toString().split('\n').filter((l) => l.startsWith('points,')).length).toBe(200);
    const svg = await save('SVG');
    expect(svg.bytes.toString()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.bytes.toString()).toContain('stroke=');
    const png = await save('PNG');
    expect(png.name).toBe('regression-fits.png');
    expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  test('an answered question survives a reload, with feedback computed again', async ({ page }) => {
    await page.goto(lessonUrl());
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    const form = await answer(page, 'leverage', 'mse');
    await expect(form).toHaveAttribute('data-result', 'correct'); // the core's MSE slope moves most
    await expect(form.locator('.observed')).toContainText('Slope change after adding the point: MSE');
    await page.waitForTimeout(300); // saving is debounced
    await page.reload();
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    const again = page.locator('form[data-question=leverage]');
    await expect(again.locator('input[value=mse]')).toBeChecked();
    await expect(again).toHaveAttribute('data-result', 'correct');
  });

  test('a question\'s short states ("pick first", "running") sit beside its button and move nothing below', async ({ page }) => {
    await page.goto(lessonUrl());
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    const form = page.locator('form[data-question=leverage]');
    await form.scrollIntoViewIfNeeded();
    const status = form.locator('.run-status');
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      const before = (await form.boundingBox())!.height;
      await form.getByRole('button', { name: 'Run it and check' }).click();
      await expect(status).toHaveText('Pick a prediction first, then run.');
      expect((await form.boundingBox())!.height).toBe(before);
      await status.evaluate((node) => { node.textContent = 'Running the experiment…'; });
      expect((await form.boundingBox())!.height).toBe(before);
      await status.evaluate((node) => { node.textContent = ''; });
    }
    // the verdict still lands in the live region under the question, and the status empties
    await form.locator('input[value=mse]').check();
    await form.getByRole('button', { name: 'Run it and check' }).click();
    await expect(form.locator('.verdict')).toBeVisible({ timeout: 30_000 });
    await expect(status).toHaveText('');
  });

  test('a shared link reproduces the sender\'s data, settings and lines', async ({ page, browser }) => {
    await page.goto(lessonUrl('seed=7'));
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    await page.locator('[data-figure=regression-fits] input[data-param=delta]').fill('2.5');
    await page.locator('[data-figure=regression-fits] input[value=log_cosh]').check();
    await page.getByRole('button', { name: 'Add a high-leverage outlier' }).click();
    await expect(page.locator('tr[data-loss=log_cosh]')).toHaveCount(1);
    await expect(page.locator('tr[data-loss=mse] .moved')).not.toHaveText('–');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy link to this view' }).click();
    await expect(page.locator('.lesson-toolbar .copy-status').first()).toContainText('Link copied');
    const shared = await page.evaluate(() => navigator.clipboard.readText());
    await expect(page).toHaveURL(shared); // the address bar follows the state once the page is quiet (1 s, then an idle moment)
    const expected = await slopes(page);
    expect(shared).toMatch(/seed=7.*delta=2\.5.*added=/);

    // A different person: a fresh browser context with no saved work.
    const context = await browser.newContext();
    const other = await context.newPage();
    await other.goto(shared);
    await expect(other.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    await expect(other.locator('[data-figure=regression-fits] input[data-param=delta]')).toHaveValue('2.5');
    await expect(other.locator('[data-figure=regression-fits] .seed')).toHaveValue('7');
    await expect.poll(() => slopes(other)).toEqual(expected);
    await expect(other.locator('[data-figure=regression-fits] g[data-layer=points] circle')).toHaveCount(201);
    await context.close();
  });

  test('a link full of garbage falls back to defaults, explains, and never shows NaN', async ({ page }) => {
    await page.goto(lessonUrl('v=1&delta=banana&seed=-5&tau=7&show=zzz.mse&added=1_2_3~oops&focus=%3Cscript%3E&__proto__=1&constructor=x&outliers=NaN'));
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    const notices = page.locator('.notices');
    await expect(notices).toContainText('Huber δ: "banana" is not a number, so the default (1) is used.');
    await expect(notices).toContainText('Seed: -5 is outside 1 to 99999, so 1 is used.');
    await expect(notices).toContainText('Quantile τ: 7 is outside');
    await expect(notices).toContainText('Outliers (+50): "NaN" is not a number');
    await expect(page.locator('[data-figure=regression-fits] input[data-param=delta]')).toHaveValue('1');
    await expect(page.locator('[data-figure=regression-fits] input[data-param=tau]')).toHaveValue('0.99');
    await expect(page.locator('tr[data-loss]')).toHaveCount(1); // only mse survived in show
    // The notices quote the bad input; everything the lesson computed must be a real number.
    expect(await page.locator('.lesson-body').innerText()).not.toMatch(/NaN|undefined|Infinity/);
    await expect(page.locator('script:not([src])')).toHaveCount(0);
  });

  test('an unknown lesson in the link gets a clear message, not an error', async ({ page }) => {
    await page.goto('lesson.html?lesson=%3Cimg%20src%3Dx%3E');
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'error');
    await expect(page.locator('#lesson [role=alert]')).toContainText('There is no lesson called "<img src=x>"');
    await expect(page.locator('#lesson img')).toHaveCount(0);
  });

  test('damaged saved work is reset with a notice, not a blank page', async ({ page }) => {
    await page.goto(lessonUrl());
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    await page.evaluate(() => localStorage.setItem('loss-lab:regression-losses', '{"v":1,"sum":"0","data":"{oops'));
    await page.reload();
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    await expect(page.locator('.notices')).toContainText('could not be read');
    await expect(page.locator('tr[data-loss=mse]')).toHaveCount(1);
  });

  test('the lesson page has no axe violations, and screenshots at 1280 and 375 px', async ({ page }) => {
    // Five figures, two full-page screenshots and a re-layout at 375 px on a shared 2-core machine.
    test.setTimeout(180_000);
    await page.goto(lessonUrl());
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    // Figures below the fold are computed as the learner scrolls to them.
    await page.locator('[data-figure=quantile-band]').scrollIntoViewIfNeeded();
    await expect(page.locator('.coverage-value')).toHaveText(/%$/);
    await expect(page.locator('.coverage-small-value')).toHaveAttribute('data-value', /\d/, { timeout: 30_000 });
    await page.locator('[data-figure=leverage-breakdown]').scrollIntoViewIfNeeded();
    await expect(page.locator('[data-figure=leverage-breakdown] tr[data-x="200"] td[data-loss=mae]')).toHaveAttribute('data-value', /\d/, { timeout: 30_000 });
    await page.locator('[data-figure=tweedie]').scrollIntoViewIfNeeded();
    await expect(page.locator('.mae-table tbody tr')).toHaveCount(4);
    await page.evaluate(() => window.scrollTo(0, 0));
    // The data marks inside each chart (role img) are presentational: thousands of dots and bars
    // that would only slow the scan down.
    const results = await new AxeBuilder({ page }).exclude('.chart-svg > g.layers').analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    await screenshot(page, 'lesson-1280');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no horizontal scrolling at 375 px').toBeLessThanOrEqual(0);
    await screenshot(page, 'lesson-375');
  });
});
