/**
 * Lesson "Prediction intervals you can trust": what the pinball loss estimates, why a quantile
 * band's coverage on its own training points says nothing about new points, split conformal and
 * CQR with the finite-sample threshold, coverage over 50 seeds, and marginal against conditional
 * coverage. Figures and questions in the order of text.md. The modules beside the figures:
 *   fits.ts            the heteroscedastic data and the core sessions that fit each band
 *   quantile-bands.ts  the τ = α/2 and 1 − α/2 quantile band and its coverage over seeds
 *   conformal.ts       split conformal and CQR on the same points, repeated over seeds
 *   code-data.ts       what Copy as code writes beside its script
 */
import { defineLesson } from '../framework/lesson';
import bands from './figures/bands';
import conditional from './figures/conditional';
import conformal from './figures/conformal';
import pinball from './figures/pinball';
import repeat from './figures/repeat';
import { params, type State } from './params';
import { questions } from './questions';
import text from './text.md?raw';
import './prediction-intervals.css';

export default defineLesson<State>({
  meta: {
    slug: 'prediction-intervals',
    title: 'Prediction intervals you can trust: quantile regression and conformal prediction',
    promise: 'See the pinball loss find a quantile, watch a quantile band cover its training points but not new ones, and restore coverage with split conformal and CQR (marginal, not conditional).',
    minutes: 30,
  },
  text,
  params,
  local: { repeats: 0 },
  figures: [pinball, bands, conformal, repeat, conditional],
  questions,
});
