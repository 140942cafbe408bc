/**
 * The lesson text format: a small, safe subset of Markdown, built into DOM nodes (never HTML
 * strings). Blocks: `## heading`, `### heading`, paragraphs, `- list items`, `> aside`, display
 * math `$$...$$` on its own lines, and slots `::: figure name` / `::: question id` / `::: slot name`
 * where the lesson's mount puts its interactive parts. Inline: **bold**, *italic*, `code`,
 * $math$ and [links](https://…) (also to another lesson: [title](lesson.html?lesson=<slug>)).
 */
import { mathElement } from './math';

export interface RenderedText {
  root: HTMLElement;
  /** Slot elements by name, in document order. */
  slots: Map<string, HTMLElement>;
}

export function renderLessonText(source: string): RenderedText {
  const root = document.createElement('div');
  root.className = 'lesson-text';
  const slots = new Map<string, HTMLElement>();
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let list: HTMLUListElement | null = null;
  let section: HTMLElement = root;

  const flush = () => {
    if (paragraph.length) {
      const p = document.createElement('p');
      appendInline(p, paragraph.join(' '));
      section.append(p);
      paragraph = [];
    }
    list = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (trimmed === '') { flush(); continue; }
    let m: RegExpMatchArray | null;
    if ((m = trimmed.match(/^(#{2,3})\s+(.*)$/))) {
      flush();
      const level = m[1].length;
      if (level === 2) {
        section = document.createElement('section');
        section.className = 'lesson-section';
        root.append(section);
      }
      const h = document.createElement(level === 2 ? 'h2' : 'h3');
      appendInline(h, m[2]);
      section.append(h);
    } else if ((m = trimmed.match(/^:::\s*(figure|question|slot)\s+([\w-]+)\s*$/))) {
      flush();
      const slot = document.createElement('div');
      slot.className = `slot slot-${m[1]}`;
      slot.dataset.slot = m[2];
      slots.set(m[2], slot);
      section.append(slot);
    } else if (trimmed.startsWith('$$')) {
      flush();
      let tex = trimmed.slice(2);
      while (!tex.trimEnd().endsWith('$$') && i + 1 < lines.length) tex += '\n' + lines[++i];
      section.append(mathElement(tex.trim().replace(/\$\$$/, ''), true));
    } else if ((m = trimmed.match(/^[-*]\s+(.*)$/))) {
      if (paragraph.length) flush();
      if (!list) {
        list = document.createElement('ul');
        section.append(list);
      }
      const li = document.createElement('li');
      appendInline(li, m[1]);
      list.append(li);
    } else if ((m = trimmed.match(/^>\s?(.*)$/))) {
      flush();
      const aside = document.createElement('aside');
      aside.className = 'lesson-aside';
      appendInline(aside, m[1]);
      section.append(aside);
    } else {
      list = null;
      paragraph.push(trimmed);
    }
  }
  flush();
  return { root, slots };
}

/** Inline markup into DOM nodes. Unknown characters are text, so nothing can inject markup. */
export function appendInline(parent: HTMLElement, text: string): void {
  const pattern = /(\*\*([^*]+)\*\*)|(\*([^*]+)\*)|(`([^`]+)`)|(\$([^$]+)\$)|(\[([^\]]+)\]\((https?:\/\/[^)\s]+|#[\w-]*|lesson\.html\?lesson=[a-z0-9-]+)\))/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index! > last) parent.append(text.slice(last, m.index));
    // Bold and italic may hold math or code: their text is marked up in turn.
    if (m[2] !== undefined) parent.append(wrap('strong', m[2], true));
    else if (m[4] !== undefined) parent.append(wrap('em', m[4], true));
    else if (m[6] !== undefined) parent.append(wrap('code', m[6]));
    else if (m[8] !== undefined) parent.append(mathElement(m[8]));
    else if (m[10] !== undefined) {
      const a = document.createElement('a');
      a.href = m[11];
      a.textContent = m[10];
      if (m[11].startsWith('http')) a.rel = 'noopener';
      parent.append(a);
    }
    last = m.index! + m[0].length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

function wrap(tag: 'strong' | 'em' | 'code', text: string, inline = false): HTMLElement {
  const e = document.createElement(tag);
  if (inline) appendInline(e, text);
  else e.textContent = text;
  return e;
}
