/**
 * "Proper and improper scoring rules": for one example whose label is 1 with probability q, the
 * expected loss q·ℓ(p, 1) + (1 − q)·ℓ(p, 0) against the predicted p, for log loss, the Brier
 * score and the references' linear asymmetric loss, each from the core's per-sample values, with
 * the minimiser of each marked. Log loss and Brier bottom out at p = q; the linear loss's expected
 * value is a straight line in p, so its minimum sits at 0 or 1.
 */
import { el, fmt } from '../../../ui/dom';
import { lineLayer, ruleLayer, scatterLayer, type Point } from '../../../ui/layers';
import { controlRow } from '../../../ui/controls';
import { defineFigure } from '../../framework/figure';
import { RULE_SERIES, type LessonState } from '../params';
import { expectedLoss, P_GRID, type ExpectedCurve } from '../scoring';
import type { ExpectedLossRun } from '../../shared/code-expected-loss';
import '../../shared/code-expected-loss';

interface ProperData { q: number; fnfp: number; log: ExpectedCurve; brier: ExpectedCurve; linear: ExpectedCurve }

/** Every 4th grid point is drawn (251 per curve, plenty at any width); minima come from all 1,001. */
const DRAWN = Array.from({ length: 251 }, (_, k) => 4 * k);
const points = (values: ArrayLike<number>, scale = 1): Point[] => DRAWN.map((i) => [P_GRID[i], values[i] * scale] as Point);


export default defineFigure<LessonState>()({
  name: 'proper',
  exportName: 'proper-scoring',
  caption: 'Expected loss against the predicted probability p when the label is 1 with probability q',
  deps: ['q', 'fnfp'],
  async compute({ q, fnfp }, engine): Promise<ProperData> {
    const [log, brier, linear] = await Promise.all([
      expectedLoss(engine, 'bce', q),
      expectedLoss(engine, 'brier', q),
      expectedLoss(engine, 'asymmetric', q, { fn_cost: fnfp, fp_cost: 1 }),
    ]);
    return { q, fnfp, log, brier, linear };
  },
  setup(host) {
    host.body.append(controlRow(host.control('q', { format: (v) => v.toFixed(2) }), host.control('fnfp')));
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const proper = host.chart({ title: 'Proper: expected log loss and Brier score against p', xLabel: 'predicted probability p', yLabel: 'expected loss', x: [0, 1], y: [0, 2], height: 280 }, pair);
    const linear = host.chart({ title: 'Improper: expected linear asymmetric loss against p, divided by c_FN + c_FP', xLabel: 'predicted probability p', yLabel: 'expected loss ÷ (c_FN + c_FP)', x: [0, 1], y: [0, 1], height: 280 }, pair);
    const readout = el('p', { class: 'readout proper-readout', 'aria-live': 'polite' });
    host.body.append(el('p', { class: 'legend-note' }, 'Blue: log loss. Green: Brier score. Vermillion: the linear asymmetric loss c_FN·y·(1 − p) + c_FP·(1 − y)·p with c_FP = 1. Dots: each curve’s minimum; the vertical rule is p = q.'), readout);
    return { proper, linear, readout, drawnQ: Number.NaN };
  },
  draw(d, h) {
    if (d.q !== h.drawnQ) {
      // log loss and Brier depend on q only: a move of the cost ratio leaves them as drawn
      h.drawnQ = d.q;
      h.proper.set('log', lineLayer(points(d.log.value), { series: RULE_SERIES.log, label: 'log loss', width: 2 }));
      h.proper.set('brier', lineLayer(points(d.brier.value), { series: RULE_SERIES.brier, label: 'Brier score', width: 2, dashed: true }));
      h.proper.set('q', ruleLayer([d.q], 'x', 'rule hover-rule'));
      h.proper.set('min', scatterLayer([[d.log.argmin, d.log.min], [d.brier.argmin, d.brier.min]], { series: (i) => (i === 0 ? RULE_SERIES.log : RULE_SERIES.brier), label: 'minimum', radius: 5 }));
    }
    // divided by c_FN + c_FP (≥ the expected loss), so the axis stays [0, 1] for every cost ratio
    const scale = 1 / (d.fnfp + 1);
    h.linear.set('linear', lineLayer(points(d.linear.value, scale), { series: RULE_SERIES.linear, label: 'linear asymmetric loss', width: 2 }));
    h.linear.set('q', ruleLayer([d.q], 'x', 'rule hover-rule'));
    h.linear.set('min', scatterLayer([[d.linear.argmin, d.linear.min * scale]], { series: RULE_SERIES.linear, label: 'minimum', radius: 6 }));
    const flip = 1 / (1 + d.fnfp);
    h.readout.replaceChildren(
      `At q = ${d.q.toFixed(2)}: log loss is smallest at p = `,
      el('strong', { class: 'min-log', 'data-value': d.log.argmin }, d.log.argmin.toFixed(3)),
      ', the Brier score at p = ',
      el('strong', { class: 'min-brier', 'data-value': d.brier.argmin }, d.brier.argmin.toFixed(3)),
      ` (both at the true q). The linear loss is smallest at p = `,
      el('strong', { class: 'min-linear', 'data-value': d.linear.argmin }, String(d.linear.argmin)),
      `: its slope in p is the same everywhere, c_FP·(1 − q) − c_FN·q = `,
      el('strong', { class: 'linear-slope', 'data-value': d.linear.slope }, fmt(d.linear.slope, 3)),
      ` (the core’s gradient, averaged over the two labels), so it has no interior minimum. Its answer flips from 0 to 1 when q crosses c_FP / (c_FP + c_FN) = ${fmt(flip, 3)}: it keeps only which side of that threshold q is on, and throws the probability away.`);
  },
  async code(d) {
    const run = (label: string, loss: string, curve: ExpectedCurve, params?: Record<string, number>): ExpectedLossRun => ({
      kind: 'expected-loss', label, loss, params, q: d.q,
      expect: [{ name: 'argmin', value: curve.argmin }, { name: 'min', value: curve.min }, { name: 'slope at one half', value: curve.slope }],
    });
    return {
      title: `Expected loss against the predicted probability p when the label is 1 with probability q = ${d.q}`, source: 'loss-vs-metric/proper', columns: {},
      runs: [run('log loss', 'bce', d.log), run('brier', 'brier', d.brier), run('linear asymmetric', 'asymmetric', d.linear, { fn_cost: d.fnfp, fp_cost: 1 })],
    };
  },
});
