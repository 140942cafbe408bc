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

/**
 * The .wasm, fetched by the page and handed to the worker. A course site that re-bundles the
 * packaged element (Vite: import 'loss-lab/element') renames the assets it finds from this
 * chunk, but copies the prebuilt worker as it is, so the worker's own URL for the .wasm would
 * point at a name that no longer exists. This URL is the one the bundler rewrote.
 */
async function pageWasm(): Promise<Uint8Array | undefined> {
  try {
    const response = await fetch(new URL('../engine/generated/losslab.wasm', import.meta.url));
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
  } catch {
    return undefined; // the worker then loads it itself
  }
}

async function start(): Promise<AsyncLossLab> {
  if (typeof Worker !== 'undefined') {
    try {
      const wasmBinary = options.wasmBinary ?? (options.createWorker ? undefined : await pageWasm());
      return await startWorker({ create: options.createWorker ?? moduleWorker, wasmBinary });
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
