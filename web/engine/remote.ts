/**
 * The asynchronous Loss Lab API: the same methods as LossLab, each returning a promise, served by
 * an engine in a dedicated Web Worker (web/engine/worker.ts) so that no computation blocks the
 * page. Node scripts and tests keep the synchronous `createLossLab`; `inProcess(lab)` gives the
 * same asynchronous shape over a synchronous engine (the fallback where no worker can start).
 *
 * Typed arrays in results arrive by transfer. Inputs are copied (structured clone) unless the
 * caller hands them over with `transfer(array)`, which detaches the caller's array.
 */
import { LossLabError } from './errors.js';
import type { BuildInfo, LossLab } from './index.js';
import type { LossInfo, LossOptions, LossResult } from './losses.js';
import type { NumericArray } from './heap.js';
import type { OptimizeOptions, OptimizeResult, Schedule, SurfaceGrid, SurfaceGridOptions, SurfaceInfo } from './optimization.js';
import type {
  BinaryMetrics, CalibrationMetrics, CostOptions, ThresholdSweep, Curve, Dataset, DatasetName, DatasetOptions, GridOptions, MulticlassMetrics, PredictOptions,
  RegressionMetrics, Session, SessionOptions, SessionState, StepResult,
  ConformalThreshold, IntervalMetrics,
} from './training.js';
import type { ElasticNetPath, ElasticNetPathOptions, GeometryOptions, RegularisationGeometry } from './regularisation.js';
import type { ContrastiveOptions, ContrastiveRun, ContrastiveSnapshot } from './contrastive.js';
import { mergeSteps, serve, type ContourBand, type ContrastiveInfo, type Endpoint, type Reply, type Request, type SessionInfo } from './rpc.js';

export type { ContourBand };

export interface RunOptions {
  /** Steps per chunk between progress reports (default 50). */
  chunk?: number;
  /** Stops the run after the current chunk; the promise then rejects with an AbortError. */
  signal?: AbortSignal;
  /** Called after each chunk with that chunk's report. */
  onProgress?(partial: StepResult): void;
}

/** A training session that lives in the engine (worker or page); free() it when done. */
export interface AsyncSession {
  readonly id: number;
  readonly task: Session['task'];
  readonly parameterCount: number;
  step(k: number): Promise<StepResult>;
  /** Takes up to `steps` steps in chunks, with progress and cancellation; resolves to the merged report. */
  run(steps: number, options?: RunOptions): Promise<StepResult>;
  predict(x: NumericArray, options?: PredictOptions): Promise<Float64Array>;
  predictGrid(grid: GridOptions & PredictOptions): Promise<{ values: Float64Array; nx: number; ny: number; outputs: number }>;
  params(): Promise<Float64Array>;
  state(): Promise<SessionState>;
  free(): Promise<void>;
  readonly freed: boolean;
}

export interface AsyncMetrics {
  regression(prediction: NumericArray, target: NumericArray): Promise<RegressionMetrics>;
  binary(score: NumericArray, label: NumericArray, options?: { threshold?: number } & CostOptions): Promise<BinaryMetrics>;
  thresholds(score: NumericArray, label: NumericArray, options?: { thresholds?: NumericArray } & CostOptions): Promise<ThresholdSweep>;
  multiclass(predicted: NumericArray, label: NumericArray, classes: number): Promise<MulticlassMetrics>;
  roc(score: NumericArray, label: NumericArray): Promise<Curve>;
  pr(score: NumericArray, label: NumericArray): Promise<Curve>;
  calibration(probability: NumericArray, label: NumericArray, options?: { bins?: number }): Promise<CalibrationMetrics>;
  coverage(prediction: NumericArray, target: NumericArray, tau: number): Promise<{ coverage: number; pinball: number }>;
  conformal(scores: NumericArray, alpha: number): Promise<ConformalThreshold>;
  residualScores(prediction: NumericArray, target: NumericArray): Promise<Float64Array>;
  cqrScores(lower: NumericArray, upper: NumericArray, target: NumericArray): Promise<Float64Array>;
  interval(lower: NumericArray, upper: NumericArray, target: NumericArray, alpha: number): Promise<IntervalMetrics>;
}

