/**
 * A lesson's parameter table: one typed row per piece of state (name, type, default, range).
 * The same table drives the controls, the URL state and its validation, so a lesson declares
 * its state once. Parsing treats every source (URL, element attributes, localStorage) as untrusted:
 * unknown or inherited keys are ignored, numbers are clamped to the row's range, and a bad value
 * falls back to its default with a notice. Nothing here throws and nothing yields NaN.
 */

/** The URL format version; bump when an encoding changes meaning. */
export const STATE_VERSION = 1;

interface Base {
  name: string;
  /** Short human label, used by controls and notices. */
  label: string;
}
export interface NumberParam extends Base {
  type: 'number';
  default: number;
  min: number;
  max: number;
  /** Slider step, and the precision kept in the URL. */
  step: number;
}
export interface IntegerParam extends Base {
  type: 'integer';
  default: number;
  min: number;
  max: number;
}
export interface BooleanParam extends Base {
  type: 'boolean';
  default: boolean;
}
export interface ChoiceParam extends Base {
  type: 'choice';
  default: string;
  options: readonly string[];
}
/** A subset of a fixed list (e.g. which fitted lines are shown). */
export interface SetParam extends Base {
  type: 'set';
  default: readonly string[];
  options: readonly string[];
}
/**
 * A list of numeric tuples (e.g. points the learner added, or [index, x, y] moves). Each column
 * has its own range and precision; rows beyond maxRows are dropped.
 */
export interface TuplesParam extends Base {
  type: 'tuples';
  columns: ReadonlyArray<{ name: string; min: number; max: number; step: number }>;
  maxRows: number;
  default: ReadonlyArray<readonly number[]>;
}

export type ParamSpec = NumberParam | IntegerParam | BooleanParam | ChoiceParam | SetParam | TuplesParam;
export type ParamTable = readonly ParamSpec[];
export type ParamValue = number | boolean | string | readonly string[] | ReadonlyArray<readonly number[]>;
export type StateValues = Record<string, ParamValue>;

/** Keys that belong to the page, not to a lesson's table. */
export const RESERVED_KEYS = new Set(['v', 'lesson', 'embed']);

export interface ParseResult {
  values: StateValues;
  /** One plain sentence per value that was rejected or changed. */
  notices: string[];
}

const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

export function defaults(table: ParamTable): StateValues {
  const values: StateValues = Object.create(null) as StateValues;
  for (const spec of table) values[spec.name] = cloneValue(spec.default);
  return values;
}

