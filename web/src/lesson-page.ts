/**
 * lesson.html?lesson=<slug>[&embed=1][&state…]: the lesson page. With embed=1 the site chrome is
 * hidden, and the page reports its height and progress to the parent window by postMessage so a
 * course platform can size the iframe and record progress.
 */
import 'katex/dist/katex.min.css';
import { pageQuery, postToParent, reportHeight } from './parent-frame';
import { progressDetail } from './progress';
import { lessonQuery, mountLesson, renderError } from './runtime';
import './styles.css';
import { adoptLessonStyles } from './styles';

// A lesson's own stylesheet (web/lessons/<slug>/*.css) applies to this whole page.
adoptLessonStyles(document);

const params = pageQuery();
const embedded = params.get('embed') === '1';
const host = document.getElementById('lesson')!;
if (embedded) document.documentElement.classList.add('embed');
if (embedded) reportHeight();

// The state goes into the URL when the page is quiet: once neither the state, nor the input (a
// key, a press, an input event), nor a figure's computation has changed for URL_QUIET_MS, in an
// idle moment. Never inside an input handler, never while a drag, a held key, playback or a
// computation goes on. In Chromium a replaceState makes the browser update its address bar and
// history entry, and the page's next frames are presented late (150 to 550 ms in the INP
// benchmark, headless; bench/inp-ab.mjs, against a build with no URL writes at all): written at
// once on a slider's first key press, the old rule made that press the slowest interaction of the
// lesson. "Copy link" encodes the state itself and saved work restores it, so an address bar that
// catches up a second after the page settles loses nothing.
const URL_QUIET_MS = 1000;
let pendingUrl: string | undefined;
let urlTimer: ReturnType<typeof setTimeout> | undefined;
let lastActivity = 0;
const whenIdle = (fn: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 250 }) : setTimeout(fn, 0));
const flushUrl = () => {
  clearTimeout(urlTimer);
  urlTimer = undefined;
  // A document replaced in place (document.open) keeps this window's timers: write only for the lesson.
  if (pendingUrl !== undefined && pendingUrl !== location.search && host.isConnected) history.replaceState(null, '', pendingUrl);
  pendingUrl = undefined;
};
const checkUrl = () => {
  const wait = lastActivity + URL_QUIET_MS - performance.now();
  if (wait > 0) urlTimer = setTimeout(checkUrl, wait);
  else whenIdle(() => (performance.now() - lastActivity >= URL_QUIET_MS ? flushUrl() : checkUrl()));
};
const writeUrl = (url: string) => {
  pendingUrl = url;
  lastActivity = performance.now();
  if (urlTimer === undefined) urlTimer = setTimeout(checkUrl, URL_QUIET_MS);
};
const active = () => { if (pendingUrl !== undefined) lastActivity = performance.now(); };
for (const type of ['keydown', 'pointerdown', 'input']) addEventListener(type, active, { capture: true, passive: true });
// A figure starts or finishes a computation (its data-fresh flips): the page is not quiet yet.
new MutationObserver(active).observe(host, { subtree: true, attributes: true, attributeFilter: ['data-fresh'] });
addEventListener('pagehide', () => { if (pendingUrl !== undefined) flushUrl(); });

void mountLesson(host, {
  slug: params.get('lesson'),
  source: params,
  mode: embedded ? 'embed' : 'page',
  emit: (type, detail) => {
    const event = progressDetail(type, detail);
    postToParent({ type: 'progress', event: type, detail: event });
    host.dispatchEvent(new CustomEvent('loss-lab:progress', { bubbles: true, detail: event }));
  },
  onState: (encoded) => {
    const slug = host.dataset.lesson;
    if (!slug) return;
    writeUrl(lessonQuery(slug, encoded, embedded));
  },
}).then((mounted) => {
  if (mounted) document.title = `${mounted.lesson.meta.title} · Loss Lab`;
}).catch((error: Error) => renderError(host, `Loss Lab could not start: ${error.message}`));
