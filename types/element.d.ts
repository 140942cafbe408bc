// Types for `import 'loss-lab/element'` (dist/loss-lab-lesson.js) and `import 'loss-lab/figure'`
// (dist/loss-lab-figure.js): the <loss-lab-lesson> and <loss-lab-figure> custom elements, their JS
// API and their progress events. docs/embedding.md is the reference.

/** The `loss-lab:progress` event's detail (and the iframe's postMessage `detail`), schema version 1. */
export interface ProgressDetail {
  schema: 'loss-lab-progress';
  version: 1;
  /** 'lesson-loaded' | 'question-answered' | 'lesson-completed' | 'goal-reached' | 'data-edited' | … */
  type: string;
  /** The lesson's slug, e.g. 'regression-losses'. */
  lesson: string;
  /** The element's storage key (its `storage-key` or `id` attribute), when it has one. */
  instance?: string;
  /** ISO 8601 time of the event. */
  time: string;
  /** question-answered: the question id, the option chosen, and whether the core's result agrees. */
  question?: string;
  choice?: string;
  correct?: boolean | number;
  /** lesson-completed: how many questions the lesson has (correct: how many were answered correctly). */
  questions?: number;
  [field: string]: unknown;
}

export declare const PROGRESS_SCHEMA: 'loss-lab-progress';
export declare const PROGRESS_SCHEMA_VERSION: 1;

export declare class LossLabLessonElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /** A copy of the lesson's state (parameter name -> value), or undefined before it has loaded. */
  get state(): Record<string, unknown> | undefined;
  /** Patches the state; unknown names are ignored and values are validated like the controls'. */
  set state(patch: Record<string, unknown>);
  /** "Start over": answers cleared, state back to the lesson's defaults. */
  reset(): void;
  /** The key this instance's saved work is stored under (with the lesson's slug). */
  readonly storageKey: string | undefined;
}

/** <loss-lab-figure figure="<lesson>/<figure>" controls="…" group="…" height="…">: one figure of a lesson (height: CSS px held until it draws). */
export declare class LossLabFigureElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /** A copy of the figure's state (with `group`, the group's), or undefined before it has loaded. */
  get state(): Record<string, unknown> | undefined;
  /** Patches the state (with `group`, every linked figure follows); values are validated like the controls'. */
  set state(patch: Record<string, unknown>);
  /** Back to the lesson's defaults (with `group`, for every linked figure). */
  reset(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'loss-lab-lesson': LossLabLessonElement;
    'loss-lab-figure': LossLabFigureElement;
  }
  interface HTMLElementEventMap {
    'loss-lab:progress': CustomEvent<ProgressDetail>;
  }
}
