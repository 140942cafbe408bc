// The lesson on someone else's page, under the strict CSP, both ways: custom element and iframe.
import AxeBuilder from '@axe-core/playwright';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshot, test } from './fixtures';
import { answer, changeDeltaAndSeeHuberUpdate, dragPointFarOut, slope, slopeChanged } from './lesson-helpers';

test('the embed demo runs the lesson as a custom element and as an iframe under the strict CSP', async ({ page, problems }) => {
  // Three lessons on the page (the themed one starts when the iframe scrolls into view).
  test.setTimeout(120_000);
  await page.goto('embed-demo/');
  const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
  expect(csp).toBe("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");

  // Custom element: attributes set the starting state (δ = 2, only MSE and Huber shown).
  const element = page.locator('loss-lab-lesson#element-lesson');
  await expect(element).toHaveAttribute('data-state', 'ready');
  await expect(element.locator('[data-figure=regression-fits] input[data-param=delta]')).toHaveValue('2');
  await expect(element.locator('tr[data-loss]')).toHaveCount(2);
  const mseBefore = await slope(element, 'mse');
  const huberBefore = await slope(element, 'huber');
  await dragPointFarOut(page, element);
  const mseAfter = await slopeChanged(element, 'mse', mseBefore);
  expect(Math.abs(mseAfter - mseBefore)).toBeGreaterThan(3 * Math.abs((await slope(element, 'huber')) - huberBefore));
  await changeDeltaAndSeeHuberUpdate(element, '0.5');
  await answer(element, 'delta', 'mae');
  await expect(page.locator('#progress-log li[data-origin=element][data-type=question-answered]')).toHaveCount(1);

  // Iframe: sized by its own resize messages; progress arrives by postMessage.
  const frameElement = page.locator('#frame-lesson');
  await frameElement.scrollIntoViewIfNeeded();
  const frame = page.frameLocator('#frame-lesson');
  await expect(frame.locator('#lesson')).toHaveAttribute('data-state', 'ready');
  await expect(frame.locator('.site-header')).toBeHidden();
  await expect(frameElement).toHaveAttribute('data-resized', /\d+/);
  expect((await frameElement.boundingBox())!.height).toBeGreaterThan(2000);
  await expect(frame.locator('[data-figure=regression-fits] .seed')).toHaveValue('7');
  await changeDeltaAndSeeHuberUpdate(frame, '3');
  await answer(frame, 'leverage', 'mse');
  await expect(page.locator('#progress-log li[data-origin=iframe][data-type=question-answered]')).toHaveCount(1);
  await expect(page.locator('#progress-log li[data-origin=iframe][data-type=lesson-loaded]')).toHaveCount(1);

  // The demo page holds two whole lessons: a full-page capture would take seconds, so these show
  // the first screens (the custom element under the host page's own header and styles).
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.setViewportSize({ width: 1280, height: 1600 });
  await screenshot(page, 'embed-demo-1280', { fullPage: false });
  await page.setViewportSize({ width: 375, height: 1600 });
  await page.waitForTimeout(300);
  await screenshot(page, 'embed-demo-375', { fullPage: false });
  expect(problems).toEqual([]);
});

test('the embed demo themes a second instance of the lesson, which keeps its own state', async ({ page, problems }) => {
  test.setTimeout(120_000);
  await page.goto('embed-demo/');
  const first = page.locator('loss-lab-lesson#element-lesson');
  const themed = page.locator('loss-lab-lesson#themed-lesson');
  await expect(first).toHaveAttribute('data-state', 'ready');
  await themed.scrollIntoViewIfNeeded();
  await expect(themed).toHaveAttribute('data-state', 'ready');
  const deltaFirst = first.locator('[data-figure=regression-fits] input[data-param=delta]');
  await expect(deltaFirst).toHaveValue('2');
  await expect(themed.locator('[data-figure=regression-fits] input[data-param=delta]')).toHaveValue('0.5');

  // The page's host.css reaches the themed instance only: custom properties and ::part(frame).
  const look = (lesson: typeof first) => lesson.evaluate((el) => {
    const frame = el.shadowRoot!.querySelector('.ll-lesson')!;
    const question = el.shadowRoot!.querySelector('.question')!;
    const s = getComputedStyle(frame);
    return { font: s.fontFamily, background: s.backgroundColor, border: `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`, accent: getComputedStyle(question).borderTopColor };
  });
  const plain = await look(first);
  expect(await look(themed)).toEqual({ font: 'Georgia, "Times New Roman", serif', background: 'rgb(251, 250, 247)', border: '2px solid rgb(59, 47, 99)', accent: 'rgb(91, 42, 134)' });
  expect(plain.font).toContain('system-ui');
  expect(plain.border).toMatch(/^0px none/);

  // The menu sets the theme attribute of the running lesson: the dark palette with the page's dark colours.
  const menu = page.getByLabel('Palette of this lesson');
  await menu.selectOption('dark');
  await expect(themed).toHaveAttribute('theme', 'dark');
  await expect.poll(async () => (await look(themed)).background).toBe('rgb(27, 22, 48)');
  expect((await look(themed)).accent).toBe('rgb(201, 167, 255)');
  const text = await themed.evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('.ll-lesson')!).color);
  expect(text).toBe('rgb(232, 233, 236)');
  expect(await look(first)).toEqual(plain);
  // axe over the themed instance in its dark palette (contrast included).
  const axe = await new AxeBuilder({ page }).include('#themed-lesson').exclude({ fromShadowDom: ['#themed-lesson', '.chart-svg > g.layers'] }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  await themed.scrollIntoViewIfNeeded();
  await screenshot(page, 'embed-demo-themed-dark-1280', { fullPage: false });
  await menu.selectOption('');
  await expect(themed).not.toHaveAttribute('theme', /./);
  await expect.poll(async () => (await look(themed)).background).toBe('rgb(251, 250, 247)');

  // The two instances of one lesson are independent.
  await changeDeltaAndSeeHuberUpdate(themed, '3');
  await expect(deltaFirst).toHaveValue('2');
  expect(problems).toEqual([]);
});

test('the embed button offers both snippets', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('lesson.html?lesson=regression-losses&delta=3');
  await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
  await page.getByRole('button', { name: 'Embed this lesson' }).click();
  const element = page.getByLabel('Custom element snippet');
  await expect(element).toHaveValue(/<script type="module" src="http:\/\/[^"]+\/loss-lab-lesson.js"><\/script>\n<loss-lab-lesson lesson="regression-losses" delta="3"><\/loss-lab-lesson>/);
  await expect(page.getByLabel('Iframe snippet')).toHaveValue(/<iframe src="http:\/\/[^"]+\/lesson.html\?lesson=regression-losses&embed=1&v=1&delta=3"/);
  await expect(page.locator('.embed-panel .copy-status')).toContainText('copied');
  const clipboard = await page.evaluate(() => navigator.clipboard.readText());
  expect(clipboard).toContain('<loss-lab-lesson');
  expect(clipboard).toContain('<iframe');
});

test('the built JavaScript has no eval or new Function (the strict CSP forbids them)', () => {
  const files = [
    ...readdirSync('dist/assets').filter((f) => f.endsWith('.js')).map((f) => join('dist/assets', f)),
    'dist/loss-lab-lesson.js',
    ...readdirSync('dist/downloads').map((f) => join('dist/downloads', f)),
  ];
  expect(files.length).toBeGreaterThan(3);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    expect(text, file).not.toMatch(/\bnew Function\b/);
    expect(text, file).not.toMatch(/(^|[^\w.$])eval\(/);
  }
});
