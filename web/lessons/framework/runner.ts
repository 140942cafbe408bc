/**
 * Runs one figure: builds it once (setup), recomputes it when one of its `deps` changes, redraws
 * it when one of its `view` keys changes, and plays its frames.
 *
 * Scheduling, the rules a learner sees:
 * - Changes within one task coalesce into one request (a drag fires many events per frame).
 * - At most one computation per figure is in flight. A newer state aborts its signal; the newest
 *   state is computed as soon as it settles, never a queue of the states in between.
 * - A result is drawn only if nothing newer has been drawn, so a figure never goes back in time,
 *   and it keeps its last picture (with a small "computing" cue) until the next one is ready.
 * - The last few results are memoised by their deps, so dragging back and forth is instant.
 */
import type { AsyncLossLab } from 'loss-lab';
import type { StoreLike } from '../../state/store';
import { paramControl } from '../../ui/controls';
import { el, whenNear } from '../../ui/dom';
import { Figure } from '../../ui/figure';
import { batchCharts } from '../../ui/chart';
import { attachCopyAsCode } from '../../ui/copy-code';
import { toPython } from '../shared/code';
import type { ComputeContext, FigureHost, FigureSpec } from './figure';
import type { LocalState } from './local';
import { FramePlayer } from './playback';

export interface RunnerEnv {
  engine: AsyncLossLab;
  store: StoreLike;
  local: LocalState;
  slug: string;
  /** The instance's saved-work key (default: the slug). */
  workKey?: string;
  slot(name: string): HTMLElement;
  progress(type: string, detail?: Record<string, unknown>): void;
  notice(text: string): void;
}

const MEMO_SIZE = 12;
/** How long a computation may take before the figure shows that it is computing. */
const CUE_DELAY_MS = 120;

let firstDrawMarked = false;

/**
 * Every figure of the page draws through one queue, in animation frames: when one frame's draws
 * have taken DRAW_BUDGET_MS, the rest wait for the next frame. So a change that redraws several
 * figures costs a few short frames, never one long task; a figure queued twice draws once.
 *
 * The frame that answers a key press, click or tap shows the control's own change first (the
 * slider's thumb and value, the pressed button): figures queued in that frame draw in the next
 * one. Their style, layout, paint and raster would otherwise delay the very paint the learner
 * waits for (Interaction to Next Paint). Only one frame is given away, so a drag (an input event
 * every frame, not deferred) and a held arrow key keep drawing.
 */
const DRAW_BUDGET_MS = 8;
/** A draw longer than this is reported to the benchmark's list (bench/draws.mjs), if it set one. */
const SLOW_DRAW_MS = 12;
/** Input handled within this long before an animation frame is presented by that frame. */
const INTERACTION_FRAME_MS = 16;
const drawQueue = new Set<() => void>();
let drawFrameRequested = false;
let lastInteraction = -Infinity;
let deferredFrame = false;

if (typeof addEventListener === 'function') {
  const mark = () => { lastInteraction = performance.now(); };
  for (const type of ['keydown', 'pointerdown', 'click']) addEventListener(type, mark, { capture: true, passive: true });
}

function queueDraw(draw: () => void): void {
  drawQueue.add(draw);
  if (!drawFrameRequested) {
    drawFrameRequested = true;
    requestAnimationFrame(flushDraws);
  }
}

function flushDraws(): void {
  const start = performance.now();
  if (!deferredFrame && start - lastInteraction < INTERACTION_FRAME_MS) {
    deferredFrame = true;
    requestAnimationFrame(flushDraws);
    return;
  }
  deferredFrame = false;
  drawFrameRequested = false;
  for (const draw of drawQueue) {
    drawQueue.delete(draw);
    draw();
    if (drawQueue.size && performance.now() - start > DRAW_BUDGET_MS) {
      drawFrameRequested = true;
      requestAnimationFrame(flushDraws);
      return;
    }
  }
}

/**
 * Set by the e2e drag test (tests/e2e/framework.spec.ts) to watch the scheduling rules above on
 * real lessons: every computation a figure launches, and when it settles.
 */
