/**
 * Mounts one figure of one lesson, alone: the <loss-lab-figure> element and figure.html both
 * come through here. The figure is the lesson's own unit (web/lessons/<slug>/figures/<name>.ts),
 * run by the framework's runner, so it computes only what its `deps` need.
 *
 * - State: the figure's attributes (or the page's query) are validated exactly as a lesson link
 *   is (parseState over the lesson's parameter table); whatever is refused becomes a notice.
 * - Linked figures: figures of one lesson with the same `group` on a page share one state store
 *   and one set of transient values (hover, frame), so a control in one drives the others. The
 *   group's starting state merges its members' attributes in document order.
 * - Controls: `controls` absent shows the figure's own controls as in the lesson; `controls="none"`
 *   shows none; `controls="delta tau"` shows exactly those (adding the ones the figure does not
 *   carry itself). The playback bar and the figure's own buttons are part of the figure and stay.
 */
import type { FigureInfo, Lesson } from '../lessons/types';
import { loadLesson } from '../lessons/index';
import { encodeValue, parseState, type ParamTable } from '../state/params';
import { StateStore, type StoreLike } from '../state/store';
import { controlRow, paramControl, seedControl } from '../ui/controls';
import { el } from '../ui/dom';
import { getEngine, siteRoot } from './lab';
import { engineNotice, noticeArea, renderError, stateAttributes } from './runtime';

export interface FigureMountOptions {
  /** `<lesson>/<figure>` (untrusted). */
  ref: string | null;
  /** The starting state: attributes or a query string (untrusted). */
  source: URLSearchParams | Record<string, string>;
  mode: 'element' | 'page';
  /** The `controls` attribute: null for the figure's own, 'none', or parameter names. */
  controls: string | null;
  /** Notices about the element's own attributes, shown with the figure's. */
  notices?: readonly string[];
  /** Linked figures: the group's name and the starting attributes of every member on the page, in document order. */
  group?: { name: string; sources(): Array<Record<string, string>> };
  emit(type: string, detail: Record<string, unknown>): void;
}

export interface MountedFigure {
  lesson: Lesson;
  figure: FigureInfo;
  table: ParamTable;
  store: StateStore;
  notice(text: string): void;
  destroy(): void;
}

interface Group {
  store: StateStore;
  local: unknown;
  members: number;
}

/** The page's groups of linked figures, by lesson and group name. */
const groups = new Map<string, Group>();

/** Splits `<lesson>/<figure>`; undefined for anything else. */
export function parseFigureRef(ref: string | null): { slug: string; name: string } | undefined {
  const match = /^([a-z0-9-]{1,60})\/([a-z0-9_-]{1,60})$/i.exec((ref ?? '').trim());
  return match ? { slug: match[1], name: match[2] } : undefined;
}

const entries = (source: URLSearchParams | Record<string, string>): Array<[string, string]> =>
  source instanceof URLSearchParams ? [...source.entries()] : Object.entries(source);

/** The parameter names of a `controls` attribute; undefined for the figure's own controls. */
export function chosenControls(attribute: string | null, table: ParamTable, notice: (text: string) => void): Set<string> | undefined {
  if (attribute === null) return undefined;
  const names = attribute.trim().split(/[\s,]+/).filter(Boolean);
  if (names.length === 1 && names[0] === 'none') return new Set();
  const chosen = new Set<string>();
  for (const name of names.slice(0, 40)) {
    const row = table.find((p) => p.name === name);
    if (!row || row.type === 'tuples') notice(`controls: ${name.slice(0, 40)} is not a setting with a control in this lesson; it was ignored.`);
    else chosen.add(name);
  }
  return chosen;
}

/** The parameter a control element sets: its own data-param, or that of its first input. */
function controlParam(control: HTMLElement): string | undefined {
  return control.dataset.param ?? control.querySelector<HTMLElement>('[data-param]')?.dataset.param;
}

/** Hides the figure's controls that were not chosen and adds the chosen ones it lacks. */
function applyControls(body: HTMLElement, chosen: ReadonlySet<string>, store: StoreLike): void {
  const present = new Set<string>();
  for (const control of Array.from(body.querySelectorAll<HTMLElement>('.control, .racer-row'))) {
    if (control.parentElement?.closest('.control, .racer-row')) continue;
    const name = controlParam(control);
    if (name && chosen.has(name)) present.add(name);
    else control.classList.add('ll-unchosen');
  }
  // A row, grid or disclosure whose every control is hidden goes too.
  for (const holder of Array.from(body.querySelectorAll<HTMLElement>('.controls, .racer-grid, details.hyper'))) {
    if (!holder.querySelector('.control:not(.ll-unchosen), .racer-row:not(.ll-unchosen)')) holder.classList.add('ll-unchosen');
  }
  const missing = [...chosen].filter((name) => !present.has(name));
  if (missing.length) body.prepend(controlRow(...missing.map((name) => (name === 'seed' ? seedControl(store, name) : paramControl(store, name)))));
}

/** The group's starting state: its members' attributes merged in document order (the first value of a name wins). */
function groupSource(group: NonNullable<FigureMountOptions['group']>, own: Record<string, string>, notices: string[]): Record<string, string> {
  const merged: Record<string, string> = Object.create(null) as Record<string, string>;
  const sources = group.sources();
  for (const source of sources.length ? sources : [own]) {
    for (const [key, value] of Object.entries(source)) {
      if (!(key in merged)) merged[key] = value;
      else if (merged[key] !== value) notices.push(`The linked figures of group "${group.name.slice(0, 40)}" disagree on ${key.slice(0, 40)}; the first one's value (${merged[key].slice(0, 24)}) is used.`);
    }
  }
  return merged;
}

