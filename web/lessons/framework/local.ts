/**
 * A lesson's transient view state: values that figures share but a link does not carry (the
 * point under the pointer, the frame a playback shows). Same subscribe contract as the
 * StateStore, without a parameter table: any JSON-like value, compared by identity.
 */
import type { Listener } from '../../state/store';
import type { ParamValue, StateValues } from '../../state/params';

export type LocalValue = ParamValue | undefined | null;

export class LocalState {
  private current: Record<string, LocalValue>;
  private readonly listeners = new Set<Listener>();

  constructor(initial: Record<string, LocalValue> = {}) {
    this.current = { ...initial };
  }

  get values(): Readonly<Record<string, LocalValue>> {
    return this.current;
  }

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.current, name);
  }

  get<T extends LocalValue>(name: string): T {
    return this.current[name] as T;
  }

  set(patch: Record<string, LocalValue>): void {
    const changed = new Set<string>();
    const next = { ...this.current };
    for (const [k, v] of Object.entries(patch)) {
      if (!this.has(k)) throw new Error(`'${k}' is not a local value of this lesson (declare it in defineLesson's local)`);
      if (next[k] !== v) {
        next[k] = v;
        changed.add(k);
      }
    }
    if (!changed.size) return;
    this.current = next;
    for (const l of [...this.listeners]) l(next as StateValues, changed);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