/** A contrastive run that lives in the engine; free() it when done. */
export type AsyncContrastiveRun = Omit<ContrastiveRun, 'step' | 'free'> & {
  step(k: number): Promise<ContrastiveSnapshot>;
  free(): Promise<void>;
};

export type TrainResult = StepResult & { history: { trainLoss: Float64Array; valLoss: Float64Array; lr: Float64Array } };

/** LossLab with every call asynchronous. The registries (lossInfo, surfaces) are also at hand synchronously. */
export interface AsyncLossLab {
  readonly build: BuildInfo;
  /** 'worker' when a Web Worker computes; 'main-thread' when none could start (see `fallbackReason`). */
  readonly mode: 'worker' | 'main-thread';
  readonly fallbackReason?: string;
  /** The loss registry, loaded once at start. */
  readonly losses: readonly LossInfo[];
  /** The surface registry, loaded once at start. */
  readonly surfaceList: readonly SurfaceInfo[];
  loss(name: string, input: Float32Array, target: NumericArray, options?: LossOptions): Promise<LossResult<Float32Array>>;
  loss(name: string, input: NumericArray, target: NumericArray, options?: LossOptions): Promise<LossResult<Float64Array>>;
  lossInfo(): Promise<readonly LossInfo[]>;
  optimize(options: OptimizeOptions): Promise<OptimizeResult>;
  lrSchedule(schedule: Schedule & { lr: number }, steps: number): Promise<Float64Array>;
  surfaces(): Promise<readonly SurfaceInfo[]>;
  surfaceGrid(options: SurfaceGridOptions): Promise<SurfaceGrid>;
  dataset(name: DatasetName, options?: DatasetOptions): Promise<Dataset>;
  session(options: SessionOptions): Promise<AsyncSession>;
  /** Trains to the end (or `steps` steps) in chunks, with progress and cancellation, then frees the session. */
  train(options: SessionOptions & { steps?: number }, run?: RunOptions): Promise<TrainResult>;
  readonly metrics: AsyncMetrics;
  elasticNetPath(options: ElasticNetPathOptions): Promise<ElasticNetPath>;
  regularisationGeometry(options: GeometryOptions): Promise<RegularisationGeometry>;
  /** A contrastive (InfoNCE) run in the engine: step(k) trains k steps and returns a snapshot. */
  contrastive(options?: ContrastiveOptions): Promise<AsyncContrastiveRun>;
  memory(): Promise<{ heapInUse: number; sessions: number }>;
  /** Filled contour bands of an nx × ny grid (x fastest) at the thresholds, computed where the engine runs (d3-contour). */
  contours(values: ArrayLike<number>, nx: number, ny: number, thresholds: readonly number[]): Promise<ContourBand[]>;
  /** Stops the worker (and frees every session). */
  terminate(): void;
}

const handedOver = new WeakSet<object>();

/** Marks a typed array to be moved, not copied, into the engine; the caller's array is detached. */
export function transfer<T extends ArrayBufferView>(array: T): T {
  handedOver.add(array);
  return array;
}

function transferList(args: unknown[]): ArrayBuffer[] {
  const list = new Set<ArrayBuffer>();
  const walk = (v: unknown, depth: number) => {
    if (depth > 4 || !v || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      if (handedOver.has(v)) list.add(v.buffer as ArrayBuffer);
      return;
    }
    for (const x of Object.values(v)) walk(x, depth + 1);
  };
  for (const a of args) walk(a, 0);
  return [...list];
}

function abortError(): Error {
  const error = new Error('the computation was cancelled');
  error.name = 'AbortError';
  return error;
}

/** Rebuilds an error sent by the worker: LossLabError stays LossLabError, with its extra fields. */
function rebuild(error: { name: string; message: string; [field: string]: unknown }): Error {
  const { name, message, ...fields } = error;
  const out = name === 'LossLabError' ? new LossLabError(message) : new Error(message);
  if (name !== 'LossLabError') out.name = name;
  return Object.assign(out, fields);
}

