// Shared by the browser benchmark (browser.mjs) and the profiler (profile.mjs): a small static
// server for dist/ on a free local port, and Debian's headless Chromium through playwright-core.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.txt': 'text/plain',
};

/** Serves dist/ (or another build folder, for A/B runs) on 127.0.0.1; resolves to the server and its base URL. */
export async function serveDist(dir = DIST) {
  const root = path.resolve(dir);
  if (!fs.existsSync(path.join(root, 'index.html'))) throw new Error(`${path.relative(ROOT, root) || root}/ is missing: run npm run build first`);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root)) return res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

/**
 * Whether the benchmarks drive a headed Chromium (on the X display that scripts/bench.sh starts
 * with xvfb-run) rather than a headless one. Headless Chromium presents a frame only when it has
 * new pixels, and Event Timing waits for that presentation: five key presses on the optimizers'
 * `steps` slider, with no main-thread task over 40 ms in a trace, were reported as 290-540 ms
 * interactions, each ending when the next control's first key press made a frame. Headed, the
 * same walk's worst was 64 ms. So INP is measured headed whenever a display is available.
 */
export const headed = process.env.LOSSLAB_HEADED === '1' && Boolean(process.env.DISPLAY);

/** Chromium as the benchmarks use it (CHROMIUM_PATH overrides /usr/bin/chromium): headed when `headed`. */
export function launchChromium() {
  return chromium.launch({
    headless: !headed,
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
