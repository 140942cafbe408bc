/**
 * The contract every lesson folder fulfils (web/lessons/<slug>/index.ts default-exports one).
 * A lesson is data (meta, text, parameter table, questions) plus one function, mount, that wires
 * its figures to the engine. Everything else (the page, URL state, saved work, notices, embedding,
 * export, the single-file download) is the framework's.
 */
import type { AsyncLossLab } from 'loss-lab';
import type { ParamTable } from '../state/params';
import type { StateStore } from '../state/store';
import type { StoreLike } from '../state/store';
import type { QuestionSpec } from '../ui/question';

export interface LessonMeta {
  slug: string;
  title: string;
  /** One line: what the learner will be able to do afterwards. */
  promise: string;
  /** Rough time to work through it. */
  minutes: number;
}

/** What mount receives besides the state: the engine, the text's slots and the page's services. */
export interface LessonView {
  /** The engine (in a Web Worker, or on the page where no worker can start). */
  engine: AsyncLossLab;
  /** The element holding the whole lesson. */
  root: HTMLElement;
  /** The element for a `::: figure name` / `::: slot name` line of the text (created at the end if missing). */
  slot(name: string): HTMLElement;
  /** Tells the host page (iframe parent or custom-element listeners) about progress. */
  progress(type: string, detail?: Record<string, unknown>): void;
  /** Shows a notice above the lesson (e.g. a recoverable problem). */
  notice(text: string): void;
  /** Registers a question: it is placed in its `::: question id` slot and its answer is saved. */
  question(spec: QuestionSpec): { rerun(): void };
  /** Where this instance keeps its saved work: the slug, or slug@storage-key for an embedded lesson. */
  workKey?: string;
}

/** One figure of a lesson, as a catalogue or an embedding page sees it (no DOM, no engine). */
export interface FigureInfo {
  /** figures/<name>.ts, and the `figure="<lesson>/<name>"` of a figure element. */
  name: string;
  caption: string;
  /** The rows of the lesson's parameter table this figure reads (its deps and view keys, in that order). */
  params: readonly string[];
}

/** What one figure needs to run on its own: the state it shares (a group of linked figures may share one). */
export interface FigureView {
  engine: AsyncLossLab;
  /** The figure's state; every subscription made through it ends with the mounted figure. */
  store: StoreLike;
  /** Transient values (hover, frame) shared with the figures it is linked to: from createLocal(). */
  local: unknown;
  /** Where the figure goes. */
  target: HTMLElement;
  progress(type: string, detail?: Record<string, unknown>): void;
  notice(text: string): void;
}

export interface MountedFigureParts {
  /** The figure's <figure> element and its body (where its controls are). */
  element: HTMLElement;
  body: HTMLElement;
  destroy(): void;
}

export interface Lesson {
  meta: LessonMeta;
  /** The narrative, in the small Markdown dialect of ui/markdown.ts. */
  text: string;
  params: ParamTable;
  /** Wires the figures; returns a cleanup function. */
  mount(view: LessonView, state: StateStore): () => void;
  /** A small live figure for the lesson's card on the home page. */
  preview?(target: HTMLElement, engine: AsyncLossLab): void | Promise<void>;
  /**
   * For a lesson that was split or renamed: given the state of a link (or element attributes),
   * the lesson and state that link now means, or undefined to stay. The runtime asks before
   * mounting, so old links keep working (the page's address bar then shows the new slug).
   */
  /** The lesson's figures, in the order of the text (lessons built with defineLesson). */
  figures?: readonly FigureInfo[];
  /** A fresh set of the lesson's transient values, for figures mounted one by one. */
  createLocal?(): unknown;
  /** Mounts one figure alone: it computes only what its deps need. */
  mountFigure?(name: string, view: FigureView): MountedFigureParts;
  redirect?(source: URLSearchParams | Record<string, string>): { slug: string; source: URLSearchParams | Record<string, string> } | undefined;
}