interface ComputeProbe {
  launch(figure: string): void;
  settle(figure: string): void;
}
const computeProbe = () => (globalThis as { __lossLabComputes?: ComputeProbe }).__lossLabComputes;

const isAbort = (error: unknown) => (error as Error)?.name === 'AbortError';

/** The state as a figure may read it: only the keys it declared, anything else is a bug. */
function restricted<S>(state: Record<string, unknown>, keys: ReadonlySet<string>, figure: string): S {
  return new Proxy(state, {
    get(target, key) {
      if (typeof key === 'string' && !keys.has(key) && key !== 'toJSON' && key !== 'then') {
        throw new Error(`figure '${figure}' read '${key}', which is not in its deps or view`);
      }
      return target[key as string];
    },
  }) as S;
}

export class FigureRunner<S, D, H> {
  readonly figure: Figure;
  private readonly handles: H;
  private readonly cleanups: Array<() => void> = [];
  private readonly memo = new Map<string, D>();
  private readonly computeKeys: ReadonlySet<string>;
  private readonly drawKeys: ReadonlySet<string>;
  private readonly cue: HTMLElement;
  private readonly errorLine: HTMLElement;
  private readonly progressBar: HTMLProgressElement;
  private readonly player?: FramePlayer;
  private data?: D;
  private dataKey?: string;
  private drawnSeq = 0;
  private seq = 0;
  private inflight?: { seq: number; key: string; controller: AbortController };
  private wanted?: string;
  private visible: boolean;
  private destroyed = false;
  private requestQueued = false;
  private readonly drawTask = () => this.drawNow();
  private cueTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly spec: FigureSpec<S, D, H>, private readonly env: RunnerEnv) {
    this.computeKeys = new Set(spec.deps);
    const param = spec.playback?.param;
    this.drawKeys = new Set([...spec.deps, ...(spec.view ?? []), ...(param ? [param] : [])]);
    for (const key of this.drawKeys) {
      if (!env.local.has(key) && !env.store.table.some((p) => p.name === key)) {
        throw new Error(`figure '${spec.name}' depends on '${key}', which is neither a parameter nor a local value of the lesson`);
      }
    }
    this.figure = new Figure(env.slot(spec.slot ?? spec.name), spec.exportName ?? `${env.slug}-${spec.name}`, spec.caption);
    this.cue = el('p', { class: 'computing-cue', 'aria-hidden': 'true', hidden: true }, 'computing…');
    this.progressBar = el('progress', { class: 'figure-progress', max: 1, value: 0, hidden: true, 'aria-label': `Progress of ${spec.caption}` });
    this.errorLine = el('p', { class: 'notice figure-error', role: 'status', hidden: true });
    this.figure.element.prepend(this.cue);
    if (spec.playback) {
      const playback = spec.playback;
      this.player = new FramePlayer(playback.label, {
        frames: () => (this.data === undefined ? 0 : playback.frames(this.data)),
        streaming: () => this.inflight !== undefined && this.dataKey === undefined,
        get: () => (param ? Number(this.read(param)) || 0 : this.player!.position),
        set: (frame) => {
          if (param) this.write(param, frame);
          else this.scheduleDraw();
        },
        describe: (frame) => (this.data !== undefined && playback.describe ? playback.describe(this.data, frame) : ''),
      });
      this.cleanups.push(() => this.player!.destroy());
    }
    let placed = false;
    const host: FigureHost<S> = {
      figure: this.figure,
      body: this.figure.body,
      store: env.store,
      local: env.local,
      engine: env.engine,
      workKey: env.workKey ?? env.slug,
      control: (name, options) => paramControl(env.store, name, options),
      chart: (options, parent) => this.figure.chart(options, parent),
      playback: () => {
        if (!this.player) throw new Error(`figure '${spec.name}' has no playback`);
        placed = true;
        return this.player.element;
      },
      redraw: () => this.scheduleDraw(),
      onCleanup: (fn) => this.cleanups.push(fn),
      progress: env.progress,
      notice: env.notice,
    };
    this.handles = spec.setup(host);
    if (spec.code) {
      const code = spec.code;
      attachCopyAsCode(this.figure, {
        generate: async () => {
          if (this.data === undefined || this.dataKey === undefined || this.dataKey !== this.wanted) {
            throw new Error('the figure is still computing; press again when it has finished');
          }
          const state = restricted<S>(this.snapshot(), this.drawKeys, spec.name);
          return toPython(await code(this.data, state, env.engine), env.engine.losses);
        },
      });
    }
    if (this.player && !placed) this.figure.body.append(this.player.element);
    this.figure.body.append(this.progressBar, this.errorLine);

    const onChange = (_: unknown, changed: ReadonlySet<string>) => {
      let compute = false, draw = false;
      for (const key of changed) {
        if (this.computeKeys.has(key)) compute = true;
        else if (this.drawKeys.has(key)) draw = true;
      }
      if (compute) this.request();
      else if (draw) this.scheduleDraw();
    };
    this.cleanups.push(env.store.subscribe(onChange), env.local.subscribe(onChange));
    this.visible = !spec.lazy;
    if (spec.lazy) this.cleanups.push(whenNear(this.figure.element, () => { this.visible = true; this.request(); }));
    else this.request();
  }

  /** The computation in flight, if any (for tests and the benchmark). */
  get busy(): boolean {
    return this.inflight !== undefined;
  }

  private read(key: string): unknown {
    return this.env.local.has(key) ? this.env.local.get(key) : this.env.store.get(key);
  }

  private write(key: string, value: number): void {
    if (this.env.local.has(key)) this.env.local.set({ [key]: value });
    else this.env.store.set({ [key]: value });
  }

  private snapshot(): Record<string, unknown> {
    return { ...this.env.store.values, ...this.env.local.values };
  }

  private keyOf(state: Record<string, unknown>): string {
    return JSON.stringify(this.spec.deps.map((k) => state[k] ?? null));
  }

  /** Asks for the current state's picture; cheap to call many times per frame. */
  request(): void {
    if (this.requestQueued || this.destroyed) return;
    this.requestQueued = true;
    queueMicrotask(() => {
      this.requestQueued = false;
      if (!this.destroyed && this.visible) this.update();
    });
  }

  private update(): void {
    const state = this.snapshot();
    const key = this.keyOf(state);
    this.wanted = key;
    // data-fresh: whether the picture shows the current state (tests wait for it after a drag).
    this.figure.element.dataset.fresh = String(key === this.dataKey);
    if (key === this.dataKey) {
      // The picture on screen is the wanted one again: it outranks whatever is still running.
      if (this.inflight) {
        this.inflight.controller.abort();
        this.drawnSeq = ++this.seq;
      }
      return this.settled();
    }
    const cached = this.memo.get(key);
    if (cached !== undefined) {
      this.memo.delete(key);
      this.memo.set(key, cached);
      this.accept(key, cached, ++this.seq);
      return;
    }
    if (this.inflight) {
      if (this.inflight.key !== key) this.inflight.controller.abort();
      return;  // the newest state runs when this one settles
    }
    this.launch(state, key);
  }

  private launch(state: Record<string, unknown>, key: string): void {
    const seq = ++this.seq;
    const controller = new AbortController();
    this.inflight = { seq, key, controller };
    const name = this.spec.name;
    computeProbe()?.launch(name);
    clearTimeout(this.cueTimer);
    this.cueTimer = setTimeout(() => this.showCue(), CUE_DELAY_MS);
    const context: ComputeContext<D> = {
      signal: controller.signal,
      progress: (fraction, label) => {
        if (controller.signal.aborted || this.destroyed) return;
        this.progressBar.hidden = false;
        this.progressBar.value = Math.max(0, Math.min(1, fraction));
        if (label) this.progressBar.setAttribute('aria-valuetext', label);
      },
      partial: (data) => {
        if (!controller.signal.aborted && !this.destroyed) this.accept(undefined, data, seq);
      },
    };
    let promise: Promise<D>;
    try {
      promise = this.spec.compute(restricted<S>(state, this.computeKeys, this.spec.name), this.env.engine, context);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (data) => {
        if (this.destroyed) return;
        this.remember(key, data);
        this.accept(key, data, seq);
      },
      (error) => {
        if (this.destroyed || isAbort(error)) return;
        this.showError(error as Error);
      },
    ).finally(() => {
      computeProbe()?.settle(name);
      if (this.inflight?.seq === seq) this.inflight = undefined;
      this.progressBar.hidden = true;
      if (!this.destroyed && this.wanted !== this.dataKey && this.wanted !== key) this.request();
      else this.settled();
    });
  }

  private remember(key: string, data: D): void {
    this.memo.set(key, data);
    while (this.memo.size > MEMO_SIZE) this.memo.delete(this.memo.keys().next().value as string);
  }

  /** Takes a result (final when key is set, partial otherwise) unless something newer was drawn. */
  private accept(key: string | undefined, data: D, seq: number): void {
    if (seq < this.drawnSeq) return;
    const fresh = seq !== this.drawnSeq;
    const first = this.data === undefined;
    this.drawnSeq = seq;
    this.data = data;
    this.dataKey = key;
    this.errorLine.hidden = true;
    // A new result (not more frames of the same one) stops playback; a figure that keeps its own
    // frame also goes back to its start. A frame kept in the state stays where the state has it.
    // The very first result does not stop a Play pressed while it was on its way.
    if (fresh && this.player) {
      if (!first) this.player.pause();
      if (!this.spec.playback?.param) {
        this.player.position = this.spec.playback?.start === 'last' ? Math.max(0, this.spec.playback.frames(data) - 1) : 0;
      }
    }
    this.player?.refresh();
    this.settled();
    this.scheduleDraw();
  }

  private settled(): void {
    if (this.dataKey !== undefined && this.dataKey === this.wanted) {
      this.figure.element.dataset.fresh = 'true';
      clearTimeout(this.cueTimer);
      this.hideCue();
    }
  }

  private showCue(): void {
    if (this.destroyed || (this.dataKey !== undefined && this.dataKey === this.wanted)) return;
    this.cue.hidden = false;
    this.figure.element.classList.add('computing');
    this.figure.element.setAttribute('aria-busy', 'true');
  }

  private hideCue(): void {
    this.cue.hidden = true;
    this.figure.element.classList.remove('computing');
    this.figure.element.removeAttribute('aria-busy');
  }

  private showError(error: Error): void {
    this.hideCue();
    this.errorLine.hidden = false;
    this.errorLine.textContent = `This figure could not be computed: ${error.message}`;
  }

  private scheduleDraw(): void {
    if (!this.destroyed) queueDraw(this.drawTask);
  }

  private drawNow(): void {
    if (this.data === undefined || this.destroyed) return;
    const frames = this.spec.playback ? this.spec.playback.frames(this.data) : 1;
    const raw = this.player ? (this.spec.playback?.param ? Number(this.read(this.spec.playback.param)) || 0 : this.player.position) : 0;
    const frame = Math.max(0, Math.min(frames - 1, raw));
    try {
      const started = performance.now();
      const data = this.data, state = restricted<S>(this.snapshot(), this.drawKeys, this.spec.name);
      batchCharts(() => this.spec.draw(data, this.handles, state, frame));
      // bench/draws.mjs sets this list to learn which figure's draws are slow.
      const took = performance.now() - started;
      if (took > SLOW_DRAW_MS) (globalThis as { __lossLabSlowDraws?: Array<[string, number]> }).__lossLabSlowDraws?.push([this.spec.name, Math.round(took)]);
      if (!firstDrawMarked) {
        firstDrawMarked = true;
        // The benchmark's "navigation to first figure" reads this mark.
        performance.mark?.('loss-lab:first-figure');
      }
    } catch (error) {
      this.showError(error as Error);
    }
    this.player?.refresh();
  }

  destroy(): void {
    this.destroyed = true;
    this.inflight?.controller.abort();
    clearTimeout(this.cueTimer);
    drawQueue.delete(this.drawTask);
    for (const c of this.cleanups.splice(0)) c();
    for (const chart of this.figure.charts) chart.destroy();
  }
}
