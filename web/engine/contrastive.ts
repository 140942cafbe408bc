/**
 * Contrastive training with InfoNCE (core/include/losslab/train/contrastive.hpp): a small MLP
 * encoder maps two augmented views of seeded 3-D points to unit vectors and is trained with the
 * registry's `info_nce` (one-directional, CLIP-style: cross_entropy(Z Z'ᵀ/τ, arange(N))), its
 * gradient flowing into both views. Each step(k) returns the losses of those k steps and a
 * snapshot: held-out embeddings, the display batch's similarities and softmax weights,
 * Wang & Isola's alignment and uniformity, and a linear probe's held-out accuracy.
 */
import type { RawContrastiveDefaults, RawModule } from './generated/losslab.js';
import type { Configs } from './configs.js';
import { fail } from './errors.js';
import type { OptimizerName, OptimizerParams } from './optimization.js';
import { checkKeys, requireInteger, requireNumber, requireObject, unwrap, type PlainObject } from './values.js';

export interface ContrastiveOptions {
  /** latent classes, 2–8 (default 4); the loss never sees them */
  classes?: number;
  /** training samples (default 256) and held-out samples (default 200) */
  pool?: number;
  eval?: number;
  /** within-class spread (0.35), augmentation noise of a view (0.3), sd of the nuisance coordinate (2) */
  spread?: number;
  augmentation?: number;
  nuisance?: number;
  /** hidden tanh units (16) and embedding dimension, 2 or 3 (2) */
  hidden?: number;
  dim?: number;
  /** pairs per step (32); negatives per anchor (default batch − 1, clamped to it) */
  batch?: number;
  negatives?: number;
  /** pick the most similar other positives as negatives */
  hard?: boolean;
  /** train on InfoNCE's positive term alone (no negatives): collapse */
  positivesOnly?: boolean;
  temperature?: number;
  /** held-out pairs whose similarities and weights each snapshot returns (32, at most 64) */
  display?: number;
  optimizer?: OptimizerName;
  params?: OptimizerParams;
  /** Adam steps of the linear probe at each snapshot (150) */
  probeSteps?: number;
  seed?: number;
}

export interface ContrastiveSnapshot {
  /** the objective of each step taken in this call */
  batchLoss: Float64Array;
  /** steps taken so far */
  step: number;
  /** held-out samples' clean embeddings, eval × dim, unit length */
  embedding: Float64Array;
  /** display batch: s_ij = z_i · z'_j (display × display) and each anchor's softmax weights over its candidates */
  sims: Float64Array;
  weights: Float64Array;
  displayLoss: number;
  /** mean ‖z − z'‖² over two views of each held-out sample */
  alignment: number;
  /** log mean exp(−2‖z_i − z_j‖²) over held-out pairs: 0 at collapse */
  uniformity: number;
  /** softmax regression on frozen embeddings: held-out accuracy and its 95% Wilson interval */
  probeAccuracy: number;
  probeLow: number;
  probeHigh: number;
}

export interface ContrastiveRun {
  readonly id: number;
  readonly parameters: number;
  readonly dim: number;
  readonly batch: number;
  /** negatives per anchor actually used (0 with positivesOnly) */
  readonly negatives: number;
  readonly display: number;
  readonly temperature: number;
  readonly positivesOnly: boolean;
  /** class of each held-out sample (rows of `embedding`) */
  readonly evalLabels: Float64Array;
  /** k optimizer steps (0: none), then a snapshot */
  step(k: number): ContrastiveSnapshot;
  free(): void;
  readonly freed: boolean;
}

const optionKeys = [
  'classes', 'pool', 'eval', 'spread', 'augmentation', 'nuisance', 'hidden', 'dim', 'batch', 'negatives', 'hard',
  'positivesOnly', 'temperature', 'display', 'optimizer', 'params', 'probeSteps', 'seed',
] as const;

type Created = Omit<ContrastiveRun, 'step' | 'free' | 'freed'>;

const numberKeys = [
  'classes', 'pool', 'eval', 'spread', 'augmentation', 'nuisance', 'hidden', 'dim', 'batch', 'negatives', 'temperature', 'display',
  'probeSteps', 'seed',
] as const;
type NumberKey = (typeof numberKeys)[number];
/** The fields the core holds as whole numbers (C++ long: Embind would truncate a fraction). */
const wholeKeys = new Set<string>(['classes', 'pool', 'eval', 'hidden', 'dim', 'batch', 'negatives', 'display', 'probeSteps', 'seed']);

export class Contrastive {
  /** Frees a run that was dropped without free() (a backstop, as for training sessions). */
  private readonly finalizer: FinalizationRegistry<number> | undefined;

  /** contrastive::config's defaults, read from the core once. */
  private defaults?: RawContrastiveDefaults;

  constructor(
    private readonly module: RawModule,
    private readonly configs: Configs,
  ) {
    this.finalizer = typeof FinalizationRegistry === 'undefined' ? undefined : new FinalizationRegistry((id: number) => {
      this.module.contrastiveFree(id);
    });
  }

  create(options: ContrastiveOptions = {}): ContrastiveRun {
    const o = requireObject('contrastive options', options);
    checkKeys('contrastive', o, optionKeys);
    const d = (this.defaults ??= this.module.contrastiveDefaults());
    const number = (key: NumberKey): number => {
      const value = o[key];
      if (value === undefined) return d[key];
      const v = requireNumber(key, value);
      if (wholeKeys.has(key) && !Number.isInteger(v)) fail(`contrastive: ${key} = ${v} must be a whole number`, key);
      return v;
    };
    const flag = (key: 'hard' | 'positivesOnly'): boolean => {
      if (o[key] === undefined) return d[key];
      if (typeof o[key] !== 'boolean') fail(`${key} must be true or false`, key);
      return o[key] as boolean;
    };
    if (o.optimizer !== undefined && typeof o.optimizer !== 'string') fail('optimizer must be an optimizer name (a string)', 'optimizer');
    const params: PlainObject = { lr: d.lr };
    for (const [pk, pv] of Object.entries(requireObject('params', o.params))) params[pk] = requireNumber(`params.${pk}`, pv);
    if (o.seed !== undefined) requireInteger('seed', o.seed, 0, Number.MAX_SAFE_INTEGER);
    const call = {
      ...(Object.fromEntries(numberKeys.map((key) => [key, number(key)])) as Record<NumberKey, number>),
      hard: flag('hard'),
      positivesOnly: flag('positivesOnly'),
      ...this.configs.optimizer((o.optimizer as string | undefined) ?? d.optimizer, params),
    };
    const created = unwrap(this.module.contrastiveCreate(call)) as unknown as Created;
    const module = this.module;
    const finalizer = this.finalizer;
    let freed = false;
    const run: ContrastiveRun = {
      ...created,
      step(k: number): ContrastiveSnapshot {
        if (freed) fail(`contrastive run ${created.id} was freed`);
        requireInteger('k', k, 0, 1_000_000);
        return unwrap(module.contrastiveStep(created.id, k)) as unknown as ContrastiveSnapshot;
      },
      free() {
        if (freed) return;
        freed = true;
        finalizer?.unregister(run);
        module.contrastiveFree(created.id);
      },
      get freed() {
        return freed;
      },
    };
    finalizer?.register(run, created.id, run);
    return run;
  }
}
