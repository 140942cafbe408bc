/**
 * The iframe's side of the embedding protocol (docs/embedding.md, "The iframe"), shared by
 * lesson.html and figure.html: every message carries { source: 'loss-lab', version }, the page
 * reports its height whenever it changes, and progress events go to the parent as they happen.
 */
import { PROGRESS_SCHEMA_VERSION } from './progress';

export const inFrame = typeof window !== 'undefined' && window.parent !== window;

export function postToParent(message: Record<string, unknown>): void {
  // Nothing secret is sent, and the embedding origin is unknown in advance: '*' is fine here.
  if (inFrame) window.parent.postMessage({ source: 'loss-lab', version: PROGRESS_SCHEMA_VERSION, ...message }, '*');
}

/** Posts { type: 'resize', height } each time the document's height changes. */
export function reportHeight(): void {
  if (!inFrame || typeof ResizeObserver === 'undefined') return;
  let last = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) {
      last = height;
      postToParent({ type: 'resize', height });
    }
  }).observe(document.body);
}

/** The page's query (an opaque or sandboxed document may have none). */
export function pageQuery(): URLSearchParams {
  try {
    return new URLSearchParams(location.search);
  } catch {
    return new URLSearchParams();
  }
}
