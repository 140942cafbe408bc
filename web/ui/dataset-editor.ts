/**
 * Direct manipulation of a scatter's points. Mouse/touch: drag a point to move it, click empty
 * space to add one, double-click a point (or select it and press Delete) to remove it.
 * Keyboard: the plot is one tab stop; N/P select the next/previous point, arrow keys move the
 * selection (Shift for bigger steps), A adds a point in the middle, Delete removes the selected
 * one, Escape clears the selection. A live region says what happened.
 */
import type { Chart } from './chart';
import { el, fmt } from './dom';

export interface EditorHandlers {
  points(): ReadonlyArray<readonly [number, number]>;
  move(index: number, x: number, y: number): void;
  add(x: number, y: number): void;
  remove(index: number): void;
  /** Hover/selection changed (undefined: none). */
  highlight(index: number | undefined): void;
  /** Whether a point may be removed/moved (e.g. only learner-added points may be removed). */
  canRemove?(index: number): boolean;
  xRange: readonly [number, number];
  yRange: readonly [number, number];
}

export function attachDatasetEditor(chart: Chart, handlers: EditorHandlers): { status: HTMLElement; help: HTMLElement; selected(): number | undefined } {
  const svg = chart.svg.node()!;
  const helpId = `${chart.id}-help`;
  const help = el('p', { id: helpId, class: 'editor-help' },
    'Drag a point to move it, click an empty spot to add one, double-click a point to remove it. ',
    'Keyboard: focus the plot, then N / P pick a point, arrow keys move it (Shift: faster), A adds a point, Delete removes it.');
  const status = el('p', { class: 'editor-status visually-hidden', role: 'status', 'aria-live': 'polite' });
  svg.setAttribute('tabindex', '0');
  svg.setAttribute('aria-describedby', helpId);
  svg.classList.add('editable');
  let selected: number | undefined;
  let dragging: number | undefined;
  let moved = false;
  const clampX = (v: number) => Math.min(handlers.xRange[1], Math.max(handlers.xRange[0], v));
  const clampY = (v: number) => Math.min(handlers.yRange[1], Math.max(handlers.yRange[0], v));
  const say = (text: string) => { status.textContent = text; };
  const describe = (i: number) => {
    const p = handlers.points()[i];
    return p ? `point ${i + 1} of ${handlers.points().length} at x ${fmt(p[0])}, y ${fmt(p[1])}` : '';
  };
  const select = (i: number | undefined) => {
    selected = i;
    handlers.highlight(i);
  };

  /** The point nearest to a pixel position, if within reach of a finger. */
  const nearest = (event: PointerEvent | MouseEvent, reach = event instanceof PointerEvent && event.pointerType === 'touch' ? 18 : 10) => {
    const rect = svg.getBoundingClientRect();
    const px = event.clientX - rect.left, py = event.clientY - rect.top;
    let best: number | undefined, bestDistance = reach * reach;
    handlers.points().forEach((p, i) => {
      const [sx, sy] = chart.toPixels(p[0], p[1]);
      const d = (sx - px) ** 2 + (sy - py) ** 2;
      if (d <= bestDistance) { bestDistance = d; best = i; }
    });
    return best;
  };

  svg.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    const hit = nearest(event);
    moved = false;
    if (hit !== undefined) {
      dragging = hit;
      select(hit);
      svg.setPointerCapture(event.pointerId);
      event.preventDefault();
    }
  });
  svg.addEventListener('pointermove', (event) => {
    if (dragging !== undefined) {
      const [x, y] = chart.pointer(event);
      moved = true;
      handlers.move(dragging, clampX(x), clampY(y));
      return;
    }
    if (event.pointerType === 'mouse') {
      const hit = nearest(event);
      if (hit !== selected) select(hit);
    }
  });
  const endDrag = (event: PointerEvent) => {
    if (dragging !== undefined) {
      if (moved) say(`Moved ${describe(dragging)}.`);
      dragging = undefined;
      if (svg.hasPointerCapture(event.pointerId)) svg.releasePointerCapture(event.pointerId);
      return;
    }
  };
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  svg.addEventListener('pointerleave', () => { if (dragging === undefined) select(undefined); });
  svg.addEventListener('click', (event) => {
    if (moved) { moved = false; return; }
    if (nearest(event) !== undefined) return;
    const [x, y] = chart.pointer(event);
    const rect = svg.getBoundingClientRect();
    const [x0] = chart.x.range(), [y0] = chart.y.range();
    // Only inside the plot area (not on the axes).
    const px = event.clientX - rect.left, py = event.clientY - rect.top;
    if (px < x0 || py > y0) return;
    handlers.add(clampX(x), clampY(y));
    select(handlers.points().length - 1);
    say(`Added ${describe(handlers.points().length - 1)}.`);
  });
  svg.addEventListener('dblclick', (event) => {
    const hit = nearest(event);
    if (hit === undefined || (handlers.canRemove && !handlers.canRemove(hit))) return;
    handlers.remove(hit);
    select(undefined);
    say('Removed the point.');
  });

  svg.addEventListener('keydown', (event) => {
    const count = handlers.points().length;
    const xSpan = handlers.xRange[1] - handlers.xRange[0], ySpan = handlers.yRange[1] - handlers.yRange[0];
    const factor = event.shiftKey ? 0.1 : 0.02;
    let handled = true;
    switch (event.key) {
      case 'n': case 'N':
        if (count) { select(selected === undefined ? 0 : (selected + 1) % count); say(`Selected ${describe(selected!)}.`); }
        break;
      case 'p': case 'P':
        if (count) { select(selected === undefined ? count - 1 : (selected - 1 + count) % count); say(`Selected ${describe(selected!)}.`); }
        break;
      case 'ArrowLeft': case 'ArrowRight': case 'ArrowUp': case 'ArrowDown': {
        if (selected === undefined) { handled = false; break; }
        const p = handlers.points()[selected];
        const dx = event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
        const dy = event.key === 'ArrowDown' ? -1 : event.key === 'ArrowUp' ? 1 : 0;
        handlers.move(selected, clampX(p[0] + dx * factor * xSpan), clampY(p[1] + dy * factor * ySpan));
        say(`Moved ${describe(selected)}.`);
        break;
      }
      case 'a': case 'A': {
        const x = (handlers.xRange[0] + handlers.xRange[1]) / 2, y = (handlers.yRange[0] + handlers.yRange[1]) / 2;
        handlers.add(x, y);
        select(handlers.points().length - 1);
        say(`Added ${describe(selected!)}. Move it with the arrow keys.`);
        break;
      }
      case 'Delete': case 'Backspace':
        if (selected !== undefined && (!handlers.canRemove || handlers.canRemove(selected))) {
          handlers.remove(selected);
          select(undefined);
          say('Removed the point.');
        } else if (selected !== undefined) say('Only points you added can be removed; move this one instead.');
        break;
      case 'Escape':
        select(undefined);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  });
  return { status, help, selected: () => selected };
}
