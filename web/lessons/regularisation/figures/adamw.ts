/**
 * "L2 inside Adam vs AdamW": the MLP of the early-stopping figure trained with Adam and
 * weight_decay = λ (torch.optim.Adam: λθ is added to the gradient, then divided by √v̂ with it)
 * and with AdamW at the same λ (torch.optim.AdamW: θ ← θ(1 − lr·λ) before the Adam step). Left:
 * each parameter's per-step shrinkage from the decay at the end of training, lr·λ/(√v̂ + ε) for
 * Adam + L2 and lr·λ for AdamW, against that parameter's √v̂ (from the core's optimizer state).
 * Right: the two fitted functions. The readout gives the weight norms and validation losses.
 */
import { controlRow } from '../../../ui/controls';
import { el, fmt } from '../../../ui/dom';
import { lineLayer, scatterLayer, type Point } from '../../../ui/layers';
import { logSlider } from '../../../ui/log-slider';
import { defineFigure } from '../../framework/figure';
import { splitColumns } from '../../shared/code';
import { trainValidateCode } from '../../shared/code-train-validate';
import { CURVE_X, mlpSession, norm, trainMlp, WAVE_NOTE, type MlpRun } from '../model';
import type { LessonState } from '../params';
import { wave } from './early';

const ADAM_LR = 0.01;
const EPS = 1e-8;
interface AdamwData { adam: MlpRun & { second?: Float64Array }; adamw: MlpRun & { second?: Float64Array }; decay: number }
const series = { adam: 4, adamw: 5 } as const;

/** Per-parameter (√v̂, shrinkage per step) for one run. */
export function shrinkage(run: { second?: Float64Array }, decoupled: boolean, decay: number): Point[] {
  return Array.from(run.second ?? [], (v) => [Math.sqrt(v), decoupled ? ADAM_LR * decay : (ADAM_LR * decay) / (Math.sqrt(v) + EPS)] as Point);
}

/** The median of Adam + L2's per-step shrinkage over the parameters (the readout's number). */
function medianShrink(run: { second?: Float64Array }, decay: number): number {
  const sorted = shrinkage(run, false, decay).map((p) => p[1]).sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}

