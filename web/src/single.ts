/**
 * Entry of the single-file download (scripts/build-single.mjs inlines this bundle, its CSS and
 * the wasm into one HTML file per lesson). The wasm bytes sit base64-encoded in a
 * <script type="application/octet-stream" id="loss-lab-wasm"> block (data, never executed), and
 * are handed to the engine directly, so nothing is fetched: the page works from file://. The
 * engine's worker is inlined too (a classic script started from a blob URL).
 */
import EngineWorker from '../engine/worker?worker&inline';
import { configureLab, configureSiteRoot } from './lab';

function inlinedWasm(): Uint8Array | undefined {
  const text = document.getElementById('loss-lab-wasm')?.textContent?.trim();
  if (!text) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const wasmBinary = inlinedWasm();
configureLab({ wasmBinary, createWorker: () => new EngineWorker({ name: 'loss-lab-engine' }) });
configureSiteRoot(new URL('./', location.href));
await import('./element');
