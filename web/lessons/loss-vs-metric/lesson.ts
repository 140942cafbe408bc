/**
 * Lesson "The loss is not the metric": proper vs improper scoring rules, cost-optimal thresholds
 * on a calibrated model against training on the cost (credit risk, trained live), Model A/B with
 * the Brier score and the calibration–refinement split, and which metric answers which question.
 * Figures and questions in the order of text.md.
 */
import { defineLesson } from '../framework/lesson';
import credit from './figures/credit';
import metrics from './figures/metrics';
import proper from './figures/proper';
import story from './figures/story';
import { params, type LessonState } from './params';
import { questions } from './questions';
import text from './text.md?raw';
import './loss-vs-metric.css';

export default defineLesson<LessonState>({
  meta: {
    slug: 'loss-vs-metric',
    title: 'The loss is not the metric: thresholds, costs and proper scoring rules',
    promise: 'See why log loss and Brier make the true probability the best answer, train credit-risk models at FN:FP up to 50:1, and threshold a calibrated model at c_FP / (c_FP + c_FN).',
    minutes: 30,
  },
  text,
  params,
  local: { owndata: null },
  figures: [proper, credit, story, metrics],
  questions,
});
