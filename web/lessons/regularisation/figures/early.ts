/**
 * "Early stopping": an over-parameterised MLP (one hidden layer of 32 tanh units, 97 parameters)
 * on 20 noisy points of a sine wave, trained full-batch with Adam. Left: training and validation
 * loss per epoch of the run without stopping, with the best epoch and the epoch where early
 * stopping (patience, min_delta) ends it. Right: the fitted functions of the run without
 * stopping, of the early-stopped run after the core restored its best weights, and of an
 * L2-penalised run trained to the end.
 */
import type { AsyncLossLab, Dataset } from 'loss-lab';
import { controlRow } from '../../../ui/controls';
import { el, fmt } from '../../../ui/dom';
import { lineLayer, ruleLayer, scatterLayer, type Point } from '../../../ui/layers';
import { logSlider } from '../../../ui/log-slider';
import { defineFigure } from '../../framework/figure';
import { setKept } from './keep';
import { splitColumns } from '../../shared/code';
import { trainValidateCode, type TrainValidateLayout } from '../../shared/code-train-validate';
import { CURVE_X, EPOCHS, mlpSession, norm, trainMlp, WAVE_NOTE, waveData, type MlpOptions, type MlpRun } from '../model';
import type { LessonState } from '../params';

interface EarlyData { data: Dataset; full: MlpRun; early: MlpRun; l2: MlpRun; l2Strength: number }

/** Runs that do not depend on the state being changed are kept (the last few). */
const kept = new Map<string, Promise<unknown>>();
function once<T>(key: string, make: () => Promise<T>): Promise<T> {
  let p = kept.get(key) as Promise<T> | undefined;
  if (!p) {
    p = make();
    kept.set(key, p);
    p.catch(() => kept.delete(key));
    if (kept.size > 16) kept.delete(kept.keys().next().value as string);
  }
  return p;
}

export const wave = (engine: AsyncLossLab) => once('wave', () => waveData(engine));
export const fullRun = (engine: AsyncLossLab, data: Dataset) => once('full', () => trainMlp(engine, data, {}));
export const l2Run = (engine: AsyncLossLab, data: Dataset, l2: number) => once(`l2:${l2}`, () => trainMlp(engine, data, { l2 }));
// Kept too, so that dragging the L2 strength does not retrain it (and draw() keeps its layers).
// No abort signal for kept runs: a later compute may be waiting on the same promise.
const earlyRun = (engine: AsyncLossLab, data: Dataset, patience: number, minDelta: number) =>
  once(`early:${patience}:${minDelta}`, () => trainMlp(engine, data, { patience, minDelta }));

const series = { full: 1, early: 3, l2: 2 } as const;

