// Every loss of the library through the public JS API under Node: reachable on both paths, the
// hand-derived values that pin each convention, class-index targets in any numeric array, and
// clear LossLabErrors for bad input that leave the module usable.
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, LossLabError, type LossInfo, type LossLab, type LossOptions } from 'loss-lab';

let lab: LossLab;
beforeAll(async () => {
  lab = await createLossLab();
});

const allLosses = [
  'mse', 'mae', 'huber', 'smooth_l1', 'log_cosh', 'quantile', 'tweedie', 'tweedie_log', 'asymmetric',
  'bce', 'bce_logits', 'brier', 'focal', 'hinge', 'squared_hinge', 'cross_entropy', 'multiclass_hinge', 'info_nce',
];

/** A small valid batch for any loss, built from its metadata alone. */
function sampleCall(info: LossInfo): { input: number[]; target: number[]; options: LossOptions } {
  const n = 4;
  const width = info.layout === 'elementwise' ? 1 : 3;
  const input = Array.from({ length: n * width }, (_, i) => {
    const u = ((i * 37) % 11) / 11 + 0.04; // in (0, 1): valid for every input domain
    return info.input === 'real' ? 4 * u - 2 : u;
  });
  const targetLength = info.layout === 'pairs' ? n * width : n;
  const target = Array.from({ length: targetLength }, (_, i) => {
    switch (info.target) {
      case 'binary': return i % 2;
      case 'class_index': return i % width;
      case 'probability': return 0.25 * (i % 4);
      default: return 0.5 + i;
    }
  });
  return { input, target, options: info.layout === 'elementwise' ? {} : { classes: width } };
}

describe('lab.lossInfo()', () => {
  it('lists every loss with its task, parameters, formulas and convention', () => {
    const infos = lab.lossInfo();
    expect(infos.map((l) => l.name).sort()).toEqual([...allLosses].sort());
    for (const info of infos) {
      expect(info.latex.length, info.name).toBeGreaterThan(0);
      expect(info.gradLatex.length, info.name).toBeGreaterThan(0);
      expect(info.description.length, info.name).toBeGreaterThan(0);
      expect(info.convention.length, info.name).toBeGreaterThan(0);
      for (const p of info.params) {
        expect(p.min, `${info.name}.${p.name}`).not.toBeNull();
        expect(p.max, `${info.name}.${p.name}`).not.toBeNull();
        expect(p.default).toBeGreaterThanOrEqual(p.min!);
        expect(p.default).toBeLessThanOrEqual(p.max!);
      }
    }
  });

  it('gives the documented defaults, ranges and tasks', () => {
    const byName = new Map(lab.lossInfo().map((l) => [l.name, l]));
    expect(byName.get('huber')?.params[0]).toMatchObject({ name: 'delta', default: 1, min: 0, minInclusive: false });
    expect(byName.get('quantile')?.params[0]).toMatchObject({ name: 'tau', default: 0.5, min: 0, max: 1, minInclusive: false, maxInclusive: false });
    expect(byName.get('focal')?.params.map((p) => [p.name, p.default])).toEqual([['gamma', 2], ['alpha', 0.25]]);
    expect(byName.get('cross_entropy')?.params[0]).toMatchObject({ name: 'label_smoothing', default: 0, maxInclusive: false });
    expect(byName.get('info_nce')?.params[0]).toMatchObject({ name: 'temperature', default: 0.1 });
    expect(byName.get('tweedie')?.params[0]).toMatchObject({ name: 'power', default: 1.5, min: 1, max: 2 });
    expect(byName.get('cross_entropy')?.task).toBe('multiclass');
    expect(byName.get('cross_entropy')?.layout).toBe('rows');
    expect(byName.get('info_nce')?.layout).toBe('pairs');
    expect(byName.get('info_nce')?.task).toBe('contrastive');
    expect(byName.get('cross_entropy')?.classWeights).toBe(true);
    expect(byName.get('mse')?.classWeights).toBe(false);
  });
});

