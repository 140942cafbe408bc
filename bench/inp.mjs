// Interaction to Next Paint, as a learner feels it: every range slider and button of a lesson,
// by keyboard (five ArrowRight presses per slider), by pointer (a drag across the whole slider,
// one move per frame) and by click (buttons), measured with the Event Timing API in Chromium.
//   - keyboard and click: one interaction per interactionId, its duration the longest entry of
//     that id (input delay + processing + presentation, as INP counts it);
//   - drag: the slider's 'input' events (pointermove itself is not an Event Timing entry), each
//     an interaction for this report, since each one is a frame the learner waits for;
//   - the longest main-thread task (PerformanceObserver 'longtask') while all this happens.
// Interactions under 16 ms are not reported by Event Timing; they count as "under 16 ms" (0).
// Called by bench/browser.mjs for every lesson.

export const EVENT_PROBE = () => {
  const probe = { events: [], tasks: [], frames: [] };
  globalThis.__inp = probe;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        probe.events.push({
          name: e.name, id: e.interactionId ?? 0, duration: e.duration, start: e.startTime,
          processingStart: e.processingStart, processingEnd: e.processingEnd,
          target: e.target ? (e.target.dataset?.param || e.target.className || e.target.tagName) : '',
        });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.tasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  // Long animation frames (> 50 ms): where a slow interaction's frame went (scripts, then
  // requestAnimationFrame callbacks from renderStart, then style and layout from styleAndLayoutStart).
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        probe.frames.push({
          start: e.startTime, duration: e.duration, renderStart: e.renderStart, styleAndLayoutStart: e.styleAndLayoutStart,
          scripts: e.scripts.map((s) => ({ invoker: s.invoker, duration: s.duration, source: s.sourceFunctionName || s.sourceURL?.split('/').pop() || '' })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
};

const take = (page) => page.evaluate(() => {
  const p = globalThis.__inp;
  const out = { events: p.events.splice(0), tasks: p.tasks.splice(0), frames: p.frames.splice(0) };
  return out;
});

/**
 * One interaction's INP and where it went, from the Event Timing entries that share its next paint:
 *   input delay   from the event's timestamp until its first handler ran (the main thread was busy),
 *   processing    the event handlers (keydown, input, change, click … of that paint),
 *   presentation  from the last handler until the next paint (rAF callbacks, style, layout, paint, commit).
 * Event Timing rounds durations to 8 ms, so the three parts are as exact as that.
 */
function breakdown(entries) {
  const worst = entries.reduce((w, e) => (e.duration > w.duration ? e : w));
  const paint = worst.start + worst.duration;
  const same = entries.filter((e) => Math.abs(e.start + e.duration - paint) <= 8);
  const start = Math.min(...same.map((e) => e.start));
  const processingStart = Math.min(...same.map((e) => e.processingStart));
  const processingEnd = Math.max(...same.map((e) => e.processingEnd));
  return {
    duration: worst.duration,
    input_delay: processingStart - start,
    processing: processingEnd - processingStart,
    presentation: Math.max(0, paint - processingEnd),
    start,
  };
}

/** Interactions from Event Timing entries: keyboard/click grouped by interactionId; drag 'input' events one by one. */
function interactions(events, drag) {
  if (drag) return events.filter((e) => e.name === 'input').map((e) => breakdown([e]));
  const byId = new Map();
  for (const e of events) if (e.id) byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
  return [...byId.values()].map(breakdown);
}

/** The long animation frame that presented an interaction, summarised (undefined when none was over 50 ms). */
function frameOf(frames, interaction) {
  const end = interaction.start + interaction.duration;
  const frame = frames.find((f) => f.start <= end && f.start + f.duration >= interaction.start + interaction.input_delay);
  if (!frame) return undefined;
  const round = (v) => Math.round(v);
  return {
    duration: round(frame.duration),
    scripts_before_render: round(frame.renderStart - frame.start),
    raf: round(frame.styleAndLayoutStart - frame.renderStart),
    style_layout: round(frame.start + frame.duration - frame.styleAndLayoutStart),
    scripts: frame.scripts.filter((s) => s.duration >= 2).map((s) => `${s.invoker} ${Math.round(s.duration)}ms${s.source ? ` ${s.source}` : ''}`),
  };
}

// Polled every 100 ms, not every animation frame (waitForFunction's default): a query in every
// frame is main-thread work in the very page being measured, and showed up as input delay.
const settle = (page) => page.waitForFunction(() => !document.querySelector('#lesson .lab-figure[data-fresh=false]'), null, { timeout: 30_000, polling: 100 }).catch(() => undefined);

async function label(locator) {
  return locator.evaluate((node) => {
    if (node.dataset.param) return node.dataset.param;
    if (node.classList.contains('scrubber')) return 'playback frame';
    const aria = node.getAttribute('aria-label');
    const text = (aria || node.textContent || node.id || 'control').trim().replace(/\s+/g, ' ');
    const figure = node.closest('[data-figure]')?.getAttribute('data-figure');
    return `${text.slice(0, 40)}${figure ? ` (${figure})` : ''}`;
  });
}

const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);

/**
 * Measures one lesson already loaded in `page` (with EVENT_PROBE installed).
 * Returns per-control worst INP, p50/p98/worst over all interactions, and the longest task.
 * `only` (a RegExp on the control's name) measures just those controls, and `kind` ('keyboard',
 * 'drag' or 'click') just that way of using them, for A/B runs (inp-ab.mjs).
 */
export async function measureInp(page, { only, kind } = {}) {
  const controls = [];
  let longestTask = 0;
  await take(page);
  // Event Timing reports only entries of 16 ms or more (its smallest durationThreshold). An
  // interaction that was performed but not reported was faster than that: it counts as 0 here
  // ("under 16 ms"), so that percentiles are over every interaction, not only the slow ones.
  const record = async (name, kind, drag, performed) => {
    await page.waitForTimeout(120);  // let the last paint land, so its entry is reported
    const { events, tasks, frames } = await take(page);
    const reported = interactions(events, drag);
    const durations = [...reported.map((r) => r.duration), ...Array(Math.max(0, performed - reported.length)).fill(0)];
    longestTask = Math.max(longestTask, ...tasks, 0);
    const worst = reported.length ? reported.reduce((w, r) => (r.duration > w.duration ? r : w)) : undefined;
    controls.push({
      control: name, kind, interactions: durations.length, slow: reported.length, worst_ms: Math.max(0, ...durations), durations,
      // Where the worst interaction's time went (ms), and its long animation frame if it had one.
      worst: worst && {
        input_delay: Math.round(worst.input_delay), processing: Math.round(worst.processing), presentation: Math.round(worst.presentation),
        frame: frameOf(frames, worst),
      },
    });
  };

  const sliders = page.locator('#lesson input[type=range]:not([disabled])');
  for (let i = 0; i < (await sliders.count()); i++) {
    const slider = sliders.nth(i);
    if (!(await slider.isVisible())) continue;
    const name = await label(slider);
    if (only && !only.test(name)) continue;
    await slider.scrollIntoViewIfNeeded();
    await settle(page);
    await take(page);
    if (!kind || kind === 'keyboard') {
      await slider.focus();
      for (let k = 0; k < 5; k++) {
        await page.keyboard.press('ArrowRight');
        await page.waitForTimeout(50);
      }
      await record(name, 'keyboard', false, 5);
      await settle(page);
    }
    if (kind && kind !== 'drag') continue;
    const box = await slider.boundingBox();
    if (!box) continue;
    await take(page);
    await slider.evaluate((node) => {
      node.__inputs = 0;
      node.addEventListener('input', () => { node.__inputs++; });
    });
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 2, y);
    await page.mouse.down();
    for (let s = 1; s <= 30; s++) {
      await page.mouse.move(box.x + 2 + ((box.width - 4) * s) / 30, y);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    await record(name, 'drag', true, await slider.evaluate((node) => node.__inputs));
    await settle(page);
  }

  // Buttons a learner presses; not the ones that leave the page or touch the clipboard.
  const buttons = page.locator('#lesson button:not(.small):not(.embed-button):not(.share):not(.restart):not([disabled])');
  for (let i = 0; i < (kind && kind !== 'click' ? 0 : await buttons.count()); i++) {
    const button = buttons.nth(i);
    if (!(await button.isVisible())) continue;
    const name = await label(button);
    if (only && !only.test(name)) continue;
    await button.scrollIntoViewIfNeeded();
    await settle(page);
    await take(page);
    await button.click();
    await record(name, 'click', false, 1);
    // A Play button keeps playing: stop it so the next control is measured on its own.
    if ((await button.getAttribute('aria-pressed')) === 'true') await button.click();
    await settle(page);
  }

  const all = controls.flatMap((c) => c.durations).sort((a, b) => a - b);
  const worst = controls.reduce((w, c) => (c.worst_ms > w.worst_ms ? c : w), { control: '-', kind: '-', worst_ms: 0 });
  return {
    interactions: all.length,
    p50_ms: quantile(all, 0.5),
    p98_ms: quantile(all, 0.98),
    worst_ms: worst.worst_ms,
    worst_control: `${worst.control} (${worst.kind})`,
    worst_parts: worst.worst,
    longest_task_ms: longestTask,
    controls: controls.map(({ durations, ...c }) => c),
  };
}
