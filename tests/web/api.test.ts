// The public JS API under Node, against hand-derived values; bad input must throw clear Errors
// and leave the module usable.
import { beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, LossLabError, type LossLab } from 'loss-lab';

let lab: LossLab;
beforeAll(async () => {
  lab = await createLossLab();
});

describe('createLossLab', () => {
  it('loads the SIMD build of the core', () => {
    expect(lab.build.simd).toBe(true);
  });

  it('lists mse in lossInfo with its convention and formula', () => {
    const mse = lab.lossInfo().find((l) => l.name === 'mse');
    expect(mse?.task).toBe('regression');
    expect(mse?.convention).toContain('torch.nn.MSELoss');
    expect(mse?.latex.length).toBeGreaterThan(0);
  });
});

describe('lab.loss("mse")', () => {
  it('matches hand-derived values on the double path', () => {
    // residuals 1, -2, 3: mean of squares 14/3, gradient 2r/3
    const { value, grad } = lab.loss('mse', [2, 0, 6], [1, 2, 3]);
    expect(value).toBeCloseTo(14 / 3, 12);
    expect(grad).toBeInstanceOf(Float64Array);
    expect([...grad]).toEqual([2 / 3, -4 / 3, 2].map((g) => expect.closeTo(g, 12)));
  });

  it('takes the float path for Float32Array input', () => {
    const { value, grad } = lab.loss('mse', new Float32Array([2, 0, 6]), new Float32Array([1, 2, 3]));
    expect(grad).toBeInstanceOf(Float32Array);
    expect(value).toBeCloseTo(14 / 3, 5);
  });

  it('supports sum, none and weights', () => {
    expect(lab.loss('mse', [1, 2], [0, 0], { reduction: 'sum' }).value).toBeCloseTo(5, 12);
    const none = lab.loss('mse', [1, 2], [0, 0], { reduction: 'none' });
    expect(none.value).toEqual(new Float64Array([1, 4]));
    expect(lab.loss('mse', [1, 2], [0, 0], { weights: [3, 1] }).value).toBeCloseTo(7 / 4, 12);
  });

  it('handles large batches that grow the wasm heap', () => {
    const n = 1 << 20;
    const input = new Float64Array(n).fill(2);
    const target = new Float64Array(n);
    const { value, grad } = lab.loss('mse', input, target);
    expect(value).toBeCloseTo(4, 10);
    expect(grad[n - 1]).toBeCloseTo(4 / n, 15);
  });
});

describe('bad input', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['mismatched lengths', () => lab.loss('mse', [1, 2, 3], [1, 2]), /lengths differ/],
    ['NaN input', () => lab.loss('mse', [1, NaN], [1, 2]), /input\[1\].*NaN/],
    ['Infinity target', () => lab.loss('mse', [1, 2], [Infinity, 2]), /target\[0\].*infinite/],
    ['a string in the input', () => lab.loss('mse', [1, 'x' as unknown as number], [1, 2]), /input\[1\] is not a number/],
    ['unknown loss', () => lab.loss('msee', [1], [1]), /unknown loss 'msee'/],
    ['unknown parameter', () => lab.loss('mse', [1], [1], { params: { delta: 1 } }), /no parameter 'delta'/],
    ['bad reduction', () => lab.loss('mse', [1], [1], { reduction: 'avg' as 'mean' }), /reduction must be/],
    ['weights of the wrong length', () => lab.loss('mse', [1, 2], [1, 2], { weights: [1] }), /weights has 1/],
    ['not an array', () => lab.loss('mse', 5 as unknown as number[], [1]), /input must be an array/],
  ];
  it.each(cases)('%s throws a LossLabError naming the problem', (_, call, message) => {
    expect(call).toThrow(LossLabError);
    expect(call).toThrow(message);
  });

  it('leaves the module working after errors', () => {
    for (const [, call] of cases) expect(call).toThrow();
    expect(lab.loss('mse', [3], [1]).value).toBeCloseTo(4, 12);
  });
});
