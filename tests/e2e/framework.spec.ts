// Lesson framework v2 as a learner meets it: the engine computes in a Web Worker wherever the lab
// runs (lesson page under the strict CSP, the embed demo's custom element and iframe, the
// single-file download from file://), a slider dragged across its whole range never queues work,
// and after the pointer stops every figure shows the final state.
//
// The drag test asserts the scheduling rules, which hold on any machine however busy: while a
// slider is dragged, no figure ever has more than one computation in flight (a newer state
// supersedes, never a queue of old ones), no figure launches more computations than there were
// input events, and every figure ends fresh. It asserts no times: how long frames and tasks take
// (the 50 ms targets) is measured per control by `npm run bench -- --browser` on a quiet machine,
// where it is a number to read, not a pass/fail gate on a shared CI runner. The test prints the
// long tasks it saw, for information.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const LESSONS = ['regression-losses', 'focal-loss', 'label-smoothing', 'optimizers', 'lr-schedules', 'loss-vs-metric', 'regularisation', 'prediction-intervals', 'contrastive'];
const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

test('every lesson computes in a Web Worker under the strict CSP', async ({ page, problems }) => {
  for (const slug of LESSONS) {
    await page.goto(`lesson.html?lesson=${slug}`);
    const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain('worker-src');  // falls back to script-src 'self'
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    await expect(page.locator('#lesson')).toHaveAttribute('data-engine', 'worker');
    await expect(page.locator('#lesson .notices')).not.toContainText('computes on this page');
  }
  expect(problems).toEqual([]);
});

test('the embed demo\'s custom element and iframe compute in a worker', async ({ page, problems }) => {
  await page.goto('embed-demo/');
  expect(await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content')).toBe(STRICT);
  await expect(page.locator('loss-lab-lesson#element-lesson')).toHaveAttribute('data-engine', 'worker');
  await page.locator('#frame-lesson').scrollIntoViewIfNeeded();
  await expect(page.frameLocator('#frame-lesson').locator('#lesson')).toHaveAttribute('data-engine', 'worker');
  expect(problems).toEqual([]);
});

test('the single-file download computes in a worker from file://', async ({ page, problems }) => {
  await page.goto(pathToFileURL(resolve('dist/downloads/focal-loss.html')).href);
  const lesson = page.locator('loss-lab-lesson');
  await expect(lesson).toHaveAttribute('data-state', 'ready');
  await expect(lesson).toHaveAttribute('data-engine', 'worker');
  expect(problems).toEqual([]);
});

/** Watches, from the page: long tasks, input events, and every figure's computations (runner.ts). */
async function watchDrag(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __drag: DragLog; __lossLabComputes: unknown };
    const log: DragLog = { tasks: [], inputs: 0, pressed: 'nothing', live: {}, peak: {}, launched: {} };
    w.__drag = log;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) log.tasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
    addEventListener('input', () => { log.inputs++; }, { capture: true });
    addEventListener('pointerdown', (event) => {
      const t = event.target as Element;
      log.pressed = `${t.tagName.toLowerCase()}${t.getAttribute('data-param') ? `[data-param=${t.getAttribute('data-param')}]` : ''}${(t as HTMLInputElement).disabled ? ' (disabled)' : ''}`;
    }, { capture: true });
    w.__lossLabComputes = {
      launch(figure: string) {
        log.live[figure] = (log.live[figure] ?? 0) + 1;
        log.peak[figure] = Math.max(log.peak[figure] ?? 0, log.live[figure]);
        log.launched[figure] = (log.launched[figure] ?? 0) + 1;
      },
      settle(figure: string) { log.live[figure] = (log.live[figure] ?? 1) - 1; },
    };
  });
}

interface DragLog {
  tasks: number[];
  inputs: number;
  /** The element the last pointer press landed on (a failure says it). */
  pressed: string;
  live: Record<string, number>;
  peak: Record<string, number>;
  launched: Record<string, number>;
}

