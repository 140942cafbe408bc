/**
 * "Where does the loss go?": the BCE model at the step the training figure shows, every
 * training example scored under BCE and under focal on the same predictions, and the share of
 * each loss carried by each p_t bin (hard examples left, easy ones right).
 */
import type { AsyncLossLab, Dataset } from 'loss-lab';
import { el, fmt } from '../../../ui/dom';
import { barLayer, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { focalParams, logitsOf, makeData, sessionOptions, SIDE_LABELS, SIDES, throwIfAborted, TRAINING_KEYS, withSession, type LessonState, type Side } from '../model';
import { MAX_STEPS, STEPS_PER_TICK } from '../params';

const BINS = 20;
/** A rare example the model puts at p_t below this sits deep inside the common cloud: "hopeless". */
export const HOPELESS_PT = 0.05;

/** Where the loss sits for the BCE model at one step. */
interface LossShares {
  /** Share of the total loss in each p_t bin, per loss. */
  shares: Record<Side, Float64Array>;
  /** Share of the loss and of the gradient carried by easy examples (p_t ≥ 0.5). */
  summary: Record<Side, { easyLoss: number; easyGrad: number; hopelessLoss: number }>;
  easyCount: number;
  /** Rare examples with p_t < HOPELESS_PT, and how many rare examples there are. */
  hopelessCount: number;
  rareCount: number;
  n: number;
  steps: number;
}

/** Scores every training example under both losses on the same predictions p. */
export async function sharesAt(engine: AsyncLossLab, d: Dataset, p: Float64Array, s: Pick<LessonState, 'gamma' | 'alpha' | 'weighting'>, steps: number): Promise<LossShares> {
  const n = d.y.length;
  const logits = logitsOf(p), pts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]));
    pts[i] = d.y[i] === 1 ? q : 1 - q;
  }
  const [bce, focal] = await Promise.all([
    engine.loss('bce_logits', logits, d.y, { reduction: 'none' }),
    engine.loss('focal', logits, d.y, { params: focalParams(s), reduction: 'none' }),
  ]);
  const per = { bce, focal };
  let easyCount = 0, hopelessCount = 0, rareCount = 0;
  const hopeless = (i: number) => d.y[i] === 1 && pts[i] < HOPELESS_PT;
  for (let i = 0; i < n; i++) {
    if (pts[i] >= 0.5) easyCount++;
    if (d.y[i] === 1) rareCount++;
    if (hopeless(i)) hopelessCount++;
  }
  const shares = {} as Record<Side, Float64Array>;
  const summary = {} as Record<Side, { easyLoss: number; easyGrad: number; hopelessLoss: number }>;
  for (const side of SIDES) {
    const values = per[side].value as Float64Array, grads = per[side].grad;
    const bins = new Float64Array(BINS);
    let total = 0, totalGrad = 0, easy = 0, easyGrad = 0, lost = 0;
    for (let i = 0; i < n; i++) {
      if (hopeless(i)) lost += values[i];
      const b = Math.min(BINS - 1, Math.floor(pts[i] * BINS));
      bins[b] += values[i];
      total += values[i];
      totalGrad += Math.abs(grads[i]);
      if (pts[i] >= 0.5) { easy += values[i]; easyGrad += Math.abs(grads[i]); }
    }
    shares[side] = bins.map((v) => (total > 0 ? v / total : 0));
    summary[side] = { easyLoss: total > 0 ? easy / total : 0, easyGrad: totalGrad > 0 ? easyGrad / totalGrad : 0, hopelessLoss: total > 0 ? lost / total : 0 };
  }
  return { shares, summary, easyCount, hopelessCount, rareCount, n, steps };
}

export default defineFigure<LessonState>()({
  name: 'where',
  exportName: 'focal-where',
  caption: 'Share of the total loss carried by examples at each p_t, under BCE and focal, on the same predictions',
  deps: [...TRAINING_KEYS],
  // The training figure's shown frame picks which step is drawn; it needs no new computation.
  view: ['trainFrame'],
  async compute(s, engine, ctx): Promise<LossShares[]> {
    const data = await makeData(engine, s);
    const d = data.data;
    // The BCE model of the training figure, frame by frame: the same options and full-batch
    // steps, so the same model at every step.
    const frames: LossShares[] = [];
    await withSession(engine, sessionOptions(data, s, 'bce'), async (session) => {
      let steps = 0;
      frames.push(await sharesAt(engine, d, await session.predict(d.x), s, 0));
      ctx.partial(frames);
      while (steps < MAX_STEPS) {
        throwIfAborted(ctx.signal);
        const r = await session.step(Math.min(STEPS_PER_TICK, MAX_STEPS - steps));
        if (r.trainLoss.length === 0) break;
        steps += r.trainLoss.length;
        frames.push(await sharesAt(engine, d, await session.predict(d.x), s, steps));
        if (frames.length % 10 === 0) ctx.partial(frames);
        if (r.stopped === 'diverged') break;
      }
    });
    return frames;
  },
  setup(host) {
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const charts = {
      bce: host.chart({ title: 'Under BCE: share of the total loss per p_t bin, hard examples (p_t < 0.5) and easy ones', xLabel: 'BCE · p_t of the example', yLabel: 'share of total loss', x: [0, 1], y: [0, 0.5], height: 260 }, pair),
      focal: host.chart({ title: 'Under focal: share of the total loss per p_t bin, hard examples (p_t < 0.5) and easy ones', xLabel: 'Focal · p_t of the example', yLabel: 'share of total loss', x: [0, 1], y: [0, 0.5], height: 260 }, pair),
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
    const pct = (v: number) => `${fmt(100 * v, 1)}%`;
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
});
