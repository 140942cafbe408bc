/**
 * "The smoothed target and the logit gap that minimises the loss": the target of each class read
 * from the core's gradient, and the loss of one example against its logit gap, hard and smoothed,
 * with the optimal gap found as the zero of the core's gradient.
 */
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { barLayer, lineLayer, ruleLayer, type Point } from '../../../ui/layers';
import { controlRow } from '../../../ui/controls';
import { defineFigure } from '../../framework/figure';
import { lossAlongGap, optimalGap, smoothedTarget, type GapResult } from '../gaps';
import { SERIES, type LessonState } from '../params';
import { headlines } from '../../shared/code-classifier';
import { crossEntropyTargetRun } from '../../shared/code-cross-entropy-target';

const GAPS = Array.from({ length: 131 }, (_, i) => -1 + i * 0.1);

interface TargetData { classes: number; epsilon: number; target: Float64Array; smoothLoss: Float64Array; hardLoss: Float64Array; optimum: GapResult }

export default defineFigure<LessonState>()({
  name: 'target',
  exportName: 'smoothed-target',
  caption: 'The smoothed target and the logit gap that minimises the loss',
  deps: ['classes', 'epsilon'],
  async compute({ classes, epsilon }, engine, { signal }): Promise<TargetData> {
    const [target, smoothLoss, hardLoss, optimum] = await Promise.all([
      smoothedTarget(engine, classes, epsilon),
      lossAlongGap(engine, GAPS, classes, epsilon),
      lossAlongGap(engine, GAPS, classes, 0),
      optimalGap(engine, classes, epsilon, signal),
    ]);
    return { classes, epsilon, target, smoothLoss, hardLoss, optimum };
  },
  async code({ classes, epsilon, target, optimum }) {
    const probe = optimum.probes[optimum.probes.length - 1];
    const run = crossEntropyTargetRun({
      label: 'cross-entropy', classes, labelSmoothing: epsilon, probe: probe.gap,
      expect: headlines({ 'target true': target[0], 'target other': target[1], 'optimal gap': optimum.gap ?? undefined, 'gradient at the probe': probe.gradient }),
    });
    return { title: `The smoothed target and the logit gap that minimises the loss (K = ${classes}, ε = ${epsilon})`, source: 'label-smoothing/target', columns: {}, runs: [run] };
  },
  setup(host) {
    host.body.append(controlRow(host.control('classes'), host.control('epsilon', { format: (v) => fmt(v, 2) })));
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const targetChart = host.chart({ title: 'Target probability of each class; class 1 is the true class', xLabel: 'class', yLabel: 'target probability', x: [0.4, 5.6], y: [0, 1], height: 260 }, pair);
    const gapChart = host.chart({ title: 'Loss of one example against the gap between the true logit and the others', xLabel: 'logit gap g (true class minus each other class)', yLabel: 'loss', x: [-1, 12], y: [0, 3], height: 260 }, pair);
    const table = el('table', { class: 'target-table' });
    const readout = el('p', { class: 'readout gap-readout', 'aria-live': 'polite' });
    host.body.append(scrollRegion('Smoothed target table', table), readout,
      el('p', { class: 'legend-note' }, 'Right: solid line, the loss with the ε on the slider; dashed, hard labels (ε = 0). The vertical line marks the optimal gap.'));
    return { targetChart, gapChart, table, readout };
  },
  draw({ classes: K, epsilon, target, smoothLoss, hardLoss, optimum }, { targetChart, gapChart, table, readout }) {
    targetChart.setDomain([0.4, K + 0.6]);
    targetChart.set('bars', barLayer(Array.from(target, (v, k) => [k + 1, v] as Point), {
      series: (i) => (i === 0 ? SERIES.smooth : 0), label: 'smoothed target', width: 1,
    }));
    targetChart.render();
    let sum = 0;
    for (const v of target) sum += v;
    table.replaceChildren(
      el('caption', {}, `Target for K = ${K} classes and ε = ${fmt(epsilon, 2)}, read from the core's cross-entropy gradient (y = p − ∂loss/∂logits at uniform p)`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Class'), el('th', { scope: 'col' }, 'Target'), el('th', { scope: 'col' }, 'Formula'))),
      el('tbody', {},
        el('tr', {}, el('th', { scope: 'row' }, 'True class'), el('td', { class: 'target-true', 'data-value': target[0] }, fmt(target[0], 4)), el('td', {}, `1 − ε + ε/K = ${fmt(1 - epsilon + epsilon / K, 4)}`)),
        el('tr', {}, el('th', { scope: 'row' }, `Each of the other ${K - 1}`), el('td', { class: 'target-other', 'data-value': target[1] }, fmt(target[1], 4)), el('td', {}, `ε/K = ${fmt(epsilon / K, 4)}`)),
        el('tr', {}, el('th', { scope: 'row' }, 'Sum'), el('td', { 'data-value': sum }, fmt(sum, 4)), el('td', {}, '1'))));

    const yMax = Math.max(...smoothLoss, ...hardLoss) * 1.05;
    gapChart.setDomain(undefined, [0, Number.isFinite(yMax) && yMax > 0 ? yMax : 1]);
    gapChart.set('hard', lineLayer(GAPS.map((g, i) => [g, hardLoss[i]] as Point), { series: SERIES.hard, label: 'hard labels (ε = 0)', dashed: true }));
    gapChart.set('smooth', lineLayer(GAPS.map((g, i) => [g, smoothLoss[i]] as Point), { series: SERIES.smooth, label: `ε = ${fmt(epsilon, 2)}` }));
    gapChart.set('optimum', ruleLayer(optimum.gap === null ? [] : [optimum.gap], 'x'));
    gapChart.render();
    const value = el('strong', { class: 'gap-value', 'data-value': optimum.gap === null ? 'Infinity' : String(optimum.gap) },
      optimum.gap === null ? 'unbounded' : fmt(optimum.gap, 4));
    if (optimum.gap === null) {
      const probes = optimum.probes.map((p) => `${p.gap}: ${p.gradient.toExponential(2)}`).join(', ');
      readout.replaceChildren('Optimal logit gap: ', value,
        `. With hard labels the core's gradient is negative at every gap (at g = ${probes}): the loss always asks for a bigger gap, so training pushes the logits towards infinity.`);
    } else {
      readout.replaceChildren('Optimal logit gap: ', value,
        ` (the zero of the core's gradient, found by bisection). The closed form log((1 − ε + ε/K)/(ε/K)) gives ${fmt(optimum.closedForm ?? NaN, 4)}, where the core's gradient is ${(optimum.gradientAtClosedForm ?? NaN).toExponential(1)}. At this gap the softmax gives the true class exactly its target ${fmt(target[0], 4)}.`);
    }
  },
});
