/**
 * figure.html?figure=<lesson>/<figure>[&controls=…][&state…]: one figure, full page, for slides
 * and course platforms that only take an iframe. The query is validated as a lesson link is; in
 * an iframe the page reports its height and progress to the parent as lesson.html does.
 */
import 'katex/dist/katex.min.css';
import { mountFigure } from './figure-runtime';
import { pageQuery, postToParent, reportHeight } from './parent-frame';
import { progressDetail } from './progress';
import { renderError } from './runtime';
import './styles.css';
import { adoptLessonStyles } from './styles';

adoptLessonStyles(document);

const params = pageQuery();
const host = document.getElementById('figure')!;
reportHeight();
const source = new URLSearchParams(params);
for (const own of ['figure', 'controls', 'embed']) source.delete(own);

void mountFigure(host, {
  ref: params.get('figure'),
  source,
  mode: 'page',
  controls: params.get('controls'),
  emit: (type, detail) => {
    const event = progressDetail(type, detail);
    postToParent({ type: 'progress', event: type, detail: event });
    host.dispatchEvent(new CustomEvent('loss-lab:progress', { bubbles: true, detail: event }));
  },
}).then((mounted) => {
  if (mounted) document.title = `${mounted.figure.caption} · Loss Lab`;
}).catch((error: Error) => renderError(host, `Loss Lab could not start: ${error.message}`));
