// The optimizers lesson, driven as a learner would: the race on the κ = 50 bowl (checked against
// an independent implementation of SGD and heavy-ball momentum written here), divergence above
// 2/λ_max, the learning-rate sweep without blocking input, URL state, extremes, axe, screenshots.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

const lesson = (query = '') => `lesson.html?lesson=optimizers${query ? `&${query}` : ''}`;

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(lesson(query));
  await expect(page.locator('.ll-lesson')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('.race-status li').first()).toBeVisible();
}

/** The race's scrubber: the framework's playback bar, whose frame is the step shown (`t` in the URL). */
const raceScrub = (page: Page) => page.locator('[data-figure="optimizer-race"] input.scrubber');

const racerLoss = async (page: Page, racer: string) => Number(await page.locator(`.race-status li[data-racer="${racer}"]`).getAttribute('data-loss'));

/** Independent reference: the bowl ½(x² + κy²) (rotation 0), torch.optim.SGD with optional momentum. */
function referenceLoss(kappa: number, start: [number, number], lr: number, momentum: number, steps: number): number {
  let [x, y] = start;
  let bx = 0, by = 0;
  for (let t = 0; t < steps; t++) {
    const gx = x, gy = kappa * y;
    if (momentum > 0) {
      bx = t === 0 ? gx : momentum * bx + gx;
      by = t === 0 ? gy : momentum * by + gy;
    } else {
      bx = gx;
      by = gy;
    }
    x -= lr * bx;
    y -= lr * by;
  }
  return 0.5 * (x * x + kappa * y * y);
}

test('on the κ = 50 bowl with the presets, momentum and Adam beat SGD after 100 steps, SGD matches a hand-written SGD; axe; screenshots', async ({ page, problems }) => {
  await open(page);
  await expect(page.locator('[data-param="kappa"]')).toHaveCount(1);
  await expect(page.locator('[data-param-exact="kappa"]')).toHaveValue('50');
  await raceScrub(page).fill('100');
  await expect(page.locator('.race-status li[data-racer="sgd"]')).toHaveAttribute('data-step', '100');

  const sgd = await racerLoss(page, 'sgd');
  const momentum = await racerLoss(page, 'momentum');
  const adam = await racerLoss(page, 'adam');
  expect(Math.min(momentum, adam)).toBeLessThan(sgd);
  // The preset values are shown in the exact-value boxes; the displayed runs match an independent implementation.
  const lrSgd = Number(await page.locator('[data-param-exact="lr_sgd"]').inputValue());
  const lrMomentum = Number(await page.locator('[data-param-exact="lr_momentum"]').inputValue());
  expect(sgd / referenceLoss(50, [-2.5, 1.5], lrSgd, 0, 100)).toBeCloseTo(1, 9);
  expect(momentum / referenceLoss(50, [-2.5, 1.5], lrMomentum, 0.9, 100)).toBeCloseTo(1, 9);

  // Step back and forward move the step shown by one.
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(page.locator('.race-status li[data-racer="sgd"]')).toHaveAttribute('data-step', '99');
  await page.locator('[data-figure="optimizer-race"]').getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.locator('.race-status li[data-racer="sgd"]')).toHaveAttribute('data-step', '100');
  // The inside view shows the selected optimizer's state at that step.
  await expect(page.locator('.inside-table caption')).toContainText('Adam, step 100');
  await expect(page.locator('.race-chart .arrow')).toHaveCount(3);

  // Predict, then run: the verdict comes from the core's numbers.
  const question = page.locator('[data-question="momentum"]');
  await question.getByLabel(/Momentum: its velocity/).check();
  await question.getByRole('button', { name: 'Run it and check' }).click();
  await expect(question).toHaveAttribute('data-result', 'correct');
  await expect(question.locator('.observed')).toContainText('for momentum');
  const axe = await new AxeBuilder({ page }).include('.ll-lesson').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, 'optimizers-1280');
  await page.locator('[data-figure="optimizer-race"]').screenshot({ path: 'test-results/screenshots/optimizers-race-1280.png' });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(200);
  await screenshot(page, 'optimizers-375');
  await page.locator('[data-figure="optimizer-race"]').screenshot({ path: 'test-results/screenshots/optimizers-race-375.png' });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(problems).toEqual([]);
});

