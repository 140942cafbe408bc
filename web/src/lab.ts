/**
 * The page's one engine instance, created on first use. The single-file download configures it
 * with the inlined wasm bytes before anything asks for it.
 */
import { createLossLab, type CreateOptions, type LossLab } from 'loss-lab';

let options: CreateOptions = {};
let pending: Promise<LossLab> | undefined;
let root: URL | undefined;

export function configureLab(next: CreateOptions): void {
  options = next;
  pending = undefined;
}

export function getLab(): Promise<LossLab> {
  pending ??= createLossLab(options);
  return pending;
}

/** Where the built site lives (for links and embed snippets): this chunk sits in assets/. */
export function siteRoot(): URL {
  return root ?? new URL(/* @vite-ignore */ '../', import.meta.url);
}

export function configureSiteRoot(url: URL): void {
  root = url;
}
