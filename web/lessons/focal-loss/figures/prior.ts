/**
 * "Starting at the prior": the training loss of BCE and focal over their first PRIOR_STEPS
 * steps, from the default start and with the output bias at log(π / (1 − π)). Four short runs
 * in the engine's worker, started once the figure nears the screen.
 */
import { el, fmt } from '../../../ui/dom';
import { lineLayer, type Point } from '../../../ui/layers';
import { controlRow } from '../../../ui/controls';
import { defineFigure } from '../../framework/figure';
import { focalDataNote, lossNow, makeData, PRIOR_STEPS, sessionOptions, SIDES, withSession, type LessonState } from '../model';
import { sessionCode, splitColumns } from '../../shared/code';

interface Start {
  /** Training loss before the first step. */
  start: number;
  /** The start, then the loss after each step. */
  loss: Float64Array;
  /** Mean predicted P(rare) over the training points before training. */
  startProbability: number;
}

interface PriorStarts {
  /** Share of the rare class among the training points. */
  prior: number;
  /** By `${side}-${prior start}`. */
  results: Record<string, Start>;
}

export default defineFigure<LessonState>()({
  name: 'prior',
  exportName: 'focal-prior',
  caption: 'Training loss over the first steps, with the default start and with the bias at the prior',
  // Both starts are always computed, so the toggle (which drives the live models) is not a dep.
  deps: ['seed', 'ratio', 'noise', 'model', 'gamma', 'alpha', 'weighting', 'owndata'],
  lazy: true,
  async compute(s, engine, ctx): Promise<PriorStarts> {
    const d = await makeData(engine, s);
    const results: Record<string, Start> = {};
    let done = 0;
    for (const side of SIDES) {
      for (const prior of [false, true]) {
        ctx.progress(done++ / 4, `run ${done} of 4`);
        results[`${side}-${prior}`] = await withSession(engine, sessionOptions(d, s, side, prior), async (session) => {
          const p0 = await session.predict(d.data.x);
          let mean = 0;
          for (const v of p0) mean += v;
          const start = await lossNow(engine, session, d.data, side, s);
          const run = await session.run(PRIOR_STEPS, { chunk: 10, signal: ctx.signal });
          const loss = new Float64Array(1 + run.trainLoss.length);
          loss[0] = start;
          loss.set(run.trainLoss, 1);
          return { start, loss, startProbability: mean / Math.max(1, p0.length) };
        });
      }
    }
    return { prior: d.prior, results };
  },
  setup(host) {
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(controlRow(host.control('prior')), pair);
    const charts = {
      bce: host.chart({ title: 'BCE training loss over the first steps, default start and prior start', xLabel: 'BCE · step', yLabel: 'training loss', x: [0, PRIOR_STEPS], y: [0, 1], height: 250 }, pair),
      focal: host.chart({ title: 'Focal training loss over the first steps, default start and prior start', xLabel: 'Focal · step', yLabel: 'training loss', x: [0, PRIOR_STEPS], y: [0, 1], height: 250 }, pair),
    };
    const readout = el('p', { class: 'readout prior-readout', 'aria-live': 'polite' });
    host.body.append(el('p', { class: 'legend-note' },
      el('span', { class: 'swatch series-0', 'aria-hidden': 'true' }), 'default start (bias drawn at random, P ≈ 0.5), dashed   ',
      el('span', { class: 'swatch series-2', 'aria-hidden': 'true' }), 'bias at the prior, log(π / (1 − π))'), readout);
    return { charts, readout };
  },
  draw(d, h) {
    const r = d.results;
    for (const side of SIDES) {
      let top = 0;
      for (const prior of [false, true]) {
        const loss = r[`${side}-${prior}`].loss;
        for (const v of loss) if (Number.isFinite(v)) top = Math.max(top, v);
        h.charts[side].set(prior ? 'prior' : 'default', lineLayer(Array.from(loss, (v, i) => [i, v] as Point), { series: prior ? 2 : 0, label: prior ? 'bias at the prior' : 'default start', width: prior ? 3 : 2.5, dashed: !prior }));
      }
      h.charts[side].setDomain(undefined, [0, Math.max(1e-3, top * 1.05)]);
      h.charts[side].render();
    }
    const last = (key: string) => r[key].loss[r[key].loss.length - 1];
    const higher = (side: string) => higherSteps(r[`${side}-true`].loss, r[`${side}-false`].loss);
    const span = (steps: number[]) => (steps.length === 0 ? 'at no step' : `at ${steps.length} of the ${PRIOR_STEPS + 1} points (steps ${describeSteps(steps)})`);
    const hb = higher('bce'), hf = higher('focal');
    h.readout.replaceChildren(
      `π = ${fmt(d.prior, 4)}, so the prior bias is ${fmt(Math.log(d.prior / (1 - d.prior)), 2)}. `,
      `Mean predicted P(rare) before training: default start ${fmt(r['bce-false'].startProbability, 3)}, prior start ${fmt(r['bce-true'].startProbability, 3)}. `,
      `Starting BCE loss ${fmt(r['bce-false'].start, 3)} vs `, el('strong', { class: 'prior-start-bce', 'data-value': r['bce-true'].start }, fmt(r['bce-true'].start, 3)),
      `; starting focal loss ${fmt(r['focal-false'].start, 4)} vs ${fmt(r['focal-true'].start, 4)}. `,
      `After ${PRIOR_STEPS} steps BCE is at ${fmt(last('bce-false'), 4)} vs ${fmt(last('bce-true'), 4)}, focal at ${fmt(last('focal-false'), 4)} vs ${fmt(last('focal-true'), 4)}. `,
      'The prior start\'s loss is higher than the default start\'s under BCE ', el('strong', { class: 'prior-higher-bce', 'data-value': hb.length }, span(hb)),
      ', under focal ', el('strong', { class: 'prior-higher-focal', 'data-value': hf.length }, span(hf)), '.');
  },
  async code(d, s, engine) {
    const data = await makeData(engine, s);
    // Each curve's first point (no step) and its last (after PRIOR_STEPS steps).
    const runs = await Promise.all(SIDES.flatMap((side) => [false, true].flatMap((prior) => {
      const loss = d.results[`${side}-${prior}`].loss, name = `${side} ${prior ? 'prior' : 'default'} start`;
      return [[0, `${name} before training`, loss[0]], [PRIOR_STEPS, `${name} after ${PRIOR_STEPS} steps`, loss[loss.length - 1]]].map(([steps, label, value]) =>
        sessionCode(engine, sessionOptions(data, s, side, prior), steps as number, {
          label: label as string, x: ['x1', 'x2'], y: 'y', standardize: false, report: 'loss', expect: [{ name: 'final loss', value: value as number }],
        }));
    })));
    return {
      title: 'Training loss over the first steps, with the default start and with the bias at the prior', source: 'focal-loss/prior',
      columns: splitColumns(data.data, 2), split: 'held_out', runs, dataNote: focalDataNote(s),
    };
  },
});

/** The steps at which `a` is above `b`. */
export function higherSteps(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] > b[i]) out.push(i);
  return out;
}

/** 3, 4, 5, 9 → "3–5, 9". */
export function describeSteps(steps: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < steps.length;) {
    let j = i;
    while (j + 1 < steps.length && steps[j + 1] === steps[j] + 1) j++;
    parts.push(j > i ? `${steps[i]}–${steps[j]}` : String(steps[i]));
    i = j + 1;
  }
  return parts.length > 6 ? `${parts.slice(0, 6).join(', ')}, …` : parts.join(', ');
}