test('raising SGD’s learning rate above 2/λ_max marks it diverged and draws it up to that point', async ({ page, problems }) => {
  await open(page);
  const sgd = page.locator('.race-status li[data-racer="sgd"]');
  const box = page.locator('[data-param-exact="lr_sgd"]');
  await box.fill('0.039'); // just under 2/50
  await box.press('Enter');
  await expect(sgd).toHaveAttribute('data-diverged', 'false');
  await box.fill('0.041'); // just over 2/50
  await box.press('Enter');
  await expect(sgd).toHaveAttribute('data-diverged', 'true');
  await expect(sgd).toContainText(/SGD diverged at step \d+ \(lr too large for this curvature\)/);
  const path = page.locator('.race-chart .trajectory[data-label="SGD"] .trajectory-line');
  expect((await path.getAttribute('d'))!.length).toBeGreaterThan(20);
  await expect(page.locator('.race-chart .diverged-mark')).toHaveCount(1);
  await expect(page.locator('.lesson-body')).not.toContainText('NaN');
  expect(problems).toEqual([]);
});

test('the learning-rate sweep shows progress, keeps answering input while it runs, and replays the best runs', async ({ page, problems }) => {
  await open(page, 'steps=1000&racers=sgd.momentum.nesterov.rmsprop.adagrad.adam.adamw');
  const figure = page.locator('[data-figure="fair-comparison"]');
  // Scroll first, so the measurement covers the sweep and not the repaint of a scroll.
  await figure.getByRole('button', { name: 'Sweep the learning rates' }).scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    const w = window as unknown as { inputDelays: number[]; longTasks: number[]; progressSeen: number[] };
    w.progressSeen = [];
    w.inputDelays = [];
    w.longTasks = [];
    const bar = document.querySelector('[data-figure="fair-comparison"] progress.sweep-progress')!;
    new MutationObserver(() => w.progressSeen.push(Number(bar.getAttribute('value')))).observe(bar, { attributes: true, attributeFilter: ['value'] });
    // How long a key press waits before the page can handle it: the input blocking we care about.
    document.addEventListener('keydown', (e) => { if (e.key === 'Shift') w.inputDelays.push(performance.now() - e.timeStamp); });
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.longTasks.push(e.duration); }).observe({ type: 'longtask' });
  });
  // Start the sweep, and keep pressing a harmless key (real input, through the browser) while it runs.
  await figure.getByRole('button', { name: 'Sweep the learning rates' }).focus();
  let finished = false;
  let sweepMs = 0;
  await Promise.all([
    (async () => {
      const started = Date.now();
      await page.keyboard.press('Enter');
      await expect(figure).toHaveAttribute('data-sweep', 'done', { timeout: 20_000 });
      sweepMs = Date.now() - started;
      finished = true;
    })(),
    (async () => {
      for (let i = 0; i < 400 && !finished; i++) await page.keyboard.press('Shift');
    })(),
  ]);
  await expect(figure).toHaveAttribute('data-sweep', 'done', { timeout: 20_000 });
  const progress = figure.locator('progress.sweep-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('value', String(7 * 25));
  const { inputDelays, longTasks, progressSeen } = await page.evaluate(() => {
    const w = window as unknown as { inputDelays: number[]; longTasks: number[]; progressSeen: number[] };
    return { inputDelays: w.inputDelays, longTasks: w.longTasks, progressSeen: w.progressSeen };
  });
  // The bar moved through intermediate values: the work was sliced, with the browser painting between slices.
  expect(progressSeen.filter((v) => v > 0 && v < 7 * 25).length).toBeGreaterThan(3);
  expect(inputDelays.length).toBeGreaterThan(0);
  // Key presses are answered between slices: no wait comes near the sweep's own length (an
  // unsliced sweep would hold every key for all of it). The 50 ms task target itself is measured
  // by the browser benchmark, not here: on a loaded CI machine single waits reach ~150 ms.
  expect(Math.max(...inputDelays)).toBeLessThan(Math.min(500, sweepMs / 4));
  test.info().annotations.push({ type: 'input delays (ms)', description: JSON.stringify(inputDelays.map(Math.round)) });
  test.info().annotations.push({ type: 'long tasks (ms)', description: JSON.stringify(longTasks.map(Math.round)) });

  await expect(figure.locator('.bar')).toHaveCount(7);
  const bestSgd = Number(await figure.locator('tr[data-racer="sgd"]').getAttribute('data-best-lr'));
  expect(bestSgd).toBeLessThan(0.04); // SGD's best is below its stability limit 2/κ
  await figure.getByRole('button', { name: 'Replay every best run in the race' }).click();
  await expect(page.locator('[data-param-exact="lr_sgd"]')).toHaveValue(String(bestSgd));
  expect(problems).toEqual([]);
});

