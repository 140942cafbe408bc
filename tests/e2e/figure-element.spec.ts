// Issue 23: one figure at a time. <loss-lab-figure> on host pages under the strict CSP (served by
// page.route on the lab's own origin), linked figures, controls="none", the iframe form
// (figure.html) sizing itself, lazy start of many figures, and the catalogue (figures.html).
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/** Every lesson of the index, with its figures as its text places them (read from the sources, not from the catalogue). */
function expectedFigures(): string[] {
  const index = readFileSync('web/lessons/index.ts', 'utf8');
  const slugs = [...index.matchAll(/^\s*'([a-z0-9-]+)': \(\) => import/gm)].map((m) => m[1]);
  return slugs.flatMap((slug) => [...readFileSync(`web/lessons/${slug}/text.md`, 'utf8').matchAll(/^::: figure ([a-z0-9_-]+)/gm)].map((m) => `${slug}/${m[1]}`));
}

/** A host page of the instructor's: the figure script (unless the body brings it), the given body, an optional script of theirs. */
function hostHtml(body: string, script = false, figureScript = !body.includes('loss-lab-figure.js')): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Notes</title>
<link rel="stylesheet" href="./host.css">
${figureScript ? '<script type="module" src="../loss-lab-figure.js"></script>' : ''}
${script ? '<script type="module" src="./host.js"></script>' : ''}
</head>
<body>
<main>
<h1>My notes</h1>
${body}
</main>
</body>
</html>`;
}

const HOST_CSS = `
body { font-family: Georgia, serif; background: rgb(253, 246, 227); margin: 0 2rem; line-height: 2; }
button { background: rgb(255, 200, 220); font: bold 22px/3 serif; }
input { width: 300px; margin: 20px; }
figure { border: 8px solid blue; }
.tall { height: 1500px; }
`;

/** Serves `html` (and the host's CSS and script) at embed-notes/index.html on the lab's origin. */
async function serve(page: Page, html: string, js = ''): Promise<void> {
  await page.route('**/embed-notes/index.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.route('**/embed-notes/host.css', (route) => route.fulfill({ contentType: 'text/css', body: HOST_CSS }));
  await page.route('**/embed-notes/host.js', (route) => route.fulfill({ contentType: 'text/javascript', body: js }));
}

/** Waits until a figure element shows the picture of its current state. */
async function computed(figure: Locator, timeout = 60_000): Promise<void> {
  await expect(figure).toHaveAttribute('data-state', 'ready', { timeout });
  await expect(figure.locator('figure.lab-figure')).toHaveAttribute('data-fresh', 'true', { timeout });
}

test.describe('the figure catalogue', () => {
  test('lists every figure of every lesson, searchable, axe clean, at 1280 and 375 px', async ({ page }) => {
    // axe walks 28 figures' shadow roots twice: a slow machine needs more than the default minute.
    test.setTimeout(240_000);
    await page.goto('figures.html');
    const catalogue = page.locator('#catalogue');
    await expect(catalogue).toHaveAttribute('data-state', 'ready');
    const refs = await page.locator('.figure-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-ref')));
    expect(refs.sort()).toEqual(expectedFigures().sort());
    await expect(page.locator('#search-status')).toHaveText(`${refs.length} figures in ${new Set(refs.map((r) => r!.split('/')[0])).size} lessons.`);

    // Each card: the caption, the parameters with their ranges, a live figure that starts lazily.
    const fits = page.locator('.figure-card[data-ref="regression-losses/fits"]');
    await fits.getByText('Settings and their ranges').click();
    await expect(fits.locator('.figure-params tr', { hasText: 'delta' })).toContainText('0.05 to 20 (step 0.05)');
    await computed(fits.locator('loss-lab-figure'));
    const last = page.locator('.figure-card').last().locator('loss-lab-figure');
    await expect(last).toHaveAttribute('data-state', 'waiting');

    // Search by loss, optimizer and concept.
    const search = page.getByLabel('Search by loss, optimizer or concept');
    const visible = () => page.locator('.figure-card:visible').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-ref')));
    await search.fill('adam');
    await expect(page.locator('#search-status')).toContainText('figures match');
    expect(await visible()).toEqual(expect.arrayContaining(['lr-schedules/race', 'optimizers/race']));
    // AdamW's decoupled weight decay is a figure of the regularisation lesson.
    expect((await visible()).every((ref) => /^(optimizers|lr-schedules|regularisation)\//.test(ref!))).toBe(true);
    await search.fill('huber');
    expect(await visible()).toEqual(expect.arrayContaining(['regression-losses/fits', 'regression-losses/pull']));
    expect((await visible()).every((ref) => ref!.startsWith('regression-losses/'))).toBe(true);
    await search.fill('calibration');
    expect((await visible()).length).toBeGreaterThan(0);
    await search.fill('no such concept');
    await expect(page.locator('#search-status')).toHaveText(`0 of ${refs.length} figures match “no such concept”.`);
    await search.fill('');

    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'figures-catalogue-1280', { fullPage: false });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 900 });
    await fits.scrollIntoViewIfNeeded();
    await screenshot(page, 'figures-catalogue-375', { fullPage: false });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const axeNarrow = await new AxeBuilder({ page }).analyze();
    expect(axeNarrow.violations.map((v) => v.id)).toEqual([]);
  });
});

/**
 * Presses a card's "Copy embed snippet" and waits for its snippets. The live figures of the cards
 * above render as they come near the viewport and change height, so a press can land where the
 * button was a moment before (one CI run read an empty snippet): a press that did not open the
 * panel is made again.
 */
async function copySnippet(card: Locator): Promise<void> {
  await expect(async () => {
    await card.getByRole('button', { name: 'Copy embed snippet' }).click();
    await expect(card.locator('.embed-panel')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

/** The catalogue's snippets for the given figures, as "Copy embed snippet" gives them. */
async function snippets(page: Page, refs: string[]): Promise<Record<string, { element: string; iframe: string }>> {
  await page.goto('figures.html');
  await expect(page.locator('#catalogue')).toHaveAttribute('data-state', 'ready');
  const out: Record<string, { element: string; iframe: string }> = {};
  for (const ref of refs) {
    const card = page.locator(`.figure-card[data-ref="${ref}"]`);
    await copySnippet(card);
    out[ref] = { element: await card.getByLabel(/Custom element/).inputValue(), iframe: await card.getByLabel(/Or an iframe/).inputValue() };
  }
  return out;
}

const byLesson = new Map<string, string[]>();
for (const ref of expectedFigures()) byLesson.set(ref.split('/')[0], [...(byLesson.get(ref.split('/')[0]) ?? []), ref]);

for (const [slug, refs] of byLesson) {
  test(`every figure of ${slug} renders alone from the catalogue's snippet under the strict CSP`, async ({ page, context }) => {
    test.setTimeout(refs.length * 120_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const all = await snippets(page, refs);
    let html = '';
    await page.route('**/embed-notes/index.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await page.route('**/embed-notes/host.css', (route) => route.fulfill({ contentType: 'text/css', body: HOST_CSS }));
    for (const ref of refs) {
      // height: present when the card's figure had drawn when its snippet was copied
      const { element } = all[ref];
      expect(element).toMatch(new RegExp(`^<script type="module" src="http://[^"]+/loss-lab-figure\\.js"></script>\n<loss-lab-figure figure="${ref}"(?: height="\\d+")?></loss-lab-figure>$`));
      html = hostHtml(`<p>Before the figure.</p>\n${element}\n<p>After the figure.</p>`).replace('<title>Notes</title>', `<title>${ref}</title>`);
      await page.goto('embed-notes/index.html');
      const figure = page.locator('loss-lab-figure');
      await computed(figure, 100_000);
      await expect(figure.locator('figure.lab-figure')).toHaveCount(1);
      await expect(figure.locator('.figure-error')).toBeHidden();
      await expect(figure.locator('.notices .notice')).toHaveCount(0);
      await expect(figure.locator('.ll-lesson-text, .question')).toHaveCount(0);
    }
  });
}

