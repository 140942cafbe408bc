// @vitest-environment happy-dom
// One figure alone (issue 23): the framework's figure list and mountFigure (a mounted figure
// computes only its own deps, and two figures on one store stay linked), and the figure
// element's parsing of `figure` and `controls`.
import { describe, expect, it } from 'vitest';
import type { AsyncLossLab } from 'loss-lab';
import { defineFigure } from '../../web/lessons/framework/figure';
import { defineLesson } from '../../web/lessons/framework/lesson';
import type { ParamTable } from '../../web/state/params';
import { StateStore } from '../../web/state/store';
import { chosenControls, parseFigureRef } from '../../web/src/figure-runtime';

interface S { a: number; b: number; t: number; hover: number | null }
const table: ParamTable = [
  { name: 'a', type: 'number', label: 'a', default: 1, min: 0, max: 100, step: 1 },
  { name: 'b', type: 'number', label: 'b', default: 1, min: 0, max: 100, step: 1 },
  { name: 't', type: 'integer', label: 'frame', default: 0, min: 0, max: 100 },
  { name: 'pts', type: 'tuples', label: 'points', maxRows: 4, default: [], columns: [{ name: 'x', min: 0, max: 1, step: 0.1 }] },
];
const engine = {} as AsyncLossLab;
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20));
};

function lesson(log: string[]) {
  const figure = (name: string, deps: Array<keyof S & string>, view: Array<keyof S & string> = []) => defineFigure<S>()<number, object>({
    name, caption: `figure ${name}`, deps, view,
    compute: async (state) => {
      log.push(`${name}:${deps.map((k) => state[k]).join(',')}`);
      return deps.reduce((sum, k) => sum + Number(state[k]), 0);
    },
    setup: (host) => {
      host.body.append(host.control(deps[0]));
      return {};
    },
    draw: () => undefined,
    playback: name === 'anim' ? { label: 'anim', frames: () => 3, param: 't' } : undefined,
  });
  return defineLesson<S>({
    meta: { slug: 'toy', title: 'Toy', promise: '', minutes: 1 },
    text: '::: figure first\n::: figure second\n::: figure anim',
    params: table,
    local: { hover: null },
    figures: [figure('first', ['a']), figure('second', ['b'], ['hover']), figure('anim', ['a', 'b'])],
  });
}

describe('a lesson lists its figures', () => {
  it('with their captions and the table rows they read (deps, view, playback frame), not local values', () => {
    const toy = lesson([]);
    expect(toy.figures).toEqual([
      { name: 'first', caption: 'figure first', params: ['a'] },
      { name: 'second', caption: 'figure second', params: ['b'] },
      { name: 'anim', caption: 'figure anim', params: ['a', 'b', 't'] },
    ]);
  });

  it('mounts one figure alone: it computes its own deps only, and its subscriptions end with it', async () => {
    const log: string[] = [];
    const toy = lesson(log);
    const store = new StateStore(table);
    const target = document.createElement('div');
    const mounted = toy.mountFigure!('second', { engine, store, local: toy.createLocal!(), target, progress: () => undefined, notice: () => undefined });
    await settle();
    expect(log).toEqual(['second:1']);
    expect(target.querySelectorAll('figure')).toHaveLength(1);
    store.set({ a: 5 });
    await settle();
    expect(log).toEqual(['second:1']);
    store.set({ b: 7 });
    await settle();
    expect(log).toEqual(['second:1', 'second:7']);
    mounted.destroy();
    expect(store.listenerCount).toBe(0);
    expect(() => toy.mountFigure!('nope', { engine, store, local: toy.createLocal!(), target, progress: () => undefined, notice: () => undefined })).toThrow(/no figure called nope/);
  });

  it('links two figures mounted on one store: a control of one drives the other', async () => {
    const log: string[] = [];
    const toy = lesson(log);
    const store = new StateStore(table);
    const local = toy.createLocal!();
    const one = document.createElement('div'), two = document.createElement('div');
    toy.mountFigure!('first', { engine, store, local, target: one, progress: () => undefined, notice: () => undefined });
    toy.mountFigure!('anim', { engine, store, local, target: two, progress: () => undefined, notice: () => undefined });
    await settle();
    const slider = one.querySelector<HTMLInputElement>('input[data-param=a]')!;
    slider.value = '9';
    slider.dispatchEvent(new Event('input'));
    await settle();
    expect(two.querySelector<HTMLInputElement>('input[data-param=a]')!.value).toBe('9');
    expect(log.slice(-2).sort()).toEqual(['anim:9,1', 'first:9']);
  });
});

describe('the figure element reads its attributes', () => {
  it('figure="<lesson>/<figure>" and nothing else', () => {
    expect(parseFigureRef('regression-losses/fits')).toEqual({ slug: 'regression-losses', name: 'fits' });
    expect(parseFigureRef(' focal-loss/factor ')).toEqual({ slug: 'focal-loss', name: 'factor' });
    for (const bad of [null, '', 'fits', 'a/b/c', '../x/y', 'a/<script>', `${'a'.repeat(61)}/b`]) expect(parseFigureRef(bad)).toBeUndefined();
  });

  it('controls: absent keeps the figure\'s own, none shows none, names are checked against the table', () => {
    const notices: string[] = [];
    const notice = (text: string) => notices.push(text);
    expect(chosenControls(null, table, notice)).toBeUndefined();
    expect(chosenControls('none', table, notice)).toEqual(new Set());
    expect(chosenControls('b, a  b', table, notice)).toEqual(new Set(['b', 'a']));
    expect(notices).toEqual([]);
    expect(chosenControls('a pts zz', table, notice)).toEqual(new Set(['a']));
    expect(notices).toEqual([
      'controls: pts is not a setting with a control in this lesson; it was ignored.',
      'controls: zz is not a setting with a control in this lesson; it was ignored.',
    ]);
  });
});
