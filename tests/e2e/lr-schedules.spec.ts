// The lesson "Learning-rate schedules and fair comparisons" (the second half of the old optimizers
// lesson), driven as a learner would: noise on by default and annealing judged over 40 paired
// seeds (gradient descent, momentum and Adam gain on most, RMSprop loses on every seed), the learning-rate sweep to lr 1000
// without blocking input, with bars that grow with the reduction, the MLP's plateau at the best
// linear classifier's loss, axe, screenshots at 1280 and 375 px.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

const lesson = (query = '') => `lesson.html?lesson=lr-schedules${query ? `&${query}` : ''}`;

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(lesson(query));
  await expect(page.locator('.ll-lesson')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('.race-status li').first()).toBeVisible();
}

test('with noise σ = 2 over 40 paired seeds, annealing helps gradient descent, momentum and Adam on most seeds and hurts RMSprop on every seed; axe; screenshots', async ({ page, problems }) => {
  await open(page);
  const figure = page.locator('[data-figure="noise-and-annealing"]');
  await figure.scrollIntoViewIfNeeded();
  const row = (racer: string) => figure.locator(`tr[data-racer="${racer}"]`);
  await expect(row('sgd')).toHaveCount(1, { timeout: 20_000 });
  const n = async (racer: string, attr: string) => Number(await row(racer).getAttribute(`data-${attr}`));
  expect(await n('sgd', 'seeds')).toBe(40);
  for (const racer of ['sgd', 'momentum', 'adam']) {
    // The 95% Wilson interval of the win rate lies above one half, and the median drops.
    expect(await n(racer, 'win-lo')).toBeGreaterThan(0.5);
    expect(await n(racer, 'annealed-median')).toBeLessThan(await n(racer, 'constant-median'));
    // …because the jitter across the valley shrinks.
    expect(await n(racer, 'across-annealed')).toBeLessThan(await n(racer, 'across-constant'));
  }
  // The text's factors: about 2 for Adam, 4 to 8 for gradient descent and momentum.
  const factor = async (racer: string) => (await n(racer, 'constant-median')) / (await n(racer, 'annealed-median'));
  expect(await factor('adam')).toBeGreaterThan(1.5);
  expect(await factor('adam')).toBeLessThan(2.5);
  for (const racer of ['sgd', 'momentum']) {
    expect(await factor(racer)).toBeGreaterThan(3.3);
    expect(await factor(racer)).toBeLessThan(9);
  }
  // RMSprop: worse on every seed, and further along the valley from the minimum.
  expect(await n('rmsprop', 'wins')).toBe(0);
  expect(await n('rmsprop', 'annealed-median')).toBeGreaterThan(await n('rmsprop', 'constant-median'));
  expect(await n('rmsprop', 'along-annealed')).toBeGreaterThan(await n('rmsprop', 'along-constant'));
  // Along the valley: gradient descent loses travel too; momentum and Adam end closer along it as well.
  expect(await n('sgd', 'along-annealed')).toBeGreaterThan(await n('sgd', 'along-constant'));
  for (const racer of ['momentum', 'adam']) expect(await n(racer, 'along-annealed')).toBeLessThan(await n(racer, 'along-constant'));
  // Eight seeds would have misled: momentum and Adam win on at most half of the first eight.
  expect(await n('momentum', 'wins-first8')).toBeLessThanOrEqual(4);
  expect(await n('adam', 'wins-first8')).toBeLessThanOrEqual(4);
  // Interval arithmetic: the Wilson interval of 0 of 40 is [0, 0.088].
  expect(await n('rmsprop', 'win-hi')).toBeCloseTo(0.0876, 3);

  const axe = await new AxeBuilder({ page }).include('.ll-lesson').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((x) => x.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, 'lr-schedules-1280');
  await figure.screenshot({ path: 'test-results/screenshots/lr-schedules-noise-1280.png' });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(200);
  await screenshot(page, 'lr-schedules-375');
  await figure.screenshot({ path: 'test-results/screenshots/lr-schedules-noise-375.png' });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
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
  await expect(progress).toHaveAttribute('value', String(7 * 33));
  const { inputDelays, longTasks, progressSeen } = await page.evaluate(() => {
    const w = window as unknown as { inputDelays: number[]; longTasks: number[]; progressSeen: number[] };
    return { inputDelays: w.inputDelays, longTasks: w.longTasks, progressSeen: w.progressSeen };
  });
  // The bar moved through intermediate values: the work was sliced, with the browser painting between slices.
  expect(progressSeen.filter((v) => v > 0 && v < 7 * 33).length).toBeGreaterThan(3);
  expect(inputDelays.length).toBeGreaterThan(0);
  // Key presses are answered between slices: no wait comes near the sweep's own length (an
  // unsliced sweep would hold every key for all of it). The 50 ms task target itself is measured
  // by the browser benchmark, not here: on a loaded CI machine single waits reach ~150 ms.
  expect(Math.max(...inputDelays)).toBeLessThan(Math.min(500, sweepMs / 4));
  test.info().annotations.push({ type: 'input delays (ms)', description: JSON.stringify(inputDelays.map(Math.round)) });
  test.info().annotations.push({ type: 'long tasks (ms)', description: JSON.stringify(longTasks.map(Math.round)) });

  await expect(figure.locator('.bar')).toHaveCount(7);
  const row = (racer: string) => figure.locator(`tr[data-racer="${racer}"]`);
  const bestSgd = Number(await row('sgd').getAttribute('data-best-lr'));
  expect(bestSgd).toBeLessThan(0.04); // gradient descent's best is below its stability limit 2/κ
  // The stability limits seen through the grid: 2/κ = 0.04 and 2(1 + μ)/κ = 0.076.
  await expect(row('sgd').locator('td').nth(2)).toHaveText('lr ≥ 0.0562');
  await expect(row('momentum').locator('td').nth(2)).toHaveText('lr ≥ 0.1');
  await figure.getByRole('button', { name: 'Replay every best run in the race' }).click();
  await expect(page.locator('[data-param-exact="lr_sgd"]')).toHaveValue(String(bestSgd));
  expect(problems).toEqual([]);
});


