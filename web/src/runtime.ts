/**
 * Mounts one lesson into an element: loads the engine and the lesson, resolves its initial state
 * (link or attributes first, then the learner's saved state, then defaults), renders the text and
 * the lesson toolbar, calls the lesson's mount, and keeps URL, saved work and progress events in
 * step with the state. The lesson page, the custom element and the single-file download all
 * come through here, so they behave the same.
 */
import type { AsyncLossLab } from 'loss-lab';
import { loadLesson } from '../lessons/index';
import type { Lesson, LessonView } from '../lessons/types';
import { parseState, RESERVED_KEYS, type ParseResult } from '../state/params';
import { StateStore } from '../state/store';
import { WorkStore } from '../state/storage';
import { el } from '../ui/dom';
import { renderLessonText } from '../ui/markdown';
import { mountQuestion } from '../ui/question';
import { getEngine, siteRoot } from './lab';

export type Mode = 'page' | 'embed' | 'element' | 'single';

/** The query string of a lesson page showing `encoded` state (StateStore.encode()). */
export function lessonQuery(slug: string, encoded: string, embed = false): string {
  return `?lesson=${encodeURIComponent(slug)}${embed ? '&embed=1' : ''}&${encoded}`;
}

/** An encoded state (StateStore.encode()) as element attributes: ` delta="2" show="mse.huber"`. */
export function stateAttributes(encoded: string): string {
  const query = new URLSearchParams(encoded);
  query.delete('v');
  return [...query].map(([k, v]) => ` ${k}="${v.replace(/[&"<>]/g, '')}"`).join('');
}

export interface MountOptions {
  slug: string | null;
  /** Initial state from the URL or the element's attributes (untrusted). */
  source: URLSearchParams | Record<string, string>;
  mode: Mode;
  /** Receives progress events (the caller forwards them to a parent window or as DOM events). */
  emit(type: string, detail: Record<string, unknown>): void;
  /** Called with the encoded state after each change (the page writes it into the address bar). */
  onState?(encoded: string): void;
  /** Where saved work lives (default: the slug); instances of one lesson on one page need their own. */
  storageKey?: string;
  /** The learner's saved state wins over `source` (an element's attributes are only a starting state). */
  preferSaved?: boolean;
}

export interface MountedLesson {
  lesson: Lesson;
  store: StateStore;
  /** "Start over": answers cleared, state back to the defaults, figures rebuilt. */
  reset(): void;
  /** Shows a notice above the lesson. */
  notice(text: string): void;
  destroy(): void;
}

const works = new WorkStore();

function hasStateKeys(lesson: Lesson, source: URLSearchParams | Record<string, string>): boolean {
  const keys = source instanceof URLSearchParams ? [...source.keys()] : Object.keys(source);
  return keys.some((k) => k === 'v' || (!RESERVED_KEYS.has(k) && lesson.params.some((p) => p.name === k)));
}

export function renderError(host: HTMLElement, text: string): void {
  host.replaceChildren(el('p', { class: 'notice error', role: 'alert' }, text));
  host.dataset.state = 'error';
}

/** A live list of dismissable notices, shown above a lesson or a figure. */
export function noticeArea(): { element: HTMLElement; show(text: string): void } {
  const element = el('div', { class: 'notices', role: 'status', 'aria-live': 'polite' });
  const show = (text: string) => {
    const item = el('p', { class: 'notice' }, text);
    const close = el('button', { type: 'button', class: 'small dismiss', 'aria-label': 'Dismiss this notice' }, '×');
    close.addEventListener('click', () => item.remove());
    item.append(' ', close);
    element.append(item);
  };
  return { element, show };
}

/** The notice of a lesson that computes on the page itself, or undefined when it has its worker. */
export function engineNotice(engine: AsyncLossLab): string | undefined {
  return engine.mode === 'main-thread'
    ? `The lab computes on this page itself: ${engine.fallbackReason ?? 'no Web Worker is available'}. Figures are the same; dragging may be less smooth.`
    : undefined;
}

