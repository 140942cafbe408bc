// @vitest-environment happy-dom
// The lesson framework (web/lessons/framework): memoisation by deps, cancellation (a stale result
// is never drawn over a newer one), view-only redraws, and cleanup (a restarted lesson leaves no
// subscriber behind). Figures here are tiny fakes whose compute the test resolves by hand.
import { describe, expect, it } from 'vitest';
import type { AsyncLossLab } from 'loss-lab';
import { defineFigure } from '../../web/lessons/framework/figure';
import { defineLesson } from '../../web/lessons/framework/lesson';
import { LocalState } from '../../web/lessons/framework/local';
import { FigureRunner } from '../../web/lessons/framework/runner';
import type { ParamTable } from '../../web/state/params';
import { StateStore } from '../../web/state/store';
import type { LessonView } from '../../web/lessons/types';

interface S { a: number; b: number; c: number; hover: number | null }
const table: ParamTable = [
  { name: 'a', type: 'number', label: 'a', default: 1, min: 0, max: 100, step: 1 },
  { name: 'b', type: 'number', label: 'b', default: 1, min: 0, max: 100, step: 1 },
  { name: 'c', type: 'number', label: 'c', default: 1, min: 0, max: 100, step: 1 },
];
const engine = {} as AsyncLossLab;
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20));
};

function harness(computeImpl: (s: S, signal: AbortSignal) => Promise<number>, view: Array<keyof S & string> = []) {
  const store = new StateStore(table);
  const local = new LocalState({ hover: null });
  const computed: number[] = [];
  const drawn: Array<{ data: number; hover: number | null }> = [];
  const figure = defineFigure<S>()<number, object>({
    name: 'sum',
    caption: 'a + b',
    deps: ['a', 'b'],
    view,
    compute: async (state, _engine, ctx) => {
      computed.push(state.a);
      return computeImpl(state, ctx.signal);
    },
    setup: () => ({}),
    draw: (data, _h, state) => { drawn.push({ data, hover: view.includes('hover') ? state.hover : null }); },
  });
  const root = document.createElement('div');
  document.body.append(root);
  const runner = new FigureRunner(figure, {
    engine, store, local, slug: 'test', slot: () => root,
    progress: () => undefined, notice: () => undefined,
  });
  return { store, local, computed, drawn, runner, root };
}

describe('memoisation by deps', () => {
  it('computes once per distinct deps, ignores other keys, and remembers recent results', async () => {
    const h = harness(async (s) => s.a + s.b);
    await settle();
    expect(h.computed).toEqual([1]);
    expect(h.drawn.at(-1)?.data).toBe(2);
    h.store.set({ c: 7 });  // not a dep
    await settle();
    expect(h.computed).toEqual([1]);
    h.store.set({ a: 5 });
    await settle();
    expect(h.drawn.at(-1)?.data).toBe(6);
    h.store.set({ a: 1 });  // back to a state computed before: from memory, no compute
    await settle();
    expect(h.computed).toEqual([1, 5]);
    expect(h.drawn.at(-1)?.data).toBe(2);
    h.runner.destroy();
  });

  it('a view key redraws with the same data and never recomputes', async () => {
    const h = harness(async (s) => s.a, ['hover']);
    await settle();
    h.local.set({ hover: 3 });
    await settle();
    expect(h.computed).toEqual([1]);
    expect(h.drawn.at(-1)).toEqual({ data: 1, hover: 3 });
    h.runner.destroy();
  });

  it('compute cannot read a key it did not declare', async () => {
    const h = harness(async (s) => (s as unknown as { c: number }).c);
    await settle();
    expect(h.root.querySelector('.figure-error')?.textContent).toMatch(/read 'c', which is not in its deps/);
    h.runner.destroy();
  });
});

