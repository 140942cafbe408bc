/**
 * "Copy as code" run kind 'schedule': a learning-rate schedule as torch.optim.lr_scheduler gives
 * it (code.ts's schedulerCall: StepLR, ExponentialLR, CosineAnnealingLR, CosineAnnealingWarmRestarts,
 * OneCycleLR, LinearLR warmup through SequentialLR), read from a bare optimizer step by step; it
 * prints what engine.lrSchedule's curve shows, summarised: the first and last lr, the peak and
 * its step, and the mean over the steps (which moves with every value). Closed form: 1e-6.
 * Imported by the figures that use it, it registers itself.
 */
import type { AsyncLossLab, Schedule } from 'loss-lab';
import { ident, py, registerRunKind, schedulerCall, type ExtraRun, type Headline } from './code';

export interface ScheduleRun extends ExtraRun {
  kind: 'schedule';
  schedule: Schedule | undefined;
  /** the base lr (the optimizer's; OneCycleLR's max_lr) */
  lr: number;
  steps: number;
  /** OneCycleLR cycles momentum: the optimizer needs one (SGD's momentum is set to cycle). */
  note?: string;
}

/** SequentialLR (a warmup) makes torch print a deprecation warning: the lines that keep it quiet (with `import warnings`). */
export const WARMUP_QUIET = ['# SequentialLR passes an epoch to the schedule it switches to, and torch warns about that, harmlessly.', 'warnings.filterwarnings("ignore", message="The epoch parameter")'];

registerRunKind<ScheduleRun>('schedule', {
  tolerance: 'closed-form',
  imports: (run) => (run.schedule?.warmup ? ['import warnings'] : []),
  render(run) {
    const name = ident(run.label);
    const scheduler = schedulerCall(run.schedule, run.lr);
    const warmup = !!run.schedule?.warmup;
    return [
      `# ${run.note ?? run.label}: the learning rate of each of ${run.steps} steps, from torch.optim.lr_scheduler.`,
      ...(warmup ? WARMUP_QUIET : []),
      '# A bare parameter: the optimizer is only there to carry the lr (SGD with momentum, so OneCycleLR may cycle it).',
      `${name}_optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=${py(run.lr)}, momentum=0.9)`,
      ...(scheduler ? [`${name}_scheduler = ${scheduler.replace(/\(optimizer\b/g, `(${name}_optimizer`)}`] : [`${name}_scheduler = None  # a constant learning rate`]),
      `${name}_lrs = []`,
      `for step in range(${run.steps}):`,
      `    ${name}_lrs.append(${name}_optimizer.param_groups[0]["lr"])`,
      `    ${name}_optimizer.step()`,
      `    if ${name}_scheduler is not None:`,
      `        ${name}_scheduler.step()`,
      `peak = int(np.argmax(${name}_lrs))`,
      `print(f"${run.label}  first = {${name}_lrs[0]:.12g}  peak = {${name}_lrs[peak]:.12g}  peak step = {peak}  last = {${name}_lrs[-1]:.12g}  mean = {np.mean(${name}_lrs):.12g}")`,
    ];
  },
});

/** The numbers the run prints, from the lab's own curve (engine.lrSchedule). */
export function scheduleHeadlines(curve: ArrayLike<number>): Headline[] {
  let peak = 0, sum = 0;
  for (let i = 0; i < curve.length; i++) { if (curve[i] > curve[peak]) peak = i; sum += curve[i]; }
  return [
    { name: 'first', value: curve[0] }, { name: 'peak', value: curve[peak] }, { name: 'peak step', value: peak },
    { name: 'last', value: curve[curve.length - 1] }, { name: 'mean', value: sum / curve.length },
  ];
}

/** A schedule run with the numbers of the lab's curve for it. */
export async function scheduleRun(engine: AsyncLossLab, label: string, schedule: Schedule | undefined, lr: number, steps: number, note?: string): Promise<ScheduleRun> {
  const curve = await engine.lrSchedule({ ...(schedule ?? { name: 'constant' }), lr }, steps);
  return { kind: 'schedule', label, schedule, lr, steps, expect: scheduleHeadlines(curve), ...(note ? { note } : {}) };
}
