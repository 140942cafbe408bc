/**
 * Seeded datasets for lesson figures, from the core's generators (engine.dataset), normalised to
 * one shape. The same seed gives the same points natively, under wasm and in every browser, so a
 * shared link reproduces the sender's data exactly.
 */
import type { AsyncLossLab, DatasetName, DatasetOptions } from 'loss-lab';

export interface Dataset {
  x: Float64Array;
  y: Float64Array;
  xVal: Float64Array;
  yVal: Float64Array;
  /** 1 where the generator planted an outlier. */
  outlier: Uint8Array;
}

const toF64 = (v: ArrayLike<number> | undefined): Float64Array => (v instanceof Float64Array ? v : Float64Array.from(v ?? []));

/** One round trip to the engine (a worker on the page, in-process under Node). */
export async function makeDataset(engine: AsyncLossLab, name: DatasetName, options: DatasetOptions): Promise<Dataset> {
  const raw = await engine.dataset(name, options);
  const y = toF64(raw.y);
  const outlier = raw.outlier?.length ? Uint8Array.from(raw.outlier) : new Uint8Array(y.length);
  return { x: toF64(raw.x), y, xVal: toF64(raw.xVal), yVal: toF64(raw.yVal), outlier };
}
