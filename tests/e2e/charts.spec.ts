// Every chart on every lesson page has its axes drawn, including charts whose curves only ever
// change layer by layer (the focal lesson's PR curves once showed no axes at all).
import { expect, test } from './fixtures';

for (const slug of ['regression-losses', 'focal-loss', 'label-smoothing', 'optimizers', 'lr-schedules', 'loss-vs-metric', 'regularisation', 'prediction-intervals', 'contrastive']) {
  test(`${slug}: every chart has x and y axes with ticks`, async ({ page, problems }) => {
    await page.goto(`./lesson.html?lesson=${slug}`);
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    const charts = await page.locator('svg.chart-svg').evaluateAll((svgs) => svgs.map((svg) => ({
      title: svg.getAttribute('aria-label') ?? svg.querySelector('title')?.textContent ?? '?',
      x: svg.querySelectorAll('.axis-x .tick').length,
      y: svg.querySelectorAll('.axis-y .tick').length,
    })));
    expect(charts.length).toBeGreaterThan(2);
    for (const c of charts) {
      expect.soft(c.x, `x ticks of "${c.title}"`).toBeGreaterThanOrEqual(2);
      expect.soft(c.y, `y ticks of "${c.title}"`).toBeGreaterThanOrEqual(2);
    }
    expect(problems).toEqual([]);
  });
}
