// Issue 17: the installable package. `npm pack` of this repository (after the build) is installed
// into a fresh temporary project, which then
//   1. builds a Vite page that does `import 'loss-lab/element'` (Vite from this repo's node_modules),
//   2. serves a plain HTML page with <script type="module" src="./node_modules/loss-lab/dist/loss-lab-lesson.js">,
// and both run a lesson in Chromium under the strict CSP: the worker, the wasm and the styles
// resolve relative to the script, not to the page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { expect, screenshot, test } from './fixtures';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.woff2': 'font/woff2', '.svg': 'image/svg+xml', '.json': 'application/json',
};

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
<loss-lab-lesson id="vite-lesson" lesson="regression-losses" delta="2" loading="eager"></loss-lab-lesson>
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
<loss-lab-lesson id="plain-lesson" lesson="focal-loss" loading="eager"></loss-lab-lesson>
<loss-lab-figure id="plain-figure" figure="regression-losses/pull" controls="none" loading="eager"></loss-lab-figure>
</main></body></html>`);
    site = await serve(project);
  });

  test.afterAll(() => {
    site?.server.close();
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
  });

  test('a Vite project that imports loss-lab/element runs a lesson', async ({ page, problems }) => {
    await page.goto(`${site!.url}dist/index.html`);
    const lesson = page.locator('#vite-lesson');
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
    const lesson = page.locator('#plain-lesson');
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
});