test('the MLP on spirals trains with gradient descent, momentum at two rates and Adam side by side; gradient descent and momentum at its long-run step sit on the best linear classifier’s plateau for far longer', async ({ page, problems }) => {
  await open(page);
  const figure = page.locator('[data-figure="mlp-spirals"]');
  // The models train in the engine's worker once the figure nears the viewport; play their frames as they arrive.
  await figure.scrollIntoViewIfNeeded();
  await expect(figure.locator('input.scrubber')).toBeEnabled();
  // Wait until at least 61 frames (600 steps) have streamed in, then play the frames.
  const scrubber = figure.locator('input.scrubber');
  await expect.poll(async () => Number(await scrubber.getAttribute('max')), { timeout: 60_000 }).toBeGreaterThan(60);
  await figure.getByRole('button', { name: 'Play' }).click();
  await expect.poll(async () => Number(await figure.getAttribute('data-steps')), { timeout: 20_000 }).toBeGreaterThan(60);
  await figure.getByRole('button', { name: 'Pause' }).click();
  await expect(figure.locator('.mlp-status')).toContainText(/Adam loss \d/);
  await expect(figure.locator('.mlp-status')).not.toContainText('NaN');
  // Once all 1000 steps are trained, show the last frame and check the plateau's story.
  await expect.poll(async () => Number(await scrubber.getAttribute('max')), { timeout: 60_000 }).toBe(100);
  await scrubber.fill('100');
  await expect(figure).toHaveAttribute('data-steps', '1000');
  const exit = async (key: string) => Number(await figure.locator(`.plateau-exit[data-runner="${key}"]`).getAttribute('data-value'));
  const linear = Number(await figure.locator('.linear-loss').getAttribute('data-value'));
  // The plateau sits at the best linear classifier's loss (0.675), not at log 2 = 0.693.
  expect(linear).toBeGreaterThan(0.66);
  expect(linear).toBeLessThan(0.69);
  const [gd, momentum, fast, adam] = [await exit('sgd'), await exit('momentum'), await exit('momentum-fast'), await exit('adam')];
  expect(adam).toBeLessThan(150);
  expect(gd).toBeGreaterThan(3 * adam);
  expect(momentum).toBeGreaterThan(3 * adam);
  // Momentum at gradient descent's own rate (a tenfold long-run step) leaves with Adam, not with gradient descent.
  expect(fast).toBeLessThan(150);
  expect(gd).toBeGreaterThan(3 * fast);
  // Each decision-boundary panel has its probability map painted (not a blank canvas).
  for (let i = 0; i < 4; i++) {
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


test('at the defaults (150 steps) RMSprop and Adagrad solve the axis-aligned bowl over wide bands of learning rates, every rate in a band a tie; at 45° they do not', async ({ page, problems }) => {
  for (const angle of [0, 45]) {
    await open(page, `racers=sgd.momentum.nesterov.rmsprop.adagrad.adam.adamw${angle ? `&angle=${angle}` : ''}`);
    const figure = page.locator('[data-figure="fair-comparison"]');
    await figure.getByRole('button', { name: 'Sweep the learning rates' }).click();
    await expect(figure).toHaveAttribute('data-sweep', 'done', { timeout: 30_000 });
    const row = (racer: string) => figure.locator(`tr[data-racer="${racer}"]`);
    for (const racer of ['rmsprop', 'adagrad']) {
      const best = Number(await row(racer).getAttribute('data-best-lr'));
      const loss = Number(await row(racer).getAttribute('data-best-loss'));
      if (angle === 0) {
        expect(best).toBeGreaterThan(10);
        expect(loss).toBeLessThan(1e-16);
        await expect(row(racer)).toHaveAttribute('data-edge', 'false');
      } else {
        expect(loss).toBeGreaterThan(1e-9);
      }
    }
    if (angle === 0) {
      // The table gives each band as the text describes it: RMSprop's with two rates that stop short, Adagrad's to the grid's end.
      await expect(row('rmsprop')).toContainText('solved at 12 of the 14 rates from 0.0562 to 100');
      await expect(row('rmsprop')).toContainText('(one of 12 ties)');
      await expect(row('adagrad')).toContainText('from 0.562 to 1000, the grid’s end');
      await expect(row('nesterov')).toContainText('lr ≥ 0.0316');
      // The bars grow with the reduction: the better optimizer (lower best loss) has the taller bar.
      const bars = await figure.locator('rect.bar').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('height'))));
      const losses = await figure.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-best-loss'))));
      // table and bars follow the racers' order; a loss below 1e-16 is a tie at the top
      let compared = 0;
      for (let i = 0; i < losses.length; i++) for (let j = 0; j < losses.length; j++) {
        if (losses[i] < losses[j] / 10 && losses[j] > 1e-16 && Number.isFinite(losses[j])) { expect(bars[i]).toBeGreaterThan(bars[j]); compared++; }
      }
      expect(compared).toBeGreaterThan(3);
      await figure.screenshot({ path: 'test-results/screenshots/lr-schedules-sweep-1280.png' });
    }
  }
  expect(problems).toEqual([]);
});

