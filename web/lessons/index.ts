/**
 * The lesson index: one line per lesson, in the order the home page lists them. A lesson lives
 * entirely in web/lessons/<slug>/ and is loaded only when needed.
 */
import type { Lesson } from './types';

export const lessonLoaders: Record<string, () => Promise<{ default: Lesson }>> = {
  'regression-losses': () => import('./regression-losses/lesson'),
  'focal-loss': () => import('./focal-loss/lesson'),
  'label-smoothing': () => import('./label-smoothing/lesson'),
  'optimizers': () => import('./optimizers/lesson'),
  'lr-schedules': () => import('./lr-schedules/lesson'),
  'loss-vs-metric': () => import('./loss-vs-metric/lesson'),
  'regularisation': () => import('./regularisation/lesson'),
  'prediction-intervals': () => import('./prediction-intervals/lesson'),
  'contrastive': () => import('./contrastive/lesson'),
};

export const lessonSlugs = Object.keys(lessonLoaders);

/** Loads a lesson by slug; undefined for anything not in the index (slugs come from URLs). */
export async function loadLesson(slug: string | null | undefined): Promise<Lesson | undefined> {
  if (typeof slug !== 'string' || !Object.prototype.hasOwnProperty.call(lessonLoaders, slug)) return undefined;
  return (await lessonLoaders[slug]()).default;
}
