// The lesson "How optimizers move", driven as a learner would: the race on the κ = 50 bowl (checked
// against an independent implementation of gradient descent and heavy-ball momentum written here),
// divergence above 2/λ_max, momentum's ringing (period and modulus shown live, against the roots
// computed here), the bias-correction ratio, URL state, old links redirected to lr-schedules,
// extremes, axe, screenshots. Schedules, noise, the sweep and the MLP: lr-schedules.spec.ts.
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

test('on the κ = 50 bowl with the presets, momentum and Adam beat gradient descent after 100 steps, both match hand-written updates; axe; screenshots', async ({ page, problems }) => {
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
  // The inside view (computed once it nears the viewport) shows the selected optimizer's state at that step.
  await page.locator('[data-figure="inside-the-optimizer"]').scrollIntoViewIfNeeded();
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
  await expect(sgd).toContainText(/Gradient descent diverged at step \d+ \(lr too large for this curvature\)/);
  const path = page.locator('.race-chart .trajectory[data-label="Gradient descent"] .trajectory-line');
  expect((await path.getAttribute('d'))!.length).toBeGreaterThan(20);
  await expect(page.locator('.race-chart .diverged-mark')).toHaveCount(1);
  await expect(page.locator('.lesson-body')).not.toContainText('NaN');
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
  await page.locator('[data-param="inspect"]').selectOption('rmsprop');
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
  await expect(other.locator('[data-param="inspect"]')).toHaveValue('rmsprop');
  await expect(raceScrub(other)).toHaveValue('40');
  await expect(other.locator('.race-status')).toHaveText(status, { useInnerText: true });
  await other.close();
  expect(problems).toEqual([]);
});

