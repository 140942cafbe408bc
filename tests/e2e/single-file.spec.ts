// The downloaded lesson: one HTML file that runs from disk, offline, with the wasm inside.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, screenshot, test } from './fixtures';
import { answer, changeDeltaAndSeeHuberUpdate } from './lesson-helpers';

test('the single-file lesson opens from file:// and runs', async ({ page, problems }) => {
  const file = resolve('dist/downloads/regression-losses.html');
  expect(statSync(file).size).toBeGreaterThan(100_000);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  const lesson = page.locator('loss-lab-lesson');
  await expect(lesson).toHaveAttribute('data-state', 'ready');
  await expect(lesson.locator('tr[data-loss=mse]')).toHaveCount(1);
  await expect(lesson.locator('.katex').first()).toBeVisible();
  await changeDeltaAndSeeHuberUpdate(lesson, '4');
  await answer(lesson, 'coverage', '80');
  // Nothing but the file itself was loaded: data: URLs, and the blob: URL of the engine's worker,
  // which the file starts from its own inlined script.
  expect(requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:null/') && u !== pathToFileURL(file).href)).toEqual([]);
  await screenshot(page, 'single-file-1280');
  expect(problems).toEqual([]);
});
