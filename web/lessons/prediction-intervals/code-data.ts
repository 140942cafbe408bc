/**
 * What "Copy as code" needs from the lesson: the data sets the figures drew, in the scripts' role
 * order, the training of their models (the core's session options and seeded start), and the
 * note that says where the data come from. The figures pass these to shared/code-conformal.ts.
 */
import type { AsyncLossLab } from 'loss-lab';
import type { ModelChoice } from './params';
import { intervalColumns, intervalModel, type IntervalModel } from '../shared/code-conformal';
import { CONF_TEST, CONF_TRAIN } from './conformal';
import { meanSd } from '../shared/fit';
import { fitOptions, heteroscedastic, STEPS, type Points } from './fits';
import { QR_HELD } from './quantile-bands';

/** How every fit of a figure trains (the core's session options and its seeded start), read with one data set's training points. */
export function codeModel(engine: AsyncLossLab, model: ModelChoice, train: Points): Promise<IntervalModel> {
  const sx = meanSd(train.x), sy = meanSd(train.y);
  const z = Float64Array.from(train.x, (v) => (v - sx.mean) / sx.sd), v = Float64Array.from(train.y, (u) => (u - sy.mean) / sy.sd);
  return intervalModel(engine, fitOptions({ model, loss: 'quantile', tau: 0.5 }, z, v), STEPS[model]);
}

/**
 * The data sets of `seeds` as the figures draw them, in the scripts' role order (0 training,
 * 1 held-out or calibration, 2 test), and the model their fits train.
 */
export async function codeData(engine: AsyncLossLab, s: { method: 'quantile-band'; model: ModelChoice; ntrain: number } | { method: 'conformal'; ncal: number }, seeds: number[]):
  Promise<{ columns: Record<string, Float64Array>; model: IntervalModel }> {
  const sets = await Promise.all(seeds.map(async (seed) => {
    if (s.method === 'quantile-band') return { seed, parts: await heteroscedastic(engine, seed, [s.ntrain, QR_HELD]) };
    const [test, train, calibration] = await heteroscedastic(engine, seed, [CONF_TEST, CONF_TRAIN, s.ncal]);
    return { seed, parts: [train, calibration, test] };
  }));
  // The conformal figures' models are always lines.
  return { columns: intervalColumns(sets), model: await codeModel(engine, s.method === 'quantile-band' ? s.model : 'linear', sets[0].parts[0]) };
}

/** The data note of the scripts. */
export const CODE_DATA_NOTE = 'The lab\'s seeded heteroscedastic data (x uniform on [0, 5], y = 3x + 0.5 (1 + x) z, z standard normal), one data set per data_seed; role 0: training, 1: held-out or calibration, 2: test';