export async function mountFigure(host: HTMLElement, options: FigureMountOptions): Promise<MountedFigure | undefined> {
  host.dataset.state = 'loading';
  host.classList.add('ll-lesson', 'll-figure');
  host.replaceChildren(el('p', { class: 'notice', role: 'status' }, 'Loading the figure and the wasm core…'));
  const ref = parseFigureRef(options.ref);
  if (!ref) {
    renderError(host, `"${String(options.ref ?? '').slice(0, 60)}" does not name a figure: write figure="<lesson>/<figure>", as the figure catalogue shows.`);
    return undefined;
  }
  let engine, lesson: Lesson | undefined;
  try {
    [engine, lesson] = await Promise.all([getEngine(), loadLesson(ref.slug)]);
  } catch (error) {
    renderError(host, `Loss Lab could not start: ${(error as Error).message}`);
    return undefined;
  }
  const figure = lesson?.figures?.find((f) => f.name === ref.name);
  if (!lesson || !figure || !lesson.mountFigure || !lesson.createLocal) {
    renderError(host, lesson
      ? `The lesson ${ref.slug} has no figure called "${ref.name}". Its figures: ${(lesson.figures ?? []).map((f) => f.name).join(', ')}.`
      : `There is no lesson called "${ref.slug}". The figure catalogue lists every figure.`);
    return undefined;
  }
  const slug = lesson.meta.slug;
  const table = lesson.params;
  const notices: string[] = [...(options.notices ?? [])];
  const own = Object.fromEntries(entries(options.source)) as Record<string, string>;
  for (const key of Object.keys(own)) {
    if (key !== 'v' && key !== 'figure' && key !== 'embed' && key !== 'controls' && !table.some((p) => p.name === key)) {
      notices.push(`The attribute ${key.slice(0, 40)} is not a setting of this lesson; it was ignored.`);
    }
  }

  // The state: the group's store when the figure is linked, else its own.
  const groupKey = options.group ? `${slug}/${options.group.name}` : undefined;
  let group = groupKey ? groups.get(groupKey) : undefined;
  if (!group) {
    const parsed = parseState(table, options.group ? groupSource(options.group, own, notices) : options.source);
    notices.push(...parsed.notices);
    group = { store: new StateStore(table, parsed.values), local: lesson.createLocal(), members: 0 };
    if (groupKey) groups.set(groupKey, group);
  } else {
    // A figure joining a group that is already running shows the group's state.
    const parsed = parseState(table, own);
    for (const row of table) {
      if (!(row.name in own)) continue;
      if (encodeValue(row, parsed.values[row.name]) !== encodeValue(row, group.store.values[row.name])) {
        notices.push(`This figure is linked to group "${options.group!.name.slice(0, 40)}" and shows its state: ${row.name}="${own[row.name].slice(0, 24)}" was not applied.`);
      }
    }
  }
  group.members++;
  const store = group.store;
  const scoped = store.scope();

  const { element: noticeList, show: showNotice } = noticeArea();
  const target = el('div', { class: 'figure-slot' });
  const source = el('p', { class: 'figure-source' }, 'From the Loss Lab lesson ',
    el('a', { href: new URL(`lesson.html?lesson=${encodeURIComponent(slug)}`, siteRoot()).href }, lesson.meta.title), '.');
  host.replaceChildren(noticeList, target, source);
  host.dataset.lesson = slug;
  host.dataset.figure = `${slug}/${figure.name}`;
  host.dataset.engine = engine.mode;
  host.dataset.mode = options.mode;
  const fallback = engineNotice(engine);
  if (fallback) notices.push(fallback);

  let parts;
  try {
    parts = lesson.mountFigure(figure.name, {
      engine, store: scoped, local: group.local, target,
      progress: (type, detail = {}) => options.emit(type, { lesson: slug, figure: figure.name, ...detail }),
      notice: showNotice,
    });
    const chosen = chosenControls(options.controls, table, (text) => notices.push(text));
    if (chosen) applyControls(parts.body, chosen, scoped);
  } catch (error) {
    parts?.destroy();
    scoped.dispose();
    if (groupKey && --group.members === 0) groups.delete(groupKey);
    renderError(host, `This figure could not start: ${(error as Error).message}`);
    return undefined;
  }
  for (const text of notices) showNotice(text);
  host.dataset.state = 'ready';
  options.emit('figure-loaded', { lesson: slug, figure: figure.name });
  const mountedParts = parts;
  const owner = group;
  return {
    lesson,
    figure,
    table,
    store,
    notice: showNotice,
    destroy() {
      mountedParts.destroy();
      scoped.dispose();
      if (groupKey && --owner.members === 0) groups.delete(groupKey);
    },
  };
}

/**
 * The two ways to embed a figure in the state `encoded` (StateStore.encode()): element and iframe.
 * `height`: the figure's height as drawn (CSS px), or undefined when it has not drawn. The element
 * holds that height until it draws (so the page under it does not jump); the iframe is that tall
 * plus its own margins (24 px), or 640 px.
 */
export function figureSnippets(ref: string, caption: string, encoded: string, height?: number): { element: string; iframe: string } {
  const root = siteRoot();
  const title = caption.replace(/[&"<>]/g, '');
  const held = height === undefined ? '' : ` height="${Math.round(height)}"`;
  return {
    element: `<script type="module" src="${new URL('loss-lab-figure.js', root).href}"></script>\n<loss-lab-figure figure="${ref}"${stateAttributes(encoded)}${held}></loss-lab-figure>`,
    iframe: `<iframe src="${new URL(`figure.html?figure=${ref}&${encoded}`, root).href}" title="Loss Lab: ${title}" width="100%" height="${height === undefined ? 640 : Math.round(height + 24)}" loading="lazy"></iframe>`,
  };
}