test('a snippet carries the state shown, and the figure starts in it', async ({ page, context, problems }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('figures.html');
  const card = page.locator('.figure-card[data-ref="focal-loss/factor"]');
  await card.scrollIntoViewIfNeeded();
  const live = card.locator('loss-lab-figure');
  await computed(live);
  await live.locator('input[data-param=gamma]').fill('3.5');
  await copySnippet(card);
  const element = await card.getByLabel(/Custom element/).inputValue();
  const iframe = await card.getByLabel(/Or an iframe/).inputValue();
  expect(element).toMatch(/<loss-lab-figure figure="focal-loss\/factor" gamma="3\.5" height="(\d+)"><\/loss-lab-figure>/);
  // The height given is the one the figure had, and the iframe's is that plus its margins.
  const drawn = (await live.boundingBox())!.height;
  const held = Number(element.match(/height="(\d+)"/)![1]);
  expect(Math.abs(held - drawn)).toBeLessThanOrEqual(1);
  expect(iframe).toContain(`height="${Math.round(drawn + 24)}"`);
  expect(iframe).toMatch(/<iframe src="http:\/\/[^"]+\/figure\.html\?figure=focal-loss\/factor&v=1&gamma=3\.5" title="Loss Lab: [^"]+" width="100%" height="\d+" loading="lazy"><\/iframe>/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(element);

  await serve(page, hostHtml(element.split('\n')[1]));
  await page.goto('embed-notes/index.html');
  const figure = page.locator('loss-lab-figure');
  await computed(figure);
  await expect(figure.locator('input[data-param=gamma]')).toHaveValue('3.5');
  expect(await figure.evaluate((node) => (node as HTMLElement & { state: Record<string, unknown> }).state.gamma)).toBe(3.5);

  // The iframe URL shows the same state on figure.html.
  await page.goto(iframe.match(/src="([^"]+)"/)![1]);
  await computed(page.locator('#figure'));
  await expect(page.locator('#figure input[data-param=gamma]')).toHaveValue('3.5');
  expect(problems).toEqual([]);
});

test('height holds a figure\'s place until it draws, so the notes under it do not jump; a bad height is a notice', async ({ page, problems }) => {
  const filler = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i + 1} of the notes, before the figure.</p>`).join('\n');
  await serve(page, hostHtml(`${filler}\n<loss-lab-figure id="far" figure="focal-loss/factor" height="700"></loss-lab-figure>\n<p id="after">After the figure.</p>\n` +
    '<loss-lab-figure id="bad" figure="focal-loss/factor" height="tall" loading="eager"></loss-lab-figure>'));
  await page.goto('embed-notes/index.html');
  const far = page.locator('#far');
  // Far below the viewport it has not started, yet it already takes the height it will have.
  await expect(far).toHaveAttribute('data-state', 'waiting');
  expect((await far.boundingBox())!.height).toBeCloseTo(700, 0);
  const bad = page.locator('#bad');
  await computed(bad);
  await expect(bad.locator('.notices .notice')).toContainText('height="tall" is not a height in CSS pixels');
  await far.scrollIntoViewIfNeeded();
  await computed(far);
  await expect(far.locator('.notices .notice')).toHaveCount(0);
  // Drawn, it has its own height again (the reservation is gone).
  expect(await far.evaluate((node) => (node.shadowRoot!.querySelector('[part=frame]') as HTMLElement).style.minHeight)).toBe('');
  expect(problems).toEqual([]);
});

test('a group of two figures shares one state: a control in either drives both, one worker for the page', async ({ page }) => {
  await serve(page, hostHtml(`
<p>The fit:</p>
<loss-lab-figure id="fit" figure="regression-losses/fits" group="huber" delta="1.35" controls="delta"></loss-lab-figure>
<p>The pull of every point:</p>
<loss-lab-figure id="pull" figure="regression-losses/pull" group="huber" focus="huber" controls="delta"></loss-lab-figure>
<p>Not linked:</p>
<loss-lab-figure id="alone" figure="regression-losses/pull" controls="delta"></loss-lab-figure>`));
  await page.goto('embed-notes/index.html');
  const fit = page.locator('#fit'), pull = page.locator('#pull'), alone = page.locator('#alone');
  for (const figure of [fit, pull, alone]) await computed(figure);
  const delta = (figure: Locator) => figure.locator('input[data-param=delta]');
  await expect(delta(fit)).toHaveValue('1.35');
  await expect(delta(pull)).toHaveValue('1.35');
  await expect(delta(alone)).toHaveValue('1');
  // Each shows only the control asked for.
  await expect(fit.locator('.control:visible')).toHaveCount(1);
  await expect(pull.locator('.control:visible')).toHaveCount(1);

  const huberSlope = () => fit.locator('tr[data-loss=huber] .slope').getAttribute('data-value');
  const pullReadout = () => pull.locator('figure.lab-figure').evaluate((node) => node.querySelector('.figure-body')!.textContent);
  const slopeBefore = await huberSlope();
  const readoutBefore = await pullReadout();
  await delta(pull).fill('0.25');
  await expect(delta(fit)).toHaveValue('0.25');
  await computed(fit);
  await computed(pull);
  await expect.poll(huberSlope).not.toBe(slopeBefore);
  expect(await pullReadout()).not.toBe(readoutBefore);
  await expect(delta(alone)).toHaveValue('1');

  const slopeMiddle = await huberSlope();
  await delta(fit).fill('5');
  await expect(delta(pull)).toHaveValue('5');
  await computed(pull);
  await expect.poll(huberSlope).not.toBe(slopeMiddle);
  expect(await fit.evaluate((node) => (node as HTMLElement & { state: Record<string, unknown> }).state.delta)).toBe(5);
  expect(await pull.evaluate((node) => (node as HTMLElement & { state: Record<string, unknown> }).state.delta)).toBe(5);

  // A live attribute of one member drives the group too.
  await pull.evaluate((node) => node.setAttribute('delta', '2'));
  await expect(delta(fit)).toHaveValue('2');
  expect(page.workers().length).toBe(1);
});

test('controls="none" shows no controls; controls="…" shows exactly those, adding the ones a figure lacks', async ({ page }) => {
  await serve(page, hostHtml(`
<loss-lab-figure id="none-pull" figure="regression-losses/pull" controls="none" loading="eager"></loss-lab-figure>
<loss-lab-figure id="none-race" figure="optimizers/race" controls="none" loading="eager"></loss-lab-figure>
<loss-lab-figure id="gamma" figure="focal-loss/factor" controls="gamma" loading="eager"></loss-lab-figure>
<loss-lab-figure id="seed" figure="regression-losses/band" controls="seed" loading="eager"></loss-lab-figure>
<loss-lab-figure id="bad" figure="focal-loss/factor" controls="gamma moves nonsense" gamma="99" loading="eager"></loss-lab-figure>`));
  await page.goto('embed-notes/index.html');
  for (const id of ['none-pull', 'none-race', 'gamma', 'seed', 'bad']) await expect(page.locator(`#${id}`)).toHaveAttribute('data-state', 'ready');
  for (const id of ['none-pull', 'none-race']) {
    const figure = page.locator(`#${id}`);
    await expect(figure.locator('figure.lab-figure')).toHaveCount(1);
    // The playback bar (its speed select) belongs to the figure and stays.
    await expect(figure.locator('.control:visible, [data-param]:visible, .racer-row:visible, select:not(.speed):visible')).toHaveCount(0);
  }
  await expect(page.locator('#gamma .control:visible')).toHaveCount(1);
  await expect(page.locator('#gamma input[data-param=gamma]')).toBeVisible();
  await expect(page.locator('#gamma input[data-param=pt]')).toBeHidden();
  // The band figure carries no seed control of its own: the element adds one.
  await expect(page.locator('#seed .control:visible')).toHaveCount(1);
  await expect(page.locator('#seed .seed-control input')).toHaveValue('1');
  await page.locator('#seed .seed-control input').fill('7');
  await page.locator('#seed .seed-control input').press('Enter');
  expect(await page.locator('#seed').evaluate((node) => (node as HTMLElement & { state: Record<string, unknown> }).state.seed)).toBe(7);
  // Refused names and values are notices, as in a lesson link.
  const notices = page.locator('#bad .notices .notice');
  await expect(notices).toHaveCount(3);
  await expect(notices.nth(0)).toContainText('outside');
  await expect(page.locator('#bad .notices')).toContainText('controls: moves is not a setting with a control');
  await expect(page.locator('#bad .notices')).toContainText('controls: nonsense');
});

