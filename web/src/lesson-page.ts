/**
 * lesson.html?lesson=<slug>[&embed=1][&state…]: the lesson page. With embed=1 the site chrome is
 * hidden, and the page reports its height and progress to the parent window by postMessage so a
 * course platform can size the iframe and record progress.
 */
import 'katex/dist/katex.min.css';
import { PROGRESS_SCHEMA_VERSION, progressDetail } from './progress';
import { lessonQuery, mountLesson, renderError } from './runtime';
import './styles.css';
import { adoptLessonStyles } from './styles';

// A lesson's own stylesheet (web/lessons/<slug>/*.css) applies to this whole page.
adoptLessonStyles(document);

const params = (() => {
  try {
    return new URLSearchParams(location.search);
  } catch {
    return new URLSearchParams();
  }
})();
const embedded = params.get('embed') === '1';
const inFrame = window.parent !== window;
const host = document.getElementById('lesson')!;
if (embedded) document.documentElement.classList.add('embed');

function post(message: Record<string, unknown>): void {
  // Nothing secret is sent, and the embedding origin is unknown in advance: '*' is fine here.
  // Every message carries the schema version (docs/embedding.md, "Events").
  if (inFrame) window.parent.postMessage({ source: 'loss-lab', version: PROGRESS_SCHEMA_VERSION, ...message }, '*');
}

if (embedded && inFrame && typeof ResizeObserver !== 'undefined') {
  let last = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) {
      last = height;
      post({ type: 'resize', height });
    }
  }).observe(document.body);
}

// The state goes into the URL once it has been still for URL_SETTLE_MS (at the latest every
// URL_MAX_WAIT_MS while it keeps changing, as during playback), in an idle moment: never inside an
// input handler or the frame that shows its result. A replaceState makes the browser update its
// address bar and history entry, and Chromium then presents the page's next frame late: written at
// once on a slider's first key press, it cost that interaction ~190 ms of presentation delay in the
// INP benchmark (bench/inp-ab.mjs, "How optimizers move", the steps slider).
const URL_SETTLE_MS = 300;
const URL_MAX_WAIT_MS = 2000;
let pendingUrl: string | undefined;
let urlTimer: ReturnType<typeof setTimeout> | undefined;
let lastChange = 0;
let firstPending = 0;
const whenIdle = (fn: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 250 }) : setTimeout(fn, 0));
const flushUrl = () => {
  clearTimeout(urlTimer);
  urlTimer = undefined;
  if (pendingUrl !== undefined && pendingUrl !== location.search) history.replaceState(null, '', pendingUrl);
  pendingUrl = undefined;
};
const checkUrl = () => {
  const now = performance.now();
  const wait = Math.min(lastChange + URL_SETTLE_MS, firstPending + URL_MAX_WAIT_MS) - now;
  if (wait > 0) urlTimer = setTimeout(checkUrl, wait);
  else whenIdle(flushUrl);
};
const writeUrl = (url: string) => {
  const now = performance.now();
  if (pendingUrl === undefined) firstPending = now;
  pendingUrl = url;
  lastChange = now;
  if (urlTimer === undefined) urlTimer = setTimeout(checkUrl, URL_SETTLE_MS);
};
addEventListener('pagehide', () => { if (pendingUrl !== undefined) flushUrl(); });

void mountLesson(host, {
  slug: params.get('lesson'),
  source: params,
  mode: embedded ? 'embed' : 'page',
  emit: (type, detail) => {
    const event = progressDetail(type, detail);
    post({ type: 'progress', event: type, detail: event });
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
