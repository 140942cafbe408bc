// Typed arrays cross into the core through the heap ({"$f64in": …} references), plain arrays as
// JSON text. Both must mean the same thing, and non-finite values must be refused either way.
import { beforeAll, expect, it } from 'vitest';
import { createLossLab, type LossLab } from 'loss-lab';

let lab: LossLab;
beforeAll(async () => {
  lab = await createLossLab();
});

it('gives identical metrics for typed arrays (heap) and plain arrays (text)', () => {
  const p = [0.9, 0.2, 0.65, 0.4, 0.8, 0.1];
  const y = [1, 0, 1, 1, 0, 0];
  const fromText = lab.metrics.binary(p, y, { threshold: 0.5 });
  const fromHeap = lab.metrics.binary(Float64Array.from(p), Int32Array.from(y), { threshold: 0.5 });
  expect(fromHeap.accuracy).toBe(fromText.accuracy);
  expect(fromHeap.recall).toBe(fromText.recall);
  // hand count at threshold 0.5: predicted 1 for 0.9, 0.65, 0.8 → tp 2, fp 1, fn 1, tn 2
  expect([...fromHeap.confusion]).toEqual([2, 1, 1, 2]);
});

it('predicts the same from typed and plain rows', () => {
  const d = lab.dataset('moons', { n: 60, seed: 3 });
  const s = lab.session({ model: { name: 'mlp', hidden: [8] }, loss: 'bce_logits', optimizer: 'adam', params: { lr: 0.05 }, data: d });
  try {
    s.step(20);
    const typed = s.predict(d.x.slice(0, 10));
    const plain = s.predict(Array.from(d.x.slice(0, 10)));
    expect([...typed]).toEqual([...plain]);
  } finally {
    s.free();
  }
});

it('refuses NaN and ±Infinity in typed arrays with a clear message', () => {
  const d = lab.dataset('moons', { n: 20, seed: 1 });
  const s = lab.session({ model: 'logistic', loss: 'bce_logits', optimizer: 'sgd', params: { lr: 0.1 }, data: d });
  try {
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(() => s.predict(new Float64Array([0.5, bad]))).toThrow(/x\[1\] is not finite/);
    }
    expect(s.predict(new Float64Array([0.5, 0.5])).length).toBe(1);
  } finally {
    s.free();
  }
});
