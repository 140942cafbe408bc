// Issue 17: the installable package. `npm pack` of this repository (after the build) is installed
// into a fresh temporary project, which then
//   1. builds a Vite page that does `import 'loss-lab/element'` (Vite from this repo's node_modules),
//   2. serves a plain HTML page with <script type="module" src="./node_modules/loss-lab/dist/loss-lab-lesson.js">,
// and both run a lesson in Chromium under the strict CSP: the worker, the wasm and the styles
// resolve relative to the script, not to the page. The same installed package then serves the
// guides of docs/embedding.md, each with the files the guide shows: a VitePress site, reveal.js
// slides, an MkDocs site (element and iframe), and an LMS page that holds only an iframe.
// One tarball and one install serve every test of this file (they run in order, in one worker).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { extname, join, normalize, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { changeDeltaAndSeeHuberUpdate, dragPointFarOut, ids, slope, slopeChanged } from './lesson-helpers';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.woff2': 'font/woff2', '.svg': 'image/svg+xml', '.json': 'application/json',
};

// The files of docs/embedding.md's guides, as the guides show them.
const LESSONS_MD = `<loss-lab-lesson lesson="regression-losses" id="week3-reg"></loss-lab-lesson>

<loss-lab-lesson lesson="regression-losses" id="week3-reg-2" delta="2"></loss-lab-lesson>

<loss-lab-lesson lesson="focal-loss" id="week3-focal"></loss-lab-lesson>
`;
const VITEPRESS_CONFIG = `export default {
  vue: { template: { compilerOptions: { isCustomElement: (tag) => tag === 'loss-lab-lesson' } } },
  vite: { build: { assetsInlineLimit: 0 } },
};
`;
const VITEPRESS_THEME = `import DefaultTheme from 'vitepress/theme';
export default {
  extends: DefaultTheme,
  async enhanceApp() {
    if (!import.meta.env.SSR) await import('loss-lab/element');
  },
};
`;
const REVEAL_DECK = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Week 3 slides</title>
<link rel="stylesheet" href="../node_modules/reveal.js/dist/reveal.css">
<link rel="stylesheet" href="../node_modules/reveal.js/dist/theme/white.css">
<link rel="stylesheet" href="slides.css">
<script type="module" src="../node_modules/loss-lab/dist/loss-lab-lesson.js"></script>
<script type="module" src="slides.js"></script>
</head>
<body>
<div class="reveal"><div class="slides">
<section><h1>Week 3</h1><p>Loss functions</p></section>
<section>
  <h2>Huber's δ</h2>
  <loss-lab-lesson lesson="regression-losses" id="slide-huber" theme="light"></loss-lab-lesson>
</section>
<section><h2>Questions?</h2></section>
</div></div>
</body>
</html>
`;
const REVEAL_JS = `import Reveal from '../node_modules/reveal.js/dist/reveal.esm.js';
Reveal.initialize({ hash: true, minScale: 1, maxScale: 1 });
`;
const REVEAL_CSS = `.reveal loss-lab-lesson { height: 560px; overflow: auto; }
`;
const MKDOCS_YML = `site_name: Machine Learning 101
theme:
  name: mkdocs
  highlightjs: false
`;
const MKDOCS_PAGE = `# Week 3

<script type="module" src="../loss-lab/dist/loss-lab-lesson.js"></script>
<loss-lab-lesson lesson="label-smoothing" id="ls"></loss-lab-lesson>

## The same, where scripts are stripped

<iframe src="../loss-lab/dist/lesson.html?lesson=regression-losses&embed=1"
        title="Loss Lab: Choosing a regression loss" width="100%" height="1400" loading="lazy"></iframe>
`;
const lmsPage = (src: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Week 3 · Moodle</title></head>
<body><h1>Week 3</h1>
<iframe src="${src}"
        title="Loss Lab: Choosing a regression loss" width="100%" height="900" loading="lazy"
        allow="clipboard-write"></iframe>
</body></html>`;

function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    let file = join(root, path);
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (path === '/favicon.ico') { res.writeHead(204).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    done({ server, url: `http://127.0.0.1:${address.port}/` });
  }));
}