/** What the page saw since the last call; starts the next drag's log from zero. */
const takeDrag = (page: Page) => page.evaluate(() => {
  const log = (window as unknown as { __drag: DragLog }).__drag;
  const seen = { tasks: log.tasks.splice(0), inputs: log.inputs, peak: { ...log.peak }, launched: { ...log.launched } };
  log.inputs = 0;
  log.peak = { ...log.live };
  log.launched = {};
  return seen;
});

const inputsSoFar = (page: Page) => page.evaluate(() => (window as unknown as { __drag: DragLog }).__drag.inputs);
const pressedOn = (page: Page) => page.evaluate(() => (window as unknown as { __drag: DragLog }).__drag.pressed);

/** Input moves per drag, one per frame: enough to supersede computations many times over. */
const MOVES = 12;

for (const slug of LESSONS) {
  test(`${slug}: dragging each slider across its range never queues computations (at most one in flight per figure, none beyond the input events), and every figure ends fresh`, async ({ page, problems }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`lesson.html?lesson=${slug}`);
    await expect(page.locator('#lesson')).toHaveAttribute('data-state', 'ready');
    await expect(page.locator('#lesson')).toHaveAttribute('data-engine', 'worker');
    // The first pictures drawn after load are not a drag: start watching once they are in.
    await expect(page.locator('#lesson .lab-figure[data-fresh=false]')).toHaveCount(0, { timeout: 30_000 });
    await watchDrag(page);
    const sliders = page.locator('#lesson .lab-figure input[type=range]:not(.scrubber):not([disabled])');
    const count = await sliders.count();
    expect(count).toBeGreaterThan(0);
    // The sliders are dragged one after another, as a learner exploring would, without waiting for
    // the figures between them: a computation still running from one slider is superseded by the
    // next. The rules hold over the whole sequence.
    const dragged: string[] = [];
    for (let i = 0; i < count; i++) {
      const slider = sliders.nth(i);
      if (!(await slider.isVisible())) continue;
      // hover() waits until the slider is stable and would receive the pointer (nothing drawn late
      // above it still moving it), then the box is read where the pointer now is.
      await slider.hover({ position: { x: 2, y: 4 } });
      const box = (await slider.boundingBox())!;
      const y = box.y + box.height / 2;
      const inputsBefore = await inputsSoFar(page);
      await page.mouse.move(box.x + 2, y);
      await page.mouse.down();
      for (let s = 1; s <= MOVES; s++) {
        await page.mouse.move(box.x + 2 + ((box.width - 4) * s) / MOVES, y);
        await page.waitForTimeout(16);
      }
      await page.mouse.up();
      const name = (await slider.getAttribute('data-param')) ?? String(i);
      expect(await inputsSoFar(page), `dragging ${name} of ${slug} fired input events (the press landed on ${await pressedOn(page)})`).toBeGreaterThan(inputsBefore);
      dragged.push(name);
    }
    // After the pointer stops, no figure may keep a stale picture.
    await expect(page.locator('#lesson .lab-figure[data-fresh=false]')).toHaveCount(0, { timeout: 60_000 });
    const seen = await takeDrag(page);
    expect(seen.inputs).toBeGreaterThanOrEqual(dragged.length);
    for (const [figure, peak] of Object.entries(seen.peak)) {
      expect(peak, `${figure} had ${peak} computations in flight at once`).toBeLessThanOrEqual(1);
    }
    for (const [figure, launched] of Object.entries(seen.launched)) {
      expect(launched, `${figure} launched ${launched} computations for ${seen.inputs} input events`).toBeLessThanOrEqual(seen.inputs + 1);
    }
    // The probe is live: a drag across every slider of a lesson computes something.
    expect(Object.keys(seen.launched).length, `no figure of ${slug} computed during the drags`).toBeGreaterThan(0);
    const launches = Object.entries(seen.launched).map(([f, n]) => `${f} ${n}`).join(', ');
    console.log(`${slug}: dragged ${dragged.join(', ')}; ${seen.inputs} inputs; computations ${launches}; ${seen.tasks.length} long task(s), worst ${Math.max(0, ...seen.tasks).toFixed(0)} ms (for information)`);
    expect(problems).toEqual([]);
  });
}