test('extremes (κ = 1000, lr from 1e-5 to 1000, the saddle) give no NaN and no console error', async ({ page, problems }) => {
  const all = 'racers=sgd.momentum.nesterov.rmsprop.adagrad.adam.adamw&kappa=1000';
  const lrs = (v: string) => ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw'].map((r) => `lr_${r}=${v}`).join('&');
  for (const query of [`${all}&${lrs('0.00001')}`, `${all}&${lrs('1000')}&inspect=adagrad&mu_momentum=0.99`, `surface=saddle&${lrs('10')}&racers=sgd.adam`]) {
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

/** Heavy-ball roots of z² − (1 + μ − ηλ)z + μ, written here independently of the lesson. */
function roots(eta: number, mu: number, lambda: number): { modulus: number; period: number } {
  const b = 1 + mu - eta * lambda, disc = b * b - 4 * mu;
  if (disc >= 0) return { modulus: Math.max(Math.abs((b + Math.sqrt(disc)) / 2), Math.abs((b - Math.sqrt(disc)) / 2)), period: Infinity };
  const re = b / 2, im = Math.sqrt(-disc) / 2;
  return { modulus: Math.hypot(re, im), period: (2 * Math.PI) / Math.atan2(im, re) };
}

test('momentum rings at the defaults: the damping figure shows the roots’ modulus 0.949 and period 8.5 live, measured on the core’s run, and the tuned η*, μ*', async ({ page, problems }) => {
  await open(page);
  const figure = page.locator('[data-figure="momentum-damping"]');
  await figure.scrollIntoViewIfNeeded();
  const value = async (key: string) => Number(await figure.locator(`[data-key="${key}"]`).getAttribute('data-value'));
  await expect(figure.locator('[data-key="steep-hb-rate"]')).toHaveCount(1);
  const steep = roots(0.01, 0.9, 50), flat = roots(0.01, 0.9, 1);
  expect(await value('steep-hb-rate')).toBeCloseTo(0.9487, 4);
  expect(await value('steep-hb-rate')).toBeCloseTo(steep.modulus, 9);
  expect(await value('steep-hb-period')).toBeCloseTo(steep.period, 6);
  expect(await value('steep-hb-period')).toBeCloseTo(8.48, 2);
  expect(await value('flat-hb-period')).toBeCloseTo(flat.period, 6);
  // The ringing really is in the race: the core's momentum path swings with that period and decay.
  expect(Math.abs(await value('steep-measured-period') / steep.period - 1)).toBeLessThan(0.01);
  expect(Math.abs(await value('steep-measured-rate') / steep.modulus - 1)).toBeLessThan(0.01);
  // Gradient descent's factors: −0.5 across (its zig-zag halves each step), 0.97 along the floor.
  expect(await value('steep-gd-rate')).toBeCloseTo(0.5, 9);
  expect(await value('flat-gd-rate')).toBeCloseTo(0.97, 9);
  const best = figure.locator('.best-mu');
  expect(Number(await best.getAttribute('data-value'))).toBeCloseTo(0.566, 3);
  expect(Number(await figure.locator('.best-eta').getAttribute('data-value'))).toBeCloseTo(0.0614, 4);
  expect(Number(await figure.locator('.bound-hb').getAttribute('data-value'))).toBeCloseTo(2 * 1.9 / 50, 9);
  expect(Number(await figure.locator('.bound-gd').getAttribute('data-value'))).toBeCloseTo(0.04, 9);
  // Tried on the core: just below each bound converges, just above diverges.
  await expect(figure.locator('.damping-bounds')).toHaveAttribute('data-checks', 'false true false true');
  // The tuned settings, applied to the race, end far below the default momentum run.
  const before = await racerLoss(page, 'momentum');
  await figure.getByRole('button', { name: 'Give momentum the tuned η* and μ* in the race' }).click();
  await expect(page.locator('[data-param="mu_momentum"]')).toHaveValue('0.57');
  await expect.poll(async () => racerLoss(page, 'momentum')).toBeLessThan(before * 1e-6);
  await figure.screenshot({ path: 'test-results/screenshots/optimizers-damping-1280.png' });
  expect(problems).toEqual([]);
});

test('the bias-correction ratio rises to 6.57 at step 12 and is 1.26 at step 1000, formula and core side by side', async ({ page, problems }) => {
  await open(page);
  await page.locator('[data-figure="inside-the-optimizer"]').scrollIntoViewIfNeeded();
  const note = page.locator('.bias-note');
  await expect(note.locator('.bias-peak')).toHaveCount(1);
  const formula = (t: number) => (1 - 0.9 ** t) / Math.sqrt(1 - 0.999 ** t);
  expect(Number(await note.locator('.bias-first').getAttribute('data-value'))).toBeCloseTo(formula(1), 2);
  expect(await note.locator('.bias-peak').getAttribute('data-step')).toBe('12');
  expect(Number(await note.locator('.bias-peak').getAttribute('data-value'))).toBeCloseTo(formula(12), 9);
  expect(Number(await note.locator('.bias-last').getAttribute('data-value'))).toBeCloseTo(1.2576, 3);
  await expect(note).toContainText('the core measures 6.57×');
  expect(problems).toEqual([]);
});

test('the race explains its arrows where they appear, and Adam at 45° ends on the valley floor', async ({ page, problems }) => {
  await open(page, 'angle=45');
  await expect(page.locator('.arrow-note')).toContainText('explained under “Inside the optimizer”');
  const question = page.locator('[data-question="rotation"]');
  await question.getByLabel('Gradient descent', { exact: true }).check();
  await question.getByRole('button', { name: 'Run it and check' }).click();
  await expect(question).toHaveAttribute('data-result', 'correct');
  await expect(question.locator('.observed')).toContainText('on the valley floor');
  expect(problems).toEqual([]);
});

test('an old optimizers link with a schedule or noise opens lr-schedules with that state, on the page and in an iframe', async ({ page, problems }) => {
  await page.goto(lesson('schedule=cosine&lr_sgd=0.02&t=40'));
  await expect(page.locator('.ll-lesson')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('.ll-lesson')).toHaveAttribute('data-lesson', 'lr-schedules');
  await expect(page.locator('h1')).toHaveText('Learning-rate schedules and fair comparisons');
  await expect(page.locator('[data-param="schedule"]')).toHaveValue('cosine');
  await expect(page.locator('[data-param-exact="lr_sgd"]')).toHaveValue('0.02');
  await expect(raceScrub(page)).toHaveValue('40');
  // The old lesson had no noise: the link keeps meaning that, though lr-schedules turns noise on by default.
  await page.locator('[data-figure="noise-and-annealing"]').scrollIntoViewIfNeeded();
  await expect(page.locator('[data-figure="noise-and-annealing"] .noise-note')).toContainText('Noise is off');
  await expect(page).toHaveURL(/lesson=lr-schedules/);
  await expect.poll(() => page.url()).toContain('schedule=cosine');
  await expect.poll(() => page.url()).toContain('noise=0');
  // A link with only the keys that stayed stays on the optimizers lesson.
  await page.goto(lesson('angle=30'));
  await expect(page.locator('.ll-lesson')).toHaveAttribute('data-lesson', 'optimizers');
  await expect(page).toHaveURL(/lesson=optimizers/);
  // The embedded form (iframe) redirects the same way and rewrites its own address.
  await page.setContent(`<iframe src="${new URL(lesson('embed=1&noise=3&seeds=2'), page.url()).href}" title="lesson" width="900" height="700"></iframe>`);
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('.ll-lesson')).toHaveAttribute('data-lesson', 'lr-schedules');
  await expect(frame.locator('[data-param-exact="noise"], [data-param="noise"]').first()).toHaveValue('3');
  await expect.poll(() => page.frames()[1]?.url() ?? '').toContain('lesson=lr-schedules');
  expect(page.frames()[1].url()).toContain('embed=1');
  expect(problems).toEqual([]);
});

test('“Copy as code” on the race copies a torch.optim script of the racers on the current surface, and confirms', async ({ page, context, problems }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page, 'surface=rosenbrock&sx=-1.5&sy=2&lr_adam=0.1');
  const race = page.locator('[data-figure="optimizer-race"]');
  await expect(race).toHaveAttribute('data-fresh', 'true');
  await race.getByRole('button', { name: 'Copy as code' }).click();
  await expect(race.locator('.copy-code-status')).toContainText('Copied a PyTorch script');
  const script = await page.evaluate(() => navigator.clipboard.readText());
  expect(script).toContain('def rosenbrock_surface(x, y, a, b):');
  expect(script).toContain('torch.optim.Adam(parameters, lr=0.1, betas=(0.9, 0.999)');
  expect(script).toContain('start=(-1.5, 2.0), steps=150');
  expect(problems).toEqual([]);
});
