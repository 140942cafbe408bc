// A course platform's side of the integration: size the iframe from its resize messages and
// record progress events from both the iframe (postMessage) and the custom element (DOM events).
const log = document.getElementById('progress-log');
const frame = document.getElementById('frame-lesson');

function record(origin, detail) {
  const item = document.createElement('li');
  item.dataset.origin = origin;
  item.dataset.type = detail.type ?? detail.event;
  item.textContent = `${origin}: ${JSON.stringify(detail)}`;
  log.append(item);
}

window.addEventListener('message', (event) => {
  // Only messages from our own iframe, in the lab's format, schema version 1 (docs/embedding.md).
  if (event.source !== frame.contentWindow || typeof event.data !== 'object' || event.data?.source !== 'loss-lab') return;
  if (event.data.version !== 1) return;
  if (event.data.type === 'resize' && Number.isFinite(event.data.height)) {
    frame.style.height = `${Math.min(20000, Math.max(200, event.data.height))}px`;
    frame.dataset.resized = String(event.data.height);
  } else if (event.data.type === 'progress') {
    record('iframe', { type: event.data.event, ...event.data.detail });
  }
});

document.addEventListener('loss-lab:progress', (event) => record('element', event.detail));

// The themed lesson's palette follows the menu through its theme attribute (live: no reload).
const themed = document.getElementById('themed-lesson');
document.getElementById('theme-choice').addEventListener('change', (event) => {
  if (event.target.value) themed.setAttribute('theme', event.target.value);
  else themed.removeAttribute('theme');
});
