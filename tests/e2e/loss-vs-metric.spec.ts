// The loss-vs-metric lesson, driven as a learner would: move q and watch the minimisers, read the
// credit-risk costs against their intervals and against the confusion matrices, share the URL and
// answer the questions.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

const url = (query = '') => `lesson.html?lesson=loss-vs-metric${query ? `&${query}` : ''}`;

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(url(query));
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
}

const num = async (page: Page, selector: string, attribute = 'data-value') => Number(await page.locator(selector).getAttribute(attribute));

test.describe('lesson: the loss is not the metric', () => {
  test('at defaults the cost threshold beats 0.5 by more than the interval, proper minimisers track q (axe clean)', async ({ page }) => {
    test.setTimeout(120_000);
    await open(page);
    const credit = page.locator('[data-figure=credit-risk]');
    await credit.scrollIntoViewIfNeeded();
    await expect(credit.locator('tr[data-model=a] td.cost')).toHaveAttribute('data-value', /\d/, { timeout: 30_000 });
    const cost = (id: string) => num(page, `[data-figure=credit-risk] tr[data-model=${id}] td.cost`);
    const half = (id: string) => num(page, `[data-figure=credit-risk] tr[data-model=${id}] td.cost`, 'data-half');
    const diff = (id: string) => num(page, `[data-figure=credit-risk] tr[data-model=${id}] td.diff`);
    const diffHalf = (id: string) => num(page, `[data-figure=credit-risk] tr[data-model=${id}] td.diff`, 'data-half');
    // FN:FP = 10:1 by default: (a) thresholds at 1/11 and costs less than (b) at 0.5, by more than
    // either interval shown and more than the paired interval of the difference.
    await expect(credit.locator('input[data-param=fnfp]')).toHaveValue('10');
    expect(await cost('b') - await cost('a')).toBeGreaterThan(Math.max(await half('a'), await half('b')));
    expect(await diff('b')).toBeGreaterThan(await diffHalf('b'));
    // (c), the linear asymmetric loss, decides about as well as (a) on these data: the figure shows
    // the paired difference inside its interval (the text says so; it does not claim (a) wins).
    expect(Math.abs(await diff('c'))).toBeLessThan(await diffHalf('c'));
    // The cost is the confusion matrix priced by hand: (10·FN + 1·FP) / N per decision.
    const cell = async (id: string, c: string) => parseInt((await credit.locator(`table.confusion[data-model=${id}] td[data-cell=${c}]`).innerText()), 10);
    for (const id of ['a', 'b', 'c', 'd']) {
      const [tn, fp, fn, tp] = [await cell(id, 'tn'), await cell(id, 'fp'), await cell(id, 'fn'), await cell(id, 'tp')];
      expect(await cost(id)).toBeCloseTo((1000 * (10 * fn + fp)) / (tn + fp + fn + tp), 9);
    }

    // Proper vs improper: log loss and Brier bottom out at q; the linear loss at 0 or 1.
    const proper = page.locator('[data-figure=proper-scoring]');
    for (const q of ['0.3', '0.05', '0.75']) {
      await proper.locator('input[data-param=q]').fill(q);
      await expect(proper.locator('.min-log')).toHaveAttribute('data-value', new RegExp(`^${q}`));
      expect(Math.abs(await num(page, '[data-figure=proper-scoring] .min-log') - Number(q))).toBeLessThan(0.01);
      expect(Math.abs(await num(page, '[data-figure=proper-scoring] .min-brier') - Number(q))).toBeLessThan(0.01);
      const linear = await num(page, '[data-figure=proper-scoring] .min-linear');
      expect([0, 1]).toContain(linear);
      // at 10:1 the jump is at q = 1/11: below it p = 0, above it p = 1
      expect(linear).toBe(Number(q) > 1 / 11 ? 1 : 0);
    }

    // Every figure has drawn, then axe and screenshots.
    await page.locator('[data-figure=metric-table]').scrollIntoViewIfNeeded();
    await expect(page.locator('[data-figure=metric-table] tr[data-metric=cost] td[data-model=a]')).toHaveAttribute('data-value', /\d/, { timeout: 30_000 });
    await expect(page.locator('[data-figure=equal-accuracy] td[data-model=A][data-metric=accuracy]')).toHaveText('0.90');
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`), 'axe-core violations').toEqual([]);
    await screenshot(page, 'loss-vs-metric-1280');
    for (const name of ['proper-scoring', 'credit-risk', 'equal-accuracy', 'metric-table']) {
      await page.locator(`[data-figure=${name}]`).screenshot({ path: `test-results/screenshots/loss-vs-metric-${name}-1280.png` });
    }
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'loss-vs-metric-375');
    await page.waitForTimeout(300); // charts re-measure on resize
    for (const name of ['proper-scoring', 'credit-risk', 'metric-table']) {
      await page.locator(`[data-figure=${name}]`).screenshot({ path: `test-results/screenshots/loss-vs-metric-${name}-375.png` });
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'nothing wider than a phone').toBeLessThanOrEqual(0);
  });

  test('Model A and B: equal accuracy, Brier and log loss by hand, calibration + refinement = the score', async ({ page }) => {
    await open(page);
    const story = page.locator('[data-figure=equal-accuracy]');
    await story.scrollIntoViewIfNeeded();
    const v = async (m: string, metric: string) => Number(await story.locator(`td[data-model=${m}][data-metric=${metric}]`).getAttribute('data-value'));
    await expect(story.locator('td[data-model=B][data-metric=brier]')).toHaveAttribute('data-value', /\d/);
    // Hand-derived: Brier A = (9·0.01² + 0.55²)/10, B = (9·0.49² + 0.95²)/10.
    expect(await v('A', 'brier')).toBeCloseTo((9 * 0.01 ** 2 + 0.55 ** 2) / 10, 12);
    expect(await v('B', 'brier')).toBeCloseTo((9 * 0.49 ** 2 + 0.95 ** 2) / 10, 12);
    // B's isotonic recalibration pools its 5% positive with the five negatives (1/6): refinement 0.6·H(1/6).
    const h = -(1 / 6) * Math.log(1 / 6) - (5 / 6) * Math.log(5 / 6);
    expect(await v('B', 'log-refinement')).toBeCloseTo(0.6 * h, 9);
    expect(await v('A', 'log-refinement')).toBeCloseTo(0, 12);
    for (const m of ['A', 'B']) expect(await v(m, 'log-calibration') + await v(m, 'log-refinement')).toBeCloseTo(await v(m, 'logloss'), 12);
  });

  test('the state round-trips through the URL', async ({ page }) => {
    await open(page, 'fnfp=20&q=0.42&ratio=5&seed=3&prevalence=0.25');
    const proper = page.locator('[data-figure=proper-scoring]');
    await expect(proper.locator('input[data-param=q]')).toHaveValue('0.42');
    await expect(proper.locator('input[data-param=fnfp]')).toHaveValue('20');
    const credit = page.locator('[data-figure=credit-risk]');
    await expect(credit.locator('input[data-param=ratio]')).toHaveValue('5');
    await expect(proper.locator('.min-log')).toHaveAttribute('data-value', '0.42');
    await proper.locator('input[data-param=q]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url()).toContain('q=0.43');
    await page.reload();
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    await expect(page.locator('[data-figure=proper-scoring] input[data-param=q]')).toHaveValue('0.43');
    await expect(page.locator('[data-figure=credit-risk] input[data-param=fnfp]')).toHaveValue('20');
    await expect(page.locator('[data-figure=metric-table] input[data-param=prevalence]')).toHaveValue('0.25');
    await expect(page.locator('[data-figure=proper-scoring] .min-log')).toHaveAttribute('data-value', '0.43');
    // The lesson links to the two lessons it ties together.
    await expect(page.getByRole('link', { name: 'Focal loss and class imbalance' })).toHaveAttribute('href', 'lesson.html?lesson=focal-loss');
    await expect(page.getByRole('link', { name: 'Label smoothing and calibration' })).toHaveAttribute('href', 'lesson.html?lesson=label-smoothing');
  });

  test('the questions are judged by what the core computes', async ({ page }) => {
    test.setTimeout(90_000);
    await open(page);
    const ask = async (id: string, option: string) => {
      const form = page.locator(`form[data-question=${id}]`);
      await form.scrollIntoViewIfNeeded();
      await form.locator(`input[value="${option}"]`).check();
      await form.getByRole('button', { name: 'Run it and check' }).click();
      await expect(form).toHaveAttribute('data-result', /correct|incorrect/, { timeout: 30_000 });
      await expect(form.locator('.observed')).not.toBeEmpty();
      return form;
    };
    await expect(await ask('linear', '1')).toHaveAttribute('data-result', 'correct');
    await expect(await ask('threshold', '0.091')).toHaveAttribute('data-result', 'correct');
    await expect(await ask('adapt', 'a')).toHaveAttribute('data-result', 'correct');
  });
});
