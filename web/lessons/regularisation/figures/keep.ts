/**
 * Redraw a layer only when what it shows has changed. A figure's draw() runs on the page for
 * every input of a drag; most of its layers come from results that the drag does not change
 * (the coefficient paths while λ moves, the run without stopping while patience moves), and the
 * models hand those back as the same object. Rebuilding their SVG paths anyway is the main-thread
 * work per input that the drag test counts, so a layer whose source is the object it was last
 * drawn from is left as it is.
 */
import type { Chart, Layer } from '../../../ui/chart';

const drawn = new WeakMap<Chart, Map<string, { source: unknown; tag: string }>>();

/**
 * chart.set(name, make()) unless the layer was last drawn from `source` (compared by identity)
 * with the same `tag` (what else the layer shows: a colour, a label).
 */
export function setKept(chart: Chart, name: string, source: unknown, make: () => Layer, tag = ''): void {
  let sources = drawn.get(chart);
  if (!sources) drawn.set(chart, (sources = new Map()));
  const last = sources.get(name) as { source: unknown; tag: string } | undefined;
  if (last && last.source === source && last.tag === tag) return;
  chart.set(name, make());
  sources.set(name, { source, tag });
}
