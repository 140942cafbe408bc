/**
 * The learner's own data for a lesson: a panel (file picker and drag-and-drop, column choice,
 * standardisation on by default and shown, a way back to the lab's data) and a registry of loaded
 * datasets by id. The lesson's state holds only the id (a local value, so it is never in a URL);
 * figures read the arrays with ownData(id). The CSV and the choices are kept in saved work
 * (localStorage, up to MAX_SAVED_CHARS) and restored when the lesson opens again; the `data`
 * parameter (lab | local) tells a link's recipient that the sender used data of their own.
 */
import type { Dataset } from 'loss-lab';
import { checksum } from '../../state/storage';
import type { StoreLike } from '../../state/store';
import { el } from '../../ui/dom';
import type { LocalState } from '../framework/local';
import { CsvError, MAX_SAVED_CHARS, numericColumn, readCsv, standardise, type ColumnKind, type CsvTable } from './csv';

export interface OwnData {
  id: string;
  file: string;
  /** The feature columns (one for a line, two for the credit models). */
  xColumns: string[];
  yColumn: string;
  standardized: boolean;
  /** What the figures fit: n × features, row-major; z-scores when standardized, else the raw values. */
  x: Float64Array;
  y: Float64Array;
  xStats: Array<{ mean: number; sd: number }>;
  yStats: { mean: number; sd: number };
  /** For a class label: K, the largest label + 1 (labels 0 … K − 1); 2 for a binary label. */
  classes?: number;
}

interface Saved { file: string; text: string; x: string[]; y: string; standardized: boolean }

const registry = new Map<string, OwnData>();
export const ownData = (id: string | null | undefined): OwnData | undefined => (id ? registry.get(id) : undefined);

/** One sentence on where the data of a script comes from. */
export const ownDataNote = (d: OwnData, yScaled = true): string => {
  const names = d.xColumns.length === 1 ? ['x'] : d.xColumns.map((_, i) => `x${i + 1}`);
  const z = (name: string, column: string, s: { mean: number; sd: number }) => `${name} = (${column} - ${s.mean.toPrecision(6)}) / ${s.sd.toPrecision(6)}`;
  const scaled = [...d.xColumns.map((c, i) => z(names[i], c, d.xStats[i])), ...(yScaled ? [z('y', d.yColumn, d.yStats)] : [])];
  return `Your data: ${d.file}, ${d.xColumns.map((c, i) => `${names[i]} = "${c}"`).join(', ')}, y = "${d.yColumn}"${d.standardized ? ` (standardised by the lab: ${scaled.join(', ')})` : ''}`;
};

/**
 * A binary dataset from the learner's rows, alternating between training (rows 1, 3, 5, …) and
 * held out (rows 2, 4, …), so a file sorted by label or by date still gives both halves the same mix.
 */
export function alternateHalves(own: OwnData): Dataset {
  const f = own.xColumns.length;
  const half = (k: number) => {
    const rows = Array.from({ length: own.y.length }, (_, i) => i).filter((i) => i % 2 === k);
    return { x: Float64Array.from(rows.flatMap((i) => Array.from(own.x.subarray(f * i, f * i + f)))), y: Float64Array.from(rows, (i) => own.y[i]) };
  };
  const train = half(0), held = half(1);
  return { name: 'imbalanced', task: 'binary', features: f, classes: 2, x: train.x, y: train.y, xVal: held.x, yVal: held.y, outlier: new Float64Array(0) };
}

/** Builds the dataset from a table; throws a CsvError naming the first bad cell. */
export function buildOwnData(file: string, table: CsvTable, xColumns: string[], yColumn: string, standardized: boolean, yKind: ColumnKind = 'number', maxClasses = 2): OwnData {
  const all = [...xColumns, yColumn];
  if (new Set(all).size !== all.length) throw new CsvError('Choose a different column for each of x and y.');
  const rawX = xColumns.map((c) => numericColumn(table, c)), rawY = numericColumn(table, yColumn, yKind, maxClasses);
  if (yKind === 'label' && (!rawY.includes(0) || !rawY.includes(1))) {
    throw new CsvError(`Column "${yColumn}" holds only the label ${rawY[0]}: a classifier needs rows of both classes, 0 and 1.`, undefined, yColumn);
  }
  if (yKind === 'class' && rawY.every((v) => v === rawY[0])) {
    throw new CsvError(`Column "${yColumn}" holds only the label ${rawY[0]}: a classifier needs rows of at least two classes.`, undefined, yColumn);
  }
  const sx = rawX.map(standardise), sy = standardise(rawY);
  const scaleY = standardized && yKind === 'number';
  const f = xColumns.length, n = rawY.length;
  const x = new Float64Array(n * f);
  for (let j = 0; j < f; j++) for (let i = 0; i < n; i++) x[i * f + j] = standardized ? sx[j].values[i] : rawX[j][i];
  const y = scaleY ? sy.values : rawY;
  let hash = 0;
  for (const v of [...xColumns, yColumn, String(standardized), file, yKind]) hash = (hash * 31 + Number.parseInt(checksum(v), 16)) >>> 0;
  const id = `${file}:${table.rows.length}:${hash.toString(16)}:${checksum(Array.from(x.subarray(0, 64)).join() + Array.from(y.subarray(0, 64)).join())}`;
  const data: OwnData = { id, file, xColumns, yColumn, standardized, x, y, xStats: sx.map((s) => ({ mean: s.mean, sd: s.sd })), yStats: { mean: sy.mean, sd: sy.sd } };
  if (yKind !== 'number') data.classes = yKind === 'label' ? 2 : rawY.reduce((k, v) => Math.max(k, v + 1), 0);
  registry.set(id, data);
  return data;
}

