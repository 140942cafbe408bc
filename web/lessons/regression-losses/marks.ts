/**
 * Marks that keep overlapping lines apart: each loss has its own dash pattern (not only its
 * colour), and a direct label at the right end of its line, nudged apart when lines meet. The
 * MAE and Huber lines of the first figures, and the mean and median lines of the band figure,
 * lie almost on top of each other; the dash patterns let both show through.
 */
import type { Layer } from '../../ui/chart';
import { lineLayer, type Point } from '../../ui/layers';
import type { LineLoss } from './params';

/** stroke-dasharray per loss: solid, a wide solid under the rest, dashes, dots, dash-dot. */
export const DASH: Record<LineLoss, string | undefined> = { mse: undefined, mae: undefined, huber: '9 5', log_cosh: '2 4', quantile: '10 4 2 4' };
export const WIDTH: Record<LineLoss, number> = { mse: 2.5, mae: 5, huber: 2.5, log_cosh: 2.5, quantile: 2.5 };

/** A line with an explicit dash pattern (a presentation attribute, allowed under a strict CSP). */
export function patternLine(points: readonly Point[], options: { series: number; label: string; dash?: string; width?: number; className?: string }): Layer {
  const base = lineLayer(points, { series: options.series, label: options.label, width: options.width, className: options.className });
  return {
    draw(ctx) {
      base.draw(ctx);
      if (options.dash) ctx.g.select('path').attr('stroke-dasharray', options.dash);
    },
    csv: base.csv,
  };
}

export interface DirectLabel { text: string; series: number; y: number }

/** Labels at the right edge of the plot at each line's height, at least 14 px apart. */
export function directLabels(labels: readonly DirectLabel[], atX: number): Layer {
  return {
    draw({ g, x, y }) {
      const [top, bottom] = [Math.min(...y.range()), Math.max(...y.range())];
      const placed = labels.map((l) => ({ ...l, py: Math.max(top + 8, Math.min(bottom - 4, y(l.y))) })).sort((a, b) => a.py - b.py);
      for (let i = 1; i < placed.length; i++) placed[i].py = Math.max(placed[i].py, placed[i - 1].py + 14);
      const overflow = placed.length ? placed[placed.length - 1].py - (bottom - 4) : 0;
      if (overflow > 0) for (const p of placed) p.py -= overflow;
      for (const p of placed) {
        g.append('text').attr('class', `direct-label series-${p.series}`).attr('x', x(atX) - 4).attr('y', p.py - 4)
          .attr('text-anchor', 'end').attr('fill', 'currentColor').attr('font-size', 12).attr('font-weight', 600)
          .attr('paint-order', 'stroke').attr('stroke', 'var(--bg, #fff)').attr('stroke-width', 3).text(p.text);
      }
    },
  };
}
