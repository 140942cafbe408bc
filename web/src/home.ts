// The home page: the lesson index. One card per lesson in web/lessons/index.ts, each with a small
// live figure computed by the wasm core.
import { lessonSlugs, loadLesson } from '../lessons/index';
import { el } from '../ui/dom';
import { getEngine } from './lab';
import './styles.css';
import { adoptLessonStyles } from './styles';

adoptLessonStyles(document);

async function main(): Promise<void> {
  const list = document.getElementById('lesson-index')!;
  const info = document.getElementById('build-info')!;
  try {
    const lab = await getEngine();
    info.textContent = `wasm core v${lab.build.version}, ${lab.build.simd ? 'SIMD128 build' : 'scalar build'}`;
    info.dataset.simd = String(lab.build.simd);
    const lessons = await Promise.all(lessonSlugs.map((slug) => loadLesson(slug)));
    list.replaceChildren();
    for (const lesson of lessons) {
      if (!lesson) continue;
      const { slug, title, promise, minutes } = lesson.meta;
      const headingId = `card-${slug}`;
      const preview = el('div', { class: 'card-preview', 'data-preview': slug });
      const card = el('li', { class: 'lesson-card', 'aria-labelledby': headingId },
        el('h3', { id: headingId }, el('a', { href: `lesson.html?lesson=${slug}` }, title)),
        el('p', {}, promise),
        preview,
        el('p', { class: 'card-meta' }, `About ${minutes} minutes`));
      list.append(card);
      Promise.resolve()
        .then(() => lesson.preview?.(preview, lab))
        .catch((error: Error) => { preview.textContent = `Preview unavailable: ${error.message}`; });
    }
    list.dataset.state = 'ready';
  } catch (error) {
    list.dataset.state = 'error';
    list.replaceChildren(el('li', { class: 'notice', role: 'alert' }, `The wasm core could not be loaded: ${(error as Error).message}`));
    info.textContent = 'not loaded';
  }
}

void main();