test('a bad figure name is a clear notice, never an exception', async ({ page }) => {
  await serve(page, hostHtml(`
<loss-lab-figure id="a" figure="regression-losses/nope" loading="eager"></loss-lab-figure>
<loss-lab-figure id="b" figure="nope/fits" loading="eager"></loss-lab-figure>
<loss-lab-figure id="c" figure="&lt;script&gt;" loading="eager"></loss-lab-figure>`));
  await page.goto('embed-notes/index.html');
  await expect(page.locator('#a [role=alert]')).toContainText('has no figure called "nope". Its figures: fits, leverage, pull, band, tweedie.');
  await expect(page.locator('#b [role=alert]')).toContainText('There is no lesson called "nope"');
  await expect(page.locator('#c [role=alert]')).toContainText('does not name a figure');
  for (const id of ['a', 'b', 'c']) await expect(page.locator(`#${id}`)).toHaveAttribute('data-state', 'error');
});

test('the iframe form (figure.html) resizes itself and posts progress with the schema version', async ({ page }) => {
  const js = `
const frame = document.getElementById('frame');
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || event.data?.source !== 'loss-lab' || event.data.version !== 1) return;
  if (event.data.type === 'resize') { frame.style.height = event.data.height + 'px'; frame.dataset.resized = String(event.data.height); }
  if (event.data.type === 'progress') frame.dataset.progress = event.data.event;
});`;
  await serve(page, hostHtml('<iframe id="frame" src="../figure.html?figure=focal-loss/factor&amp;v=1&amp;gamma=3" title="Loss Lab: the focal factor" width="100%" height="150"></iframe>', true), js);
  await page.goto('embed-notes/index.html');
  const frameElement = page.locator('#frame');
  const frame = page.frameLocator('#frame');
  await computed(frame.locator('#figure'));
  await expect(frame.locator('input[data-param=gamma]')).toHaveValue('3');
  await expect(frameElement).toHaveAttribute('data-progress', 'figure-loaded');
  await expect(frameElement).toHaveAttribute('data-resized', /\d+/);
  const reported = Number(await frameElement.getAttribute('data-resized'));
  expect(reported).toBeGreaterThan(400);
  // The iframe's box is the reported height plus its default 2 px borders.
  expect(Math.abs((await frameElement.boundingBox())!.height - reported)).toBeLessThanOrEqual(6);
  // The page inside has no site chrome and no scrollbar of its own at the reported height.
  expect(await frame.locator('html').evaluate((html) => html.scrollHeight <= html.clientHeight + 1)).toBe(true);
});