test('the state round-trips through the URL, and the start point moves with the keyboard', async ({ page, browser, problems }) => {
  await open(page);
  await page.locator('[data-param="surface"]').selectOption('rosenbrock');
  await expect(page.locator('[data-param-exact="lr_sgd"]')).toHaveValue('0.001'); // the surface's presets
  await page.locator('#racer-toggle-nesterov').check();
  const adam = page.locator('[data-param-exact="lr_adam"]');
  await adam.fill('0.05');
  await adam.press('Enter');
  await page.locator('[data-param="schedule"]').selectOption('cosine');
  await page.locator('.race-chart svg').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowUp');
  await raceScrub(page).fill('40');
  await expect(page).toHaveURL(/t=40/);
  const url = page.url();
  expect(url).toContain('surface=rosenbrock');
  expect(url).toContain('sx=-1.46'); // -1.5 + 4/100
  expect(url).toContain('sy=2.2'); // 2 + 5 × 4/100
  // The URL is written at once, the status on the next frame: wait until it shows step 40.
  await expect(page.locator('.race-status li').first()).toContainText('at step 40');
  const status = await page.locator('.race-status').innerText();

  const other = await browser.newPage();
  await other.goto(url);
  await expect(other.locator('.ll-lesson')).toHaveAttribute('data-state', 'ready');
  await expect(other.locator('[data-param="surface"]')).toHaveValue('rosenbrock');
  await expect(other.locator('#racer-toggle-nesterov')).toBeChecked();
  await expect(other.locator('[data-param-exact="lr_adam"]')).toHaveValue('0.05');
  await expect(other.locator('[data-param="schedule"]')).toHaveValue('cosine');
  await expect(raceScrub(other)).toHaveValue('40');
  await expect(other.locator('.race-status')).toHaveText(status, { useInnerText: true });
  await other.close();
  expect(problems).toEqual([]);
});

test('the MLP on spirals trains with SGD, momentum and Adam side by side', async ({ page, problems }) => {
  await open(page);
  const figure = page.locator('[data-figure="mlp-spirals"]');
  // The models train in the engine's worker once the figure nears the viewport; play their frames as they arrive.
  await figure.scrollIntoViewIfNeeded();
  await expect(figure.locator('input.scrubber')).toBeEnabled();
  await figure.getByRole('button', { name: 'Play' }).click();
  await expect.poll(async () => Number(await figure.getAttribute('data-steps')), { timeout: 20_000 }).toBeGreaterThan(60);
  await figure.getByRole('button', { name: 'Pause' }).click();
  await expect(figure.locator('.mlp-status')).toContainText(/Adam loss \d/);
  await expect(figure.locator('.mlp-status')).not.toContainText('NaN');
  // Each decision-boundary panel has its probability map painted (not a blank canvas).
  for (let i = 0; i < 3; i++) {
    const painted = await figure.locator('.chart-trio canvas').nth(i).evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let k = 3; k < d.length; k += 4) if (d[k] > 0) n++;
      return n / (c.width * c.height);
    });
    expect(painted).toBeGreaterThan(0.3);
  }
  expect(problems).toEqual([]);
});

test('extremes (κ = 1000, lr from 1e-5 to 10, noise, the saddle) give no NaN and no console error', async ({ page, problems }) => {
  const all = 'racers=sgd.momentum.nesterov.rmsprop.adagrad.adam.adamw&kappa=1000';
  const lrs = (v: string) => ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw'].map((r) => `lr_${r}=${v}`).join('&');
  for (const query of [`${all}&${lrs('0.00001')}`, `${all}&${lrs('10')}&noise=20&seeds=8&schedule=one_cycle&inspect=adagrad`, `surface=saddle&${lrs('10')}&racers=sgd.adam`]) {
    await open(page, query);
    await expect(page.locator('.race-status li')).not.toHaveCount(0);
    await expect(page.locator('.lesson-body')).not.toContainText('NaN');
    for (const d of await page.locator('.race-chart path').evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''))) expect(d).not.toContain('NaN');
  }
  await page.getByRole('button', { name: 'Play' }).first().click();
  await page.waitForTimeout(300);
  expect(problems).toEqual([]);
});

test('the downloaded single-file lesson runs the race from file:// under its strict CSP', async ({ page, problems }) => {
  await page.goto(pathToFileURL(resolve('dist/downloads/optimizers.html')).href);
  const lesson = page.locator('loss-lab-lesson');
  await expect(lesson).toHaveAttribute('data-state', 'ready');
  await expect(lesson.locator('.race-status li[data-racer="adam"]')).toHaveAttribute('data-diverged', 'false');
  await lesson.locator('[data-figure="optimizer-race"]').getByRole('button', { name: 'Play', exact: true }).click();
  await expect(lesson.locator('.race-status li[data-racer="sgd"]')).not.toHaveAttribute('data-step', '0');
  expect(problems).toEqual([]);
});
