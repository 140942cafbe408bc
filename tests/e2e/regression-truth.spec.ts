// "Choosing a regression loss" at its default settings: every effect the text claims is on the
// page, with the claimed sign and size, read from the numbers the figures show (data-value).
import { expect, screenshot, test } from './fixtures';
import { answer, lessonUrl, slopes } from './lesson-helpers';
import type { Locator, Page } from '@playwright/test';

const value = async (locator: Locator): Promise<number> => {
  await expect(locator).toHaveAttribute('data-value', /\d/, { timeout: 30_000 });
  return Number(await locator.getAttribute('data-value'));
};

async function ready(page: Page): Promise<void> {
  await page.goto(lessonUrl());
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
}

async function shoot(page: Page, figure: string, name: string): Promise<void> {
  const fig = page.locator(`[data-figure=${figure}]`);
  await fig.scrollIntoViewIfNeeded();
  const dir = process.env.E2E_SCREENSHOTS ?? 'test-results/screenshots';
  await fig.screenshot({ path: `${dir}/${name}.png` });
}

test.describe('regression lesson: the claims hold at defaults', () => {
  test('200 points, 10 shifted by +50: MSE is dragged, MAE and Huber overlap but stay distinguishable; δ is read against σ', async ({ page, problems }) => {
    await ready(page);
    const fits = page.locator('[data-figure=regression-fits]');
    await expect(fits.locator('g[data-layer=points] circle')).toHaveCount(200);
    const s = await slopes(page);
    expect(s.mse).toBeGreaterThan(3.4);
    const intercept = await value(fits.locator('tr[data-loss=mse] .intercept'));
    expect(intercept).toBeGreaterThan(2.2); // 10 · 50 / 200 = 2.5
    expect(intercept).toBeLessThan(2.9);
    expect(Math.abs(s.mae - 3)).toBeLessThan(0.1);
    expect(Math.abs(s.huber - 3)).toBeLessThan(0.1);
    expect(Math.abs(s.mae - s.huber)).toBeLessThan(0.05); // they overlap: so the marks must differ
    await expect(fits.locator('g[data-layer=fit-huber] path')).toHaveAttribute('stroke-dasharray', /\d/);
    expect(await fits.locator('g[data-layer=fit-mae] path').getAttribute('stroke-dasharray')).toBeNull();
    await expect(fits.locator('g[data-layer=labels] text')).toHaveCount(3);
    expect((await fits.locator('g[data-layer=labels] text').allTextContents()).sort()).toEqual(['Huber', 'MAE', 'MSE']);
    const sigma = await value(fits.locator('.delta-scale .sigma'));
    expect(sigma).toBeGreaterThan(0.45);
    expect(sigma).toBeLessThan(0.65);
    expect(await value(fits.locator('.delta-scale .delta-sigma'))).toBeCloseTo(1 / sigma, 6);
    // One δ and one τ control on the whole page; τ only beside a shown Quantile line.
    await expect(page.locator('input[data-param=delta]')).toHaveCount(1);
    await expect(page.locator('input[data-param=tau]')).toHaveCount(1);
    await expect(page.locator('input[data-param=tau]')).toBeHidden();
    await fits.locator('input[value=quantile]').check();
    await expect(page.locator('input[data-param=tau]')).toBeVisible();
    await expect(fits.locator('tr[data-loss=quantile]')).toHaveCount(1);
    await fits.locator('input[value=quantile]').uncheck();
    await expect(page.locator('input[data-param=tau]')).toBeHidden();
    // The pull figure under the quantile loss also reads τ: the control comes back.
    await page.locator('[data-figure=regression-pull] select').first().selectOption('quantile');
    await expect(page.locator('input[data-param=tau]')).toBeVisible();
    await page.locator('[data-figure=regression-pull] select').first().selectOption('mse');
    await shoot(page, 'regression-fits', 'regression-fits-1280');
    expect(problems).toEqual([]);
  });

  test('one point far out in x breaks MAE and Huber: slopes 2.74 and 2.49 at x = 100, about 0 at x = 200', async ({ page }) => {
    await ready(page);
    const fig = page.locator('[data-figure=leverage-breakdown]');
    await fig.scrollIntoViewIfNeeded();
    const cell = (x: string, loss: string) => fig.locator(`tr[data-x="${x}"] td[data-loss=${loss}]`);
    const mae200 = await value(cell('200', 'mae'));
    expect(Math.abs(mae200)).toBeLessThan(0.2);
    expect(Math.abs(await value(cell('200', 'huber')))).toBeLessThan(0.2);
    expect(await value(cell('100', 'mae'))).toBeCloseTo(2.74, 1);
    expect(await value(cell('100', 'huber'))).toBeCloseTo(2.49, 1);
    expect(Math.abs(await value(cell('100', 'mse')))).toBeLessThan(0.2);
    // At x = 6 MSE moves most, MAE and Huber barely.
    const base = { mse: await value(cell('none', 'mse')), mae: await value(cell('none', 'mae')), huber: await value(cell('none', 'huber')) };
    const mseMove = Math.abs((await value(cell('6', 'mse'))) - base.mse);
    expect(mseMove).toBeGreaterThan(0.3);
    expect(mseMove).toBeGreaterThan(5 * Math.abs((await value(cell('6', 'mae'))) - base.mae));
    // The text: much of the slope is gone at 150 and all of it at 175, before the bound (about 167).
    expect(await value(cell('150', 'mae'))).toBeLessThan(2.2);
    expect(await value(cell('150', 'huber'))).toBeLessThan(1.2);
    expect(Math.abs(await value(cell('175', 'mae')))).toBeLessThan(0.1);
    expect(Math.abs(await value(cell('175', 'huber')))).toBeLessThan(0.1);
    // The bound: 100 is inside it (no forced fit), 200 beyond it.
    const bound = await value(fig.locator('.lever-bound'));
    expect(bound).toBeGreaterThan(100);
    expect(bound).toBeLessThan(200);
    await shoot(page, 'leverage-breakdown', 'regression-leverage-1280');
  });

  test('the pulls balance at the fitted line: Σψ = 0 and Σxψ = 0', async ({ page }) => {
    await ready(page);
    const fig = page.locator('[data-figure=regression-pull]');
    await fig.scrollIntoViewIfNeeded();
    expect(Math.abs(await value(fig.locator('.pull-sum')))).toBeLessThan(1e-6);
    expect(Math.abs(await value(fig.locator('.pull-moment')))).toBeLessThan(1e-6);
    // Under Huber the MAE and Huber pull curves coincide beyond δ: different dash patterns.
    await expect(fig.locator('g[data-layer=huber] path').first()).toHaveAttribute('stroke-dasharray', /\d/);
    await shoot(page, 'regression-pull', 'regression-pull-1280');
  });

  test('under MAE the two points on the line take pulls inside [−1, 1] that balance the rest', async ({ page }) => {
    await page.goto(lessonUrl('focus=mae'));
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    const fig = page.locator('[data-figure=regression-pull]');
    await fig.scrollIntoViewIfNeeded();
    await expect(fig.locator('.pull-balance')).toContainText('2 points sit on the line');
    await expect(fig.locator('.pull-balance')).toContainText('both inside that range: the line is at rest');
    await shoot(page, 'regression-pull', 'regression-pull-mae-1280');
  });

  test('mean and median coincide under symmetric noise and part under skewed noise; coverage is held out', async ({ page }) => {
    await ready(page);
    const fig = page.locator('[data-figure=quantile-band]');
    await fig.scrollIntoViewIfNeeded();
    const symGap = Math.abs((await value(fig.locator('.sym-mean'))) - (await value(fig.locator('.sym-median'))));
    expect(symGap).toBeLessThan(0.1);
    const skewMean = await value(fig.locator('.skew-mean')), skewMedian = await value(fig.locator('.skew-median'));
    expect(Math.abs(skewMedian - 3)).toBeLessThan(0.1);
    expect(skewMean - skewMedian).toBeGreaterThan(3 * symGap);
    expect(skewMean - skewMedian).toBeGreaterThan(0.15);
    expect(await value(fig.locator('.skew-gap'))).toBeGreaterThan(1);
    // Held-out coverage, with its interval, next to the training coverage.
    const held = await value(fig.locator('.coverage-value'));
    const interval = fig.locator('.coverage-interval');
    const [lo, hi] = [Number(await interval.getAttribute('data-low')), Number(await interval.getAttribute('data-high'))];
    expect(lo).toBeLessThan(held);
    expect(hi).toBeGreaterThan(held);
    expect(lo).toBeLessThan(0.8); // 80% is inside the interval at 300 points
    expect(hi).toBeGreaterThan(0.8);
    expect(Math.abs((await value(fig.locator('.coverage-train'))) - 0.8)).toBeLessThan(0.02);
    // Fitted on 10 points, the band covers clearly less of new points: many standard errors short.
    const small = fig.locator('.coverage-small-value');
    const mean = await value(small), se = Number(await small.getAttribute('data-se'));
    expect(0.8 - mean).toBeGreaterThan(2 * se);
    await expect(fig.locator('g[data-layer=mse] path').first()).not.toHaveAttribute('stroke-dasharray', /\d/);
    await shoot(page, 'quantile-band', 'regression-band-1280');
  });

  test('Tweedie ties with squared error on the mean; absolute error wins MAE and loses the total; μ^(−p) down-weights large μ', async ({ page }) => {
    await ready(page);
    const fig = page.locator('[data-figure=tweedie]');
    await fig.scrollIntoViewIfNeeded();
    await expect(fig.locator('.mae-table tbody tr')).toHaveCount(4);
    const row = (id: string, col: string) => fig.locator(`tr[data-row="${id}"] td.${col}`);
    const sq = await value(row('squared', 'mae')), tw = await value(row('tweedie-4/3', 'mae')), ab = await value(row('absolute', 'mae'));
    expect(Math.abs(sq - tw) / sq).toBeLessThan(0.01);
    expect(ab).toBeLessThan(0.95 * sq);
    expect(await value(row('absolute', 'total'))).toBeLessThan(0.8);
    // The win is many paired standard errors wide; the tie is within a few.
    const versus = fig.locator('tr[data-row=absolute] td.versus');
    expect(await value(versus)).toBeLessThan(-3 * Number(await versus.getAttribute('data-se')));
    expect(Math.abs((await value(row('squared', 'total'))) - 1)).toBeLessThan(0.1);
    expect(await value(row('absolute', 'deviance'))).toBeGreaterThan(await value(row('tweedie-4/3', 'deviance')));
    const low = await value(fig.locator('.weight-low')), high = await value(fig.locator('.weight-high'));
    expect(low).toBeGreaterThan(1);
    expect(high).toBeLessThan(1);
    await shoot(page, 'tweedie', 'regression-tweedie-1280');
  });

  test('the questions judge by the live numbers: held-out coverage about 80%, absolute error wins held-out MAE', async ({ page }) => {
    await ready(page);
    const coverage = await answer(page, 'coverage', '80');
    await expect(coverage).toHaveAttribute('data-result', 'correct', { timeout: 30_000 });
    await expect(coverage.locator('.observed')).toContainText('held-out points');
    const tweedie = await answer(page, 'tweedie', 'absolute');
    await expect(tweedie).toHaveAttribute('data-result', 'correct');
    await expect(tweedie.locator('.observed')).toContainText('absolute error 1.661');
    const leverage = await answer(page, 'leverage', 'mse');
    await expect(leverage.locator('.explanation')).toContainText('the breakdown figure below moves it to x = 200');
  });

  test('figures at 375 px', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await ready(page);
    for (const [figure, name] of [['regression-fits', 'fits'], ['leverage-breakdown', 'leverage'], ['regression-pull', 'pull'], ['quantile-band', 'band'], ['tweedie', 'tweedie']]) {
      await page.locator(`[data-figure=${figure}]`).scrollIntoViewIfNeeded();
      await page.waitForTimeout(1500);
      await shoot(page, figure, `regression-${name}-375`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'regression-truth-375');
  });
});
