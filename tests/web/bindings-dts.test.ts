// web/engine/generated/losslab.d.ts describes the raw Embind module by hand (Emscripten 3.1.6 has
// no --emit-tsd), and lib/engine/generated/losslab.d.ts is a copy of it. This test holds it to the
// bindings: every function wasm/bindings.cpp registers is declared with its number of arguments,
// and nothing is declared that the module does not have.
import { readFile } from 'node:fs/promises';
import { beforeAll, expect, it } from 'vitest';
import createLossLabModule, { type RawModule } from '../../web/engine/generated/losslab.js';

let module: RawModule;
let declared: Map<string, number>;

/** Top-level commas of a parameter list (generic and object types hold commas of their own). */
function countParameters(list: string): number {
  if (list.trim() === '') return 0;
  let depth = 0, count = 1;
  for (const c of list) {
    if ('({[<'.includes(c)) depth++;
    else if (')}]>'.includes(c)) depth--;
    else if (c === ',' && depth === 0) count++;
  }
  return count;
}

beforeAll(async () => {
  const wasmBinary = await readFile(new URL('../../web/engine/generated/losslab.wasm', import.meta.url));
  module = await createLossLabModule({ wasmBinary, locateFile: (p) => p });
  const text = await readFile(new URL('../../web/engine/generated/losslab.d.ts', import.meta.url), 'utf8');
  const body = text.slice(text.indexOf('export interface RawModule {'));
  const end = body.indexOf('\n}\n');
  declared = new Map();
  for (const m of body.slice(0, end).matchAll(/^ {2}(\w+)\((.*)\): /gm)) declared.set(m[1], countParameters(m[2]));
});

it('declares every Embind function of the module, with its number of arguments', () => {
  const bound = new Map<string, number>();
  for (const [name, value] of Object.entries(module as unknown as Record<string, unknown>)) {
    // Embind's public functions carry argCount (replacePublicSymbol)
    if (typeof value === 'function' && typeof (value as { argCount?: unknown }).argCount === 'number') {
      bound.set(name, (value as unknown as { argCount: number }).argCount);
    }
  }
  expect(bound.size).toBeGreaterThan(20);
  const declaredBindings = new Map([...declared].filter(([name]) => !name.startsWith('_')));
  expect(Object.fromEntries(declaredBindings)).toEqual(Object.fromEntries(bound));
});

it('declares no function the module lacks (the heap helpers included)', () => {
  for (const name of declared.keys()) expect(typeof (module as unknown as Record<string, unknown>)[name], name).toBe('function');
});

it("lossFloat's meanDivisor (the streamed copying route's) must be positive, and only for elementwise losses", () => {
  const call = { name: 'mse', reduction: 'mean', input: 0, inputSize: 0, target: 0, targetSize: 0, weights: 0, weightsSize: 0, params: 0, paramsSize: 0, classes: 0, grad: 0, perSample: 0 };
  expect(module.lossFloat({ ...call, meanDivisor: -1 }).error).toBe('meanDivisor must be a positive number');
  expect(module.lossFloat({ ...call, meanDivisor: NaN }).error).toBe('meanDivisor must be a positive number');
  expect(module.lossFloat({ ...call, name: 'cross_entropy', classes: 3, meanDivisor: 6 }).error).toBe('meanDivisor is for elementwise losses only');
  expect(module.lossFloat({ ...call, meanDivisor: 0 }).error).toBe('');
});