export async function mountLesson(host: HTMLElement, options: MountOptions): Promise<MountedLesson | undefined> {
  host.dataset.state = 'loading';
  host.classList.add('ll-lesson');
  host.replaceChildren(el('p', { class: 'notice', role: 'status' }, 'Loading the lesson and the wasm core…'));
  let engine: AsyncLossLab;
  let lesson: Lesson | undefined;
  try {
    [engine, lesson] = await Promise.all([getEngine(), loadLesson(options.slug)]);
  } catch (error) {
    renderError(host, `Loss Lab could not start: ${(error as Error).message}`);
    return undefined;
  }
  if (!lesson) {
    renderError(host, `There is no lesson called "${String(options.slug ?? '').slice(0, 40)}". Check the link, or start from the lesson index.`);
    return undefined;
  }
  // An old link into a lesson that was split or renamed: mount the lesson it now means, with its state.
  const moved = lesson.redirect?.(options.source);
  const target = moved && (await loadLesson(moved.slug).catch(() => undefined));
  if (moved && target) {
    lesson = target;
    options = { ...options, source: moved.source };
  }
  const slug = lesson.meta.slug;
  const workKey = options.storageKey ? `${slug}@${options.storageKey}` : slug;
  const loaded = works.load(workKey);
  const work = loaded.work;
  const notices: string[] = loaded.notice ? [loaded.notice] : [];
  let parsed: ParseResult;
  if (options.preferSaved && work.state) parsed = parseState(lesson.params, new URLSearchParams(work.state));
  else if (hasStateKeys(lesson, options.source)) parsed = parseState(lesson.params, options.source);
  else if (work.state) parsed = parseState(lesson.params, new URLSearchParams(work.state));
  else parsed = parseState(lesson.params, {});
  notices.push(...parsed.notices);
  const store = new StateStore(lesson.params, parsed.values);

  host.replaceChildren();
  host.dataset.lesson = slug;
  // 'worker' or 'main-thread': where this lesson's computations run (the tests check it).
  host.dataset.engine = engine.mode;
  host.dataset.mode = options.mode;
  const header = el('header', { class: 'lesson-header' });
  // On a host page the course owns the h1; the lesson's title is a section of that page.
  const title = el(options.mode === 'element' ? 'h2' : 'h1', { class: 'lesson-title' }, lesson.meta.title);
  const promise = el('p', { class: 'lead' }, lesson.meta.promise);
  const { element: noticeList, show: showNotice } = noticeArea();
  const restart = () => {
    work.answers = Object.create(null) as Record<string, string>;
    results.clear();
    completed = false;
    store.reset();
    save();
    void remount();
  };
  header.append(title, promise, lessonToolbar(lesson, store, options.mode, restart), noticeList);
  const fallback = engineNotice(engine);
  if (fallback) notices.push(fallback);
  for (const n of notices) showNotice(n);
  const body = el('div', { class: 'lesson-body' });
  host.append(header, body);

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => works.save(workKey, work), 150);
  };
  const unsubscribe = store.subscribe(() => {
    work.state = store.encode();
    save();
    options.onState?.(work.state);
  });

  // Completion: every question of the lesson answered in this visit ('lesson-completed', once).
  const questionIds = new Set<string>();
  const results = new Map<string, boolean>();
  let completed = false;
  const checkCompleted = () => {
    if (completed || !questionIds.size || [...questionIds].some((id) => !results.has(id))) return;
    completed = true;
    const correct = [...results.values()].filter(Boolean).length;
    options.emit('lesson-completed', { lesson: slug, questions: questionIds.size, correct });
  };

  let cleanup: (() => void) | undefined;
  const remount = async () => {
    cleanup?.();
    const text = renderLessonText(lesson.text);
    body.replaceChildren(text.root);
    const slot = (name: string) => {
      let s = text.slots.get(name);
      if (!s) {
        s = el('div', { class: 'slot', 'data-slot': name });
        text.root.append(s);
        text.slots.set(name, s);
      }
      return s;
    };
    const view: LessonView = {
      engine,
      root: host,
      workKey,
      slot,
      progress: (type, detail = {}) => options.emit(type, { lesson: slug, ...detail }),
      notice: showNotice,
      question: (spec) => {
        questionIds.add(spec.id);
        return mountQuestion(slot(spec.id), spec, {
          saved: work.answers[spec.id],
          answered: (id, choice, correct) => {
            work.answers[id] = choice;
            results.set(id, correct);
            save();
            options.emit('question-answered', { lesson: slug, question: id, choice, correct });
            checkCompleted();
          },
        });
      },
    };
    try {
      cleanup = lesson.mount(view, store);
    } catch (error) {
      showNotice(`Part of this lesson failed to start: ${(error as Error).message}`);
    }
  };
  await remount();
  options.onState?.(store.encode());
  host.dataset.state = 'ready';
  options.emit('lesson-loaded', { lesson: slug });
  return {
    lesson,
    store,
    reset: restart,
    notice: showNotice,
    destroy() {
      cleanup?.();
      unsubscribe();
      clearTimeout(saveTimer);
      works.save(workKey, work);
    },
  };
}