test('a page of 12 figures starts each one only as it nears the viewport, with one worker', async ({ page }) => {
  const refs = ['focal-loss/factor', 'regression-losses/pull', 'label-smoothing/target', 'loss-vs-metric/proper', 'label-smoothing/conventions', 'label-smoothing/story'];
  const figures = Array.from({ length: 12 }, (_, i) => `<div class="tall"><p>Section ${i + 1}</p><loss-lab-figure id="f${i}" figure="${refs[i % refs.length]}"></loss-lab-figure></div>`).join('\n');
  const js = `
window.loaded = [];
document.addEventListener('loss-lab:progress', (event) => { if (event.detail.type === 'figure-loaded') window.loaded.push(event.detail.instance); });`;
  await serve(page, hostHtml(figures, true), js);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('embed-notes/index.html');
  // Work started = the figure asked the engine for its picture (its <figure> carries data-fresh).
  const started = () => page.locator('loss-lab-figure figure.lab-figure[data-fresh]').count();
  await computed(page.locator('#f0'));
  await page.waitForTimeout(500);
  const atTop = await started();
  expect(atTop).toBeGreaterThanOrEqual(1);
  expect(atTop).toBeLessThanOrEqual(2);
  await expect(page.locator('loss-lab-figure[data-state=waiting]')).toHaveCount(12 - atTop);
  let previous = atTop;
  for (let i = 1; i < 12; i++) {
    await page.locator(`#f${i}`).scrollIntoViewIfNeeded();
    await computed(page.locator(`#f${i}`));
    const now = await started();
    expect(now).toBeGreaterThanOrEqual(previous);
    expect(now).toBeLessThanOrEqual(Math.min(12, i + 2));
    previous = now;
  }
  expect(await started()).toBe(12);
  const loaded = await page.evaluate(() => (window as unknown as { loaded: string[] }).loaded);
  expect(new Set(loaded).size).toBe(12);
  expect(page.workers().length).toBe(1);
});

