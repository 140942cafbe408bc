/**
 * The contract of one figure (web/lessons/<slug>/figures/<name>.ts): what it reads, how it
 * computes, how it draws. The framework (runner.ts) owns everything else: subscriptions,
 * memoisation by `deps`, cancellation, the "computing" cue, playback, errors and cleanup.
 *
 *   deps     the state keys compute reads; nothing else reaches it
 *   compute  async, heavy work in the engine's worker; returns plain data (typed arrays)
 *   setup    builds the figure's DOM once: charts, controls, readouts
 *   draw     paints data into what setup built; no math, no engine
 */
import type { AsyncLossLab } from 'loss-lab';
import type { ChartOptions, Chart } from '../../ui/chart';
import type { ControlOptions } from '../../ui/controls';
import type { Figure } from '../../ui/figure';
import type { StoreLike } from '../../state/store';
import type { LocalState } from './local';
import type { CodeSpec } from '../shared/code';

export interface ComputeContext<D> {
  /** Aborted as soon as a newer state supersedes this computation (pass it to engine runs). */
  readonly signal: AbortSignal;
  /** Shows the progress of a long computation (0 to 1) under the figure. */
  progress(fraction: number, label?: string): void;
  /** Draws a partial result now (for example the training frames computed so far). */
  partial(data: D): void;
}

/** What setup gets: the figure's frame and the lesson's services. */
export interface FigureHost<S> {
  readonly figure: Figure;
  /** The figure's body, where setup puts its controls and readouts. */
  readonly body: HTMLElement;
  /** The lesson state (URL, saved work); subscriptions end with the lesson. */
  readonly store: StoreLike;
  /** Transient values shared between figures (hover, frame), not in the URL. */
  readonly local: LocalState;
  readonly engine: AsyncLossLab;
  /** A control for a row of the parameter table (slider, toggle, select). */
  control(name: keyof S & string, options?: ControlOptions): HTMLElement;
  /** A chart in this figure (axes by the shared chart layer). */
  chart(options: ChartOptions, parent?: HTMLElement): Chart;
  /** The playback bar of this figure (when it declares `playback`), to place where it reads best. */
  playback(): HTMLElement;
  /** Redraws with the last data (after a change that needs no computation). */
  redraw(): void;
  /** Runs on cleanup (event listeners on elements outside the figure, timers). */
  onCleanup(fn: () => void): void;
  /** A lesson-level progress event (for the course platform). */
  progress(type: string, detail?: Record<string, unknown>): void;
  /** Where this instance keeps saved work (the slug, or slug@storage-key): two instances never share it. */
  readonly workKey: string;
  /** A notice above the lesson. */
  notice(text: string): void;
}

export interface Playback<S, D> {
  /** Names the controls for screen readers, e.g. 'Training of both models'. */
  label: string;
  /** How many frames the data holds. */
  frames(data: D): number;
  /** Where a fresh result starts: on its first frame (to play it) or its last (the finished picture). */
  start?: 'first' | 'last';
  /** A state or local key that holds the frame, so other figures (or the URL) can follow it. */
  param?: keyof S & string;
  /** Describes a frame for the status line, e.g. 'step 40 of 400'. */
  describe?(data: D, frame: number): string;
}

export interface FigureSpec<S, D, H> {
  /** The file's name: figures/<name>.ts, and the text's `::: figure <slot ?? name>` line. */
  name: string;
  /** The text slot it fills (default: name). */
  slot?: string;
  caption: string;
  /** The export file name (default: `<lesson>-<name>`). */
  exportName?: string;
  deps: ReadonlyArray<keyof S & string>;
  /** Keys that change only the drawing (highlight, hover, frame): draw re-runs, compute does not. */
  view?: ReadonlyArray<keyof S & string>;
  /** Starts computing only when the figure nears the viewport. */
  lazy?: boolean;
  compute(state: S, engine: AsyncLossLab, context: ComputeContext<D>): Promise<D>;
  setup(host: FigureHost<S>): H;
  /** Paints; `frame` is the playback position for figures with `playback`. */
  draw(data: D, handles: H, state: S, frame: number): void;
  playback?: Playback<S, D>;
  /**
   * "Copy as code": the figure's current setup as a spec (data, trainings, loss evaluations and
   * the numbers shown), which web/lessons/shared/code.ts turns into a PyTorch script. Opt-in.
   */
  code?(data: D, state: S, engine: AsyncLossLab): Promise<CodeSpec>;
}

/** Declares a figure; `defineFigure<State>()({ … })` infers the data and handle types. */
export function defineFigure<S>() {
  return <D, H>(spec: FigureSpec<S, D, H>): FigureSpec<S, D, H> => spec;
}

/** Any figure of a lesson, whatever its data. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFigure<S> = FigureSpec<S, any, any>;
