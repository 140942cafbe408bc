/**
 * Shared controls. Parameter controls are generated from the lesson's parameter table (so a
 * slider's range is the URL's clamp range), and write through the StateStore. All are native
 * form elements, so they work with the keyboard and screen readers without extra code.
 */
import type { ChoiceParam, NumberParam, IntegerParam, ParamSpec, SetParam, BooleanParam } from '../state/params';
import type { StoreLike } from '../state/store';
import { el } from './dom';

let uid = 0;
const nextId = (name: string) => `ctl-${name}-${++uid}`;

export interface ControlOptions {
  /** Formats the value shown next to the label. */
  format?: (value: number) => string;
  /** Labels for choice/set options. */
  optionLabels?: Record<string, string>;
  /** Palette index per option (a swatch next to each toggle). */
  optionSeries?: Record<string, number>;
}

/**
 * Greys out a control while `inactive()` holds (its inputs disabled, `reason` shown under it and
 * read with it), rechecked whenever `source` changes, e.g. the imbalance slider while the
 * learner's own CSV replaces the lab's data. Returns the unsubscribe (a figure's onCleanup).
 */
export function inactiveWhile(control: HTMLElement, source: Pick<StoreLike, 'subscribe'>, inactive: () => boolean, reason: string): () => void {
  const note = el('span', { id: nextId('inactive'), class: 'control-inactive', hidden: true }, reason);
  control.append(note);
  const inputs = [...control.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button')];
  const sync = () => {
    const off = inactive();
    note.hidden = !off;
    control.classList.toggle('inactive', off);
    for (const input of inputs) {
      input.disabled = off;
      // inside the input's label the reason is part of its name already; elsewhere it describes it
      if (input.closest('label')?.contains(note)) continue;
      if (off) input.setAttribute('aria-describedby', note.id);
      else input.removeAttribute('aria-describedby');
    }
  };
  sync();
  return source.subscribe(() => sync());
}

function spec(store: StoreLike, name: string): ParamSpec {
  const found = store.table.find((s) => s.name === name);
  if (!found) throw new Error(`no parameter '${name}' in this lesson's table`);
  return found;
}

/** One control for one row of the parameter table, kept in sync with the store. */
export function paramControl(store: StoreLike, name: string, options: ControlOptions = {}): HTMLElement {
  const s = spec(store, name);
  switch (s.type) {
    case 'number':
    case 'integer':
      return slider(store, s, options);
    case 'boolean':
      return checkbox(store, s);
    case 'choice':
      return choice(store, s, options);
    case 'set':
      return toggles(store, s, options);
    case 'tuples':
      throw new Error(`${name} is edited by the dataset editor, not a control`);
  }
}

function slider(store: StoreLike, s: NumberParam | IntegerParam, options: ControlOptions): HTMLElement {
  const id = nextId(s.name);
  const step = s.type === 'integer' ? 1 : s.step;
  const input = el('input', { id, type: 'range', min: s.min, max: s.max, step, 'data-param': s.name });
  const output = el('output', { for: id, class: 'control-value' });
  const label = el('label', { for: id, class: 'control slider' }, el('span', { class: 'control-label' }, s.label, ' ', output), input);
  const format = options.format ?? ((v: number) => (s.type === 'integer' ? String(v) : String(Number(v.toFixed(4)))));
  const sync = () => {
    const v = store.get<number>(s.name);
    input.value = String(v);
    output.textContent = format(v);
    input.setAttribute('aria-valuetext', `${s.label} ${format(v)}`);
  };
  input.addEventListener('input', () => store.set({ [s.name]: Number(input.value) }));
  store.subscribe((_, changed) => changed.has(s.name) && sync());
  sync();
  return label;
}

function checkbox(store: StoreLike, s: BooleanParam): HTMLElement {
  const id = nextId(s.name);
  const input = el('input', { id, type: 'checkbox', 'data-param': s.name });
  const sync = () => { input.checked = store.get<boolean>(s.name); };
  input.addEventListener('change', () => store.set({ [s.name]: input.checked }));
  store.subscribe((_, changed) => changed.has(s.name) && sync());
  sync();
  return el('label', { for: id, class: 'control checkbox' }, input, ' ', s.label);
}

function choice(store: StoreLike, s: ChoiceParam, options: ControlOptions): HTMLElement {
  const id = nextId(s.name);
  const select = el('select', { id, 'data-param': s.name });
  for (const o of s.options) select.append(el('option', { value: o }, options.optionLabels?.[o] ?? o));
  const sync = () => { select.value = store.get<string>(s.name); };
  select.addEventListener('change', () => store.set({ [s.name]: select.value }));
  store.subscribe((_, changed) => changed.has(s.name) && sync());
  sync();
  return el('label', { for: id, class: 'control select' }, el('span', { class: 'control-label' }, s.label), select);
}

function toggles(store: StoreLike, s: SetParam, options: ControlOptions): HTMLElement {
  const group = el('fieldset', { class: 'control toggles', 'data-param': s.name });
  group.append(el('legend', {}, s.label));
  const inputs = s.options.map((o) => {
    const id = nextId(`${s.name}-${o}`);
    const input = el('input', { id, type: 'checkbox', value: o });
    const swatch = options.optionSeries?.[o] !== undefined ? el('span', { class: `swatch series-${options.optionSeries[o]}`, 'aria-hidden': 'true' }) : '';
    group.append(el('label', { for: id, class: 'toggle' }, input, swatch, options.optionLabels?.[o] ?? o));
    input.addEventListener('change', () => store.set({ [s.name]: inputs.filter((i) => i.checked).map((i) => i.value) }));
    return input;
  });
  const sync = () => {
    const on = store.get<string[]>(s.name);
    for (const input of inputs) input.checked = on.includes(input.value);
  };
  store.subscribe((_, changed) => changed.has(s.name) && sync());
  sync();
  return group;
}

/** A row of controls. */
export function controlRow(...controls: HTMLElement[]): HTMLElement {
  return el('div', { class: 'controls' }, ...controls);
}

/** Seed field plus a "New data" button that draws a fresh seed (kept in the URL, so shareable). */
export function seedControl(store: StoreLike, name = 'seed'): HTMLElement {
  const s = spec(store, name) as IntegerParam;
  const id = nextId(name);
  const input = el('input', { id, type: 'number', min: s.min, max: s.max, step: 1, inputmode: 'numeric', class: 'seed' });
  const button = el('button', { type: 'button', class: 'new-data' }, 'New data');
  const sync = () => { input.value = String(store.get<number>(name)); };
  input.addEventListener('change', () => {
    const v = Number(input.value);
    if (Number.isFinite(v)) store.set({ [name]: v });
    sync();
  });
  button.addEventListener('click', () => store.set({ [name]: s.min + Math.floor(Math.random() * (s.max - s.min + 1)) }));
  store.subscribe((_, changed) => changed.has(name) && sync());
  sync();
  return el('div', { class: 'control seed-control', 'data-param': name }, el('label', { for: id }, s.label), input, button);
}