test.describe('the npm package', () => {
  let project = '';
  let site: { server: Server; url: string } | undefined;
  const servers: Server[] = [];

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    project = mkdtempSync(join(tmpdir(), 'loss-lab-package-'));
    const repo = resolve('.');
    // npm pack of the built repository (scripts/pack.sh checks the build is there).
    execFileSync('bash', ['scripts/pack.sh', project], { cwd: repo, stdio: 'pipe' });
    const version = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version as string;
    const tarball = join(project, `loss-lab-${version}.tgz`);
    expect(statSync(tarball).size).toBeGreaterThan(100_000);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'course-site', private: true, type: 'module' }, null, 2));
    // The package's few runtime dependencies come from npm's cache when they are there.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', tarball], { cwd: project, stdio: 'pipe' });

    // 1. A Vite page.
    writeFileSync(join(project, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Course site built with Vite</title><script type="module" src="./main.js"></script></head>
<body><main><h1>Vite course page</h1>
<loss-lab-lesson id="reg" lesson="regression-losses" delta="2" loading="eager"></loss-lab-lesson>
<loss-lab-figure id="vite-figure" figure="focal-loss/factor" gamma="3" controls="gamma" loading="eager"></loss-lab-figure>
</main></body></html>`);
    // A strict CSP has no data: fonts: Vite must not inline KaTeX's small fonts as data: URLs.
    writeFileSync(join(project, 'vite.config.js'), 'export default { base: "./", build: { assetsInlineLimit: 0 } };\n');
    writeFileSync(join(project, 'main.js'), `import 'loss-lab/element';
import 'loss-lab/figure';
import { PROGRESS_SCHEMA_VERSION } from 'loss-lab/element';
document.addEventListener('loss-lab:progress', (e) => { document.body.dataset.progress = e.detail.type + '@' + e.detail.version + '/' + PROGRESS_SCHEMA_VERSION; });
`);
    execFileSync(process.execPath, [join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: project, stdio: 'pipe' });
    // 2. A plain page that loads the element straight from node_modules.
    writeFileSync(join(project, 'plain.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Plain course page</title>
<script type="module" src="./node_modules/loss-lab/dist/loss-lab-lesson.js"></script>
<script type="module" src="./node_modules/loss-lab/dist/loss-lab-figure.js"></script></head>
<body><main><h1>Plain course page</h1>
<loss-lab-lesson id="focal" lesson="focal-loss" loading="eager"></loss-lab-lesson>
<loss-lab-figure id="plain-figure" figure="regression-losses/pull" controls="none" loading="eager"></loss-lab-figure>
</main></body></html>`);
    site = await serve(project);
  });

  test.afterAll(() => {
    site?.server.close();
    for (const server of servers) server.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  test('the tarball holds the element, the iframe pages, the single-file lessons and the typed JS API', () => {
    const files = execFileSync('tar', ['tzf', join(project, 'loss-lab-0.1.0.tgz')], { encoding: 'utf8' }).split('\n');
    for (const f of ['package/dist/loss-lab-lesson.js', 'package/dist/lesson.html', 'package/dist/index.html', 'package/dist/downloads/regression-losses.html',
      'package/dist/loss-lab-figure.js', 'package/dist/figure.html', 'package/dist/figures.html',
      'package/lib/engine/index.js', 'package/lib/engine/index.d.ts', 'package/types/element.d.ts', 'package/docs/embedding.md', 'package/package.json']) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => /^package\/dist\/assets\/losslab-.*\.wasm$/.test(f))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/loss-lab/package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining(['.', './element', './figure', './lessons/*']));
    // From the course site's folder: the JS API by name (in Node), and a lesson's single file by its export.
    const script = `
      import { createLossLab } from 'loss-lab';
      const lab = await createLossLab();
      const { value } = lab.loss('mse', [2, 0, 6], [1, 2, 3]);
      console.log(JSON.stringify({ value, lesson: import.meta.resolve('loss-lab/lessons/focal-loss') }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' }).trim().split('\n').pop()!);
    expect(out.value).toBeCloseTo(14 / 3, 12); // (1 + 4 + 9) / 3
    expect(out.lesson).toBe(pathToFileURL(join(project, 'node_modules/loss-lab/dist/downloads/focal-loss.html')).href);
    expect(readFileSync(new URL(out.lesson), 'utf8')).toContain('<!doctype html>');
  });

  test('a Vite project that imports loss-lab/element runs a lesson', async ({ page, problems }) => {
    await page.goto(`${site!.url}dist/index.html`);
    const lesson = page.locator('#reg');
    await expect(lesson).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(lesson).toHaveAttribute('data-engine', 'worker');
    await expect(lesson.locator('[data-figure=regression-fits] input[data-param=delta]')).toHaveValue('2');
    await expect(lesson.locator('[data-figure=regression-fits] tr[data-loss=huber] .slope')).toHaveAttribute('data-value', /\d/);
    await expect(lesson.locator('.katex').first()).toBeVisible();
    await expect(page.locator('body')).toHaveAttribute('data-progress', /^(lesson|figure)-loaded@1\/1$/);
    const figure = page.locator('#vite-figure');
    await expect(figure).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(figure.locator('input[data-param=gamma]')).toHaveValue('3');
    await expect(figure.locator('figure.lab-figure')).toHaveAttribute('data-fresh', 'true');
    await screenshot(page, 'embedding-package-vite-1280', { fullPage: false });
    expect(problems).toEqual([]);
  });

  test('a plain page loading the script from node_modules runs a lesson', async ({ page, problems }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${site!.url}plain.html`);
    const lesson = page.locator('#focal');
    await expect(lesson).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(lesson).toHaveAttribute('data-engine', 'worker');
    await expect(lesson.locator('.katex').first()).toBeVisible();
    const figure = page.locator('#plain-figure');
    await expect(figure).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(figure.locator('figure.lab-figure')).toHaveAttribute('data-fresh', 'true');
    expect(page.workers().length).toBe(1);
    // The worker and the wasm came from the package's folder, next to the script.
    expect(requests.some((u) => /node_modules\/loss-lab\/dist\/assets\/worker-.*\.js$/.test(u))).toBe(true);
    expect(requests.some((u) => /node_modules\/loss-lab\/dist\/assets\/losslab-.*\.wasm$/.test(u))).toBe(true);
    expect(requests.filter((u) => !u.startsWith(site!.url) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(problems).toEqual([]);
  });

  // The guides of docs/embedding.md: each test writes the files its guide shows, builds with the
  // real tool, and loads the result in Chromium.

  test('VitePress (docs/embedding.md): three lessons on a page of a VitePress site', async ({ page, problems }) => {
    test.setTimeout(150_000);
    // VitePress from this repository's devDependencies, as if `npm install vitepress` had run here.
    link(resolve('node_modules/vitepress'), join(project, 'node_modules/vitepress'));
    write(join(project, 'vitepress'), {
      'docs/.vitepress/config.mjs': VITEPRESS_CONFIG,
      'docs/.vitepress/theme/index.js': VITEPRESS_THEME,
      'docs/week3.md': `# Week 3\n\nThis week's page, with a [link](./week2.md).\n\n## Lessons\n\n${LESSONS_MD}`,
      // The same page without lessons: the styles the course site has without the lab.
      'docs/week2.md': '# Week 3\n\nThis week\'s page, with a [link](./week3.md).\n\n## Lessons\n\nNone this week.\n',
      'docs/index.md': '# Machine Learning 101\n',
    });
    execFileSync(process.execPath, [resolve('node_modules/vitepress/bin/vitepress.js'), 'build', 'docs'], { cwd: join(project, 'vitepress'), stdio: 'pipe' });
    const vp = await serve(join(project, 'vitepress/docs/.vitepress/dist'));
    servers.push(vp.server);

    const probe = ['body', '.VPDoc h1', '.vp-doc h2', '.vp-doc p', '.vp-doc a', '.VPNavBarTitle .title'];
    await page.goto(`${vp.url}week2.html`);
    await expect(page.locator('.vp-doc h1')).toBeVisible();
    const before = await pageStyles(page, probe);
    expect(JSON.stringify(before)).not.toContain('missing');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${vp.url}week3.html`);
    const lessons = page.locator('loss-lab-lesson');
    await expect(lessons).toHaveCount(3);
    const reg = page.locator('#week3-reg');
    const again = page.locator('#week3-reg-2');
    const focal = page.locator('#week3-focal');
    // Lazy start: each lesson begins when it nears the viewport. The two regression lessons first,
    // while the shared engine has nothing else to do.
    for (const lesson of [reg, again]) {
      await lesson.scrollIntoViewIfNeeded();
      await expect(lesson).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    }
    // The two instances of one lesson are independent.
    await expect(again.locator('[data-figure=regression-fits] input[data-param=delta]')).toHaveValue('2');
    await changeDeltaAndSeeHuberUpdate(reg, '3');
    await expect(again.locator('[data-figure=regression-fits] input[data-param=delta]')).toHaveValue('2');
    await focal.scrollIntoViewIfNeeded();
    await expect(focal).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    for (const lesson of [reg, again, focal]) {
      await expect(lesson).toHaveAttribute('data-engine', 'worker');
      await expect(lesson.locator('.katex').first()).toBeVisible();
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await pageStyles(page, probe), 'VitePress styles unchanged by the lab').toEqual(before);
    expect(page.workers().length).toBe(1);
    const found = await ids(page);
    expect(found.all.filter((id, i) => found.all.indexOf(id) !== i)).toEqual([]);
    // VitePress's .vp-doc rules stay outside: the lessons' buttons keep the lab's look.
    expect(await reg.evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('button')!).borderTopStyle)).toBe('solid');
    expect(requests.filter((u) => !u.startsWith(vp.url) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    await screenshot(page, 'embedding-vitepress-1280', { fullPage: false });
    expect(problems).toEqual([]);
  });

  test('reveal.js (docs/embedding.md): a lesson in a slide, started when its slide is shown', async ({ page, problems }) => {
    test.setTimeout(90_000);
    link(resolve('node_modules/reveal.js'), join(project, 'node_modules/reveal.js'));
    write(project, { 'slides/index.html': REVEAL_DECK, 'slides/slides.js': REVEAL_JS, 'slides/slides.css': REVEAL_CSS });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${site!.url}slides/index.html`);
    await expect(page.locator('.reveal.ready')).toHaveCount(1);
    const lesson = page.locator('#slide-huber');
    await expect(page.locator('section.present h1')).toHaveText('Week 3');
    // Lazy start: the slide is off screen, so the lesson waits.
    await expect(lesson.locator('.ll-waiting')).toHaveCount(1);
    await expect(lesson).toHaveAttribute('data-state', 'waiting');

    await page.keyboard.press('ArrowRight');
    await expect(page.locator('section.present > h2')).toHaveText('Huber\'s δ');
    await expect(lesson).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(lesson.locator('.katex').first()).toBeVisible();

    // Keys pressed on a control inside the lesson move the control, not the slides.
    const delta = lesson.locator('[data-figure=regression-fits] input[data-param=delta]');
    await delta.scrollIntoViewIfNeeded();
    await delta.focus();
    const value = Number(await delta.inputValue());
    await page.keyboard.press('ArrowRight');
    await expect(delta).not.toHaveValue(String(value));
    await expect(page.locator('section.present > h2')).toHaveText('Huber\'s δ');

    // At scale 1 a dragged point lands where the pointer is: MSE moves, Huber hardly.
    const mse = await slope(lesson, 'mse');
    const huber = await slope(lesson, 'huber');
    await dragPointFarOut(page, lesson);
    await slopeChanged(lesson, 'mse', mse);
    // (the drag refits on the way: read the slopes once the figure shows the final state)
    await expect(lesson.locator('[data-figure=regression-fits]')).toHaveAttribute('data-fresh', 'true');
    const moved = await slope(lesson, 'mse');
    expect(Math.abs(moved - mse)).toBeGreaterThan(3 * Math.abs((await slope(lesson, 'huber')) - huber));
    const stepped = await delta.inputValue();
    await screenshot(page, 'embedding-reveal-1280', { fullPage: false });

    // On to the next slide and back: the lesson keeps its state.
    await page.locator('section.present > h2').click();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('section.present > h2')).toHaveText('Questions?');
    await page.keyboard.press('ArrowLeft');
    await expect(page.locator('section.present > h2')).toHaveText('Huber\'s δ');
    expect(await slope(lesson, 'mse')).toBe(moved);
    await expect(delta).toHaveValue(stepped);
    expect(problems).toEqual([]);
  });

  test('MkDocs (docs/embedding.md): the element and an iframe in a Markdown page', async ({ page, problems }) => {
    test.setTimeout(90_000);
    // Debian's mkdocs: scripts/setup.sh installs it wherever apt can (so on CI); elsewhere it is optional.
    const hasMkdocs = spawnSync('mkdocs', ['--version'], { stdio: 'ignore' }).status === 0;
    test.skip(!hasMkdocs && !process.env.CI, 'mkdocs is not installed (apt install mkdocs, or pip install mkdocs)');
    const mkdocs = join(project, 'mkdocs');
    write(mkdocs, { 'mkdocs.yml': MKDOCS_YML, 'docs/index.md': '# Machine Learning 101\n', 'docs/week3.md': MKDOCS_PAGE });
    cpSync(join(project, 'node_modules/loss-lab/dist'), join(mkdocs, 'docs/loss-lab/dist'), { recursive: true });
    execFileSync('mkdocs', ['build', '--quiet'], { cwd: mkdocs, stdio: 'pipe' });
    const md = await serve(join(mkdocs, 'site'));
    servers.push(md.server);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${md.url}week3/`);
    const lesson = page.locator('loss-lab-lesson#ls');
    await lesson.scrollIntoViewIfNeeded();
    await expect(lesson).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(lesson).toHaveAttribute('data-engine', 'worker');
    await expect(lesson.locator('.katex').first()).toBeVisible();
    // The mkdocs theme turns the page on "p" unless the key's target is a form field; a key
    // pressed on a lesson's slider must not leave the page.
    const slider = lesson.locator('input[type=range]').first();
    await slider.focus();
    await page.keyboard.press('p');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe('/week3/');
    const frame = page.frameLocator('iframe[title^="Loss Lab"]');
    await page.locator('iframe[title^="Loss Lab"]').scrollIntoViewIfNeeded();
    await expect(frame.locator('#lesson')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(frame.locator('.site-header')).toBeHidden();
    await changeDeltaAndSeeHuberUpdate(frame, '2');
    expect(requests.filter((u) => !u.startsWith(md.url) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'embedding-mkdocs-1280', { fullPage: false });
    expect(problems).toEqual([]);
  });

  test('Moodle / Canvas (docs/embedding.md): a page with only the iframe, on another origin, receives height and progress', async ({ page, problems }) => {
    test.setTimeout(60_000);
    // The LMS page: another origin (its own server; Chromium refuses a local iframe inside a page
    // that page.route made up), no script of its own, only the pasted iframe.
    const src = `${site!.url}node_modules/loss-lab/dist/lesson.html?lesson=regression-losses&embed=1`;
    write(join(project, 'lms'), { 'index.html': lmsPage(src) });
    const lms = await serve(join(project, 'lms'));
    servers.push(lms.server);
    // What an LTI tool or theme plugin would hear (the test listens; the page itself runs nothing).
    await page.addInitScript(() => {
      if (window !== window.top) return;
      const heard: unknown[] = [];
      (window as unknown as { heard: unknown[] }).heard = heard;
      window.addEventListener('message', (event) => heard.push({ origin: event.origin, data: event.data }));
    });
    await page.goto(lms.url);
    const frame = page.frameLocator('iframe');
    await expect(frame.locator('#lesson')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(frame.locator('.site-header')).toBeHidden();
    await changeDeltaAndSeeHuberUpdate(frame, '2');
    const form = frame.locator('form[data-question=delta]');
    await form.scrollIntoViewIfNeeded();
    await form.locator('input[value="mae"]').check();
    await form.getByRole('button', { name: 'Run it and check' }).click();
    type Heard = { origin: string; data: { source?: string; version?: number; type?: string; height?: number; event?: string; detail?: Record<string, unknown> } };
    const heard = () => page.evaluate(() => (window as unknown as { heard: Heard[] }).heard);
    await expect.poll(async () => (await heard()).some((m) => m.data.type === 'progress' && m.data.event === 'question-answered')).toBe(true);
    const messages = (await heard()).filter((m) => m.data?.source === 'loss-lab');
    expect(messages.every((m) => m.data.version === 1 && m.origin === site!.url.replace(/\/$/, ''))).toBe(true);
    // The lesson is taller than the fixed 900 px (it scrolls inside the iframe); its resize
    // messages say by how much.
    const heights = messages.filter((m) => m.data.type === 'resize').map((m) => m.data.height!);
    expect(Math.max(...heights)).toBeGreaterThan(3000);
    const answered = messages.find((m) => m.data.event === 'question-answered')!;
    expect(answered.data.detail).toMatchObject({ schema: 'loss-lab-progress', version: 1, lesson: 'regression-losses', question: 'delta', choice: 'mae' });
    // Its saved work is the iframe origin's, under the lesson's slug.
    expect(await page.evaluate(() => Object.keys(localStorage).length)).toBe(0);
    expect(problems).toEqual([]);
  });

});

/** Writes `files` (path relative to `root` → text), creating folders. */
function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A folder link (kept when a test runs again in the same worker). */
function link(target: string, path: string): void {
  if (!existsSync(path)) symlinkSync(target, path, 'dir');
}

/** Computed styles of a host page's own elements (font, colours, spacing), keyed by selector. */
function pageStyles(page: Page, selectors: string[]): Promise<Record<string, Record<string, string>>> {
  return page.evaluate((list) => {
    const props = ['font-family', 'font-size', 'color', 'background-color', 'line-height', 'margin-top', 'margin-left', 'padding-left', 'box-sizing', 'letter-spacing'];
    const out: Record<string, Record<string, string>> = {};
    for (const selector of list) {
      const node = document.querySelector(selector);
      const style = node ? getComputedStyle(node) : undefined;
      out[selector] = Object.fromEntries(props.map((p) => [p, style ? style.getPropertyValue(p) : 'missing']));
    }
    return out;
  }, selectors);
}
