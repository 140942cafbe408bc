/**
 * "Focal loss and its modulating factor": the loss of one example and the factor (1 − p_t)^γ
 * against p_t for five γ, the slider's γ dashed on top, and a p_t marker to drag (or set with
 * its slider) that reads how many times less the example weighs than under cross-entropy.
 */
import { el, fmt } from '../../../ui/dom';
import { lineLayer, ruleLayer, scatterLayer, type Point } from '../../../ui/layers';
import { controlRow } from '../../../ui/controls';
import type { Chart } from '../../../ui/chart';
import { defineFigure } from '../../framework/figure';
import { formatRatio, logit, weightRatio, type LessonState } from '../model';
import { FACTOR_GAMMAS, GAMMA_SERIES } from '../params';

const PT_GRID = Float64Array.from({ length: 197 }, (_, i) => 0.01 + (0.98 * i) / 196);
const PT_LOGITS = PT_GRID.map(logit);
const ONES = new Float64Array(PT_GRID.length).fill(1);

/** Small gradients in scientific notation (2.9e−3), larger ones with four decimals. */
const fmtSmall = (v: number) => (Math.abs(v) < 0.01 && v !== 0 ? v.toExponential(1).replace('-', '−').replace('e−', 'e−').replace('e+', 'e') : fmt(v, 4));

const curve = (values: ArrayLike<number>, over?: ArrayLike<number>): Point[] =>
  Array.from(PT_GRID, (p, i) => [p, over ? values[i] / over[i] : values[i]] as Point);

