/**
 * Lesson "Contrastive learning: InfoNCE, temperature and negatives": a small encoder trained live
 * with InfoNCE on augmented views; embeddings on the circle by latent class, τ and where the
 * softmax puts the push, negatives and the log(K + 1) line, hard negatives, collapse, alignment,
 * uniformity and a linear probe. Figures and questions in the order of text.md.
 */
import { defineLesson } from '../framework/lesson';
import training from './figures/training';
import { params, type LessonState } from './params';
import { questions } from './questions';
import text from './text.md?raw';
import './contrastive.css';

export default defineLesson<LessonState>({
  meta: {
    slug: 'contrastive',
    title: 'Contrastive learning: InfoNCE, temperature and negatives',
    promise: 'Train an encoder live with InfoNCE, watch classes it never saw separate on the circle, see τ decide where the push goes, and make it collapse without negatives or with the hardest ones.',
    minutes: 25,
  },
  text,
  params,
  local: { trainFrame: 0 },
  figures: [training],
  questions,
});
