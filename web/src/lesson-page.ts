/**
 * lesson.html?lesson=<slug>[&embed=1][&state…]: the lesson page. With embed=1 the site chrome is
 * hidden, and the page reports its height and progress to the parent window by postMessage so a
 * course platform can size the iframe and record progress.
 */
import { mountLesson, renderError } from './runtime';

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
  if (inFrame) window.parent.postMessage({ source: 'loss-lab', ...message }, '*');
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

void mountLesson(host, {
  slug: params.get('lesson'),
  source: params,
  mode: embedded ? 'embed' : 'page',
  emit: (type, detail) => {
    post({ type: 'progress', event: type, detail });
    host.dispatchEvent(new CustomEvent('loss-lab:progress', { bubbles: true, detail: { type, ...detail } }));
  },
  onState: (encoded) => {
    const slug = host.dataset.lesson;
    if (!slug) return;
    const url = `?lesson=${encodeURIComponent(slug)}${embedded ? '&embed=1' : ''}&${encoded}`;
    if (url !== location.search) history.replaceState(null, '', url);
  },
}).then((mounted) => {
  if (mounted) document.title = `${mounted.lesson.meta.title} · Loss Lab`;
}).catch((error: Error) => renderError(host, `Loss Lab could not start: ${error.message}`));
