// node bench/profile.mjs <lesson-slug> [seconds]: where the main thread's time goes while a lesson
// animates. Serves dist/ (npm run build first), clicks the lesson's first Play button, records a
// CPU profile through the DevTools protocol, and prints the functions with the most self time
// (and the share of idle time). A developer's tool for the browser benchmark's frame-time target.
import path from 'node:path';
import { launchChromium, serveDist } from './dist-server.mjs';

const [slug = 'optimizers', seconds = '4'] = process.argv.slice(2);

const { server, base } = await serveDist();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}lesson.html?lesson=${slug}`, { waitUntil: 'networkidle' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.locator('button.play').first().click();
  await page.waitForTimeout(Number(seconds) * 1000);
  const { profile } = await cdp.send('Profiler.stop');
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const us = dt.get(node.id) ?? 0;
    total += us;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'}  ${f.url ? path.basename(f.url) : ''}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + us);
  }
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`${slug}: ${(total / 1e3).toFixed(0)} ms sampled over ${seconds} s of animation; top self time:`);
  for (const [key, us] of rows) console.log(`${(us / 1e3).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
} finally {
  await browser.close();
  server.close();
}
