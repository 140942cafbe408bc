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

// The state goes into the URL at most every URL_INTERVAL_MS, the last one always: an animation
// changes the state every frame, and replaceState costs ~0.7 ms each (a dropped frame in ten).
const URL_INTERVAL_MS = 200;
let pendingUrl: string | undefined;
let urlTimer: ReturnType<typeof setTimeout> | undefined;
let lastUrlWrite = -Infinity;
const flushUrl = () => {
  urlTimer = undefined;
  if (pendingUrl !== undefined && pendingUrl !== location.search) history.replaceState(null, '', pendingUrl);
  pendingUrl = undefined;
  lastUrlWrite = performance.now();
};
const writeUrl = (url: string) => {
  pendingUrl = url;
  if (urlTimer !== undefined) return;
  const wait = lastUrlWrite + URL_INTERVAL_MS - performance.now();
  if (wait <= 0) flushUrl();
  else urlTimer = setTimeout(flushUrl, wait);
};
addEventListener('pagehide', () => { if (urlTimer !== undefined) { clearTimeout(urlTimer); flushUrl(); } });

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
