/**
 * "Where does the loss go?": the BCE model at the step the training figure shows, every
 * training example scored under BCE and under focal on the same predictions, and the share of
 * each loss carried by each p_t bin (hard examples left, easy ones right). The shares are
 * computed with the training frames (shares.ts, run.ts); this figure only draws them.
 */
import { el, pct } from '../../../ui/dom';
import { barLayer, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { focalDataNote, focalParams, makeData, sessionOptions, SIDE_LABELS, SIDES, TRAINING_KEYS, type LessonState } from '../model';
import { sessionCode, splitColumns } from '../../shared/code';
import type { LossSharesRun } from '../../shared/code-loss-shares';
import '../../shared/code-loss-shares';
import { sharedTraining } from '../run';
import { BINS, HOPELESS_PT, type LossShares } from '../shares';

export { HOPELESS_PT, sharesAt } from '../shares';

export default defineFigure<LessonState>()({
  name: 'where',
  exportName: 'focal-where',
  caption: 'Share of the total loss carried by examples at each p_t, under BCE and focal, on the same predictions',
  deps: [...TRAINING_KEYS],
  // The training figure's shown frame picks which step is drawn; it needs no new computation.
  view: ['trainFrame'],
  // The training figure's own run (run.ts shares it): the same BCE model, scored at every frame,
  // without training it a second time.
  async compute(s, engine, ctx): Promise<LossShares[]> {
    const run = await sharedTraining(s, engine, { signal: ctx.signal, progress: () => {}, partial: () => {} });
    return run.frames.map((f) => f.where);
  },
  setup(host) {
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const charts = {
      bce: host.chart({ title: 'Under BCE: share of the total loss per p_t bin, hard examples (p_t < 0.5) and easy ones', xLabel: 'p_t of the example (BCE model), scored under BCE', yLabel: 'share of total loss', x: [0, 1], y: [0, 0.5], height: 260 }, pair),
      focal: host.chart({ title: 'Under focal: share of the total loss per p_t bin, hard examples (p_t < 0.5) and easy ones', xLabel: 'p_t of the example (BCE model), scored under focal', yLabel: 'share of total loss', x: [0, 1], y: [0, 0.5], height: 260 }, pair),
    };
    const readout = el('p', { class: 'readout where-readout', 'aria-live': 'polite' });
    host.body.append(el('p', { class: 'legend-note' },
      el('span', { class: 'swatch series-6', 'aria-hidden': 'true' }), 'hard examples (p_t < 0.5, misclassified)   ',
      el('span', { class: 'swatch series-7', 'aria-hidden': 'true' }), 'easy examples (p_t ≥ 0.5)'), readout);
    return { charts, readout, drawn: undefined as LossShares | undefined };
  },
  draw(frames, h, s) {
    const d = frames[Math.max(0, Math.min(frames.length - 1, Math.round(s.trainFrame)))];
    // A partial result redraws with the frame already shown: nothing changed.
    if (!d || h.drawn === d) return;
    h.drawn = d;
    let top = 0;
    for (const side of SIDES) for (const v of d.shares[side]) top = Math.max(top, v);
    for (const side of SIDES) {
      const chart = h.charts[side];
      chart.setDomain(undefined, [0, Math.max(0.05, top * 1.1)]);
      chart.set('bars', barLayer(Array.from(d.shares[side], (v, b) => [(b + 0.5) / BINS, v] as Point), {
        series: (b) => ((b + 0.5) / BINS < 0.5 ? 6 : 7), label: `${SIDE_LABELS[side]} share of loss`, width: 1 / BINS,
      }));
      chart.render();
    }
    const { bce, focal } = d.summary;
    h.readout.replaceChildren(
      `The BCE model after ${d.steps} steps: ${d.easyCount} of ${d.n} training examples are easy (p_t ≥ 0.5). `,
      'They carry ', el('strong', { class: 'easy-share-bce', 'data-value': bce.easyLoss }, pct(bce.easyLoss)), ' of the BCE loss (',
      pct(bce.easyGrad), ' of its gradient) but only ',
      el('strong', { class: 'easy-share-focal', 'data-value': focal.easyLoss }, pct(focal.easyLoss)), ' of the focal loss (',
      pct(focal.easyGrad), ' of its gradient). At the other end, ',
      el('strong', { class: 'hopeless-count', 'data-value': d.hopelessCount }, String(d.hopelessCount)), ` of the ${d.rareCount} rare examples sit deep inside the common cloud (p_t < ${HOPELESS_PT}): they carry `,
      el('strong', { class: 'hopeless-share-focal', 'data-value': focal.hopelessLoss }, pct(focal.hopelessLoss)), ' of the focal loss (',
      el('span', { class: 'hopeless-share-bce', 'data-value': bce.hopelessLoss }, pct(bce.hopelessLoss)), ' of the BCE loss).');
  },
  async code(frames, s, engine) {
    const d = frames[Math.max(0, Math.min(frames.length - 1, Math.round(s.trainFrame)))];
    if (!d) throw new Error('the model has not trained yet');
    const settings = { seed: s.seed, ratio: s.ratio, noise: s.noise, model: s.model, gamma: s.gamma, alpha: s.alpha, weighting: s.weighting, prior: s.prior, owndata: s.owndata };
    const data = await makeData(engine, settings);
    // The BCE model of the training figure after the frame's steps, then the losses on its training predictions.
    const bce = await sessionCode(engine, sessionOptions(data, settings, 'bce'), d.steps, { label: 'bce', x: ['x1', 'x2'], y: 'y', standardize: false, report: 'loss', expect: [] });
    const shares = (side: 'bce' | 'focal') => [
      { name: `${side} easy loss share`, value: d.summary[side].easyLoss }, { name: `${side} easy gradient share`, value: d.summary[side].easyGrad },
      { name: `${side} hopeless loss share`, value: d.summary[side].hopelessLoss }];
    const where: LossSharesRun = {
      kind: 'loss-shares', label: 'where', hopeless: HOPELESS_PT,
      losses: [{ name: 'bce', loss: 'bce_logits' }, { name: 'focal', loss: 'focal', params: focalParams(settings) }],
      expect: [{ name: 'easy count', value: d.easyCount }, { name: 'hopeless count', value: d.hopelessCount }, ...shares('bce'), ...shares('focal')],
    };
    return {
      title: `Share of the total loss carried by easy and hopeless examples, BCE model after ${d.steps} steps`, source: 'focal-loss/where',
      columns: splitColumns(data.data, 2), split: 'held_out', runs: [{ ...bce, expect: [{ name: 'final loss', value: d.summary.bce.meanLoss }] }, where], dataNote: focalDataNote(settings),
    };
  },
});
