// node bench/draws.mjs [lesson ...] [--kind keyboard|drag|click]
// Which figures draw slowly while a learner uses a lesson: runs the INP walk of inp.mjs over each
// lesson (every slider and button) and lists, per figure, how many draws took over 12 ms and
// their median and longest (the framework reports them to window.__lossLabSlowDraws when a page
// sets it). A figure draw is main-thread work inside an animation frame, so a long one delays
// the next paint of whatever the learner just did. Prints the slow controls (INP over 50 ms) too.
import { launchChromium, serveDist } from './dist-server.mjs';
import { EVENT_PROBE, measureInp } from './inp.mjs';

const args = process.argv.slice(2);
const kindAt = args.indexOf('--kind');
const kind = kindAt >= 0 ? args.splice(kindAt, 2)[1] : undefined;
const lessons = args.length ? args : ['regression-losses', 'focal-loss', 'label-smoothing', 'optimizers', 'lr-schedules', 'loss-vs-metric', 'regularisation', 'prediction-intervals', 'contrastive'];
const server = await serveDist('dist');
const browser = await launchChromium();
try {
  for (const slug of lessons) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(EVENT_PROBE);
    await page.addInitScript(() => { globalThis.__lossLabSlowDraws = []; });
    await page.goto(`${server.base}lesson.html?lesson=${slug}`, { waitUntil: 'networkidle' });
    const inp = await measureInp(page, { kind });
    console.log(`## ${slug}: INP worst ${inp.worst_ms} ms (${inp.worst_control}), p50 ${inp.p50_ms} ms`);
    for (const c of inp.controls) if (c.worst_ms > 50) console.log(`  slow control: ${c.control} (${c.kind}) ${c.worst_ms} ms ${JSON.stringify(c.worst)}`);
    const byFigure = new Map();
    for (const [name, ms] of await page.evaluate(() => globalThis.__lossLabSlowDraws)) byFigure.set(name, [...(byFigure.get(name) ?? []), ms]);
    for (const [name, times] of byFigure) {
      const sorted = times.sort((a, b) => a - b);
      console.log(`  figure ${name}: ${sorted.length} draws over 12 ms, median ${sorted[sorted.length >> 1]} ms, longest ${sorted.at(-1)} ms`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.server.close();
}
