/**
 * Lesson "Learning-rate schedules and fair comparisons", the second half of the old optimizers
 * lesson: the same race (no inside view), loss curves under seven schedules, gradient noise and
 * annealing over seeds, the learning-rate sweep, and an MLP on spirals. Its state is the old
 * lesson's (an old optimizers link with a schedule or noise lands here through the optimizers
 * lesson's redirect); the noise is on by default.
 */
import { defineLesson } from '../framework/lesson';
import { makeRace } from '../optimizers/figures/race';
import { SETTINGS_KEYS } from '../optimizers/options';
import '../optimizers/optimizers.css';
import { curves } from './figures/curves';
import { mlp } from './figures/mlp';
import { noise } from './figures/noise';
import { sweep } from './figures/sweep';
import { params, type State } from './params';
import text from './text.md?raw';

export default defineLesson<State>({
  meta: {
    slug: 'lr-schedules',
    title: 'Learning-rate schedules and fair comparisons',
    promise: 'Shape the learning rate over a run, add mini-batch noise and see over 40 seeds when annealing helps and when it does not, compare optimizers at their own best learning rates, and watch a real network escape a plateau.',
    minutes: 25,
  },
  text,
  params,
  /** The sweep the learner asked for last (settings at the press of the button), not in the URL. */
  local: { sweep_job: null },
  figures: [makeRace({ keys: SETTINGS_KEYS, arrows: false }), curves, noise, sweep, mlp],
});
