/**
 * The message protocol between a page and the engine's Web Worker (web/engine/worker.ts).
 *
 * The worker owns one synchronous LossLab and its training sessions; the page holds an
 * AsyncLossLab (web/engine/remote.ts) whose every method is one request here. Typed arrays in
 * results travel by transfer (never copied twice), errors travel as their name and message and
 * are thrown again as LossLabError on the page, and a long run (session.run) reports progress
 * between chunks and stops when the page cancels it.
 *
 * The answers to the calls of one turn of the page's event loop leave together: the page ends
 * each turn that made calls with a 'flush' message, and the worker holds its answers until that
 * message (or 32 answers) and sends them as one. Every message is a task on the page's main
 * thread, and a race of 7 optimizers × 4 seeds asks 28 calls at once. Requests are still sent,
 * and cloned, one by one when they are made, so an argument the caller changes after a call
 * never reaches the engine.
 *
 * `serve` takes any MessagePort-like endpoint, so the same code runs in a real worker, in a
 * MessageChannel under Node (the Vitest suite), or not at all (the main-thread fallback calls
 * the LossLab directly).
 */
import { contours } from 'd3-contour';
import type { ContrastiveRun } from './contrastive.js';
import type { LossLab } from './index.js';
import type { Session, StepResult } from './training.js';

export interface Endpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener?(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}

export type Request =
  | { kind: 'call'; id: number; method: string; args: unknown[] }
  | { kind: 'run'; id: number; session: number; steps: number; chunk: number }
  | { kind: 'cancel'; id: number }
  | { kind: 'flush' };

export type Reply =
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'progress'; id: number; value: StepResult }
  | { kind: 'error'; id: number; error: { name: string; message: string; [field: string]: unknown } }
  | { kind: 'batch'; replies: Reply[] };

/** The methods a page may call, by path; sessions are addressed by their numeric handle. */
export const METHODS = [
  'loss', 'lossInfo', 'optimize', 'lrSchedule', 'surfaces', 'surfaceGrid', 'dataset', 'train', 'memory', 'build',
  'metrics.regression', 'metrics.binary', 'metrics.thresholds', 'metrics.multiclass', 'metrics.roc', 'metrics.pr', 'metrics.calibration', 'metrics.coverage',
  'metrics.conformal', 'metrics.residualScores', 'metrics.cqrScores', 'metrics.interval',
  'contours', 'elasticNetPath', 'regularisationGeometry',
  'session', 'session.step', 'session.predict', 'session.predictGrid', 'session.params', 'session.state', 'session.free',
  'contrastive', 'contrastive.step', 'contrastive.free',
] as const;
export type Method = (typeof METHODS)[number];

/**
 * Every ArrayBuffer behind a typed array in `value`, for the transfer list. A view that does not
 * own its whole buffer (a window onto the wasm heap) is replaced by a copy first: transferring
 * the heap itself would detach the engine's memory.
 */
export function transferables(value: unknown, seen = new Set<ArrayBuffer>()): { value: unknown; list: ArrayBuffer[] } {
  const owned = (view: ArrayBufferView): ArrayBufferView => {
    const b = view.buffer as ArrayBuffer;
    if (view.byteOffset === 0 && view.byteLength === b.byteLength && !seen.has(b)) return view;
    return (view as Float64Array).slice();
  };
  const walk = (v: unknown): unknown => {
    if (ArrayBuffer.isView(v)) {
      const own = owned(v);
      seen.add(own.buffer as ArrayBuffer);
      return own;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  const out = walk(value);
  return { value: out, list: [...seen] };
}

function errorOf(error: unknown): Reply & { kind: 'error' } extends { error: infer E } ? E : never {
  if (error instanceof Error) {
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(error)) if (typeof v === 'string' || typeof v === 'number') extra[k] = v;
    return { ...extra, name: error.name, message: error.message };
  }
  return { name: 'Error', message: `the engine failed: ${String(error)}` };
}

/** One filled contour band: d3-contour's MultiPolygon in grid coordinates, at its threshold. */
export interface ContourBand {
  value: number;
  coordinates: number[][][][];
}

/**
 * Contour bands of an nx × ny grid (x fastest) at the given thresholds, by d3-contour. Done where
 * the engine runs, so that marching squares over a large surface never costs the page a frame.
 */
export function contourBands(values: ArrayLike<number>, nx: number, ny: number, thresholds: readonly number[]): ContourBand[] {
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 2 || ny < 2 || values.length !== nx * ny) {
    throw Object.assign(new Error(`contours: the grid has ${values.length} values, not nx × ny = ${nx} × ${ny}`), { name: 'LossLabError' });
  }
  if (!Array.isArray(thresholds) || thresholds.length > 256 || !thresholds.every(Number.isFinite)) {
    throw Object.assign(new Error('contours: thresholds must be at most 256 finite numbers'), { name: 'LossLabError' });
  }
  // Non-finite values (a surface that overflows) count as higher than every level.
  const finite = Float64Array.from(values, (v) => (Number.isFinite(v) ? v : Number.MAX_VALUE));
  return contours().size([nx, ny]).thresholds(thresholds as number[])(finite as unknown as number[])
    .map((band) => ({ value: band.value, coordinates: band.coordinates as number[][][][] }));
}