export default defineFigure<LessonState>()({
  name: 'factor',
  exportName: 'focal-factor',
  caption: 'Focal loss and its modulating factor against p_t, for five values of γ',
  deps: ['pt', 'gamma'],
  async compute(s, engine) {
    const focal = (gamma: number) => engine.loss('focal', PT_LOGITS, ONES, { params: { gamma, alpha: -1 }, reduction: 'none' }).then((r) => r.value as Float64Array);
    const [ce, fixed, slider, marker, sliderGrad, ceGrad] = await Promise.all([
      engine.loss('bce_logits', PT_LOGITS, ONES, { reduction: 'none' }).then((r) => r.value as Float64Array),
      Promise.all(FACTOR_GAMMAS.map(focal)),
      focal(s.gamma),
      weightRatio(engine, s.pt, s.gamma),
      engine.loss('focal', PT_LOGITS, ONES, { params: { gamma: s.gamma, alpha: -1 }, reduction: 'none' }).then((r) => r.grad),
      engine.loss('bce_logits', PT_LOGITS, ONES, { reduction: 'none' }).then((r) => r.grad),
    ]);
    return { pt: s.pt, gamma: s.gamma, ce, fixed, slider, marker, sliderGrad, ceGrad };
  },
  setup(host) {
    host.body.append(controlRow(host.control('pt', { format: (v) => v.toFixed(2) }), host.control('gamma')));
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const loss = host.chart({ title: 'Loss of one example against p_t, one curve per γ (γ = 0 is cross-entropy)', xLabel: 'p_t, probability of the true class', yLabel: 'loss of the example', x: [0, 1], y: [0, 3], height: 290 }, pair);
    const modulation = host.chart({ title: 'Modulating factor (1 − p_t)^γ against p_t, one curve per γ', xLabel: 'p_t, probability of the true class', yLabel: 'factor (focal ÷ cross-entropy)', x: [0, 1], y: [0, 1.3], height: 290 }, pair);
    const legend = el('p', { class: 'legend-note focal-legend' }, ...FACTOR_GAMMAS.flatMap((g) => [el('span', { class: `swatch series-${GAMMA_SERIES[g]}`, 'aria-hidden': 'true' }), `γ = ${g}${g === 0 ? ' (cross-entropy)' : ''}   `]),
      'Thick dashed: γ from the slider. Dotted (right): the factor on the gradient for that γ, focal gradient ÷ cross-entropy gradient; it rises above 1 for hard examples (about 1.22 at p_t = 0.1 for γ = 2).');
    const readout = el('p', { class: 'readout ratio-readout', 'aria-live': 'polite' });
    host.body.append(legend, readout);
    // Dragging the marker: pointer on either chart moves p_t (the slider above is its keyboard twin).
    for (const chart of [loss, modulation]) {
      let dragging = false;
      const move = (event: PointerEvent) => {
        const [px] = chart.pointer(event);
        if (Number.isFinite(px)) host.store.set({ pt: Math.min(0.99, Math.max(0.01, px)) });
      };
      chart.svg.classed('draggable-marker', true);
      chart.svg.on('pointerdown', (event: PointerEvent) => {
        dragging = true;
        (event.target as Element).setPointerCapture?.(event.pointerId);
        move(event);
      });
      chart.svg.on('pointermove', (event: PointerEvent) => { if (dragging) move(event); });
      chart.svg.on('pointerup pointercancel', () => { dragging = false; });
      host.onCleanup(() => chart.svg.on('pointerdown pointermove pointerup pointercancel', null));
    }
    return { loss, modulation, readout, fixedDrawn: false };
  },
  draw(d, h) {
    const charts: Chart[] = [h.loss, h.modulation];
    if (!h.fixedDrawn) {
      FACTOR_GAMMAS.forEach((g, k) => {
        h.loss.set(`g${g}`, lineLayer(curve(d.fixed[k]), { series: GAMMA_SERIES[g], label: `γ = ${g}`, width: 2 }));
        h.modulation.set(`g${g}`, lineLayer(curve(d.fixed[k], d.ce), { series: GAMMA_SERIES[g], label: `γ = ${g}`, width: 2 }));
      });
      for (const chart of charts) chart.render();
      h.fixedDrawn = true;
    }
    const series = GAMMA_SERIES[d.gamma] ?? 0;
    const label = `γ = ${d.gamma} (slider)`;
    h.loss.set('slider', lineLayer(curve(d.slider), { series, label, width: 3.5, dashed: true }));
    h.modulation.set('slider', lineLayer(curve(d.slider, d.ce), { series, label, width: 3.5, dashed: true }));
    h.modulation.set('slider-grad', lineLayer(curve(d.sliderGrad, d.ceGrad), { series, label: `gradient factor, γ = ${d.gamma}`, width: 2, className: 'dotted' }));
    const r = d.marker;
    for (const chart of charts) chart.set('marker', ruleLayer([d.pt], 'x', 'rule hover-rule pt-marker'));
    h.loss.set('marker-dots', scatterLayer([[d.pt, r.focal], [d.pt, r.ce]], { series: (i) => (i === 0 ? series : GAMMA_SERIES[0]), label: 'marker', radius: 5 }));
    h.modulation.set('marker-dots', scatterLayer([[d.pt, r.focal / r.ce]], { series, label: 'marker', radius: 5 }));
    const text = d.gamma === 0 || Math.abs(r.ratio - 1) < 5e-4
      ? 'this example weighs the same as under cross-entropy (1×): with γ = 0 the focal loss is cross-entropy'
      : `this example weighs ${formatRatio(r.ratio)}× less than under cross-entropy`;
    const gradText = d.gamma === 0 || Math.abs(r.gradRatio - 1) < 5e-4 ? 'the same' : `${formatRatio(r.gradRatio)}× smaller`;
    h.readout.replaceChildren(
      `At p_t = ${d.pt.toFixed(2)} with γ = ${d.gamma}: `,
      el('strong', { class: 'ratio-value', 'data-value': r.ratio }, text),
      ` (focal loss ${fmt(r.focal, 5)}, cross-entropy ${fmt(r.ce, 4)}). But training follows the gradient, and its gradient with respect to the logit is `,
      el('strong', { class: 'grad-ratio-value', 'data-value': r.gradRatio }, gradText),
      ` (focal ${fmtSmall(r.focalGrad)}, cross-entropy ${fmtSmall(r.ceGrad)}; the factor on the gradient is (1 − p_t)^γ − γ p_t (1 − p_t)^(γ−1) log p_t, the dotted curve on the right).`);
  },
  async code(d) {
    // The marker: one positive example whose logit gives p_t, under focal (no α) and cross-entropy.
    const input = [logit(d.pt)], target = [1];
    const expect = (value: number, grad: number) => [{ name: 'value', value }, { name: 'grad', value: grad }];
    return {
      title: `Focal loss against cross-entropy for one example at p_t = ${d.pt}`, source: 'focal-loss/factor', columns: {},
      runs: [
        { kind: 'evaluate', label: 'focal', loss: 'focal', lossParams: { gamma: d.gamma, alpha: -1 }, input, target, expect: expect(d.marker.focal, d.marker.focalGrad) },
        { kind: 'evaluate', label: 'cross-entropy', loss: 'bce_logits', input, target, expect: expect(d.marker.ce, d.marker.ceGrad) },
      ],
    };
  },
});