describe('every loss is reachable', () => {
  it.each(allLosses)('%s evaluates on the double and the float path, and they agree', (name) => {
    const info = lab.lossInfo().find((l) => l.name === name)!;
    const { input, target, options } = sampleCall(info);
    const double = lab.loss(name, input, target, options);
    const float = lab.loss(name, new Float32Array(input), target, options);
    expect(double.grad).toBeInstanceOf(Float64Array);
    expect(float.grad).toBeInstanceOf(Float32Array);
    expect(double.grad.length).toBe(input.length);
    expect(Number.isFinite(double.value as number)).toBe(true);
    // the inputs differ by float rounding, so compare loosely here (tight checks run in Catch2)
    expect(float.value as number).toBeCloseTo(double.value as number, 4);
    const none = lab.loss(name, input, target, { ...options, reduction: 'none' });
    expect(none.value).toBeInstanceOf(Float64Array);
    expect((none.value as Float64Array).length).toBe(target.length / (info.layout === 'pairs' ? 3 : 1));
  });
});

describe('values that pin each convention', () => {
  it('cross_entropy reproduces the reference example with targets as any numeric array', () => {
    const logits = [2, 1, 0.1, 0.5, 2.5, 0.3];
    const row0 = Math.log(Math.exp(2) + Math.exp(1) + Math.exp(0.1)) - 2;
    const row1 = Math.log(Math.exp(0.5) + Math.exp(2.5) + Math.exp(0.3)) - 2.5;
    for (const target of [[0, 1], new Int32Array([0, 1]), new Float64Array([0, 1]), new Uint8Array([0, 1])]) {
      const { value, grad } = lab.loss('cross_entropy', logits, target, { classes: 3 });
      expect(value).toBeCloseTo((row0 + row1) / 2, 12);
      expect(value).toBeCloseTo(0.3185, 4);
      expect(grad[0] + grad[1] + grad[2]).toBeCloseTo(0, 15);
    }
  });

  it('cross_entropy class weights and label smoothing follow torch', () => {
    const logits = [2, 1, 0.1, 0.5, 2.5, 0.3];
    const nll = (x: number[], c: number) => Math.log(x.reduce((s, v) => s + Math.exp(v), 0)) - x[c];
    const a = [2, 1, 0.1], b = [0.5, 2.5, 0.3], w = [1, 2, 0.5];
    const weighted = lab.loss('cross_entropy', logits, [0, 1], { classes: 3, classWeights: w });
    expect(weighted.value).toBeCloseTo((1 * nll(a, 0) + 2 * nll(b, 1)) / 3, 12);
    const smooth = (x: number[]) => w[0] * nll(x, 0) + w[1] * nll(x, 1) + w[2] * nll(x, 2);
    const both = lab.loss('cross_entropy', logits, [0, 1], { classes: 3, classWeights: new Float32Array(w), params: { label_smoothing: 0.2 } });
    const expected = (0.8 * 1 * nll(a, 0) + (0.2 / 3) * smooth(a) + 0.8 * 2 * nll(b, 1) + (0.2 / 3) * smooth(b)) / 3;
    expect(both.value).toBeCloseTo(expected, 12);
  });

  it('focal at p_t = 0.9 with gamma = 2 and alpha off weighs 100x less than bce_logits', () => {
    const x = [Math.log(9)];
    const focal = lab.loss('focal', x, [1], { params: { gamma: 2, alpha: -1 } }).value as number;
    const bce = lab.loss('bce_logits', x, [1]).value as number;
    expect(bce / focal).toBeCloseTo(100, 9);
  });

  it('log_cosh(1000) = 999.306852819...', () => {
    expect(lab.loss('log_cosh', [1000], [0]).value).toBeCloseTo(999.30685281944, 9);
  });

  it('huber, smooth_l1, quantile, tweedie, bce and hinge at hand-computed points', () => {
    expect(lab.loss('huber', [3], [0], { params: { delta: 2 } }).value).toBeCloseTo(4, 14);
    expect(lab.loss('smooth_l1', [1], [0], { params: { beta: 2 } }).value).toBeCloseTo(0.25, 14);
    expect(lab.loss('quantile', [1], [3], { params: { tau: 0.9 } }).value).toBeCloseTo(1.8, 14);
    expect(lab.loss('tweedie', [4], [0]).value).toBeCloseTo(8, 13);
    expect(lab.loss('tweedie_log', [0], [2]).value).toBeCloseTo(6, 14);
    expect(lab.loss('bce', [0], [1]).value).toBe(100);
    expect(lab.loss('bce', [0], [1]).grad[0]).toBeCloseTo(-1e12, 0);
    expect(lab.loss('hinge', [0.3], [1]).value).toBeCloseTo(0.7, 14);
    expect(lab.loss('asymmetric', [0.3], [1]).value).toBeCloseTo(7, 14);
    expect(lab.loss('multiclass_hinge', [0.1, 0.2, 0.4, 0.8], [3], { classes: 4 }).value).toBeCloseTo(0.325, 14);
  });

  it('info_nce takes N×D anchors and positives with classes = D', () => {
    const { value, grad } = lab.loss('info_nce', [1, 0, 0, 1], [1, 0, 0, 1], { classes: 2 });
    expect(value).toBeCloseTo(Math.log1p(Math.exp(-10)), 14);
    expect(grad.length).toBe(4);
  });

  it('stays finite at the extremes on both paths', () => {
    for (const input of [[1000, -1000, 1000, -1000], new Float32Array([1000, -1000, 1000, -1000])]) {
      for (const name of ['bce_logits', 'focal', 'hinge', 'log_cosh']) {
        const { value, grad } = lab.loss(name, input, [1, 1, 0, 0]);
        expect(Number.isFinite(value as number), name).toBe(true);
        expect([...grad].every(Number.isFinite), name).toBe(true);
      }
      const ce = lab.loss('cross_entropy', input, [0, 1], { classes: 2 });
      expect(ce.value).toBeCloseTo(1000, 10);
    }
    const tweedie = lab.loss('tweedie_log', [-50, 0, 50], [0, 0, 0], { params: { power: 1.99 } });
    expect([...tweedie.grad].every(Number.isFinite)).toBe(true);
  });
});