function lessonToolbar(lesson: Lesson, store: StateStore, mode: Mode, restart: () => void): HTMLElement {
  const bar = el('div', { class: 'lesson-toolbar' });
  const root = siteRoot();
  const slug = lesson.meta.slug;
  if (mode !== 'single') {
    const embed = el('button', { type: 'button', class: 'embed-button', 'aria-expanded': 'false' }, 'Embed this lesson');
    const panel = el('div', { class: 'embed-panel', hidden: true });
    const snippets = () => {
      const element = `<script type="module" src="${new URL('loss-lab-lesson.js', root).href}"></script>\n<loss-lab-lesson lesson="${slug}"${stateAttributes(store.encode())}></loss-lab-lesson>`;
      const iframe = `<iframe src="${new URL(`lesson.html${lessonQuery(slug, store.encode(), true)}`, root).href}" title="Loss Lab: ${lesson.meta.title}" width="100%" height="900" loading="lazy"></iframe>`;
      return { element, iframe };
    };
    const elementBox = el('textarea', { readonly: true, rows: 3, class: 'snippet', 'aria-label': 'Custom element snippet' });
    const iframeBox = el('textarea', { readonly: true, rows: 3, class: 'snippet', 'aria-label': 'Iframe snippet' });
    const copied = el('p', { class: 'copy-status', role: 'status' });
    panel.append(
      el('p', {}, 'Custom element (one module script, then the tag; attributes set the starting state):'), elementBox,
      el('p', {}, 'Or an iframe (it resizes itself and posts progress events to your page):'), iframeBox, copied);
    embed.addEventListener('click', async () => {
      const { element, iframe } = snippets();
      elementBox.value = element;
      iframeBox.value = iframe;
      const open = panel.hidden;
      panel.hidden = !open;
      embed.setAttribute('aria-expanded', String(open));
      if (!open) return;
      try {
        await navigator.clipboard.writeText(`${element}\n\n${iframe}\n`);
        copied.textContent = 'Both snippets were copied to the clipboard.';
      } catch {
        copied.textContent = 'Select a snippet and copy it (the clipboard is not available here).';
      }
    });
    bar.append(embed);
    if (location.protocol !== 'file:') {
      bar.append(el('a', { class: 'button download', href: new URL(`downloads/${slug}.html`, root).href, download: `loss-lab-${slug}.html` }, 'Download as one HTML file'));
    }
    bar.append(panel);
  }
  if (mode === 'page') {
    // The link is built from the state itself (the address bar follows it up to 200 ms late while
    // an animation plays), and put on the clipboard in one press.
    const share = el('button', { type: 'button', class: 'share' }, 'Copy link to this view');
    const shared = el('span', { class: 'copy-status', role: 'status' });
    share.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(new URL(lessonQuery(slug, store.encode()), location.href).href);
        shared.textContent = 'Link copied: it reproduces this view, data and settings included.';
      } catch {
        shared.textContent = 'Copy the address from the address bar: it holds this view.';
      }
    });
    bar.prepend(share, shared);
  }
  const restartButton = el('button', { type: 'button', class: 'restart' }, 'Start over');
  restartButton.addEventListener('click', restart);
  bar.prepend(restartButton);
  return bar;
}
