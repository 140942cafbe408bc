// Writes dist/downloads/<slug>.html for every lesson folder: one self-contained HTML file
// (module script, stylesheet, base64 wasm) that works offline from file://. Its CSP allows
// exactly the inlined script and style by hash, plus wasm compilation.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const single = join(root, 'build/single');
const js = readFileSync(join(single, 'single.js'), 'utf8');
const cssFile = readdirSync(single).find((f) => f.endsWith('.css'));
// KaTeX lists woff2, woff and ttf for each font; every browser that runs wasm reads woff2, so the
// other two are dropped to keep the file small.
const css = (cssFile ? readFileSync(join(single, cssFile), 'utf8') : '')
  .replace(/,\s*url\(data:font\/(woff|ttf)[^)]*\)\s*format\("(woff|truetype)"\)/g, '');
const wasm = readFileSync(join(root, 'web/engine/generated/losslab.wasm')).toString('base64');

const index = readFileSync(join(root, 'web/lessons/index.ts'), 'utf8');
const slugs = [...index.matchAll(/^\s*'([a-z0-9-]+)':\s*\(\)\s*=>\s*import\(/gm)].map((m) => m[1]);
if (!slugs.length) throw new Error('no lessons found in web/lessons/index.ts');

const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
// A literal "</script" inside the bundle would end the inline script early.
const safeJs = js.replace(/<\/script/gi, '<\\/script');
const csp = [
  "default-src 'none'",
  `script-src ${hash(safeJs)} 'wasm-unsafe-eval'`,
  `style-src ${hash(css)}`,
  'font-src data:',
  'img-src data: blob:',
  // The engine's worker: a classic script inlined into the bundle and started from a blob URL
  // (a module worker from blob: fails on file:// pages; ../shared/TOOLCHAIN.md).
  'worker-src blob:',
].join('; ');

mkdirSync(join(root, 'dist/downloads'), { recursive: true });
for (const slug of slugs) {
  const meta = readFileSync(join(root, `web/lessons/${slug}/lesson.ts`), 'utf8');
  // The lesson's own title, inside defineLesson's meta (chart titles elsewhere in the file are not it).
  const title = (meta.match(/meta:\s*\{[^}]*?title:\s*'([^']+)'/s) ?? [, slug])[1];
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${title} · Loss Lab (offline copy)</title>
<style>${css}</style>
<script type="application/octet-stream" id="loss-lab-wasm">${wasm}</script>
<script type="module">${safeJs}</script>
</head>
<body>
<main class="lesson-main" id="lesson"><loss-lab-lesson lesson="${slug}" data-single></loss-lab-lesson></main>
</body>
</html>
`;
  const out = join(root, `dist/downloads/${slug}.html`);
  writeFileSync(out, html);
  console.log(`single-file lesson: ${out} (${(html.length / 1024).toFixed(0)} KB)`);
}
if (!existsSync(join(root, 'dist/downloads'))) process.exit(1);
