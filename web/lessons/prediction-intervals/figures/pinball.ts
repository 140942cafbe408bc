/**
 * "The pinball loss": one point's loss ρ_τ(y − q) and its gradient in q against the residual;
 * beside it a skewed sample with the mean loss over q, a draggable q with the core's loss and
 * gradient there, the loss's minimiser among the points, and the sample's τ-quantile.
 */
import { controlRow } from '../../../ui/controls';
import { el, fmt } from '../../../ui/dom';
import { binsLayer, histogram, lineLayer, ringLayer, ruleLayer, type Histogram, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import type { SampleLossRun } from '../../shared/code-empirical-quantile';
import '../../shared/code-empirical-quantile';
import { SERIES, type State } from '../params';
import { ordinal } from '../format';
import { pinballCurve, Q_GRID, Q_RANGE, RESIDUALS, SAMPLE_N, sampleLoss, type PinballCurve, type SampleLoss } from '../pinball';

/** sampleHist: the sample in 30 bins over Q_RANGE; lossTop: the loss axis's top, in steps of 0.5 (so dragging τ or q rarely changes it). */
/** beyond: sample points outside the histogram's x range (not drawn; the loss still counts them) */
interface Data { tau: number; one: PinballCurve; sample: SampleLoss; sampleKey: string; sampleHist: Histogram; beyond: number; lossTop: number }

export default defineFigure<State>()({
  name: 'pinball',
  exportName: 'pinball-loss',
  caption: 'The pinball loss of one point, and its mean over a skewed sample against the prediction q',
  deps: ['tau', 'skew', 'q', 'seed'],
  async compute(s, engine): Promise<Data> {
    const [one, sample] = await Promise.all([pinballCurve(engine, s.tau), sampleLoss(engine, s)]);
    let curveMax = 0;
    for (const v of sample.curve) curveMax = Math.max(curveMax, v);
    return { tau: s.tau, one, sample, sampleKey: `${s.skew}:${s.seed}`, sampleHist: histogram(sample.sample, Q_RANGE, 30), beyond: Array.from(sample.sample).filter((y) => y < Q_RANGE[0] || y > Q_RANGE[1]).length, lossTop: Math.min(12, Math.ceil(2 * 1.05 * curveMax) / 2) };
  },
  setup(host) {
    host.body.append(controlRow(host.control('tau', { format: (v) => v.toFixed(2) }), host.control('skew', { format: (v) => v.toFixed(1) }), host.control('q', { format: (v) => v.toFixed(2) })));
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const one = host.chart({ title: 'One point: pinball loss and its gradient in q against the residual r = y − q', xLabel: 'residual r = y − q', yLabel: 'loss, gradient', x: [-3, 3], y: [-1.1, 2.8], height: 280 }, pair);
    const stack = el('div', { class: 'pi-stack' });
    pair.append(stack);
    const hist = host.chart({ title: 'The skewed sample (200 points)', xLabel: 'y', yLabel: 'count', x: Q_RANGE, y: [0, 40], height: 150 }, stack);
    const loss = host.chart({ title: 'Mean pinball loss of predicting q for every point', xLabel: 'q', yLabel: 'mean loss', x: Q_RANGE, y: [0, 3], height: 200 }, stack);
    const svg = loss.svg.node()!;
    svg.setAttribute('tabindex', '0');
    svg.setAttribute('aria-label', 'Mean loss against q. Drag, click, or use the arrow keys to move q.');
    svg.classList.add('editable');
    const setQ = (q: number) => host.store.set({ q: Number(Math.min(Q_RANGE[1], Math.max(Q_RANGE[0], q)).toFixed(2)) });
    let dragging = false;
    svg.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      dragging = true;
      svg.setPointerCapture(event.pointerId);
      setQ(loss.pointer(event)[0]);
      event.preventDefault();
    });
    svg.addEventListener('pointermove', (event) => { if (dragging) setQ(loss.pointer(event)[0]); });
    svg.addEventListener('pointerup', () => { dragging = false; });
    svg.addEventListener('pointercancel', () => { dragging = false; });
    svg.addEventListener('keydown', (event) => {
      const step = event.shiftKey ? 0.5 : 0.05;
      const move = event.key === 'ArrowLeft' || event.key === 'ArrowDown' ? -step : event.key === 'ArrowRight' || event.key === 'ArrowUp' ? step : 0;
      if (!move) return;
      event.preventDefault();
      setQ(host.store.get<number>('q') + move);
    });
    const readout = el('p', { class: 'readout pinball-readout', 'aria-live': 'polite' });
    const beyondNote = el('p', { class: 'legend-note pinball-beyond' });
    host.body.append(el('p', { class: 'legend-note' }, 'Left: the loss (solid) and its gradient in q (dashed). Right, top: the sample; bottom: the mean loss over q. The ringed dot is your q (drag it), the solid rule the loss’s minimiser among the points, the dashed rule the sample’s τ-quantile (they coincide, so usually only the solid one shows).'), beyondNote, readout);
    // What the last draw gave each chart, so a drag of τ or q re-renders only what changed.
    return { one, hist, loss, readout, beyondNote, drawn: { sampleKey: '', lossTop: 0, tau: NaN, curveKey: '' } };
  },
  draw(d, { one, hist, loss, readout, beyondNote, drawn }) {
    if (drawn.tau !== d.tau) {
      one.set('zero', ruleLayer([0], 'y'));
      one.set('loss', lineLayer(Array.from(RESIDUALS, (r, i) => [r, d.one.value[i]] as Point), { series: SERIES.loss, label: `pinball loss, τ = ${d.tau}` }));
      one.set('grad', lineLayer(Array.from(RESIDUALS, (r, i) => [r, d.one.grad[i]] as Point), { series: SERIES.grad, label: 'gradient in q', dashed: true }));
      drawn.tau = d.tau;
    }
    const s = d.sample;
    if (drawn.sampleKey !== d.sampleKey) {
      hist.setDomain(undefined, [0, d.sampleHist.top * 1.1]);
      hist.set('sample', binsLayer(d.sampleHist.bins, { series: SERIES.train, label: 'sample' }));
    }
    hist.set('quantile', ruleLayer([s.quantile], 'x'));
    if (drawn.sampleKey !== d.sampleKey) {
      hist.render();
      beyondNote.dataset.value = String(d.beyond);
      beyondNote.textContent = d.beyond ? `${d.beyond} of the ${d.sample.sample.length} points lie beyond the histogram’s range (${Q_RANGE[0]} to ${Q_RANGE[1]}) and are not drawn; the mean loss counts them.` : '';
    }
    drawn.sampleKey = d.sampleKey;
    const top = d.lossTop;
    if (top !== drawn.lossTop) loss.setDomain(undefined, [0, top]);
    // The mean-loss curve depends on τ and the sample, not on q: a drag of q moves only the ring.
    const curveKey = `${d.tau}:${d.sampleKey}`;
    if (curveKey !== drawn.curveKey) loss.set('curve', lineLayer(Array.from(Q_GRID, (q, i) => [q, s.curve[i]] as Point), { series: SERIES.loss, label: 'mean pinball loss' }));
    drawn.curveKey = curveKey;
    loss.set('argmin', ruleLayer([s.argmin], 'x', 'rule solid-rule'));
    loss.set('quantile', ruleLayer([s.quantile], 'x'));
    loss.set('q', ringLayer([s.atQ.q, s.atQ.loss], 7));
    if (top !== drawn.lossTop) loss.render();
    drawn.lossTop = top;
    const side = s.atQ.grad > 1e-12 ? 'right of' : s.atQ.grad < -1e-12 ? 'left of' : 'at';
    readout.replaceChildren(
      'At q = ', el('strong', { class: 'q-value', 'data-value': s.atQ.q }, fmt(s.atQ.q, 2)), ' the mean loss is ',
      el('strong', { class: 'q-loss', 'data-value': s.atQ.loss }, fmt(s.atQ.loss, 4)), ' and its slope in q is ',
      el('strong', { class: 'q-grad', 'data-value': s.atQ.grad }, fmt(s.atQ.grad, 3)),
      ` = share of points below q (${fmt(s.atQ.below, 3)}) − τ (${d.tau}): q is ${side} the minimum. The loss is smallest at q = `,
      el('strong', { class: 'argmin', 'data-value': s.argmin }, fmt(s.argmin, 3)), ' (mean loss ', fmt(s.min, 4), '); the sample’s τ-quantile, its ',
      ordinal(s.rank), ` smallest of ${s.sample.length} points (⌈nτ⌉), is `,
      el('strong', { class: 'sample-quantile', 'data-value': s.quantile }, fmt(s.quantile, 3)), '.');
  },
  async code(d, state) {
    const s = d.sample;
    const run = (label: string, report: SampleLossRun['report'], expect: SampleLossRun['expect']): SampleLossRun =>
      ({ kind: 'sample-loss', label, column: 'sample', loss: 'quantile', lossParams: { tau: d.tau }, q: s.atQ.q, report, expect });
    return {
      title: 'The pinball loss: its mean over a skewed sample against the prediction q', source: 'prediction-intervals/pinball', columns: { sample: s.sample },
      dataNote: `The lab's seeded sample (seed ${state.seed}): ${SAMPLE_N} standard normal draws z made right-skewed as (exp(s z) - 1)/s with s = ${state.skew}${state.skew > 0 ? '' : ' (s = 0: z itself)'}`,
      runs: [
        run('at q', 'at q', [{ name: 'q', value: s.atQ.q }, { name: 'mean loss', value: s.atQ.loss }, { name: 'slope', value: s.atQ.grad }, { name: 'share below', value: s.atQ.below }]),
        run('sklearn at q', 'sklearn at q', [{ name: 'mean loss', value: s.atQ.loss }]),
        run('minimiser', 'minimiser', [{ name: 'q', value: s.argmin }, { name: 'mean loss', value: s.min }]),
        run('sample quantile', 'quantile', [{ name: 'rank', value: s.rank }, { name: 'value', value: s.quantile }]),
      ],
    };
  },
});
