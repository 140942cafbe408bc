/**
 * The training behind the MLP figure, without the DOM: the two-spirals data, one session per
 * optimizer (the same MLP, seed and full batch; only the optimizer differs) and the logistic
 * regression whose loss marks the plateau. Every FRAME_STEPS steps a frame keeps each model's
 * P(class 1) over the grid, its accuracy and whether it stopped; the loss curves keep every step.
 * The figure streams the frames as they come and draws them.
 */
import type { AsyncLossLab, AsyncSession, Dataset, OptimizerName, OptimizerParams, SessionOptions } from 'loss-lab';
import type { ComputeContext } from '../framework/figure';
import type { Point } from '../../ui/layers';

/**
 * The runners, each with its colour. Gradient descent at lr 1 and momentum at lr 0.1 (μ 0.9) take
 * the same long-run step, 0.1/(1 − 0.9) = 1: what the velocity alone changes. Momentum at lr 1 is
 * momentum at gradient descent's own rate, a tenfold long-run step that gradient descent cannot
 * take without going unstable: what momentum buys in practice.
 */
export const MLP_RUNNERS: ReadonlyArray<{ key: 'sgd' | 'momentum' | 'momentum-fast' | 'adam'; label: string; optimizer: OptimizerName; params: OptimizerParams; series: number; short: string }> = [
  { key: 'sgd', label: 'Gradient descent (lr 1)', optimizer: 'sgd', params: { lr: 1 }, series: 0, short: 'Gradient descent' },
  { key: 'momentum', label: 'Momentum (lr 0.1, μ 0.9)', optimizer: 'sgd', params: { lr: 0.1, momentum: 0.9 }, series: 1, short: 'Momentum (lr 0.1)' },
  { key: 'momentum-fast', label: 'Momentum (lr 1, μ 0.9)', optimizer: 'sgd', params: { lr: 1, momentum: 0.9 }, series: 7, short: 'Momentum (lr 1)' },
  { key: 'adam', label: 'Adam (lr 0.01)', optimizer: 'adam', params: { lr: 0.01 }, series: 5, short: 'Adam' },
];
export const MAX_STEPS = 1000;
export const LINEAR_STEPS = 2000;
/** Steps between two frames (decision boundaries); the loss curves keep every step. */
export const FRAME_STEPS = 10;
export const BOX = { xmin: -1.6, xmax: 1.6, ymin: -1.6, ymax: 1.6 };
export const NX = 48, NY = 48;

/** A runner's session: the full batch every step (no shuffle: torch can follow it exactly). */
export const mlpOptions = (data: Dataset, seed: number, r: (typeof MLP_RUNNERS)[number]): SessionOptions =>
  ({ model: { name: 'mlp', hidden: [16, 16], activation: 'tanh' }, loss: 'bce_logits', optimizer: r.optimizer, params: r.params, seed, epochs: MAX_STEPS, data });
export const linearOptions = (data: Dataset, seed: number): SessionOptions =>
  ({ model: 'logistic', loss: 'bce_logits', optimizer: 'adam', params: { lr: 0.05 }, seed, epochs: LINEAR_STEPS, data });

export interface MlpFrame {
  step: number;
  /** per runner: P(class 1) on the NX × NY grid */
  grids: Float64Array[];
  accuracy: number[];
  stopped: Array<string | null>;
}

export interface MlpData {
  data: Dataset;
  seed: number;
  /** the training loss of the best linear classifier (logistic regression fitted by the core) */
  linearLoss: number;
  /** per runner: training loss by step, for every step computed so far */
  losses: Point[][];
  frames: MlpFrame[];
}

/** Trains the MLPs of `seed` side by side, streaming a frame every FRAME_STEPS steps through `partial`. */
export async function trainMlps(seed: number, engine: AsyncLossLab, { signal, partial }: ComputeContext<MlpData>): Promise<MlpData> {
  const data = await engine.dataset('spirals', { n: 200, seed });
  const sessions: AsyncSession[] = [];
  try {
    for (const r of MLP_RUNNERS) {
      sessions.push(await engine.session(mlpOptions(data, seed, r)));
    }
    // The plateau's level: logistic regression on the same points, trained to convergence.
    const linear = await engine.session(linearOptions(data, seed));
    let linearLoss = NaN;
    try {
      const r = await linear.step(LINEAR_STEPS);
      linearLoss = r.trainLoss[r.trainLoss.length - 1];
    } finally {
      void linear.free();
    }
    const out: MlpData = { data, seed, linearLoss, losses: MLP_RUNNERS.map(() => []), frames: [] };
    const last: MlpFrame = { step: 0, grids: [], accuracy: MLP_RUNNERS.map(() => NaN), stopped: MLP_RUNNERS.map(() => null) };
    const snapshot = async (step: number) => {
      const grids = await Promise.all(sessions.map((s) => s.predictGrid({ ...BOX, nx: NX, ny: NY })));
      out.frames = [...out.frames, { ...last, step, grids: grids.map((g) => g.values), accuracy: [...last.accuracy], stopped: [...last.stopped] }];
      partial({ ...out });
    };
    await snapshot(0);
    for (let step = FRAME_STEPS; step <= MAX_STEPS; step += FRAME_STEPS) {
      if (signal.aborted) throw Object.assign(new Error('training was cancelled'), { name: 'AbortError' });
      if (last.stopped.every((s) => s)) break;
      await Promise.all(sessions.map(async (session, i) => {
        if (last.stopped[i]) return;
        const r = await session.step(FRAME_STEPS);
        const base = out.losses[i].length;
        r.trainLoss.forEach((v, k) => { if (Number.isFinite(v)) out.losses[i].push([base + k + 1, v]); });
        last.accuracy[i] = r.metrics.accuracy ?? NaN;
        last.stopped[i] = r.stopped;
      }));
      await snapshot(step);
    }
    return out;
  } finally {
    for (const s of sessions) void s.free();
  }
}