test('extremes (noise 20, eight seeds, one-cycle, lr 1000) give no NaN and no console error', async ({ page, problems }) => {
  const lrs = (v: string) => ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw'].map((r) => `lr_${r}=${v}`).join('&');
  await open(page, `racers=sgd.momentum.nesterov.rmsprop.adagrad.adam.adamw&kappa=1000&${lrs('1000')}&noise=20&seeds=8&schedule=one_cycle`);
  await expect(page.locator('.race-status li')).not.toHaveCount(0);
  await page.locator('[data-figure="noise-and-annealing"]').scrollIntoViewIfNeeded();
  await expect(page.locator('[data-figure="noise-and-annealing"] tbody tr')).toHaveCount(7, { timeout: 20_000 });
  await expect(page.locator('.lesson-body')).not.toContainText('NaN');
  expect(problems).toEqual([]);
});

test('“Copy as code” on the loss curves copies a script with the schedule as torch.optim.lr_scheduler and the lab’s noise draws, and confirms', async ({ page, context, problems }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page, 'schedule=warmup_cosine&warmup=15');
  const curves = page.locator('[data-figure="loss-curves"]');
  await curves.scrollIntoViewIfNeeded();
  await expect(curves).toHaveAttribute('data-fresh', 'true');
  await curves.getByRole('button', { name: 'Copy as code' }).click();
  await expect(curves.locator('.copy-code-status')).toContainText('Copied a PyTorch script');
  const script = await page.evaluate(() => navigator.clipboard.readText());
  expect(script).toContain('torch.optim.lr_scheduler.SequentialLR(optimizer, [torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.01');
  expect(script).toContain('milestones=[15]');
  // σ = 2, four seeds of 150 steps: the lab's noise draws sit in the script (1,200 numbers).
  expect(script).toMatch(/^noise_seed_1_x = np\.array\(\[\n {4}-?\d/m);
  expect(script).toContain('noise=lab_noise(noise_seed_1_x, noise_seed_1_y)');
  expect(problems).toEqual([]);
});