const storageKey = (slug: string) => `loss-lab:own-data:${slug}`;

function save(slug: string, saved: Saved | null): boolean {
  try {
    if (!saved) globalThis.localStorage?.removeItem(storageKey(slug));
    else {
      const data = JSON.stringify(saved);
      if (data.length > MAX_SAVED_CHARS) {
        globalThis.localStorage?.removeItem(storageKey(slug));
        return false;
      }
      globalThis.localStorage?.setItem(storageKey(slug), JSON.stringify({ sum: checksum(data), data }));
    }
    return true;
  } catch {
    return false;  // storage blocked or full: the data works for this visit
  }
}

function load(slug: string): Saved | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(storageKey(slug));
    if (!raw) return undefined;
    const { sum, data } = JSON.parse(raw) as { sum?: string; data?: string };
    if (typeof data !== 'string' || sum !== checksum(data)) return undefined;
    const s = JSON.parse(data) as Saved;
    return typeof s.text === 'string' && Array.isArray(s.x) && s.x.every((c) => typeof c === 'string') && typeof s.y === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

export interface OwnDataPanelOptions {
  /** The instance's saved-work key (FigureHost.workKey): the file is kept per lesson instance. */
  slug: string;
  store: StoreLike;
  local: LocalState;
  /** The local value holding the dataset's id. */
  key: string;
  /** 'number' for a regression target, 'label' for a binary class label (0 or 1), 'class' for labels 0 … maxClasses − 1. */
  yKind: ColumnKind;
  /** For yKind 'class': how many classes the lesson takes at most. */
  maxClasses?: number;
  /** How many feature columns the figures take (default 1). */
  features?: number;
  /** What changes when the data is replaced (edits to the lab's points, which no longer apply). */
  onReplace?(): void;
  notice(text: string): void;
}

