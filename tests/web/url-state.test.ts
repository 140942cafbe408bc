// The URL-state parser treats its input as hostile: every case here is a link someone could send.
import { describe, expect, it } from 'vitest';
import { defaults, encodeState, parseState, STATE_VERSION, type ParamTable } from '../../web/state/params';
import { StateStore } from '../../web/state/store';

const table: ParamTable = [
  { name: 'seed', type: 'integer', label: 'Seed', default: 1, min: 1, max: 99999 },
  { name: 'delta', type: 'number', label: 'Huber δ', default: 1, min: 0.05, max: 20, step: 0.05 },
  { name: 'show', type: 'set', label: 'Lines', default: ['mse', 'huber'], options: ['mse', 'mae', 'huber'] },
  { name: 'focus', type: 'choice', label: 'Focus', default: 'mse', options: ['mse', 'mae'] },
  { name: 'dark', type: 'boolean', label: 'Dark', default: false },
  {
    name: 'added', type: 'tuples', label: 'Added points', maxRows: 3, default: [],
    columns: [{ name: 'x', min: -4, max: 8, step: 0.01 }, { name: 'y', min: -20, max: 70, step: 0.01 }],
  },
];

const parse = (query: string) => parseState(table, new URLSearchParams(query));

describe('parseState', () => {
  it('gives the table defaults, with no notice, for an empty link', () => {
    const { values, notices } = parse('');
    expect(values).toEqual(defaults(table));
    expect(notices).toEqual([]);
  });

  it('reads every type of value from a well-formed link', () => {
    const { values, notices } = parse('v=1&seed=42&delta=2.5&show=mae&focus=mae&dark=1&added=6_-10~1.5_2');
    expect(notices).toEqual([]);
    expect(values.seed).toBe(42);
    expect(values.delta).toBe(2.5);
    expect(values.show).toEqual(['mae']);
    expect(values.focus).toBe('mae');
    expect(values.dark).toBe(true);
    expect(values.added).toEqual([[6, -10], [1.5, 2]]);
  });

  it('clamps numbers to the table range and says so', () => {
    const { values, notices } = parse('seed=-5&delta=1e9');
    expect(values.seed).toBe(1);
    expect(values.delta).toBe(20);
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain('outside 1 to 99999');
  });

  it('rounds integers and numbers to their step without a notice', () => {
    const { values, notices } = parse('seed=7.4&delta=1.2345');
    expect(values.seed).toBe(7);
    expect(values.delta).toBe(1.23);
    expect(notices).toEqual([]);
  });

  it('falls back to the default with a notice for garbage, never NaN', () => {
    for (const bad of ['banana', 'NaN', 'Infinity', '-Infinity', '', ' ', '0x10', '1,5', '1e', '--1']) {
      const { values, notices } = parse(`delta=${encodeURIComponent(bad)}`);
      expect(values.delta, bad).toBe(1);
      expect(Number.isNaN(values.delta as number)).toBe(false);
      expect(notices.length, bad).toBe(1);
    }
  });

  it('rejects unknown choices and booleans, and drops unknown set members', () => {
    const { values, notices } = parse('focus=huber&dark=maybe&show=mse.evil.mae');
    expect(values.focus).toBe('mse');
    expect(values.dark).toBe(false);
    expect(values.show).toEqual(['mse', 'mae']);
    expect(notices).toHaveLength(3);
  });

  it('drops malformed and surplus tuples, and clamps the rest', () => {
    const { values, notices } = parse('added=1_2_3~x_y~100_100~1_1~2_2~3_3');
    expect(values.added).toEqual([[8, 70], [1, 1], [2, 2]]);
    expect(notices).toHaveLength(1);
  });

  it('ignores unknown and inherited keys, and does not pollute prototypes', () => {
    const { values, notices } = parse('__proto__=1&constructor=2&toString=3&hasOwnProperty=4&bogus=5');
    expect(notices).toEqual([]);
    expect(values).toEqual(defaults(table));
    expect(({} as Record<string, unknown>).seed).toBeUndefined();
    const fromObject = parseState(table, JSON.parse('{"__proto__": {"seed": "9"}, "delta": "3"}') as Record<string, unknown>);
    expect(fromObject.values.seed).toBe(1);
    expect(fromObject.values.delta).toBe(3);
    const inherited = parseState(table, Object.create({ seed: '9' }) as Record<string, unknown>);
    expect(inherited.values.seed).toBe(1);
  });

  it('survives hostile sources without throwing', () => {
    const hostile = new Proxy({}, { get() { throw new Error('boom'); }, has() { throw new Error('boom'); }, getOwnPropertyDescriptor() { throw new Error('boom'); } });
    expect(() => parseState(table, hostile as Record<string, unknown>)).not.toThrow();
    expect(() => parseState(table, null)).not.toThrow();
    expect(() => parse('delta=' + '9'.repeat(5000))).not.toThrow();
  });

  it('notes a link from another version and still reads it', () => {
    const { values, notices } = parse('v=99&delta=2');
    expect(values.delta).toBe(2);
    expect(notices[0]).toContain('another version');
  });
});

describe('encodeState', () => {
  it('writes only what differs from the defaults, plus the version', () => {
    expect(encodeState(table, defaults(table))).toBe(`v=${STATE_VERSION}`);
    const values = { ...defaults(table), delta: 2.5, added: [[6, -10]] };
    expect(encodeState(table, values)).toBe('v=1&delta=2.5&added=6_-10');
  });

  it('round-trips through parseState', () => {
    const values = { ...defaults(table), seed: 777, delta: 0.35, show: ['mae', 'huber'], focus: 'mae', dark: true, added: [[-3.25, 65.5], [7.99, -19.99]] };
    const encoded = encodeState(table, values);
    const back = parseState(table, new URLSearchParams(encoded));
    expect(back.notices).toEqual([]);
    expect(back.values).toEqual(values);
  });
});

describe('StateStore', () => {
  it('validates writes like a link and notifies only on change', () => {
    const store = new StateStore(table);
    const seen: string[][] = [];
    store.subscribe((_, changed) => seen.push([...changed]));
    store.set({ delta: 500, bogus: 3 } as Record<string, number>);
    expect(store.get('delta')).toBe(20);
    store.set({ delta: 20 });
    store.set({ delta: Number.NaN });
    expect(store.get('delta')).toBe(1);
    expect(seen).toEqual([['delta'], ['delta']]);
  });
});
