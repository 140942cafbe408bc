/**
 * figures.html: every figure of every lesson in the lesson index (web/lessons/index.ts, so a new
 * lesson appears here by itself), each live as a <loss-lab-figure> that starts when it nears the
 * viewport, with its caption, the parameters it reads and their ranges (from the lesson's
 * parameter table), and a "Copy embed snippet" button that gives the figure's current state as an
 * element and as an iframe URL. The search box filters by loss, optimizer and concept: it matches
 * every word against the lesson's title, the figure's caption and its parameters' names, labels
 * and options (the losses and optimizers a figure can show are options of its parameters).
 */
import { lessonSlugs, loadLesson } from '../lessons/index';
import type { FigureInfo, Lesson } from '../lessons/types';
import { encodeState, encodeValue, type ParamSpec, type StateValues } from '../state/params';
import { el, scrollRegion } from '../ui/dom';
import { defineFigureElement, type LossLabFigureElement } from './figure-element';
import { figureSnippets } from './figure-runtime';
import './styles.css';
import { adoptLessonStyles } from './styles';

adoptLessonStyles(document);
defineFigureElement();

function rangeText(p: ParamSpec): string {
  switch (p.type) {
    case 'number': return `${p.min} to ${p.max} (step ${p.step})`;
    case 'integer': return `whole numbers, ${p.min} to ${p.max}`;
    case 'boolean': return '1 (on) or 0 (off)';
    case 'choice': return `one of ${p.options.join(', ')}`;
    case 'set': return `any of ${p.options.join(', ')}, joined by “.”`;
    case 'tuples': return `up to ${p.maxRows} rows of ${p.columns.map((c) => c.name).join('_')}, joined by “~”`;
  }
}

function paramTable(lesson: Lesson, figure: FigureInfo, ref: string): HTMLElement {
  const rows = figure.params.map((name) => lesson.params.find((p) => p.name === name)!);
  if (!rows.length) return el('p', { class: 'figure-params-none' }, 'This figure has no settings: it shows the same thing in every state.');
  const body = el('tbody');
  for (const p of rows) {
    const initial = encodeValue(p, p.default);
    body.append(el('tr', {}, el('th', { scope: 'row' }, el('code', {}, p.name)), el('td', {}, p.label), el('td', {}, rangeText(p)), el('td', {}, initial === '' ? '(none)' : initial)));
  }
  return scrollRegion(`Settings of ${ref}`, el('table', { class: 'figure-params' },
    el('caption', {}, 'Settings (attributes of the element, parameters of the iframe URL)'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'name'), el('th', { scope: 'col' }, 'meaning'), el('th', { scope: 'col' }, 'range'), el('th', { scope: 'col' }, 'default'))),
    body));
}

/** The words a search matches for one figure. */
function searchText(lesson: Lesson, figure: FigureInfo): string {
  const words = [lesson.meta.title, lesson.meta.slug, figure.name, figure.caption];
  for (const name of figure.params) {
    const p = lesson.params.find((row) => row.name === name)!;
    words.push(p.name, p.label);
    if (p.type === 'choice' || p.type === 'set') words.push(...p.options);
  }
  return words.join(' ').toLowerCase().replace(/_/g, ' ');
}

let cardCount = 0;

