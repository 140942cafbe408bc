import http from 'node:http'; import fs from 'node:fs'; import path from 'node:path';
import { chromium } from 'playwright-core';
const DIST = path.resolve('dist');
const server = http.createServer((req, res) => { const u = new URL(req.url, 'http://x'); let f = path.join(DIST, decodeURIComponent(u.pathname)); if (fs.existsSync(f) && fs.statSync(f).isDirectory()) f = path.join(f, 'index.html'); if (!fs.existsSync(f)) return res.writeHead(404).end(); res.writeHead(200, { 'content-type': { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' }[path.extname(f)] ?? 'application/octet-stream' }); fs.createReadStream(f).pipe(res); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const [slug, sel, out, query = ''] = process.argv.slice(2);
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
await page.goto(`http://127.0.0.1:${server.address().port}/lesson.html?lesson=${slug}${query}`, { waitUntil: 'networkidle' });
await page.waitForTimeout(500);
const el = page.locator(sel).first();
if (process.argv[6] === 'play') { await el.locator('button.play').first().click(); await page.waitForTimeout(2500); }
await el.screenshot({ path: out });
await browser.close(); server.close();
