/**
 * A reliability diagram, ready to drop into any figure: per confidence bin, a bar of the observed
 * accuracy (frequency), the gap to the bin's mean confidence shaded, the diagonal of perfect
 * calibration, and a live text readout of the expected calibration error (ECE). It draws what
 * lab.metrics.calibration computed; it computes nothing itself. Bars are centred on equal-width
 * bins of [0, 1], which is how the core bins (core/include/losslab/metrics/metrics.hpp).
 */
import type { Chart } from './chart';
import type { Figure } from './figure';
import type { Layer } from './chart';
import { reliabilityLayer } from './layers';
import { el, fmt } from './dom';

/** The shape lab.metrics.calibration returns (per-bin arrays and the ECE). */
export interface CalibrationBins {
  count: ArrayLike<number>;
  confidence: ArrayLike<number>;
  frequency: ArrayLike<number>;
  ece: number;
}

export interface ReliabilityOptions {
  /** Accessible name of the plot. */
  title: string;
  /** Palette slot of the bars and line. */
  series: number;
  /** Short name of the model, used in the legend, CSV and readout. */
  label: string;
  /** What the probability is, for the x-axis title (default: top-class confidence). */
  xLabel?: string;
  yLabel?: string;
  height?: number;
  /**
   * Announce every update to screen readers (default true). Turn it off for a diagram that
   * redraws many times a second during training, and announce the end result elsewhere.
   */
  live?: boolean;
}

/** Accuracy bars per bin with the gap to the mean confidence shaded (empty bins are skipped). */
export function reliabilityBarsLayer(bins: CalibrationBins, options: { series: number; label: string }): Layer {
  const n = bins.count.length;
  const rows: Array<{ from: number; to: number; count: number; confidence: number; frequency: number }> = [];
  for (let b = 0; b < n; b++) {
    const count = bins.count[b];
    if (!(count > 0) || !Number.isFinite(bins.confidence[b]) || !Number.isFinite(bins.frequency[b])) continue;
    rows.push({ from: b / n, to: (b + 1) / n, count, confidence: bins.confidence[b], frequency: bins.frequency[b] });
  }
  return {
    draw({ g, x, y }) {
      for (const r of rows) {
        const left = x(r.from) + 1, width = Math.max(0, x(r.to) - x(r.from) - 2);
        g.append('rect').attr('class', `bar series-${options.series}`).attr('x', left).attr('width', width)
          .attr('y', y(r.frequency)).attr('height', Math.max(0, y(0) - y(r.frequency)));
        const top = Math.max(r.frequency, r.confidence), bottom = Math.min(r.frequency, r.confidence);
        g.append('rect').attr('class', 'band series-6 reliability-gap').attr('x', left).attr('width', width)
          .attr('y', y(top)).attr('height', Math.max(0, y(bottom) - y(top)))
          .append('title').text(`confidence ${fmt(r.confidence, 3)}, accuracy ${fmt(r.frequency, 3)}, ${r.count} samples`);
      }
    },
    csv: () => ({
      columns: ['series', 'bin_from', 'bin_to', 'count', 'confidence', 'accuracy'],
      rows: rows.map((r) => [options.label, r.from, r.to, r.count, r.confidence, r.frequency]),
    }),
  };
}

/**
 * The diagram as a component: a chart made through the figure (so it is exported with it) plus
 * a polite live readout with the ECE in `data-value` for tests and assistive technology.
 */
export class ReliabilityDiagram {
  readonly chart: Chart;
  readonly readout: HTMLParagraphElement;
  private readonly value: HTMLElement;

  constructor(figure: Figure, parent: HTMLElement, readonly options: ReliabilityOptions) {
    this.chart = figure.chart({
      title: options.title,
      xLabel: options.xLabel ?? 'confidence (top-class probability)',
      yLabel: options.yLabel ?? 'accuracy in the bin',
      x: [0, 1],
      y: [0, 1],
      height: options.height ?? 260,
    }, parent);
    this.value = el('strong', { class: 'ece-value' }, '–');
    this.readout = el('p', { class: 'readout reliability-readout', 'aria-live': options.live === false ? undefined : 'polite' },
      `${options.label}: ECE `, this.value);
    parent.append(this.readout);
    this.chart.render();
  }

  /** Redraws from new bins; `summary` is appended to the readout (e.g. the sample count). */
  update(bins: CalibrationBins, summary = ''): void {
    this.chart.set('bars', reliabilityBarsLayer(bins, { series: this.options.series, label: this.options.label }));
    const used = Array.from({ length: bins.count.length }, (_, b) => ({
      count: bins.count[b], confidence: bins.confidence[b], frequency: bins.frequency[b],
    }));
    this.chart.set('line', reliabilityLayer(used, { series: this.options.series, label: this.options.label }));
    this.value.textContent = fmt(bins.ece, 3);
    this.value.dataset.value = String(bins.ece);
    this.showReadout(summary);
  }

  /** No diagram (its run has not got there yet): empty axes, and the readout says why. */
  clear(summary = ''): void {
    this.chart.remove('bars');
    this.chart.remove('line');
    this.value.textContent = '–';
    delete this.value.dataset.value;
    this.showReadout(summary);
  }

  private showReadout(summary: string): void {
    this.readout.replaceChildren(`${this.options.label}: ECE `, this.value, summary ? ` ${summary}` : '');
  }

  destroy(): void {
    this.chart.destroy();
  }
}