test('the example page: three linked figures in an instructor\'s notes, in the state the text says, the notes untouched', async ({ page }) => {
  const notesStyles = () => page.evaluate(() => {
    const props = ['font-family', 'font-size', 'color', 'background-color', 'line-height', 'margin-left', 'padding-top'];
    return Object.fromEntries(['html', 'body', 'header', 'main', 'h1', 'h2', 'p', 'code', 'a'].map((selector) => {
      const style = getComputedStyle(document.querySelector(selector)!);
      return [selector, props.map((p) => style.getPropertyValue(p)).join('|')];
    }));
  });
  // The notes as the instructor wrote them, without the lab's script.
  await page.route('**/loss-lab-figure.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
  await page.goto('embed-demo/figures.html');
  const without = await notesStyles();
  await page.unroute('**/loss-lab-figure.js');

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('embed-demo/figures.html');
  const fit = page.locator('#huber-fit'), pull = page.locator('#huber-pull'), leverage = page.locator('#huber-leverage');
  await computed(fit);
  expect(await notesStyles()).toEqual(without);
  await expect(fit.locator('input[data-param=delta]')).toHaveValue('1.35');
  await expect(fit.locator('tr[data-loss]')).toHaveCount(2);
  // The text's numbers, against least squares and a direct Huber minimisation of the same 200
  // points in numpy/scipy (MSE slope 3.604, intercept 2.582; Huber δ = 1.35 slope 3.076).
  const cell = async (loss: string, column: string) => Number(await fit.locator(`tr[data-loss=${loss}] .${column}`).getAttribute('data-value'));
  expect(Math.abs((await cell('mse', 'slope')) - 3.604)).toBeLessThan(0.01);
  expect(Math.abs((await cell('mse', 'intercept')) - 2.582)).toBeLessThan(0.02);
  expect(Math.abs((await cell('huber', 'slope')) - 3.076)).toBeLessThan(0.01);

  await pull.scrollIntoViewIfNeeded();
  await computed(pull);
  await expect(pull.locator('.control:visible')).toHaveCount(0);
  await leverage.scrollIntoViewIfNeeded();
  await computed(leverage, 100_000);
  // scipy: Huber (δ = 1.35) slope 2.345 with the point at X = 100, 0.004 at X = 200.
  const lever = async (x: number) => Number(await leverage.locator(`tr[data-x="${x}"] td[data-loss=huber]`).getAttribute('data-value'));
  expect(Math.abs((await lever(100)) - 2.345)).toBeLessThan(0.05);
  expect(Math.abs(await lever(200))).toBeLessThan(0.05);

  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'figures-notes-1280', { fullPage: true });

  // Moving δ in the first figure moves the other two.
  const before = await lever(100);
  await fit.locator('input[data-param=delta]').fill('3');
  for (const figure of [pull, leverage]) {
    await expect.poll(() => figure.evaluate((node) => (node as HTMLElement & { state: Record<string, unknown> }).state.delta)).toBe(3);
  }
  await computed(leverage, 100_000);
  expect(await lever(100)).not.toBe(before);

  await page.setViewportSize({ width: 375, height: 900 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await screenshot(page, 'figures-notes-375', { fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
