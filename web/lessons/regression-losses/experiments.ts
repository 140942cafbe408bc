/**
 * The engine work behind the quantile band and the Tweedie comparison, shared by their figures
 * and by the questions that ask about them. No DOM: plain data in, plain data out.
 */
import type { AsyncLossLab } from 'loss-lab';
import { makeDataset, type Dataset } from '../shared/data';
import { fitLine, predict, type LineFit } from '../shared/fit';

export interface Band {
  data: Dataset;
  q10: LineFit;
  q50: LineFit;
  q90: LineFit;
  mse: LineFit;
  /** Points between the τ = 0.1 and τ = 0.9 lines, out of total. */
  inside: number;
  total: number;
}

/** Three quantile lines and an MSE line on heteroscedastic data, and the band's coverage. */
export async function quantileBand(engine: AsyncLossLab, seed: number, signal?: AbortSignal): Promise<Band> {
  const data = await makeDataset(engine, 'heteroscedastic', { n: 300, seed });
  const fit = (loss: string, params?: Record<string, number>) => fitLine(engine, { loss, params, x: data.x, y: data.y }, signal);
  const [q10, q50, q90, mse] = await Promise.all([fit('quantile', { tau: 0.1 }), fit('quantile', { tau: 0.5 }), fit('quantile', { tau: 0.9 }), fit('mse')]);
  const lo = predict(q10, data.x), hi = predict(q90, data.x);
  let inside = 0;
  for (let i = 0; i < data.y.length; i++) if (data.y[i] >= lo[i] && data.y[i] <= hi[i]) inside++;
  return { data, q10, q50, q90, mse, inside, total: data.y.length };
}

export const zeroInflated = (engine: AsyncLossLab, seed: number): Promise<Dataset> => makeDataset(engine, 'zero_inflated', { n: 1000, seed, validation: 0.3 });

export type TweedieModel = 'squared' | number;

/** A log-link model trained with squared error ('squared') or Tweedie deviance of power p. */
export function tweedieFit(engine: AsyncLossLab, data: Dataset, which: TweedieModel, signal?: AbortSignal): Promise<LineFit> {
  return which === 'squared'
    ? fitLine(engine, { loss: 'mse', x: data.x, y: data.y, logLink: true }, signal)
    : fitLine(engine, { loss: 'tweedie_log', params: { power: which }, x: data.x, y: data.y, logLink: true }, signal);
}

/** Mean absolute error of a log-link model's predictions μ = e^{a x + b} on the held-out points. */
export async function heldOutMae(engine: AsyncLossLab, data: Dataset, fit: LineFit): Promise<number> {
  return (await engine.loss('mae', predict(fit, data.xVal, true), data.yVal)).value as number;
}
