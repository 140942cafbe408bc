import type { RawConfig, RawConfigDefaults, RawModule } from './generated/losslab.js';
import { fail } from './errors.js';
import { deepFreeze, type Plain, type PlainObject } from './values.js';

/**
 * The core's typed configs (optimizers, schedules, warm-up, surfaces, models, penalty, early
 * stopping), completed here from the defaults the core declares once (configDefaults(): each
 * config's field initialisers), so every value object reaches Embind complete. A field the config
 * does not have is a LossLabError naming it and listing the known ones; a field of the wrong type
 * too. Ranges are the core's to check (it names the field and its documented range).
 */

/** The largest magnitude a whole-number field (C++ long) can hold. */
const longMax = 2 ** 31 - 1;

/** A value as an error message shows it: 'word', an array, an object, 1.5, true. */
export function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) return 'an array';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

export interface OptimizerPart {
  optimizer: string;
  optimizerConfig: RawConfig;
}
export interface SchedulePart {
  schedule: string;
  scheduleConfig: RawConfig;
  warmup: RawConfig;
}
export interface SurfacePart {
  surface: string;
  surfaceConfig: RawConfig;
}
export interface DatasetPart {
  dataset: string;
  options: RawConfig;
  n: number;
  seed: number;
  validation: number;
}
export interface ModelPart {
  name: string;
  hidden: Float64Array;
  activation: string;
  task: string;
  outputBias: number | null;
}

export class Configs {
  readonly defaults: RawConfigDefaults;
  /**
   * 'schedule.field' of every whole-number field, with its documented range where the registry
   * gives one (a C++ long must be whole and in range before it crosses: Embind would truncate it).
   */
  private readonly integers = new Map<string, [number, number]>([
    ['warmup.warmup_steps', [-longMax, longMax]],
    ['earlyStopping.patience', [-longMax, longMax]],
  ]);

  /** The dataset generators' names. */
  readonly datasets: readonly string[];

  constructor(module: RawModule) {
    this.defaults = deepFreeze(module.configDefaults());
    this.datasets = Object.freeze(module.optimizationNames().datasets);
    for (const [name, d] of Object.entries(this.defaults.datasets)) {
      for (const field of d.integers) this.integers.set(`${name}.${field}`, [-longMax, longMax]);
    }
    for (const schedule of module.scheduleInfo()) {
      for (const p of schedule.params) {
        if (p.integer) this.integers.set(`${schedule.name}.${p.name}`, [p.min ?? -longMax, Math.min(p.max ?? longMax, longMax)]);
      }
    }
  }

  /**
   * `defaults` overlaid with `given`: `what` names the config in errors ('adam', 'cosine'),
   * `field` the option that holds it ('params'), `known` the names the API offers.
   */
  complete(what: string, field: string, defaults: RawConfig, given: PlainObject | undefined, known = Object.keys(defaults)): RawConfig {
    const out: RawConfig = { ...defaults };
    for (const [key, value] of Object.entries(given ?? {})) {
      const path = field ? `${field}.${key}` : key;
      if (!Object.prototype.hasOwnProperty.call(defaults, key)) {
        fail(`${what}: unknown parameter '${key}'; ${known.length ? `known: ${known.join(', ')}` : 'it takes none'}`, path);
      }
      const d = defaults[key];
      if (typeof d === 'boolean') {
        if (value !== true && value !== false && value !== 0 && value !== 1) fail(`${what}: ${key} must be true or false, got ${show(value)}`, path);
        out[key] = value === true || value === 1;
      } else if (typeof d === 'number') {
        if (typeof value !== 'number') fail(`${what}: ${key} must be a number, got ${show(value)}`, path);
        const range = this.integers.get(`${what}.${key}`);
        if (range) {
          if (!Number.isInteger(value)) fail(`${what}: ${key} = ${value} must be a whole number`, path);
          if (value < range[0] || value > range[1]) fail(`${what}: ${key} = ${value} is outside [${range[0]}, ${range[1]}]`, path);
        }
        out[key] = value;
      } else {
        const words = this.defaults.choices[key] ?? [];
        if (typeof value !== 'string' || !words.includes(value)) fail(`${what}: ${key} = ${show(value)} is not one of ${words.join(', ')}`, path);
        out[key] = value;
      }
    }
    return out;
  }