/** A client of `serve` on an endpoint: the asynchronous API over messages. */
export async function connect(endpoint: Endpoint, options: { mode?: 'worker' | 'main-thread'; terminate?(): void } = {}): Promise<AsyncLossLab> {
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; progress?(v: StepResult): void }>();
  const settle = (reply: Reply) => {
    if (reply.kind === 'batch') return reply.replies.forEach(settle);
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    if (reply.kind === 'progress') return waiter.progress?.(reply.value);
    pending.delete(reply.id);
    if (reply.kind === 'result') waiter.resolve(reply.value);
    else waiter.reject(rebuild(reply.error));
  };
  endpoint.addEventListener('message', (event: MessageEvent) => {
    const reply = event.data as Reply;
    if (reply && typeof reply === 'object') settle(reply);
  });
  endpoint.start?.();
  let closed = false;
  const send = (request: Request, transferables: Transferable[] = []) => endpoint.postMessage(request, transferables);
  // The end of a turn that made calls: the worker sends their answers together (rpc.ts).
  let flushing = false;
  const endTurn = () => {
    flushing = false;
    if (!closed) endpoint.postMessage({ kind: 'flush' } satisfies Request);
  };
  const call = <T>(method: string, ...args: unknown[]): Promise<T> => {
    if (closed) return Promise.reject(new LossLabError('the engine was stopped'));
    const id = nextId++;
    if (!flushing) {
      flushing = true;
      queueMicrotask(endTurn);
    }
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        send({ kind: 'call', id, method, args }, transferList(args));
      } catch (error) {
        pending.delete(id);
        // Something that cannot be cloned (a function, a DOM node): a clear error, not a DataCloneError.
        reject(new LossLabError(`an argument of ${method} cannot be sent to the engine: ${(error as Error).message}`));
      }
    });
  };

  const runSession = (handle: number, steps: number, run: RunOptions = {}): Promise<StepResult> => {
    if (run.signal?.aborted) return Promise.reject(abortError());
    const id = nextId++;
    return new Promise<StepResult>((resolve, reject) => {
      const onAbort = () => send({ kind: 'cancel', id });
      run.signal?.addEventListener('abort', onAbort, { once: true });
      pending.set(id, {
        resolve: (v) => {
          run.signal?.removeEventListener('abort', onAbort);
          if (run.signal?.aborted) reject(abortError());
          else resolve(v as StepResult);
        },
        reject: (e) => { run.signal?.removeEventListener('abort', onAbort); reject(e); },
        progress: (v) => { if (!run.signal?.aborted) run.onProgress?.(v); },
      });
      send({ kind: 'run', id, session: handle, steps, chunk: Math.max(1, Math.floor(run.chunk ?? 50)) });
    });
  };

  const makeSession = (info: SessionInfo): AsyncSession => {
    let freed = false;
    const h = info.handle;
    return {
      id: info.id,
      task: info.task,
      parameterCount: info.parameterCount,
      step: (k) => call('session.step', h, k),
      run: (steps, run) => runSession(h, steps, run),
      predict: (x, options) => call('session.predict', h, x, options),
      predictGrid: (grid) => call('session.predictGrid', h, grid),
      params: () => call('session.params', h),
      state: () => call('session.state', h),
      free: async () => {
        if (freed) return;
        freed = true;
        await call('session.free', h);
      },
      get freed() { return freed; },
    };
  };

  const [build, losses, surfaceList] = await Promise.all([
    call<BuildInfo>('build'), call<readonly LossInfo[]>('lossInfo'), call<readonly SurfaceInfo[]>('surfaces'),
  ]);

  const lab: AsyncLossLab = {
    build,
    mode: options.mode ?? 'worker',
    losses,
    surfaceList,
    loss: ((name: string, input: NumericArray, target: NumericArray, o?: LossOptions) => call('loss', name, input, target, o)) as AsyncLossLab['loss'],
    lossInfo: () => Promise.resolve(losses),
    optimize: (o) => call('optimize', o),
    lrSchedule: (schedule, steps) => call('lrSchedule', schedule, steps),
    surfaces: () => Promise.resolve(surfaceList),
    surfaceGrid: (o) => call('surfaceGrid', o),
    dataset: (name, o) => call('dataset', name, o),
    session: async (o) => makeSession(await call<SessionInfo>('session', o)),
    train: async (o, run) => {
      const { steps, ...rest } = o;
      const info = await call<SessionInfo>('session', rest);
      try {
        const r = await runSession(info.handle, steps ?? Number.MAX_SAFE_INTEGER, { chunk: 500, ...run });
        return { ...r, history: { trainLoss: r.trainLoss, valLoss: r.valLoss, lr: r.lr } };
      } finally {
        await call('session.free', info.handle);
      }
    },
    metrics: {
      regression: (p, t) => call('metrics.regression', p, t),
      binary: (s, l, o) => call('metrics.binary', s, l, o),
      thresholds: (s, l, o) => call('metrics.thresholds', s, l, o),
      multiclass: (p, l, k) => call('metrics.multiclass', p, l, k),
      roc: (s, l) => call('metrics.roc', s, l),
      pr: (s, l) => call('metrics.pr', s, l),
      calibration: (p, l, o) => call('metrics.calibration', p, l, o),
      coverage: (p, t, tau) => call('metrics.coverage', p, t, tau),
      conformal: (s, alpha) => call('metrics.conformal', s, alpha),
      residualScores: (p, t) => call('metrics.residualScores', p, t),
      cqrScores: (lo, hi, t) => call('metrics.cqrScores', lo, hi, t),
      interval: (lo, hi, t, alpha) => call('metrics.interval', lo, hi, t, alpha),
    },
    elasticNetPath: (o) => call('elasticNetPath', o),
    regularisationGeometry: (o) => call('regularisationGeometry', o),
    contrastive: async (o) => {
      const { handle, ...info } = await call<ContrastiveInfo>('contrastive', o);
      let freed = false;
      return {
        ...info,
        step: (k: number) => call<ContrastiveSnapshot>('contrastive.step', handle, k),
        free: async () => {
          if (freed) return;
          freed = true;
          await call('contrastive.free', handle);
        },
        get freed() { return freed; },
      };
    },
    memory: () => call('memory'),
    contours: (values, nx, ny, thresholds) => call('contours', values, nx, ny, thresholds),
    terminate: () => {
      closed = true;
      for (const w of pending.values()) w.reject(new LossLabError('the engine was stopped'));
      pending.clear();
      options.terminate?.();
    },
  };
  return Object.freeze(lab);
}

