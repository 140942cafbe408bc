/**
 * "α sweep": the focal model trained at seven values of α (γ from the slider), with its held-out
 * recall, precision and PR-AUC at threshold 0.5 against α, beside BCE's recall and precision.
 * It trains logistic models (eight runs must fit in a few seconds), streamed one α at a time.
 */
import type { AsyncLossLab } from 'loss-lab';
import { el, fmt } from '../../../ui/dom';
import { lineLayer, ruleLayer, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { focalDataNote, makeData, sessionOptions, throwIfAborted, withSession, type ImbalancedData, type LessonState } from '../model';
import { sessionCode, splitColumns, type Score } from '../../shared/code';
import { MAX_STEPS, MODEL_SERIES } from '../params';

export const SWEEP_ALPHAS = [0.05, 0.25, 0.4, 0.5, 0.6, 0.75, 0.95] as const;

export interface SweepPoint {
  alpha: number;
  recall: number;
  precision: number;
  prAuc: number;
}

export interface AlphaSweep {
  gamma: number;
  settings: SweepSettings;
  points: SweepPoint[];
  bce: { recall: number; precision: number; prAuc: number };
}

type SweepState = Pick<LessonState, 'seed' | 'ratio' | 'noise' | 'gamma'> & { owndata?: string | null };
type SweepSettings = Required<SweepState>;

/** The session of one model of the sweep: logistic, α weighting on, the default start. */
const sweepOptions = (data: ImbalancedData, settings: SweepSettings, side: 'bce' | 'focal', alpha: number) =>
  sessionOptions(data, { ...settings, model: 'logistic', weighting: true, prior: false, alpha }, side);

/** The sweep itself (also run by the tests): logistic models, MAX_STEPS full-batch Adam steps each. */
export async function alphaSweep(s: SweepState, engine: AsyncLossLab, signal: AbortSignal, partial: (sweep: AlphaSweep) => void = () => {}, progress: (f: number) => void = () => {}): Promise<AlphaSweep> {
  // Read each key once, by name: the framework's state throws on keys outside deps.
  const settings: SweepSettings = { seed: s.seed, ratio: s.ratio, noise: s.noise, gamma: s.gamma, owndata: s.owndata ?? null };
  const data = await makeData(engine, settings);
  const { xVal, yVal } = data.data;
  const train = async (side: 'bce' | 'focal', alpha: number) => withSession(engine, sweepOptions(data, settings, side, alpha), async (session) => {
    for (let steps = 0; steps < MAX_STEPS; steps += 40) {
      throwIfAborted(signal);
      await session.step(Math.min(40, MAX_STEPS - steps));
    }
    const m = await engine.metrics.binary(await session.predict(xVal), yVal);
    return { recall: m.recall, precision: m.precision, prAuc: m.prAuc ?? Number.NaN };
  });
  const sweep: AlphaSweep = { gamma: settings.gamma, settings, points: [], bce: await train('bce', 0.25) };
  for (const [k, alpha] of SWEEP_ALPHAS.entries()) {
    sweep.points = [...sweep.points, { alpha, ...(await train('focal', alpha)) }];
    progress((k + 1) / SWEEP_ALPHAS.length);
    partial({ ...sweep });
  }
  return sweep;
}

export default defineFigure<LessonState>()({
  name: 'alpha',
  exportName: 'focal-alpha',
  caption: 'The α sweep: held-out recall, precision and PR-AUC of the focal model against α',
  deps: ['seed', 'ratio', 'noise', 'gamma', 'owndata'],
  view: ['alpha'],
  lazy: true,
  compute: (s, engine, ctx): Promise<AlphaSweep> => alphaSweep(s, engine, ctx.signal, (p) => ctx.partial(p), (f) => ctx.progress(f, 'training the seven focal models')),
  setup(host) {
    const chart = host.chart({ title: 'Focal model (logistic, threshold 0.5): held-out recall, precision and PR-AUC against α', xLabel: 'α, the weight of the rare class', yLabel: 'held-out metric', x: [0, 1], y: [0, 1.02], height: 280 });
    host.body.append(el('p', { class: 'legend-note' },
      el('span', { class: `swatch series-${MODEL_SERIES.focal}`, 'aria-hidden': 'true' }), 'focal: recall (solid), precision (dashed), PR-AUC (dotted)   ',
      el('span', { class: `swatch series-${MODEL_SERIES.bce}`, 'aria-hidden': 'true' }), 'BCE at 0.5, the same logistic model and data (not the network of the table above): recall (solid), precision (dashed). Vertical line: the α slider.'));
    const readout = el('p', { class: 'readout alpha-readout', 'aria-live': 'polite' });
    host.body.append(readout);
    return { chart, readout };
  },
  draw(sweep, h, s) {
    const line = (key: 'recall' | 'precision' | 'prAuc') => sweep.points.map((p) => [p.alpha, p[key]] as Point);
    h.chart.set('recall', lineLayer(line('recall'), { series: MODEL_SERIES.focal, label: 'focal recall', width: 2.5 }));
    h.chart.set('precision', lineLayer(line('precision'), { series: MODEL_SERIES.focal, label: 'focal precision', width: 2.5, dashed: true }));
    h.chart.set('prauc', lineLayer(line('prAuc'), { series: MODEL_SERIES.focal, label: 'focal PR-AUC', width: 2, className: 'dotted' }));
    h.chart.set('bce-recall', lineLayer([[0, sweep.bce.recall], [1, sweep.bce.recall]], { series: MODEL_SERIES.bce, label: 'BCE recall', width: 1.5 }));
    h.chart.set('bce-precision', lineLayer([[0, sweep.bce.precision], [1, sweep.bce.precision]], { series: MODEL_SERIES.bce, label: 'BCE precision', width: 1.5, dashed: true }));
    h.chart.set('alpha', ruleLayer([s.alpha], 'x', 'rule hover-rule'));
    const pts = sweep.points;
    if (pts.length < SWEEP_ALPHAS.length) {
      h.readout.replaceChildren(`Trained ${pts.length} of ${SWEEP_ALPHAS.length} focal models…`);
      return;
    }
    const first = pts[0], lastPoint = pts[pts.length - 1], paper = pts.find((p) => p.alpha === 0.25);
    let lo = Infinity, hi = -Infinity;
    for (const p of pts) { lo = Math.min(lo, p.prAuc); hi = Math.max(hi, p.prAuc); }
    h.readout.replaceChildren(`With γ = ${sweep.gamma}: from α = ${first.alpha} to α = ${lastPoint.alpha} the focal model's recall goes from `,
      el('strong', { class: 'alpha-recall-low', 'data-value': first.recall }, fmt(first.recall, 3)), ' to ',
      el('strong', { class: 'alpha-recall-high', 'data-value': lastPoint.recall }, fmt(lastPoint.recall, 3)), ' and its precision from ',
      el('strong', { class: 'alpha-precision-low', 'data-value': first.precision }, fmt(first.precision, 3)), ' to ',
      el('strong', { class: 'alpha-precision-high', 'data-value': lastPoint.precision }, fmt(lastPoint.precision, 3)), ', while its PR-AUC stays between ',
      el('strong', { class: 'alpha-prauc-range', 'data-low': lo, 'data-high': hi, 'data-value': hi - lo }, `${fmt(lo, 3)} and ${fmt(hi, 3)}`),
      ` (BCE: ${fmt(sweep.bce.prAuc, 3)}). α slides the model along one precision–recall trade-off, much as moving BCE's threshold does. At the paper's α = 0.25 the focal model's recall is `,
      el('strong', { class: 'alpha-recall-paper', 'data-value': paper?.recall ?? Number.NaN }, fmt(paper?.recall ?? Number.NaN, 3)), ', BCE\'s ',
      el('strong', { class: 'alpha-recall-bce', 'data-value': sweep.bce.recall }, fmt(sweep.bce.recall, 3)), '.');
  },
  async code(sweep, _state, engine) {
    const data = await makeData(engine, sweep.settings);
    const scores: Score[] = (['recall', 'precision'] as const).map((kind) => ({ kind, name: `${kind} at one half`, threshold: 0.5 }));
    const layout = (label: string, m: { recall: number; precision: number }) => ({
      label, x: ['x1', 'x2'], y: 'y', standardize: false, report: 'loss' as const, scores,
      expect: [{ name: 'held-out recall at one half', value: m.recall }, { name: 'held-out precision at one half', value: m.precision }],
    });
    const runs = await Promise.all([
      sessionCode(engine, sweepOptions(data, sweep.settings, 'bce', 0.25), MAX_STEPS, layout('bce', sweep.bce)),
      ...sweep.points.map((p) => sessionCode(engine, sweepOptions(data, sweep.settings, 'focal', p.alpha), MAX_STEPS, layout(`focal alpha=${p.alpha}`, p))),
    ]);
    return {
      title: `The α sweep: logistic focal models (γ = ${sweep.gamma}) at ${sweep.points.length} values of α, and BCE`, source: 'focal-loss/alpha',
      columns: splitColumns(data.data, 2), split: 'held_out', runs, dataNote: focalDataNote(sweep.settings),
    };
  },
});
