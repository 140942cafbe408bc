/**
 * The arrows of the inside view, drawn on the race plot at the inspected optimizer's current
 * point: the plain gradient step, its velocity or m̂, and the step actually taken, all scaled by
 * one factor (shown in the inside view's note). Pure: the race and the inside view share it.
 */
import type { OptimizeResult } from 'loss-lab';
import type { Arrow, Point } from '../../ui/trajectory';

export interface InsideArrows {
  arrows: Arrow[];
  /** the common factor every vector was multiplied by */
  scale: number;
}

export function insideArrows(r: OptimizeResult, t: number, view: { xmin: number; xmax: number }): InsideArrows {
  const steps = Math.floor(r.step.length / 2);
  if (!steps) return { arrows: [], scale: 1 };
  t = Math.min(t, steps - 1);
  const from: Point = [r.path[2 * t], r.path[2 * t + 1]];
  const lr = r.lr[t];
  const raw: Array<{ v: Point; className: string; label: string }> = [
    { v: [-lr * r.grad[2 * t], -lr * r.grad[2 * t + 1]], className: 'arrow-grad', label: 'plain gradient step −lr·g' },
  ];
  if (r.first) raw.push({ v: [-lr * r.first[2 * t], -lr * r.first[2 * t + 1]], className: 'arrow-first', label: r.firstName === 'm_hat' ? '−lr·m̂' : '−lr·velocity' });
  raw.push({ v: [r.step[2 * t], r.step[2 * t + 1]], className: 'arrow-step', label: 'actual step Δθ' });
  const longest = Math.max(...raw.map((a) => Math.hypot(a.v[0], a.v[1])).filter(Number.isFinite), 1e-300);
  const scale = (0.18 * (view.xmax - view.xmin)) / longest;
  return { scale, arrows: raw.map((a) => ({ from, vector: [a.v[0] * scale, a.v[1] * scale], className: a.className, label: a.label })) };
}
