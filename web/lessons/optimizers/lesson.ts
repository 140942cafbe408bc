/**
 * Lesson "SGD vs Adam: how optimizers move": SGD, momentum, Nesterov, RMSprop, Adagrad, Adam and
 * AdamW race on 2-D surfaces; the learner looks inside each update, edits the learning-rate
 * schedule, adds mini-batch noise, sweeps learning rates for a fair comparison and trains a real
 * MLP three ways. The figures in the order of the text; every number comes from the engine.
 */
import { defineLesson } from '../framework/lesson';
import { curves } from './figures/curves';
import { inside } from './figures/inside';
import { mlp } from './figures/mlp';
import { noise } from './figures/noise';
import { race } from './figures/race';
import { sweep } from './figures/sweep';
import { params, type State } from './params';
import { preview } from './preview';
import { questions } from './questions';
import text from './text.md?raw';
import './optimizers.css';

export default defineLesson<State>({
  meta: {
    slug: 'optimizers',
    title: 'SGD vs Adam: how optimizers move',
    promise: 'Race seven optimizers across a loss surface, look inside each update, and find out what momentum, adaptive steps, bias correction and schedules each buy you, and when a learning rate blows up.',
    minutes: 35,
  },
  text,
  params,
  /** The sweep the learner asked for last (settings at the press of the button), not in the URL. */
  local: { sweep_job: null },
  figures: [race, inside, curves, noise, sweep, mlp],
  questions,
  preview,
});
