/**
 * Seeded datasets for lesson figures, from the core's generators (lab.dataset), normalised to
 * one shape. The same seed gives the same points natively, under wasm and in every browser, so a
 * shared link reproduces the sender's data exactly.
 */
import type { LossLab } from 'loss-lab';

export interface Dataset {
  x: Float64Array;
  y: Float64Array;
  xVal: Float64Array;
  yVal: Float64Array;
  /** 1 where the generator planted an outlier. */
  outlier: Uint8Array;
}

type DatasetFn = (name: string, options?: Record<string, number | string>) => unknown;

const toF64 = (v: unknown): Float64Array => (v && typeof (v as ArrayLike<number>).length === 'number' ? Float64Array.from(v as ArrayLike<number>) : new Float64Array());

export function hasDatasets(lab: LossLab): boolean {
  return typeof (lab as unknown as { dataset?: DatasetFn }).dataset === 'function';
}

export function makeDataset(lab: LossLab, name: string, options: Record<string, number | string>): Dataset {
  const fn = (lab as unknown as { dataset?: DatasetFn }).dataset;
  if (typeof fn !== 'function') throw new Error('this build of the core has no dataset generators (lab.dataset)');
  const raw = fn.call(lab, name, options) as Record<string, unknown>;
  const x = toF64(raw.x), y = toF64(raw.y);
  const outlier = raw.outlier ? Uint8Array.from(raw.outlier as ArrayLike<number>) : new Uint8Array(y.length);
  return { x, y, xVal: toF64(raw.xVal ?? raw.x_val), yVal: toF64(raw.yVal ?? raw.y_val), outlier };
}
