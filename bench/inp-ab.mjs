// node bench/inp-ab.mjs --a dist-base --b dist [--lessons optimizers,lr-schedules] [--only steps|lr_]
//                      [--reps 3] [--kind keyboard]
// Interaction to Next Paint of two builds of the site, A/B and interleaved: each repetition
// measures every chosen lesson in A then B (B then A on odd repetitions) in the same browser, so a
// change in machine load hits both alike. Prints, per control and kind, the median over the
// repetitions of the control's worst interaction, split into input delay, processing and
// presentation delay (inp.mjs), for A and B. For work on INP: on a loaded machine absolute
// figures are inflated; compare A with B, never with a figure from another run.
import path from 'node:path';
import { ROOT, launchChromium, serveDist } from './dist-server.mjs';
import { EVENT_PROBE, measureInp } from './inp.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1] === undefined || all[i + 1].startsWith('--') ? 'true' : all[i + 1]]);
  return pairs;
}, []));
const dirs = { A: path.resolve(ROOT, args.a ?? 'dist-base'), B: path.resolve(ROOT, args.b ?? 'dist') };
const reps = Number(args.reps ?? 3);
const only = args.only ? new RegExp(args.only) : undefined;
const kind = args.kind;

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

const servers = {};
for (const [variant, dir] of Object.entries(dirs)) servers[variant] = await serveDist(dir);
const browser = await launchChromium();
const rows = new Map();  // `${lesson}\t${control}\t${kind}` → { A: [...], B: [...] }
try {
  let lessons = args.lessons?.split(',');
  if (!lessons) {
    const home = await browser.newPage();
    await home.goto(servers.B.base, { waitUntil: 'networkidle' });
    const hrefs = await home.$$eval('a[href*="lesson.html?lesson="]', (as) => as.map((a) => a.getAttribute('href')));
    await home.close();
    lessons = [...new Set(hrefs.map((h) => new URL(h, servers.B.base).searchParams.get('lesson')))];
  }
  for (let rep = 0; rep < reps; rep++) {
    for (const slug of lessons) {
      for (const variant of rep % 2 ? ['B', 'A'] : ['A', 'B']) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.addInitScript(EVENT_PROBE);
        await page.goto(`${servers[variant].base}lesson.html?lesson=${slug}`, { waitUntil: 'networkidle' });
        const inp = await measureInp(page, { only, kind });
        await page.close();
        for (const c of inp.controls) {
          if (kind && c.kind !== kind) continue;
          const key = `${slug}\t${c.control}\t${c.kind}`;
          if (!rows.has(key)) rows.set(key, { A: [], B: [] });
          rows.get(key)[variant].push(c);
        }
        console.error(`rep ${rep + 1}/${reps} ${slug} ${variant}: worst ${inp.worst_ms} ms (${inp.worst_control})`);
      }
    }
  }
} finally {
  await browser.close();
  for (const s of Object.values(servers)) s.server.close();
}

const part = (list, key) => median(list.map((c) => c.worst?.[key] ?? 0)).toFixed(0);
const cell = (list) => (list.length
  ? `${median(list.map((c) => c.worst_ms)).toFixed(0).padStart(4)} (${part(list, 'input_delay')}/${part(list, 'processing')}/${part(list, 'presentation')})`
  : '   -').padEnd(18);
console.log(`\nINP A/B, ${reps} repetition(s), interleaved: median of each control's worst interaction, ms (input delay/processing/presentation)`);
console.log(`A = ${path.relative(ROOT, dirs.A)}, B = ${path.relative(ROOT, dirs.B)}`);
console.log(`${'lesson'.padEnd(18)} ${'control'.padEnd(34)} ${'kind'.padEnd(8)} ${'A'.padEnd(18)} B`);
for (const [key, { A, B }] of rows) {
  const [slug, control, k] = key.split('\t');
  console.log(`${slug.padEnd(18)} ${control.slice(0, 34).padEnd(34)} ${k.padEnd(8)} ${cell(A)} ${cell(B)}`);
}
if (args.frames) {
  console.log('\nLong animation frames of the worst interactions (B):');
  for (const [key, { B }] of rows) for (const c of B) if (c.worst?.frame) console.log(key.replace(/\t/g, ' | '), JSON.stringify(c.worst.frame));
}
