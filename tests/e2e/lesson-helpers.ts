// Helpers that drive the regression lesson as a person would, on any page that hosts it (the
// lesson page, the embed demo's custom element, the iframe, the single-file download).
import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';

export type Scope = Page | FrameLocator | Locator;

export const lessonUrl = (query = '') => `lesson.html?lesson=regression-losses${query ? `&${query}` : ''}`;

export async function slope(scope: Scope, loss: string): Promise<number> {
  const cell = scope.locator(`[data-figure=regression-fits] tr[data-loss=${loss}] .slope`);
  await expect(cell).toHaveCount(1);
  return Number(await cell.getAttribute('data-value'));
}

/** The table's slopes, once the first fits have arrived (they are computed in the engine's worker). */
export async function slopes(scope: Scope): Promise<Record<string, number>> {
  await expect(scope.locator('[data-figure=regression-fits] tr[data-loss] .slope').first()).toHaveAttribute('data-value', /\d/);
  const out: Record<string, number> = {};
  for (const row of await scope.locator('[data-figure=regression-fits] tr[data-loss]').all()) {
    out[(await row.getAttribute('data-loss'))!] = Number(await row.locator('.slope').getAttribute('data-value'));
  }
  return out;
}

/** Waits until a slope's displayed value differs from `before`. */
export async function slopeChanged(scope: Scope, loss: string, before: number): Promise<number> {
  const cell = scope.locator(`[data-figure=regression-fits] tr[data-loss=${loss}] .slope`);
  await expect(cell).not.toHaveAttribute('data-value', String(before));
  return Number(await cell.getAttribute('data-value'));
}

/** Drags the point nearest the middle of the cloud to the far bottom-right of the plot. */
export async function dragPointFarOut(page: Page, scope: Scope): Promise<void> {
  const svg = scope.locator('[data-figure=regression-fits] .chart-svg').first();
  await expect(svg.locator('g[data-layer=points] circle').first()).toBeAttached();
  await svg.scrollIntoViewIfNeeded();
  const box = (await svg.boundingBox())!;
  const { from, to } = await svg.evaluate((node) => {
    const circles = Array.from(node.querySelectorAll('g[data-layer=points] circle'));
    const clip = node.querySelector('clipPath rect')!;
    const area = { x: Number(clip.getAttribute('x')), y: Number(clip.getAttribute('y')), w: Number(clip.getAttribute('width')), h: Number(clip.getAttribute('height')) };
    // the dot closest to the plot's horizontal centre among the lower half (the regular cloud)
    const centre = area.x + area.w / 3;
    const pick = circles
      .map((c) => ({ x: Number(c.getAttribute('cx')), y: Number(c.getAttribute('cy')) }))
      .filter((p) => p.y > area.y + area.h * 0.6)
      .sort((a, b) => Math.abs(a.x - centre) - Math.abs(b.x - centre))[0];
    return { from: pick, to: { x: area.x + area.w * 0.96, y: area.y + area.h * 0.97 } };
  });
  await page.mouse.move(box.x + from.x, box.y + from.y);
  await page.mouse.down();
  await page.mouse.move(box.x + (from.x + to.x) / 2, box.y + (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(box.x + to.x, box.y + to.y, { steps: 4 });
  await page.mouse.up();
}

export async function answer(scope: Scope, question: string, option: string): Promise<Locator> {
  const form = scope.locator(`form[data-question=${question}]`);
  await form.scrollIntoViewIfNeeded();
  await form.locator(`input[value="${option}"]`).check();
  await form.getByRole('button', { name: 'Run it and check' }).click();
  await expect(form).toHaveAttribute('data-result', /correct|incorrect/);
  await expect(form.locator('.observed')).not.toBeEmpty();
  return form;
}

/** The Huber row follows δ: the slider moves, the line and its slope are refitted. */
export async function changeDeltaAndSeeHuberUpdate(scope: Scope, value: string): Promise<void> {
  const before = await slope(scope, 'huber');
  const path = scope.locator('[data-figure=regression-fits] g[data-layer=fit-huber] path');
  const d = await path.getAttribute('d');
  await scope.locator('[data-figure=regression-fits] input[data-param=delta]').fill(value);
  await expect(scope.locator('[data-figure=regression-fits] tr[data-loss=huber] th')).toContainText(`δ = ${Number(value)}`);
  const after = await slopeChanged(scope, 'huber', before);
  expect(after).not.toBe(before);
  await expect(path).not.toHaveAttribute('d', d!);
}

/** Every id in the document and in every (open) shadow root, and the per-root duplicates. */
export async function ids(page: Page): Promise<{ all: string[]; duplicatesInOneRoot: string[] }> {
  return page.evaluate(() => {
    const all: string[] = [];
    const duplicatesInOneRoot: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      const here = Array.from(root.querySelectorAll('[id]'), (n) => n.id);
      duplicatesInOneRoot.push(...here.filter((id, i) => here.indexOf(id) !== i));
      all.push(...here);
      for (const node of Array.from(root.querySelectorAll('*'))) if (node.shadowRoot) walk(node.shadowRoot);
    };
    walk(document);
    return { all, duplicatesInOneRoot };
  });
}

/**
 * Presses Play on the fits figure for about 600 ms and checks the pace that prefers-reduced-motion
 * asks for: one 10-iteration step per 250 ms (every frame would be about four times as many).
 * An upper bound only, so a slow machine cannot fail it.
 */
export async function expectCalmPlayback(page: Page, scope: Scope): Promise<void> {
  const figure = scope.locator('[data-figure=regression-fits]');
  const iteration = async () => Number(/iteration (\d+)/.exec(await figure.locator('.train-status').innerText())?.[1]);
  const started = Date.now();
  await figure.getByRole('button', { name: 'Play' }).click();
  await expect.poll(iteration).toBeGreaterThan(0);
  await page.waitForTimeout(600);
  await figure.getByRole('button', { name: 'Pause' }).click();
  const elapsed = Date.now() - started;
  expect(await iteration()).toBeLessThanOrEqual(10 * (Math.ceil(elapsed / 250) + 1));
}