  private named<T>(kind: string, field: string, table: Record<string, T>, name: Plain | undefined): string {
    const names = Object.keys(table);
    if (typeof name !== 'string' || !names.includes(name)) {
      fail(`${field === kind ? '' : `${field}: `}unknown ${kind} ${show(name)}; known: ${names.join(', ')}`, field);
    }
    return name;
  }

  /** torch.optim's arguments; Adam's betas = (beta1, beta2). */
  optimizer(name: Plain | undefined, params: PlainObject | undefined): OptimizerPart {
    const optimizer = this.named('optimizer', 'optimizer', this.defaults.optimizers, name);
    const defaults = this.defaults.optimizers[optimizer];
    if (!('beta1' in defaults)) return { optimizer, optimizerConfig: this.complete(optimizer, 'params', defaults, params) };
    const known = Object.keys(defaults).flatMap((k) => (k === 'beta1' ? ['betas'] : k === 'beta2' ? [] : [k]));
    const { betas, beta1, beta2, ...rest } = params ?? {};
    const stray = beta1 !== undefined ? 'beta1' : beta2 !== undefined ? 'beta2' : undefined;
    if (stray) fail(`${optimizer}: unknown parameter '${stray}'; known: ${known.join(', ')}`, `params.${stray}`);
    const given: PlainObject = rest;
    if (betas !== undefined) {
      if (!(betas instanceof Float64Array) || betas.length !== 2) fail(`${optimizer}: betas must be [beta1, beta2], two numbers`, 'params.betas');
      given.beta1 = betas[0];
      given.beta2 = betas[1];
    }
    return { optimizer, optimizerConfig: this.complete(optimizer, 'params', defaults, given, known) };
  }

  /** { name, ...arguments, warmup? }, or undefined: the constant schedule. */
  schedule(schedule: PlainObject | undefined, field = 'schedule'): SchedulePart {
    const { name, warmup, ...rest } = schedule ?? { name: 'constant' };
    const which = this.named('schedule', `${field}.name`, this.defaults.schedules, name);
    if (warmup !== undefined && (typeof warmup !== 'object' || warmup instanceof Float64Array)) fail(`${field}.warmup must be an object`, `${field}.warmup`);
    return {
      schedule: which,
      scheduleConfig: this.complete(which, field, this.defaults.schedules[which], rest),
      warmup: this.complete('warmup', `${field}.warmup`, this.defaults.warmup, warmup as PlainObject | undefined),
    };
  }

  surface(name: Plain | undefined, params: PlainObject | undefined): SurfacePart {
    const surface = this.named('surface', 'surface', this.defaults.surfaces, name);
    return { surface, surfaceConfig: this.complete(surface, 'surfaceParams', this.defaults.surfaces[surface], params) };
  }

  /**
   * A dataset by name with { n?, seed?, validation?, ...its options } (one flat object, as
   * lab.dataset takes it): the options complete from the dataset's defaults, n, seed and validation
   * beside them.
   */
  dataset(name: Plain | undefined, given: PlainObject): DatasetPart {
    const dataset = this.named('dataset', 'name', this.defaults.datasets, name);
    const d = this.defaults.datasets[dataset];
    const top: RawConfig = { n: d.n, seed: d.seed, validation: d.validation };
    const { n, seed, validation, ...options } = this.complete(dataset, '', { ...top, ...d.options }, given);
    return { dataset, options, n: n as number, seed: seed as number, validation: validation as number };
  }

  /** A model name or { name, hidden?, activation?, task?, outputBias? }. */
  model(spec: PlainObject): ModelPart {
    const name = this.named('model', 'model.name', this.defaults.models, spec.name);
    const d = this.defaults.models[name];
    const hidden = spec.hidden === undefined ? Float64Array.from(d.hidden) : spec.hidden;
    if (!(hidden instanceof Float64Array)) fail(`model: hidden must be an array of widths, got ${show(hidden)}`, 'model.hidden');
    const word = (key: 'activation' | 'task'): string => {
      const value = spec[key] ?? d[key];
      const words = this.defaults.choices[key] ?? [];
      if (typeof value !== 'string' || !words.includes(value)) fail(`model: ${key} = ${show(value)} is not one of ${words.join(', ')}`, `model.${key}`);
      return value;
    };
    const bias = spec.outputBias;
    if (bias !== undefined && typeof bias !== 'number') fail(`model: outputBias must be a number, got ${show(bias)}`, 'model.outputBias');
    return { name, hidden, activation: word('activation'), task: word('task'), outputBias: bias === undefined ? null : bias };
  }
}
