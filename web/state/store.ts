/**
 * A lesson's live state: the values of its parameter table, with change notification. Every
 * write goes through the table's validation (a control cannot push a value out of range either).
 */
import { defaults, encodeState, parseState, type ParamTable, type ParamValue, type StateValues } from './params';

export type Listener = (values: Readonly<StateValues>, changed: ReadonlySet<string>) => void;

/** What controls and figures need of a store: read, write through validation, subscribe. */
export interface StoreLike {
  readonly table: ParamTable;
  readonly values: Readonly<StateValues>;
  get<T extends ParamValue>(name: string): T;
  set(patch: Record<string, ParamValue>): void;
  subscribe(listener: Listener): () => void;
}

export class StateStore implements StoreLike {
  private current: StateValues;
  private listeners = new Set<Listener>();

  constructor(readonly table: ParamTable, initial?: StateValues) {
    this.current = initial ?? defaults(table);
  }

  get values(): Readonly<StateValues> {
    return this.current;
  }

  get<T extends ParamValue>(name: string): T {
    return this.current[name] as T;
  }

  /** Sets values by name; unknown names are ignored and numbers are re-validated. */
  set(patch: Record<string, ParamValue>): void {
    const changed = new Set<string>();
    const next: StateValues = { ...this.current };
    for (const spec of this.table) {
      if (!Object.prototype.hasOwnProperty.call(patch, spec.name)) continue;
      const value = sanitize(this.table, spec.name, patch[spec.name]);
      if (JSON.stringify(value) !== JSON.stringify(this.current[spec.name])) {
        next[spec.name] = value;
        changed.add(spec.name);
      }
    }
    if (!changed.size) return;
    this.current = next;
    for (const listener of this.listeners) listener(this.current, changed);
  }

  reset(): void {
    const all = defaults(this.table);
    this.set(all);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many listeners are subscribed (a leak check: a restarted lesson leaves none behind). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** A view of this store whose subscriptions all end with dispose() (one per mounted lesson). */
  scope(): ScopedStore {
    return new ScopedStore(this);
  }

  encode(): string {
    return encodeState(this.table, this.current);
  }
}

/** A store whose subscriptions are tracked, so that one dispose() removes every one of them. */
export class ScopedStore implements StoreLike {
  private readonly unsubscribers = new Set<() => void>();
  private disposed = false;

  constructor(private readonly store: StoreLike) {}

  get table(): ParamTable { return this.store.table; }
  get values(): Readonly<StateValues> { return this.store.values; }
  get<T extends ParamValue>(name: string): T { return this.store.get<T>(name); }
  set(patch: Record<string, ParamValue>): void { if (!this.disposed) this.store.set(patch); }

  subscribe(listener: Listener): () => void {
    if (this.disposed) return () => undefined;
    const off = this.store.subscribe(listener);
    const unsubscribe = () => { off(); this.unsubscribers.delete(unsubscribe); };
    this.unsubscribers.add(unsubscribe);
    return unsubscribe;
  }

  dispose(): void {
    this.disposed = true;
    for (const off of [...this.unsubscribers]) off();
  }
}

/** Validation of one in-app value: the same path as URL parsing, through the encoding. */
function sanitize(table: ParamTable, name: string, value: ParamValue): ParamValue {
  const spec = table.find((s) => s.name === name)!;
  if (spec.type === 'tuples' || spec.type === 'set') {
    const encoded = spec.type === 'set'
      ? (value as string[]).join('.')
      : (value as number[][]).map((r) => r.join('_')).join('~');
    return parseState([spec], { [name]: encoded }).values[name];
  }
  return parseState([spec], { [name]: String(value) }).values[name];
}
