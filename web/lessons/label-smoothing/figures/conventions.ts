/**
 * "The same ε, two smoothing rules": PyTorch's multi-class rule against the
 * per-output squeeze of the Keras and TensorFlow binary losses (one row: their targets are the same), both read from the core.
 */
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { defineFigure } from '../../framework/figure';
import { smoothedTarget } from '../gaps';
import type { LessonState } from '../params';
import { headlines } from '../../shared/code-classifier';
import { crossEntropyTargetRun } from '../../shared/code-cross-entropy-target';

export default defineFigure<LessonState>()({
  name: 'conventions',
  exportName: 'conventions',
  caption: 'The same ε, two smoothing rules',
  deps: ['classes', 'epsilon'],
  async compute({ classes, epsilon }, engine) {
    // Squeezing a 0/1 label towards 0.5 is the K = 2 case of the same mixture with the uniform
    // distribution, so the core's two-class target gives the binary conventions' numbers.
    const [multi, binary] = await Promise.all([smoothedTarget(engine, classes, epsilon), smoothedTarget(engine, 2, epsilon)]);
    return { classes, epsilon, multi, binary };
  },
  async code({ classes, epsilon, multi, binary }) {
    const run = (label: string, K: number, target: Float64Array, note: string[]) => crossEntropyTargetRun({
      label, classes: K, labelSmoothing: epsilon, probe: 40, note,
      expect: headlines({ 'target true': target[0], 'target other': target[1] }),
    });
    return {
      title: `The same ε, two smoothing rules (ε = ${epsilon}, K = ${classes})`, source: 'label-smoothing/conventions', columns: {},
      runs: [
        run('pytorch', classes, multi, [
          'torch.nn.CrossEntropyLoss(label_smoothing=eps) and Keras\'s CategoricalCrossentropy(label_smoothing=eps) both',
          'aim the true class at 1 - eps + eps/K and every other class at eps/K: the same target, summing to 1.',
        ]),
        run('keras binary', 2, binary, [
          'keras.losses.BinaryCrossentropy(label_smoothing=eps) and tf.compat.v1.losses.sigmoid_cross_entropy(label_smoothing=eps)',
          'squeeze each 0/1 output on its own towards 0.5: y(1 - eps) + eps/2, which is the K = 2 case of the rule above.',
          `With K = ${classes} sigmoid outputs the targets sum to 1 - eps + eps/2 + ${classes - 1} * eps/2, not 1 (the same as torch only when K = 2).`,
          'In PyTorch: torch.nn.BCEWithLogitsLoss() on the target y * (1 - eps) + eps / 2.',
        ]),
      ],
    };
  },
  setup(host) {
    const table = el('table', { class: 'conventions-table' });
    host.body.append(scrollRegion('Label smoothing conventions table', table),
      el('ul', { class: 'convention' },
        el('li', {}, 'PyTorch: ', el('code', {}, 'torch.nn.CrossEntropyLoss(label_smoothing=ε)'), '; Keras ', el('code', {}, 'CategoricalCrossentropy(label_smoothing=ε)'), ' uses the same rule.'),
        el('li', {}, 'Keras / TensorFlow binary: ', el('code', {}, 'keras.losses.BinaryCrossentropy(label_smoothing=ε)'), ' and ', el('code', {}, 'tf.compat.v1.losses.sigmoid_cross_entropy(label_smoothing=ε)'), ' both squeeze each 0/1 label towards 0.5 (one row in the table, since their targets are identical).'),
        el('li', {}, 'The binary losses smooth each of the K outputs on its own, so their targets need not sum to 1; they equal the PyTorch numbers only when K = 2.')));
    return { table };
  },
  draw({ classes: K, epsilon, multi, binary }, { table }) {
    const row = (id: string, framework: string, rule: string, positive: number, negative: number, sum: number) =>
      el('tr', { 'data-convention': id }, el('th', { scope: 'row' }, framework, el('br'), el('span', { class: 'formula-label' }, rule)),
        el('td', { 'data-value': positive }, fmt(positive, 4)), el('td', { 'data-value': negative }, fmt(negative, 4)), el('td', {}, fmt(sum, 2)));
    table.replaceChildren(
      el('caption', {}, `Targets for label_smoothing = ε = ${fmt(epsilon, 2)} and K = ${K} outputs: for the true class (label y = 1), for each other class (y = 0), and their sum over all ${K} outputs.`),
      el('thead', {}, el('tr', {}, ...['Framework', 'True', 'Other', 'Sum'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {},
        row('pytorch', 'PyTorch', 'y(1 − ε) + ε/K', multi[0], multi[1], multi[0] + (K - 1) * multi[1]),
        row('binary', 'Keras / TensorFlow binary', 'y(1 − ε) + ε/2', binary[0], binary[1], binary[0] + (K - 1) * binary[1])));
  },
});
