/**
 * Lesson "Regularisation": the geometry of L1, L2 and elastic-net constraints, coefficient paths
 * by coordinate descent with exact zeros, validation error against λ, early stopping with
 * restored weights against an L2 fit, and L2-in-Adam against AdamW. Figures and questions in the
 * order of text.md.
 */
import { defineLesson } from '../framework/lesson';
import adamw from './figures/adamw';
import early from './figures/early';
import errors from './figures/errors';
import geometry from './figures/geometry';
import paths from './figures/paths';
import { params, type LessonState } from './params';
import { questions } from './questions';
import text from './text.md?raw';

export default defineLesson<LessonState>({
  meta: {
    slug: 'regularisation',
    title: 'Regularisation: L1, L2, elastic net, early stopping, and weight decay vs AdamW',
    promise: 'See why the L1 diamond gives exact zeros and the L2 disc does not, pick λ on held-out data, stop an over-fitting network early and restore its best weights, and tell L2 inside Adam from AdamW.',
    minutes: 30,
  },
  text,
  params,
  figures: [geometry, paths, errors, early, adamw],
  questions,
});