/**
 * The asynchronous API over a synchronous engine on this thread: the fallback where no worker
 * can start, and the way Node code gets the same shape. Each call still goes through a
 * MessageChannel, so a page's event loop turns between calls.
 */
export async function inProcess(lab: LossLab, reason?: string): Promise<AsyncLossLab> {
  const channel = new MessageChannel();
  const stop = serve(lab, channel.port1);
  const client = await connect(channel.port2, {
    mode: 'main-thread',
    terminate: () => { stop(); channel.port1.close(); channel.port2.close(); },
  });
  return reason === undefined ? client : Object.freeze({ ...client, fallbackReason: reason });
}

export { mergeSteps };

export interface WorkerStart {
  /** Creates the worker (the bundler decides how: a module worker over http, a classic blob worker from file://). */
  create(): Worker;
  /** The .wasm bytes, when the page has them (the single-file download). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** How long to wait for the worker to load the core (default 20 s). */
  timeoutMs?: number;
}

/** Starts the engine in a Web Worker; rejects (with the reason) when the worker cannot start. */
export async function startWorker(start: WorkerStart): Promise<AsyncLossLab> {
  const worker = start.create();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error('the engine worker did not start in time')), start.timeoutMs ?? 20_000);
      const onMessage = (event: MessageEvent) => {
        const m = event.data as { kind?: string; message?: string };
        if (m?.kind === 'ready') finish();
        else if (m?.kind === 'init-error') finish(new Error(m.message ?? 'the engine worker failed to load the core'));
      };
      const onError = (event: Event) => {
        event.preventDefault?.();
        finish(new Error((event as ErrorEvent).message || 'the engine worker could not be started on this page'));
      };
      const finish = (error?: Error) => {
        clearTimeout(timer);
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        if (error) reject(error);
        else resolve();
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      worker.postMessage({ kind: 'init', wasmBinary: start.wasmBinary });
    });
  } catch (error) {
    worker.terminate();
    throw error;
  }
  return connect(worker, { mode: 'worker', terminate: () => worker.terminate() });
}
