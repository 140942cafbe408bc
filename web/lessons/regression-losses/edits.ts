/**
 * The dataset editor's handlers for the fits figure: every drag, addition and removal is written
 * to the lesson state as compact lists (moves, added, removed), so the URL carries the learner's
 * data. No DOM: the editor (ui/dataset-editor.ts) calls these.
 */
import type { EditorHandlers } from '../../ui/dataset-editor';
import type { StoreLike } from '../../state/store';
import { combinePoints } from './data';
import { X_RANGE, Y_RANGE, type Tuples } from './params';

/** The dataset editor writes the learner's edits to the state (and so to the URL). */
export function editHandlers(store: StoreLike, base: () => { x: ArrayLike<number>; y: ArrayLike<number> } | undefined, highlight: (i: number | undefined) => void): EditorHandlers {
  const points = () => {
    const b = base();
    return b ? combinePoints(b, store.get<Tuples>('moves'), store.get<Tuples>('added'), store.get<Tuples>('removed')) : undefined;
  };
  const copy = (name: string) => store.get<Tuples>(name).map((r) => [...r]);
  return {
    points: () => { const p = points(); return p ? Array.from(p.x, (x, i) => [x, p.y[i]] as const) : []; },
    move: (i: number, x: number, y: number) => {
      const p = points();
      if (!p) return;
      const source = p.source[i];
      if (source >= p.generated) {
        const added = copy('added');
        added[source - p.generated] = [x, y];
        store.set({ added });
      } else store.set({ moves: [...copy('moves').filter((m) => m[0] !== source), [source, x, y]] });
    },
    add: (x: number, y: number) => store.set({ added: [...copy('added'), [x, y]] }),
    remove: (i: number) => {
      const p = points();
      if (!p) return;
      const source = p.source[i];
      if (source >= p.generated) store.set({ added: copy('added').filter((_, k) => k !== source - p.generated) });
      else store.set({ removed: [...copy('removed'), [source]] });
    },
    highlight,
    xRange: X_RANGE,
    yRange: Y_RANGE,
  };
}
