/**
 * The engine's Web Worker: loads the wasm core once, then serves the LossLab API to the page
 * (web/engine/rpc.ts). The page sends { kind: 'init', wasmBinary? } first; the worker answers
 * { kind: 'ready' } or { kind: 'init-error', message }.
 */
import { createLossLab } from './index.js';
import { serve, type Endpoint } from './rpc.js';

const scope = self as unknown as Endpoint & { removeEventListener(type: 'message', l: (e: MessageEvent) => void): void };

const init = async (event: MessageEvent) => {
  const message = event.data as { kind?: string; wasmBinary?: ArrayBuffer | Uint8Array };
  if (message?.kind !== 'init') return;
  scope.removeEventListener('message', init);
  try {
    const lab = await createLossLab(message.wasmBinary ? { wasmBinary: message.wasmBinary } : {});
    serve(lab, scope);
    scope.postMessage({ kind: 'ready' });
  } catch (error) {
    scope.postMessage({ kind: 'init-error', message: (error as Error).message ?? String(error) });
  }
};
scope.addEventListener('message', init);