describe('cancellation', () => {
  it('a newer state aborts the running compute; only the newest state is computed next, and its result is the one left drawn', async () => {
    const pending = new Map<number, (v: number) => void>();
    const signals = new Map<number, AbortSignal>();
    const h = harness((s, signal) => new Promise<number>((resolve) => { pending.set(s.a, resolve); signals.set(s.a, signal); }));
    await settle();
    pending.get(1)!(1);
    await settle();
    h.store.set({ a: 2 });
    await settle();
    h.store.set({ a: 3 });
    h.store.set({ a: 4 });
    await settle();
    expect(signals.get(2)!.aborted).toBe(true);
    // While 2 runs, 3 and 4 wait; 3 is never computed at all (no queue of old states).
    expect(h.computed).toEqual([1, 2]);
    pending.get(2)!(2);
    await settle();
    expect(h.computed).toEqual([1, 2, 4]);
    pending.get(4)!(4);
    await settle();
    expect(h.drawn.at(-1)?.data).toBe(4);
    expect(h.computed).not.toContain(3);
    h.runner.destroy();
  });

  it('a stale result that arrives after a newer one was drawn is never drawn', async () => {
    const pending = new Map<number, (v: number) => void>();
    const h = harness((s) => new Promise<number>((resolve) => pending.set(s.a, resolve)));
    await settle();
    pending.get(1)!(1);          // a = 1 drawn and remembered
    await settle();
    h.store.set({ a: 2 });       // slow compute for 2 starts
    await settle();
    h.store.set({ a: 1 });       // back to 1: drawn at once from memory
    await settle();
    expect(h.drawn.at(-1)?.data).toBe(1);
    const draws = h.drawn.length;
    pending.get(2)!(2);          // 2 arrives late: older than what is on screen
    await settle();
    expect(h.drawn.length).toBe(draws);
    expect(h.drawn.at(-1)?.data).toBe(1);
    h.runner.destroy();
  });

  it('an aborted compute draws nothing and shows no error', async () => {
    const h = harness((s, signal) => new Promise<number>((resolve, reject) => {
      if (s.a === 1) return resolve(1);
      signal.addEventListener('abort', () => reject(Object.assign(new Error('stop'), { name: 'AbortError' })));
    }));
    await settle();
    h.store.set({ a: 2 });
    await settle();
    h.store.set({ a: 1 });
    await settle();
    expect(h.drawn.map((d) => d.data)).toEqual([1]);  // 1 was still on screen: nothing to redraw
    expect((h.root.querySelector('.figure-error') as HTMLElement).hidden).toBe(true);
    h.runner.destroy();
  });

  it('shows a computing cue while the wanted state is not drawn yet', async () => {
    let release: (v: number) => void = () => undefined;
    const h = harness((s) => (s.a === 1 ? Promise.resolve(1) : new Promise<number>((resolve) => { release = resolve; })));
    await settle();
    h.store.set({ a: 9 });
    await new Promise((r) => setTimeout(r, 200));
    const figure = h.root.querySelector('figure')!;
    expect(figure.classList.contains('computing')).toBe(true);
    expect(figure.getAttribute('aria-busy')).toBe('true');
    release(9);
    await settle();
    expect(figure.classList.contains('computing')).toBe(false);
    h.runner.destroy();
  });
});

describe('cleanup', () => {
  it('after "Start over" twenty times the store has exactly the live subscribers', async () => {
    const figures = ['one', 'two', 'three'].map((name) => defineFigure<S>()({
      name, caption: name, deps: ['a'], view: ['hover'],
      compute: async (s) => s.a,
      setup: (host) => { host.body.append(host.control('b')); return {}; },
      draw: () => undefined,
    }));
    const lesson = defineLesson<S>({
      meta: { slug: 'test', title: 'Test', promise: '', minutes: 1 },
      text: '', params: table, local: { hover: null }, figures,
    });
    const store = new StateStore(table);
    const root = document.createElement('div');
    const view: LessonView = {
      engine, root, slot: () => root, progress: () => undefined, notice: () => undefined,
      question: () => ({ rerun: () => undefined }),
    };
    const baseline = store.listenerCount;
    let cleanup = lesson.mount(view, store);
    const live = store.listenerCount - baseline;
    expect(live).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) {
      cleanup();
      root.replaceChildren();
      cleanup = lesson.mount(view, store);
    }
    await settle();
    expect(store.listenerCount - baseline).toBe(live);
    cleanup();
    expect(store.listenerCount).toBe(baseline);
    expect(lesson.lastMount!.local.listenerCount).toBe(0);
  });
});

describe('playback', () => {
  it('a Play pressed before the first result keeps playing when it arrives; a newer result stops it', async () => {
    let release: (v: number) => void = () => undefined;
    const store = new StateStore(table);
    const local = new LocalState({ hover: null });
    const figure = defineFigure<S>()<number, object>({
      name: 'frames', caption: 'frames', deps: ['a'],
      compute: (s) => (s.a === 1 ? new Promise<number>((resolve) => { release = resolve; }) : Promise.resolve(s.a)),
      setup: () => ({}),
      draw: () => undefined,
      // More frames than any test run can play (happy-dom's animation frames come back to back).
      playback: { label: 'Frames', frames: () => 1e9, start: 'first' },
    });
    const root = document.createElement('div');
    document.body.append(root);
    const runner = new FigureRunner(figure, { engine, store, local, slug: 'test', slot: () => root, progress: () => undefined, notice: () => undefined });
    const play = root.querySelector('button.play') as HTMLButtonElement;
    await settle();  // the compute for a = 1 is running, its result not in yet
    play.click();
    expect(play.getAttribute('aria-pressed')).toBe('true');
    release(1);
    await settle();
    expect(play.getAttribute('aria-pressed')).toBe('true');
    store.set({ a: 2 });
    await settle();
    expect(play.getAttribute('aria-pressed')).toBe('false');
    runner.destroy();
  });
});
