/**
 * The page's one engine, created on first use: the wasm core in a dedicated Web Worker, so no
 * computation blocks the page. Where no worker can start (a policy that forbids it, a script
 * served from another origin), the same core runs on the page and the lesson says so. The
 * single-file download configures it first, with the inlined wasm and an inlined worker.
 */
import { createLossLab, inProcess, startWorker, type AsyncLossLab } from 'loss-lab';

export interface EngineOptions {
  /** The .wasm bytes, when the page carries them (the single-file download). */
  wasmBinary?: Uint8Array;
  /** Creates the engine's worker; by default a module worker beside this script. */
  createWorker?: () => Worker;
}

let options: EngineOptions = {};
let pending: Promise<AsyncLossLab> | undefined;
let root: URL | undefined;

export function configureLab(next: EngineOptions): void {
  options = next;
  pending = undefined;
}

const moduleWorker = () => new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module', name: 'loss-lab-engine' });

async function start(): Promise<AsyncLossLab> {
  if (typeof Worker !== 'undefined') {
    try {
      return await startWorker({ create: options.createWorker ?? moduleWorker, wasmBinary: options.wasmBinary });
    } catch (error) {
      const lab = await createLossLab(options.wasmBinary ? { wasmBinary: options.wasmBinary } : {});
      return inProcess(lab, `no Web Worker could start here (${(error as Error).message})`);
    }
  }
  return inProcess(await createLossLab(options.wasmBinary ? { wasmBinary: options.wasmBinary } : {}), 'this browser has no Web Workers');
}

export function getEngine(): Promise<AsyncLossLab> {
  pending ??= start();
  return pending;
}

/** Where the built site lives (for links and embed snippets): this chunk sits in assets/. */
export function siteRoot(): URL {
  return root ?? new URL(/* @vite-ignore */ '../', import.meta.url);
}

export function configureSiteRoot(url: URL): void {
  root = url;
}
