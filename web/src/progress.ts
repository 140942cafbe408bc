/**
 * The progress events a host page receives, one versioned schema for the custom element's
 * `loss-lab:progress` DOM event and the iframe's postMessage (docs/embedding.md describes it).
 * Version 1: { schema: 'loss-lab-progress', version: 1, type, lesson, instance?, time, ...fields }.
 * A change that removes or renames a field raises the version; new optional fields do not.
 */
export const PROGRESS_SCHEMA = 'loss-lab-progress';
export const PROGRESS_SCHEMA_VERSION = 1;

export interface ProgressDetail {
  schema: typeof PROGRESS_SCHEMA;
  version: typeof PROGRESS_SCHEMA_VERSION;
  /** 'lesson-loaded' | 'question-answered' | 'lesson-completed' | 'goal-reached' | 'data-edited' | … */
  type: string;
  lesson: string;
  /** The element's storage key (its `storage-key` or `id`), when it has one. */
  instance?: string;
  /** ISO 8601 time the event happened. */
  time: string;
  [field: string]: unknown;
}

export function progressDetail(type: string, detail: Record<string, unknown>, instance?: string): ProgressDetail {
  return {
    ...detail,
    schema: PROGRESS_SCHEMA,
    version: PROGRESS_SCHEMA_VERSION,
    type,
    lesson: String(detail.lesson ?? ''),
    ...(instance ? { instance } : {}),
    time: new Date().toISOString(),
  };
}
