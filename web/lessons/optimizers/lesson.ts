/**
 * Lesson "How optimizers move": gradient descent, momentum (as a damped oscillator), Nesterov,
 * RMSprop, Adagrad, Adam and AdamW race on 2-D surfaces, and the learner looks inside each update
 * and at Adam's bias correction. Schedules, noise, the learning-rate sweep and the MLP moved to
 * the lesson lr-schedules; an old link carrying their keys is redirected there with its state.
 * The figures in the order of the text; every number comes from the engine.
 */
import { defineLesson } from '../framework/lesson';
import { damping } from './figures/damping';
import { inside } from './figures/inside';
import { makeRace } from './figures/race';
import { CORE_SETTINGS_KEYS } from './options';
import { fullParams, MOVED_KEYS, params, type State } from './params';
import { preview } from './preview';
import { questions } from './questions';
import text from './text.md?raw';
import './optimizers.css';

export const NEW_SLUG = 'lr-schedules';

/**
 * Links from before the split: one carrying a key that moved (schedule, noise, seeds …) opens
 * lr-schedules with the same state. That lesson's defaults for moved keys may differ (it turns
 * the noise on), so a moved key the old link left at its old default is written out explicitly.
 */
export function redirect(source: URLSearchParams | Record<string, string>): { slug: string; source: URLSearchParams } | undefined {
  const query = new URLSearchParams(source instanceof URLSearchParams ? source : Object.entries(source));
  const moved = MOVED_KEYS as readonly string[];
  if (![...query.keys()].some((k) => moved.includes(k))) return undefined;
  for (const p of fullParams) {
    if (moved.includes(p.name) && !query.has(p.name)) query.set(p.name, String(p.default));
  }
  query.delete('lesson');
  return { slug: NEW_SLUG, source: query };
}

const lesson = defineLesson<State>({
  meta: {
    slug: 'optimizers',
    title: 'How optimizers move',
    promise: 'Race gradient descent, momentum and Adam down an ill-conditioned valley, see momentum ring like a spring and how to damp it, look inside each adaptive update, and find out what Adam’s bias correction really does.',
    minutes: 25,
  },
  text,
  params,
  local: {},
  figures: [makeRace({ keys: CORE_SETTINGS_KEYS, arrows: true }), damping, inside],
  questions,
  preview,
});

export default Object.assign(lesson, { redirect });