export default defineFigure<LessonState>()({
  name: 'early',
  exportName: 'early-stopping',
  caption: 'Early stopping of an over-parameterised MLP, its restored best weights, and an L2-penalised fit',
  deps: ['patience', 'mindelta', 'l2'],
  async compute(s, engine): Promise<EarlyData> {
    const data = await wave(engine);
    const [full, early, l2] = await Promise.all([
      fullRun(engine, data),
      earlyRun(engine, data, s.patience, s.mindelta),
      l2Run(engine, data, s.l2),
    ]);
    return { data, full, early, l2, l2Strength: s.l2 };
  },
  async code(d, s, engine) {
    const last = (v: Float64Array) => v[v.length - 1];
    const layout = (label: string, run: MlpRun, stopping: boolean): TrainValidateLayout => ({
      label, x: ['x1'], y: 'y', split: 'held_out', report: stopping ? ['epochs', 'losses', 'norm'] : ['losses', 'norm'],
      expect: [
        ...(stopping ? [{ name: 'best epoch', value: run.bestEpoch }, { name: 'best validation loss', value: run.bestValLoss }, { name: 'stopped epoch', value: run.stoppedEpoch }] : []),
        { name: 'final training loss', value: last(run.trainLoss) }, { name: 'validation mse', value: run.valMse }, { name: 'weight norm', value: norm(run.params) },
      ],
    });
    const runs: Array<[string, MlpRun, MlpOptions]> = [
      ['to the end', d.full, {}],
      ['early stopped', d.early, { patience: s.patience, minDelta: s.mindelta }],
      [`l2 ${d.l2Strength}`, d.l2, { l2: d.l2Strength }],
    ];
    return {
      title: `Early stopping (patience ${s.patience}, min_delta ${s.mindelta}) against training to the end and an L2 penalty of ${d.l2Strength}`,
      source: 'regularisation/early', columns: splitColumns(d.data, 1), split: 'held_out', dataNote: WAVE_NOTE,
      runs: await Promise.all(runs.map(([label, run, options]) => trainValidateCode(engine, mlpSession(d.data, options), layout(label, run, !!options.patience)))),
    };
  },
  setup(host) {
    host.body.append(controlRow(host.control('patience'), host.control('mindelta', { format: (v) => v.toFixed(4) }), logSlider(host.store, 'l2')));
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const losses = host.chart({ title: 'Training and validation loss (MSE) per epoch, without stopping', xLabel: 'epoch', yLabel: 'mean squared error', x: [0, EPOCHS], y: [0, 0.8], height: 290 }, pair);
    const fits = host.chart({ title: 'Fitted functions: trained to the end, early-stopped (restored) and L2-penalised', xLabel: 'x', yLabel: 'y', x: [-3, 3], y: [-2.2, 2.2], height: 290 }, pair);
    host.body.append(el('p', { class: 'legend-note' }, 'Loss plot: solid validation loss, dashed training loss; the rules mark the best epoch (restored) and the epoch early stopping stopped at. Function plot: dots are the 20 training points; vermillion the run trained to the end, blue the early-stopped run with its best weights restored, green the L2-penalised run trained to the end.'));
    const readout = el('p', { class: 'readout early-readout', 'aria-live': 'polite' });
    host.body.append(readout);
    return { losses, fits, readout };
  },
  draw(d, h) {
    const epochs = (v: Float64Array): Point[] => Array.from(v, (y, i) => [i + 1, y] as Point);
    setKept(h.losses, 'val', d.full, () => lineLayer(epochs(d.full.valLoss), { series: series.full, label: 'validation loss', width: 2 }));
    setKept(h.losses, 'train', d.full, () => lineLayer(epochs(d.full.trainLoss), { series: series.full, label: 'training loss', dashed: true }));
    setKept(h.losses, 'rules', d.early, () => ruleLayer([d.early.bestEpoch, d.early.stoppedEpoch], 'x', 'rule hover-rule'));
    setKept(h.losses, 'best', d.early, () => scatterLayer([[d.early.bestEpoch, d.early.bestValLoss]], { series: series.early, label: 'best epoch (restored)', radius: 6 }));
    setKept(h.fits, 'points', d.data, () => scatterLayer(Array.from(d.data.x, (x, i) => [x, d.data.y[i]] as Point), { series: 7, label: 'training points', radius: 3 }));
    const curve = (v: Float64Array): Point[] => Array.from(CURVE_X, (x, i) => [x, v[i]] as Point);
    setKept(h.fits, 'full', d.full, () => lineLayer(curve(d.full.curve), { series: series.full, label: `trained ${EPOCHS} epochs`, width: 2 }));
    setKept(h.fits, 'early', d.early, () => lineLayer(curve(d.early.curve), { series: series.early, label: 'early-stopped, best weights', width: 2.5 }));
    setKept(h.fits, 'l2', d.l2, () => lineLayer(curve(d.l2.curve), { series: series.l2, label: `L2 ${d.l2Strength}`, width: 2, dashed: true }));
    const stoppedEarly = d.early.stopped === 'early_stopping';
    h.readout.replaceChildren(
      stoppedEarly ? `Early stopping ended the run at epoch ${d.early.stoppedEpoch} and restored epoch ` : `The run reached epoch ${EPOCHS} without stopping and restored its best epoch, `,
      el('strong', { class: 'best-epoch', 'data-value': d.early.bestEpoch }, String(d.early.bestEpoch)),
      ', whose validation loss was ',
      el('strong', { class: 'best-val', 'data-value': d.early.bestValLoss }, fmt(d.early.bestValLoss, 4)),
      '. The restored model’s validation MSE, recomputed by the core from its weights: ',
      el('strong', { class: 'restored-val', 'data-value': d.early.valMse }, fmt(d.early.valMse, 4)),
      `. Trained to epoch ${EPOCHS} without stopping: validation ${fmt(d.full.valMse, 4)}, training ${fmt(d.full.trainLoss[d.full.trainLoss.length - 1], 4)}. L2 = ${d.l2Strength} to the end: validation ${fmt(d.l2.valMse, 4)}. Weight norms ‖θ‖: `,
      el('strong', { class: 'norms', 'data-full': norm(d.full.params), 'data-early': norm(d.early.params), 'data-l2': norm(d.l2.params) },
        `${fmt(norm(d.full.params), 2)} (to the end), ${fmt(norm(d.early.params), 2)} (early-stopped), ${fmt(norm(d.l2.params), 2)} (L2)`), '.');
  },
});