/** A session's public fields, as the page's proxy needs them. */
export interface SessionInfo {
  handle: number;
  id: number;
  task: Session['task'];
  parameterCount: number;
}

/** A contrastive run's public fields, as the page's proxy needs them. */
export type ContrastiveInfo = Omit<ContrastiveRun, 'step' | 'free' | 'freed'> & { handle: number };

/** At most this many answers travel in one message (a race is 28 calls; an annealing figure 320). */
const BATCH_REPLIES = 32;

/** Lets the worker's event loop take the next message (a cancel) between chunks of a run. */
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Serves a LossLab on an endpoint until the endpoint closes. Returns a function that stops serving. */
export function serve(lab: LossLab, endpoint: Endpoint): () => void {
  const sessions = new Map<number, Session>();
  const cancelled = new Set<number>();
  const contrastiveRuns = new Map<number, ContrastiveRun>();
  let nextHandle = 1;

  // Results move (their arrays are fresh); progress reports are copied, since the run keeps its
  // chunks to merge them at the end.
  const reply = (message: Reply) => {
    const { value, list } = message.kind === 'result' ? transferables(message) : { value: message, list: [] };
    endpoint.postMessage(value, list);
  };
  // Answers to calls, held until the page's turn that asked them ends (its 'flush'). Each is made
  // self-contained at once (a view onto the wasm heap is copied before the next call runs).
  let outbox: Array<{ value: unknown; list: ArrayBuffer[] }> = [];
  const flushOutbox = () => {
    const held = outbox;
    outbox = [];
    if (held.length === 1) endpoint.postMessage(held[0].value, held[0].list);
    else if (held.length) endpoint.postMessage({ kind: 'batch', replies: held.map((h) => h.value) }, [...new Set(held.flatMap((h) => h.list))]);
  };
  const answer = (message: Reply) => {
    outbox.push(transferables(message));
    // a bounded batch: the page reads each message in one task, which must stay short
    if (outbox.length >= BATCH_REPLIES) flushOutbox();
  };
  const session = (handle: unknown): Session => {
    const s = typeof handle === 'number' ? sessions.get(handle) : undefined;
    if (!s) throw Object.assign(new Error('this training session was freed (or never existed)'), { name: 'LossLabError' });
    return s;
  };

  const call = (method: string, args: unknown[]): unknown => {
    const a = args as never[];
    switch (method as Method) {
      case 'loss': return (lab.loss as (...x: unknown[]) => unknown)(...a);
      case 'lossInfo': return lab.lossInfo();
      case 'optimize': return lab.optimize(a[0]);
      case 'lrSchedule': return lab.lrSchedule(a[0], a[1]);
      case 'surfaces': return lab.surfaces();
      case 'surfaceGrid': return lab.surfaceGrid(a[0]);
      case 'dataset': return lab.dataset(a[0], a[1]);
      case 'train': return lab.train(a[0]);
      case 'memory': return lab.memory();
      case 'build': return lab.build;
      case 'contours': return contourBands(a[0], a[1], a[2], a[3]);
      case 'elasticNetPath': return lab.elasticNetPath(a[0]);
      case 'regularisationGeometry': return lab.regularisationGeometry(a[0]);
      case 'metrics.regression': return lab.metrics.regression(a[0], a[1]);
      case 'metrics.binary': return lab.metrics.binary(a[0], a[1], a[2]);
      case 'metrics.thresholds': return lab.metrics.thresholds(a[0], a[1], a[2]);
      case 'metrics.multiclass': return lab.metrics.multiclass(a[0], a[1], a[2]);
      case 'metrics.roc': return lab.metrics.roc(a[0], a[1]);
      case 'metrics.pr': return lab.metrics.pr(a[0], a[1]);
      case 'metrics.calibration': return lab.metrics.calibration(a[0], a[1], a[2]);
      case 'metrics.coverage': return lab.metrics.coverage(a[0], a[1], a[2]);
      case 'metrics.conformal': return lab.metrics.conformal(a[0], a[1]);
      case 'metrics.residualScores': return lab.metrics.residualScores(a[0], a[1]);
      case 'metrics.cqrScores': return lab.metrics.cqrScores(a[0], a[1], a[2]);
      case 'metrics.interval': return lab.metrics.interval(a[0], a[1], a[2], a[3]);
      case 'session': {
        const s = lab.session(a[0]);
        const handle = nextHandle++;
        sessions.set(handle, s);
        return { handle, id: s.id, task: s.task, parameterCount: s.parameterCount } satisfies SessionInfo;
      }
      case 'session.step': return session(a[0]).step(a[1]);
      case 'session.predict': return session(a[0]).predict(a[1], a[2]);
      case 'session.predictGrid': return session(a[0]).predictGrid(a[1]);
      case 'session.params': return session(a[0]).params();
      case 'session.state': return session(a[0]).state();
      case 'session.free': {
        const s = sessions.get(a[0] as number);
        sessions.delete(a[0] as number);
        s?.free();
        return undefined;
      }
      case 'contrastive': {
        const run = lab.contrastive(a[0]);
        const handle = nextHandle++;
        contrastiveRuns.set(handle, run);
        return {
          handle, id: run.id, parameters: run.parameters, dim: run.dim, batch: run.batch, negatives: run.negatives,
          display: run.display, temperature: run.temperature, positivesOnly: run.positivesOnly, evalLabels: run.evalLabels.slice(),
        } satisfies ContrastiveInfo;
      }
      case 'contrastive.step': {
        const run = typeof a[0] === 'number' ? contrastiveRuns.get(a[0]) : undefined;
        if (!run) throw Object.assign(new Error('this contrastive run was freed (or never existed)'), { name: 'LossLabError' });
        return run.step(a[1]);
      }
      case 'contrastive.free': {
        contrastiveRuns.get(a[0] as number)?.free();
        contrastiveRuns.delete(a[0] as number);
        return undefined;
      }
    }
    throw Object.assign(new Error(`unknown engine method '${String(method).slice(0, 40)}'`), { name: 'LossLabError' });
  };

  /** Steps a session in chunks, reporting each chunk, until done, stopped or cancelled. */
  const run = async (id: number, handle: number, steps: number, chunk: number) => {
    const s = session(handle);
    const results: StepResult[] = [];
    let left = steps;
    while (left > 0 && !cancelled.has(id)) {
      const r = s.step(Math.min(chunk, left));
      results.push(r);
      left -= Math.max(1, r.trainLoss.length);
      if (r.stopped !== null || r.trainLoss.length === 0) break;
      if (left > 0) {
        reply({ kind: 'progress', id, value: r });
        await yieldToMessages();
      }
    }
    cancelled.delete(id);
    return mergeSteps(results);
  };

  const onMessage = (event: MessageEvent) => {
    const request = event.data as Request;
    if (!request || typeof request !== 'object') return;
    if (request.kind === 'flush') return flushOutbox();
    if (request.kind === 'cancel') {
      cancelled.add(request.id);
      return;
    }
    if (request.kind === 'run') {
      run(request.id, request.session, request.steps, request.chunk).then(
        (value) => reply({ kind: 'result', id: request.id, value }),
        (error) => reply({ kind: 'error', id: request.id, error: errorOf(error) }),
      );
      return;
    }
    if (request.kind !== 'call') return;
    try {
      answer({ kind: 'result', id: request.id, value: call(request.method, request.args ?? []) });
    } catch (error) {
      answer({ kind: 'error', id: request.id, error: errorOf(error) });
    }
  };
  endpoint.addEventListener('message', onMessage);
  endpoint.start?.();
  return () => {
    flushOutbox();
    endpoint.removeEventListener?.('message', onMessage);
    for (const s of sessions.values()) s.free();
    sessions.clear();
    for (const r of contrastiveRuns.values()) r.free();
    contrastiveRuns.clear();
  };
}

/** Joins the reports of consecutive step() calls into one, as if it had been one call. */
export function mergeSteps(results: readonly StepResult[]): StepResult {
  if (results.length === 0) throw Object.assign(new Error('a run of 0 steps has nothing to report'), { name: 'LossLabError' });
  if (results.length === 1) return results[0];
  const last = results[results.length - 1];
  const join = (pick: (r: StepResult) => Float64Array) => {
    const total = results.reduce((n, r) => n + pick(r).length, 0);
    const out = new Float64Array(total);
    let at = 0;
    for (const r of results) { out.set(pick(r), at); at += pick(r).length; }
    return out;
  };
  return { ...last, trainLoss: join((r) => r.trainLoss), valLoss: join((r) => r.valLoss), batchLoss: join((r) => r.batchLoss), lr: join((r) => r.lr) };
}