export default defineFigure<LessonState>()({
  name: 'adamw',
  exportName: 'adam-l2-vs-adamw',
  caption: 'Adam with L2 against AdamW at the same λ: per-parameter shrinkage, fitted functions, norms and validation loss',
  deps: ['decay'],
  lazy: true,
  async compute(s, engine, ctx): Promise<AdamwData> {
    const data = await wave(engine);
    const [adam, adamw] = await Promise.all([
      trainMlp(engine, data, { optimizer: 'adam', weightDecay: s.decay, signal: ctx.signal }),
      trainMlp(engine, data, { optimizer: 'adamw', weightDecay: s.decay, signal: ctx.signal }),
    ]);
    return { adam, adamw, decay: s.decay };
  },
  async code(d, s, engine) {
    const data = await wave(engine);
    const runs = (['adam', 'adamw'] as const).map((optimizer) => {
      const run = d[optimizer];
      return trainValidateCode(engine, mlpSession(data, { optimizer, weightDecay: d.decay }), {
        label: optimizer === 'adam' ? 'adam plus l2' : 'adamw', x: ['x1'], y: 'y', split: 'held_out',
        report: optimizer === 'adam' ? ['losses', 'norm', 'shrinkage'] : ['losses', 'norm'],
        expect: [
          { name: 'validation mse', value: run.valMse }, { name: 'weight norm', value: norm(run.params) },
          ...(optimizer === 'adam' ? [{ name: 'median decay shrink', value: medianShrink(run, d.decay) }] : []),
        ],
      });
    });
    return {
      title: `Adam with weight_decay = ${s.decay} (L2 in the gradient) against AdamW with weight_decay = ${s.decay}`,
      source: 'regularisation/adamw', columns: splitColumns(data, 1), split: 'held_out', dataNote: WAVE_NOTE, runs: await Promise.all(runs),
    };
  },
  setup(host) {
    host.body.append(controlRow(logSlider(host.store, 'decay')));
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const shrink = host.chart({ title: 'The penalty’s pull per step on each parameter, as a share of its value, against its √v̂: Adam + L2 and AdamW', xLabel: '√v̂ of the parameter (log scale)', yLabel: 'penalty’s pull per step (log)', x: [1e-4, 1], y: [1e-4, 3], xScale: 'log', yScale: 'log', height: 290, canvas: true }, pair);
    const fits = host.chart({ title: 'Fitted functions after 600 steps: Adam + L2 and AdamW at the same λ', xLabel: 'x', yLabel: 'y', x: [-3, 3], y: [-2.2, 2.2], height: 290 }, pair);
    host.body.append(el('p', { class: 'legend-note' }, 'Purple: Adam with weight_decay = λ (L2 in the gradient). Yellow: AdamW with weight_decay = λ. Shrinkage plot, one dot per parameter (97; values beyond the axes are drawn at its edge): the penalty alone would take lr·λ/(√v̂ + ε) of a weight per step under Adam + L2, so the dots fall along a line of slope −1, and lr·λ of every weight under AdamW. It is the penalty’s pull, not the net change: after 600 steps the loss gradient pushes back as hard, and the weights hardly move. Both use lr = 0.01, 600 full-batch steps.'));
    const readout = el('p', { class: 'readout adamw-readout', 'aria-live': 'polite' });
    host.body.append(readout);
    return { shrink, fits, readout };
  },
  draw(d, h) {
    const clip = (pts: Point[]) => pts.map(([x, y]) => [Math.max(x, 1e-4), Math.min(Math.max(y, 1e-4), 3)] as Point);
    h.shrink.set('adam', scatterLayer(clip(shrinkage(d.adam, false, d.decay)), { series: series.adam, label: 'Adam + L2', radius: 3, canvas: true }));
    h.shrink.set('adamw', scatterLayer(clip(shrinkage(d.adamw, true, d.decay)), { series: series.adamw, label: 'AdamW', radius: 3, canvas: true }));
    const curve = (v: Float64Array): Point[] => Array.from(CURVE_X, (x, i) => [x, v[i]] as Point);
    h.fits.set('adam', lineLayer(curve(d.adam.curve), { series: series.adam, label: 'Adam + L2', width: 2.5 }));
    h.fits.set('adamw', lineLayer(curve(d.adamw.curve), { series: series.adamw, label: 'AdamW', width: 2.5, dashed: true }));
    const adamShrink = shrinkage(d.adam, false, d.decay).map((p) => p[1]).sort((a, b) => a - b);
    const median = medianShrink(d.adam, d.decay);
    h.readout.replaceChildren(
      `At λ = ${fmt(d.decay, 3)}: AdamW removes lr·λ = ${fmt(ADAM_LR * d.decay, 5)} of every weight per step; Adam + L2 removes a median of `,
      el('strong', { class: 'adam-median', 'data-value': median }, fmt(median, 4)),
      ` (from ${fmt(adamShrink[0] ?? 0, 5)} to ${fmt(adamShrink[adamShrink.length - 1] ?? 0, 3)}), largest where √v̂ is smallest. Weight norm ‖θ‖: Adam + L2 `,
      el('strong', { class: 'norm-adam', 'data-value': norm(d.adam.params) }, fmt(norm(d.adam.params), 2)),
      ', AdamW ',
      el('strong', { class: 'norm-adamw', 'data-value': norm(d.adamw.params) }, fmt(norm(d.adamw.params), 2)),
      '. Validation MSE (180 points): Adam + L2 ',
      el('strong', { class: 'val-adam', 'data-value': d.adam.valMse }, fmt(d.adam.valMse, 4)),
      ', AdamW ',
      el('strong', { class: 'val-adamw', 'data-value': d.adamw.valMse }, fmt(d.adamw.valMse, 4)), '.');
  },
});
