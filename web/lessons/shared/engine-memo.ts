/**
 * The last few results of an engine computation, kept per engine and shared by key: two figures
 * (or two states that differ only in what a computation does not read) ask the worker once. A
 * result that fails, or that `keep` turns down, is dropped so the next request tries again.
 * Results are shared as they are, so they are read-only.
 */
export function engineMemo<E extends object, T>(size: number, keep: (value: T) => boolean = () => true) {
  const recent = new WeakMap<E, Array<{ key: string; value: Promise<T> }>>();
  const drop = (engine: E, entry: { key: string; value: Promise<T> }) =>
    recent.set(engine, (recent.get(engine) ?? []).filter((e) => e !== entry));
  return (engine: E, key: string, make: () => Promise<T>): Promise<T> => {
    const list = recent.get(engine) ?? [];
    const found = list.find((e) => e.key === key);
    if (found) return found.value;
    const entry = { key, value: make() };
    recent.set(engine, [entry, ...list].slice(0, size));
    entry.value.then((v) => { if (!keep(v)) drop(engine, entry); }, () => drop(engine, entry));
    return entry.value;
  };
}
