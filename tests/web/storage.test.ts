// Saved work must survive a reload, and a damaged record must be detected and reset with a notice.
import { beforeEach, describe, expect, it } from 'vitest';
import { checksum, WorkStore } from '../../web/state/storage';

class MemoryStorage implements Storage {
  private data = new Map<string, string>();
  get length() { return this.data.size; }
  clear() { this.data.clear(); }
  getItem(key: string) { return this.data.get(key) ?? null; }
  key(index: number) { return [...this.data.keys()][index] ?? null; }
  removeItem(key: string) { this.data.delete(key); }
  setItem(key: string, value: string) { this.data.set(key, String(value)); }
}

let backend: MemoryStorage;
beforeEach(() => { backend = new MemoryStorage(); });

describe('WorkStore', () => {
  it('returns empty work and no notice when nothing was saved', () => {
    const { work, notice } = new WorkStore(backend).load('lesson');
    expect(work.answers).toEqual({});
    expect(notice).toBeUndefined();
  });

  it('round-trips answers and state', () => {
    const store = new WorkStore(backend);
    store.save('lesson', { answers: { q1: 'mse' }, state: 'v=1&delta=2' });
    const { work, notice } = new WorkStore(backend).load('lesson');
    expect(notice).toBeUndefined();
    expect(work.answers).toEqual({ q1: 'mse' });
    expect(work.state).toBe('v=1&delta=2');
  });

  const corruptions: Record<string, (raw: string) => string> = {
    'truncated JSON': (raw) => raw.slice(0, raw.length - 5),
    'not JSON at all': () => 'hello',
    'a payload edited without its checksum': (raw) => raw.replace('mse', 'mae'),
    'a wrong version': (raw) => raw.replace('"v":1', '"v":7'),
    'JSON null': () => 'null',
    'an array': () => '[1,2]',
    'a payload of the wrong shape with a valid checksum': () => {
      const data = JSON.stringify({ answers: { q1: 5 } });
      return JSON.stringify({ v: 1, sum: checksum(data), data });
    },
  };
  for (const [name, corrupt] of Object.entries(corruptions)) {
    it(`detects ${name}, resets the record and explains`, () => {
      const store = new WorkStore(backend);
      store.save('lesson', { answers: { q1: 'mse' } });
      backend.setItem('loss-lab:lesson', corrupt(backend.getItem('loss-lab:lesson')!));
      const { work, notice } = new WorkStore(backend).load('lesson');
      expect(work.answers).toEqual({});
      expect(notice).toMatch(/could not be read.*reset/);
      expect(backend.getItem('loss-lab:lesson')).toBeNull();
      // and the next load is clean
      expect(new WorkStore(backend).load('lesson').notice).toBeUndefined();
    });
  }

  it('keeps working in memory when storage throws (private mode, full quota)', () => {
    const broken = new MemoryStorage();
    broken.setItem = () => { throw new Error('QuotaExceededError'); };
    broken.getItem = () => { throw new Error('SecurityError'); };
    const store = new WorkStore(broken);
    expect(() => store.save('lesson', { answers: { q1: 'mae' } })).not.toThrow();
    expect(store.load('lesson').work.answers).toEqual({ q1: 'mae' });
  });

  it('keeps lessons apart', () => {
    const store = new WorkStore(backend);
    store.save('a', { answers: { q: '1' } });
    expect(store.load('b').work.answers).toEqual({});
  });
});