function cloneValue(value: ParamValue): ParamValue {
  if (Array.isArray(value)) return value.map((v: unknown) => (Array.isArray(v) ? [...v] : v)) as ParamValue;
  return value;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function roundTo(v: number, step: number): number {
  if (!(step > 0)) return v;
  const decimals = Math.max(0, Math.min(10, Math.ceil(-Math.log10(step) - 1e-9)));
  return Number(v.toFixed(decimals));
}

/** A strict number parser: the whole string must be a finite decimal number. */
export function parseNumber(text: string): number | undefined {
  if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

type Outcome = { value: ParamValue; notice?: string };

function parseOne(spec: ParamSpec, raw: string): Outcome {
  const bad = (why: string): Outcome => ({
    value: cloneValue(spec.default),
    notice: `${spec.label}: ${why}, so the default (${describe(spec, spec.default)}) is used.`,
  });
  switch (spec.type) {
    case 'number':
    case 'integer': {
      const v = parseNumber(raw);
      if (v === undefined) return bad(`"${truncate(raw)}" is not a number`);
      let clamped = clamp(v, spec.min, spec.max);
      clamped = spec.type === 'integer' ? Math.round(clamped) : roundTo(clamped, spec.step);
      if (clamped !== v && Math.abs(clamped - v) > 1e-12 * Math.max(1, Math.abs(v))) {
        const outside = v < spec.min || v > spec.max;
        return {
          value: clamped,
          notice: outside ? `${spec.label}: ${truncate(raw)} is outside ${spec.min} to ${spec.max}, so ${clamped} is used.` : undefined,
        };
      }
      return { value: clamped };
    }
    case 'boolean':
      if (raw === '1' || raw === 'true') return { value: true };
      if (raw === '0' || raw === 'false') return { value: false };
      return bad(`"${truncate(raw)}" is not on/off`);
    case 'choice':
      return spec.options.includes(raw) ? { value: raw } : bad(`"${truncate(raw)}" is not one of ${spec.options.join(', ')}`);
    case 'set': {
      if (raw === '') return { value: [] };
      const parts = raw.split('.');
      const known = spec.options.filter((o) => parts.includes(o));
      if (known.length !== parts.length) {
        return { value: known, notice: `${spec.label}: unknown entries were ignored.` };
      }
      return { value: known };
    }
    case 'tuples': {
      if (raw === '') return { value: [] };
      const rows = raw.split('~');
      const out: number[][] = [];
      let dropped = 0;
      for (const row of rows.slice(0, spec.maxRows * 4)) {
        if (out.length >= spec.maxRows) { dropped++; continue; }
        const cells = row.split('_');
        if (cells.length !== spec.columns.length) { dropped++; continue; }
        const numbers = cells.map((c) => parseNumber(c));
        if (numbers.some((n) => n === undefined)) { dropped++; continue; }
        out.push(numbers.map((n, i) => {
          const column = spec.columns[i];
          return roundTo(clamp(n!, column.min, column.max), column.step);
        }));
      }
      dropped += Math.max(0, rows.length - spec.maxRows * 4);
      return dropped ? { value: out, notice: `${spec.label}: ${dropped} malformed or extra ${dropped === 1 ? 'entry was' : 'entries were'} ignored.` } : { value: out };
    }
  }
}

function truncate(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

function describe(spec: ParamSpec, value: ParamValue): string {
  if (spec.type === 'set') return (value as string[]).join(', ') || 'none';
  if (spec.type === 'tuples') return `${(value as unknown[]).length} entries`;
  return String(value);
}

/**
 * Parses state from untrusted key/value pairs (URLSearchParams, element attributes, a stored
 * object). Never throws: whatever is wrong becomes a notice and a default.
 */
export function parseState(table: ParamTable, source: URLSearchParams | Record<string, unknown> | null | undefined): ParseResult {
  const values = defaults(table);
  const notices: string[] = [];
  const get = (key: string): string | undefined => {
    try {
      if (source instanceof URLSearchParams) return source.has(key) ? source.get(key) ?? undefined : undefined;
      if (source && typeof source === 'object' && has(source, key)) {
        const v = (source as Record<string, unknown>)[key];
        return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
      }
    } catch {
      // A hostile object (a throwing getter) is treated as absent.
    }
    return undefined;
  };
  const version = get('v');
  if (version !== undefined && version !== String(STATE_VERSION)) {
    notices.push(`This link was made by another version of Loss Lab (v=${truncate(version)}); its settings were read as well as possible.`);
  }
  for (const spec of table) {
    const raw = get(spec.name);
    if (raw === undefined) continue;
    const outcome = parseOne(spec, raw);
    values[spec.name] = outcome.value;
    if (outcome.notice) notices.push(outcome.notice);
  }
  return { values, notices };
}

function encodeNumber(v: number, step: number): string {
  return String(roundTo(v, step));
}

export function encodeValue(spec: ParamSpec, value: ParamValue): string {
  switch (spec.type) {
    case 'number':
      return encodeNumber(value as number, spec.step);
    case 'integer':
      return String(Math.round(value as number));
    case 'boolean':
      return value ? '1' : '0';
    case 'choice':
      return value as string;
    case 'set':
      return (value as string[]).join('.');
    case 'tuples':
      return (value as number[][]).map((row) => row.map((v, i) => encodeNumber(v, spec.columns[i].step)).join('_')).join('~');
  }
}

/**
 * The compact form of a state: only values that differ from the defaults, plus the version.
 * Separators (`.`, `_`, `~`) are unreserved in URLs, so the string stays readable.
 */
export function encodeState(table: ParamTable, values: StateValues): string {
  const parts = [`v=${STATE_VERSION}`];
  for (const spec of table) {
    if (!has(values, spec.name)) continue;
    const encoded = encodeValue(spec, values[spec.name]);
    if (encoded === encodeValue(spec, spec.default)) continue;
    parts.push(`${encodeURIComponent(spec.name)}=${encodeURIComponent(encoded).replace(/%7E/g, '~')}`);
  }
  return parts.join('&');
}

/** Same state? (compared through the encoding, so float noise below a step does not count) */
export function sameState(table: ParamTable, a: StateValues, b: StateValues): boolean {
  return encodeState(table, a) === encodeState(table, b);
}
