// An instructor's page of 12 <loss-lab-figure> elements (issue 23), scrolled as a reader does:
// wheel steps of 300 px every 120 ms from top to bottom, and, as each figure comes into view,
// three ArrowRight presses on its first slider. Reports, in one run on this machine:
//   - INP over those key presses (Event Timing: p50, p98, worst, with the worst figure named);
//   - the longest main-thread task and the p95 frame time while scrolling;
//   - how many figures had started their engine work when the reader reached them.
// Usage: node bench/figures-scroll.mjs  (needs dist/: npm run build)
import { EVENT_PROBE } from './inp.mjs';
import { launchChromium, serveDist } from './dist-server.mjs';

const REFS = ['focal-loss/factor', 'regression-losses/pull', 'label-smoothing/target', 'loss-vs-metric/proper',
  'prediction-intervals/pinball', 'regularisation/geometry'];
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; worker-src 'self' blob:; img-src 'self' data: blob:";

const page12 = () => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}"><title>12 figures</title>
<script type="module" src="/loss-lab-figure.js"></script></head><body><main>
${Array.from({ length: 12 }, (_, i) => `<section><h2>Section ${i + 1}</h2><p>${'An instructor\u2019s paragraph. '.repeat(30)}</p>
<loss-lab-figure id="f${i}" figure="${REFS[i % REFS.length]}"></loss-lab-figure></section>`).join('\n')}
</main></body></html>`;

const FRAMES = () => {
  const f = { deltas: [], tasks: [], last: 0, on: true };
  globalThis.__frames = f;
  const tick = (t) => { if (f.last) f.deltas.push(t - f.last); f.last = t; if (f.on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) f.tasks.push(e.duration); }).observe({ type: 'longtask', buffered: true }); } catch {}
};

const q = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0);

async function main() {
  const { server, base } = await serveDist();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.route('**/bench-12-figures.html', (route) => route.fulfill({ contentType: 'text/html', body: page12() }));
    await page.addInitScript(EVENT_PROBE);
    await page.addInitScript(FRAMES);
    await page.goto(`${base}bench-12-figures.html`, { waitUntil: 'networkidle' });
    await page.mouse.move(640, 450);
    const pressed = new Set();
    const startedWhenReached = [];
    const owner = {};
    for (let step = 0; step < 400; step++) {
      await page.mouse.wheel(0, 300);
      await page.waitForTimeout(120);
      // Figures whose first slider is now on screen: press it like a reader trying it out.
      const visible = await page.evaluate(() => [...document.querySelectorAll('loss-lab-figure')].map((el) => {
        const r = el.getBoundingClientRect();
        return { id: el.id, on: r.top < innerHeight * 0.6 && r.bottom > innerHeight * 0.2, started: !!el.shadowRoot?.querySelector('figure.lab-figure[data-fresh]') };
      }));
      for (const v of visible) {
        if (!v.on || pressed.has(v.id)) continue;
        pressed.add(v.id);
        startedWhenReached.push(v.started);
        const slider = page.locator(`#${v.id} input[type=range]`).first();
        if (await slider.count()) {
          await page.waitForFunction((id) => document.getElementById(id)?.getAttribute('data-state') === 'ready', v.id, { timeout: 30000 }).catch(() => {});
          await slider.focus();
          const before = await page.evaluate(() => performance.now());
          for (let k = 0; k < 3; k++) { await page.keyboard.press('ArrowRight'); await page.waitForTimeout(250); }
          owner[v.id] = before;
        }
      }
      const atEnd = await page.evaluate(() => innerHeight + scrollY >= document.body.scrollHeight - 2);
      if (atEnd && pressed.size === 12) break;
    }
    await page.waitForTimeout(1500);
    const probe = await page.evaluate(() => {
      const f = globalThis.__frames; f.on = false;
      return { events: globalThis.__inp.events, deltas: f.deltas, tasks: f.tasks };
    });
    const byId = new Map();
    for (const e of probe.events) if (e.id) byId.set(e.id, Math.max(byId.get(e.id) ?? 0, e.duration));
    // Key presses that Event Timing did not report took under 16 ms: count them as 0.
    const presses = pressed.size * 3;
    const inp = [...byId.values(), ...Array(Math.max(0, presses - byId.size)).fill(0)].sort((a, b) => a - b);
    const worstEvent = probe.events.reduce((w, e) => (e.duration > (w?.duration ?? -1) ? e : w), undefined);
    let worstFigure = '';
    if (worstEvent) for (const [id, t] of Object.entries(owner)) if (t <= worstEvent.start) worstFigure = id;
    const deltas = probe.deltas.sort((a, b) => a - b);
    const figureOf = (id) => REFS[Number(id.slice(1)) % REFS.length];
    console.log('12-figure page (issue 23), scrolled by wheel, three key presses per figure as it comes into view:');
    console.log(`  figures reached: ${pressed.size}/12; engine work already started when reached: ${startedWhenReached.filter(Boolean).length}/${startedWhenReached.length}`);
    console.log(`  INP over ${inp.length} key presses: p50 ${q(inp, 0.5)} ms, p98 ${q(inp, 0.98)} ms, worst ${inp.at(-1) ?? 0} ms${worstFigure ? ` (${figureOf(worstFigure)})` : ''}`);
    console.log(`  while scrolling: p95 frame ${q(deltas, 0.95).toFixed(1)} ms over ${deltas.length} frames; longest task ${Math.max(0, ...probe.tasks)} ms (${probe.tasks.length} tasks >= 50 ms)`);
    if (errors.length) console.log(`  page errors: ${errors.join(' | ')}`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