function figureCard(lesson: Lesson, figure: FigureInfo): HTMLElement {
  const slug = lesson.meta.slug;
  const ref = `${slug}/${figure.name}`;
  const id = `fig-${++cardCount}`;
  const live = document.createElement('loss-lab-figure') as LossLabFigureElement;
  live.setAttribute('figure', ref);
  const button = el('button', { type: 'button', class: 'copy-snippet', 'aria-describedby': `${id}-title` }, 'Copy embed snippet');
  const elementBox = el('textarea', { id: `${id}-element`, readonly: true, rows: 3, class: 'snippet' });
  const iframeBox = el('textarea', { id: `${id}-iframe`, readonly: true, rows: 3, class: 'snippet' });
  const status = el('p', { class: 'copy-status', role: 'status' });
  const panel = el('div', { class: 'embed-panel', hidden: true },
    el('label', { for: elementBox.id }, 'Custom element (one module script, then the tag):'), elementBox,
    el('label', { for: iframeBox.id }, 'Or an iframe, for platforms that strip scripts:'), iframeBox, status);
  button.addEventListener('click', async () => {
    const encoded = encodeState(lesson.params, (live.state ?? {}) as StateValues);
    const height = live.getBoundingClientRect().height;
    const snippet = figureSnippets(ref, figure.caption, encoded, height > 100 ? height : undefined);
    elementBox.value = snippet.element;
    iframeBox.value = snippet.iframe;
    panel.hidden = false;
    try {
      await navigator.clipboard.writeText(`${snippet.element}\n\n${snippet.iframe}\n`);
      status.textContent = 'Both snippets, with the state shown above, were copied to the clipboard.';
    } catch {
      status.textContent = 'Select a snippet and copy it (the clipboard is not available here).';
    }
  });
  const card = el('article', { class: 'figure-card', 'aria-labelledby': `${id}-title`, 'data-ref': ref },
    el('h3', { id: `${id}-title` }, figure.caption),
    el('p', { class: 'figure-ref' }, el('code', {}, ref)),
    live,
    el('div', { class: 'snippet-row' }, button),
    panel,
    el('details', { class: 'figure-settings' },
      el('summary', {}, figure.params.length ? `Settings and their ranges: ${figure.params.join(', ')}` : 'Settings: none'),
      paramTable(lesson, figure, ref)));
  card.dataset.search = searchText(lesson, figure);
  return card;
}

function filter(catalogue: HTMLElement, query: string, status: HTMLElement): void {
  const words = query.toLowerCase().replace(/_/g, ' ').split(/\s+/).filter(Boolean);
  let shown = 0, total = 0;
  for (const section of Array.from(catalogue.querySelectorAll<HTMLElement>('.catalogue-lesson'))) {
    let any = false;
    for (const card of Array.from(section.querySelectorAll<HTMLElement>('.figure-card'))) {
      const match = words.every((w) => card.dataset.search!.includes(w));
      card.hidden = !match;
      total++;
      if (match) { shown++; any = true; }
    }
    section.hidden = !any;
  }
  status.textContent = words.length ? `${shown} of ${total} figures match “${query.trim()}”.` : `${total} figures in ${catalogue.querySelectorAll('.catalogue-lesson').length} lessons.`;
}

async function main(): Promise<void> {
  const catalogue = document.getElementById('catalogue')!;
  const search = document.getElementById('figure-search') as HTMLInputElement;
  const status = document.getElementById('search-status')!;
  try {
    const lessons = await Promise.all(lessonSlugs.map((slug) => loadLesson(slug)));
    catalogue.replaceChildren();
    for (const lesson of lessons) {
      if (!lesson?.figures?.length) continue;
      const headingId = `lesson-${lesson.meta.slug}`;
      catalogue.append(el('section', { class: 'catalogue-lesson', 'aria-labelledby': headingId },
        el('h2', { id: headingId }, el('a', { href: `lesson.html?lesson=${lesson.meta.slug}` }, lesson.meta.title)),
        ...lesson.figures.map((figure) => figureCard(lesson, figure))));
    }
    const initial = new URLSearchParams(location.search).get('q');
    if (initial) search.value = initial.slice(0, 100);
    search.addEventListener('input', () => filter(catalogue, search.value, status));
    filter(catalogue, search.value, status);
    catalogue.dataset.state = 'ready';
  } catch (error) {
    catalogue.dataset.state = 'error';
    catalogue.replaceChildren(el('p', { class: 'notice error', role: 'alert' }, `The lessons could not be loaded: ${(error as Error).message}`));
  }
}

void main();