describe('bad input throws a LossLabError naming the problem', () => {
  const ce = (target: number[], options: LossOptions = {}) =>
    () => lab.loss('cross_entropy', [1, 2, 3, 4, 5, 6], target, { classes: 3, ...options });
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['mismatched lengths', () => lab.loss('huber', [1, 2, 3], [1, 2]), /lengths differ/],
    ['a row count that does not match the targets', ce([0, 1, 2]), /lengths differ/],
    ['an input that is not N×K', () => lab.loss('cross_entropy', [1, 2, 3, 4], [0], { classes: 3 }), /not a multiple of classes = 3/],
    ['NaN input', () => lab.loss('bce_logits', [0, NaN], [1, 0]), /input\[1\].*NaN/],
    ['Infinity in the logits', () => lab.loss('cross_entropy', [1, Infinity, 3], [0], { classes: 3 }), /input\[1\] = inf is infinite/],
    ['a label out of range', ce([0, 3]), /target\[1\] = 3 must be a class index in \[0, 3\)/],
    ['a negative label', ce([-1, 0]), /target\[0\] = -1 must be a class index/],
    ['a fractional label', ce([0.5, 0]), /class index/],
    ['a hinge label of -1', () => lab.loss('hinge', [0.3], [-1]), /target\[0\] = -1 must be 0 or 1/],
    ['a probability above 1', () => lab.loss('bce', [1.5], [1]), /input\[0\] = 1.5 must be in \[0, 1\]/],
    ['a negative Tweedie target', () => lab.loss('tweedie', [1, 2], [1, -3]), /tweedie: target\[1\] = -3 must be >= 0/],
    ['a negative tweedie_log target', () => lab.loss('tweedie_log', [0], [-1]), /target\[0\] = -1 must be >= 0/],
    ['a zero Tweedie mean', () => lab.loss('tweedie', [0], [1]), /input\[0\] = 0 must be > 0/],
    ['delta <= 0', () => lab.loss('huber', [1], [0], { params: { delta: 0 } }), /^huber: delta = 0 is outside \(0, 100\]/],
    ['tau = 1', () => lab.loss('quantile', [1], [0], { params: { tau: 1 } }), /tau = 1 is outside \(0, 1\)/],
    ['tau = 0', () => lab.loss('quantile', [1], [0], { params: { tau: 0 } }), /tau = 0 is outside/],
    ['gamma < 0', () => lab.loss('focal', [1], [0], { params: { gamma: -0.5 } }), /gamma = -0.5 is outside \[0, 10\]/],
    ['label_smoothing = 1', ce([0, 1], { params: { label_smoothing: 1 } }), /label_smoothing = 1 is outside \[0, 1\)/],
    ['power outside (1, 2)', () => lab.loss('tweedie', [1], [1], { params: { power: 2 } }), /power = 2 is outside \(1, 2\)/],
    ['temperature 0', () => lab.loss('info_nce', [1, 0], [1, 0], { classes: 2, params: { temperature: 0 } }), /temperature = 0/],
    ['a NaN parameter', () => lab.loss('huber', [1], [0], { params: { delta: NaN } }), /delta = nan/],
    ['an unknown parameter', () => lab.loss('focal', [1], [0], { params: { beta: 1 } }), /focal has no parameter 'beta'; its parameters: gamma, alpha/],
    ['an unknown name', () => lab.loss('cross_entropyy', [1], [0]), /unknown loss 'cross_entropyy'; known losses: .*info_nce/],
    ['missing classes', () => lab.loss('cross_entropy', [1, 2, 3], [0]), /cross_entropy needs options.classes/],
    ['missing D for info_nce', () => lab.loss('info_nce', [1, 2], [1, 2]), /embedding size D/],
    ['a zero-length embedding', () => lab.loss('info_nce', [1, 0, 0, 0], [1, 0, 0, 1], { classes: 2 }), /anchor 1 has length 0/],
    ['classWeights of the wrong length', ce([0, 1], { classWeights: [1, 2] }), /classWeights has 2 values, expected one per class \(3\)/],
    ['a negative class weight', ce([0, 1], { classWeights: [1, -2, 1] }), /classWeights\[1\] = -2 must be >= 0/],
    ['classWeights on a loss without them', () => lab.loss('mse', [1], [1], { classWeights: [1] }), /mse does not take classWeights/],
    ['weights of the wrong length', ce([0, 1], { weights: [1, 2, 3] }), /weights has 3 values, expected one per sample \(2\)/],
    ['a DataView', () => lab.loss('mse', new DataView(new ArrayBuffer(8)) as unknown as number[], [1]), /input must be an array/],
  ];

  it.each(cases)('%s', (_, call, message) => {
    expect(call).toThrow(LossLabError);
    expect(call).toThrow(message);
  });

  it('float-path errors read the same', () => {
    expect(() => lab.loss('cross_entropy', new Float32Array([1, 2, 3]), new Int32Array([3]), { classes: 3 })).toThrow(
      /target\[0\] = 3 must be a class index in \[0, 3\)/,
    );
  });

  it('leaves the module working after every error', () => {
    for (const [, call] of cases) expect(call).toThrow();
    expect(lab.loss('cross_entropy', [2, 1, 0.1, 0.5, 2.5, 0.3], [0, 1], { classes: 3 }).value).toBeCloseTo(0.3185, 4);
    expect(lab.loss('huber', new Float32Array([3]), [0]).value).toBeCloseTo(2.5, 6);
  });
});