/** The panel; returns its element. Restores saved data at once (before the first computation). */
export function ownDataPanel(options: OwnDataPanelOptions): HTMLElement {
  const { store, local, key, slug } = options;
  // Labels wrap their controls (no ids): two instances of a lesson on one page must not share an id.
  const input = el('input', { type: 'file', accept: '.csv,.tsv,.txt,text/csv', class: 'own-data-file' });
  const pick = el('label', { class: 'own-data-pick' }, 'Load a CSV file with a header row (or drop it here) ', input);
  const features = options.features ?? 1;
  const labelKind = options.yKind !== 'number';
  const labels = options.yKind === 'class' ? `0 to ${(options.maxClasses ?? 2) - 1}` : '0 or 1';
  const xNames = features === 1 ? ['x'] : Array.from({ length: features }, (_, i) => `x${i + 1}`);
  const xSelects = xNames.map((name, i) => el('select', { class: `own-data-x${i ? ` own-data-x${i + 1}` : ''}`, 'aria-label': `Column for ${name}` }));
  const ySelect = el('select', { class: 'own-data-y', 'aria-label': labelKind ? `Column for the label (${labels})` : 'Column for y' });
  const scale = el('input', { type: 'checkbox', class: 'own-data-standardize', checked: true });
  const columns = el('div', { class: 'control-row own-data-columns', hidden: true },
    ...xSelects.map((select, i) => el('label', {}, `${xNames[i]} `, select)), el('label', {}, labelKind ? 'label ' : 'y ', ySelect),
    el('label', {}, scale, labelKind ? ' Standardise x (z-scores)' : ' Standardise x and y (z-scores)'));
  const problem = el('p', { class: 'notice error own-data-error', role: 'alert', hidden: true });
  const status = el('p', { class: 'readout own-data-status', 'aria-live': 'polite' });
  const back = el('button', { type: 'button', class: 'small own-data-reset', hidden: true }, 'Back to the lab\u2019s data');
  const panel = el('div', { class: 'own-data', role: 'group', 'aria-label': 'Your own data' },
    el('p', { class: 'own-data-title' }, el('strong', {}, 'Your own data')), el('p', { class: 'legend-note' }, `The file stays in this browser: nothing is uploaded. Up to 100,000 rows; every value of the chosen columns must be a number${labelKind ? `, and the label ${options.yKind === 'class' ? 'a whole number from ' : ''}${labels}` : ''}.`),
    pick, columns, problem, status, back);
  let table: CsvTable | undefined;
  let file = '';
  let text = '';

  const describe = (d: OwnData) => {
    const fmt = (v: number) => v.toPrecision(4);
    const xs = d.xColumns.map((c, i) => `${xNames[i]} = "${c}"${d.standardized ? ` standardised (mean ${fmt(d.xStats[i].mean)}, sd ${fmt(d.xStats[i].sd)})` : ' as is'}`).join(', ');
    status.textContent = `Using ${d.file}: ${d.y.length.toLocaleString('en')} rows, ${xs}, `
      + `${labelKind ? 'label' : 'y'} = "${d.yColumn}"${d.classes && options.yKind === 'class' ? ` (${d.classes} classes)` : ''}${d.standardized && options.yKind === 'number' ? ` standardised (mean ${fmt(d.yStats.mean)}, sd ${fmt(d.yStats.sd)})` : ' as is'}. A link to this view says the data is local: it does not carry it.`;
    back.hidden = false;
  };
  const fail = (error: unknown) => {
    problem.hidden = false;
    problem.textContent = `${file ? `${file}: ` : ''}${(error as Error).message} Nothing was changed.`;
  };
  /** persist: a new choice of the learner's (saved, and the edits to the old points dropped); else a restore. */
  const apply = (persist: boolean): boolean => {
    if (!table) return false;
    try {
      const d = buildOwnData(file, table, xSelects.map((s) => s.value), ySelect.value, scale.checked, options.yKind, options.maxClasses);
      problem.hidden = true;
      if (persist) options.onReplace?.();
      local.set({ [key]: d.id });
      store.set({ data: 'local' });
      describe(d);
      if (persist && !save(slug, { file, text, x: d.xColumns, y: d.yColumn, standardized: d.standardized })) {
        options.notice(`${file} is used for this visit only: it is larger than the ${MAX_SAVED_CHARS / 1e6} MB kept in saved work, or this browser does not keep it.`);
      }
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  };
  const fill = (select: HTMLSelectElement, names: string[], chosen: string) => {
    select.replaceChildren(...names.map((n) => el('option', { value: n, selected: n === chosen }, n)));
    select.value = chosen;
  };
  /** Reads a file's text; on a bad file the previous data and choices stay. */
  const read = (name: string, content: string, x: string[] = [], y?: string, standardized = true, persist = true) => {
    let next: CsvTable;
    try {
      next = readCsv(content);
    } catch (error) {
      file = name;
      fail(error);
      return;
    }
    // The new file's columns are offered; the figures change only once its chosen columns pass.
    table = next;
    file = name;
    text = content;
    const names = next.columns;
    xSelects.forEach((select, i) => fill(select, names, x[i] && names.includes(x[i]) ? x[i] : names[Math.min(i, names.length - 1)]));
    fill(ySelect, names, y && names.includes(y) ? y : names[names.length - 1]);
    scale.checked = standardized;
    columns.hidden = false;
    apply(persist);
  };

  input.addEventListener('change', async () => {
    const f = input.files?.[0];
    if (f) read(f.name, await f.text());
    input.value = '';
  });
  panel.addEventListener('dragover', (event) => {
    event.preventDefault();
    panel.classList.add('dragging');
  });
  panel.addEventListener('dragleave', () => panel.classList.remove('dragging'));
  panel.addEventListener('drop', async (event) => {
    event.preventDefault();
    panel.classList.remove('dragging');
    const f = event.dataTransfer?.files?.[0];
    if (f) read(f.name, await f.text());
  });
  for (const control of [...xSelects, ySelect, scale]) control.addEventListener('change', () => apply(true));
  back.addEventListener('click', () => {
    options.onReplace?.();
    local.set({ [key]: null });
    store.set({ data: 'lab' });
    save(slug, null);
    table = undefined;
    columns.hidden = true;
    problem.hidden = true;
    back.hidden = true;
    status.textContent = '';
  });

  const saved = load(slug);
  if (saved) read(saved.file, saved.text, saved.x, saved.y, saved.standardized !== false, false);
  if (!ownData(local.get<string | null>(key)) && store.get<string>('data') === 'local') {
    options.notice('This link was made with the sender\u2019s own data, which stays on their computer; you see the lab\u2019s data instead. Load a CSV of your own below the first figure.');
    store.set({ data: 'lab' });
  }
  return panel;
}
