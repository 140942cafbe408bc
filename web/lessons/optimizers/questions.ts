/**
 * "Predict, then run" questions. Each runs its experiment on the core with the lesson's preset
 * values (so the answer does not depend on where the sliders were left) and judges the learner's
 * prediction against what the core computed.
 */
import { defaults } from '../../state/params';
import { formatSig } from '../../ui/log-slider';
import { defineQuestion } from '../framework/lesson';
import { finalLoss, optimizeOptions, settingsFrom, type RaceSettings } from './options';
import { fullParams, type State } from './params';

/** The race's starting configuration: the κ = 50 bowl with the preset learning rates. */
export function presetSettings(patch: Partial<RaceSettings> = {}): RaceSettings {
  return { ...settingsFrom(defaults(fullParams)), ...patch };
}

export const questions = [
  defineQuestion<State>({
    id: 'momentum',
    prompt: 'On the κ = 50 bowl with the preset learning rates (gradient descent 0.03; momentum 0.01 with μ = 0.9), which has the lower loss after 100 steps?',
    options: [
      { id: 'sgd', label: 'Gradient descent: its learning rate is three times larger' },
      { id: 'momentum', label: 'Momentum: its velocity builds up along the flat direction' },
      { id: 'tie', label: 'About the same (within a factor of 2)' },
    ],
    async run(_state, engine) {
      const s = presetSettings({ steps: 100 });
      const sgd = finalLoss(await engine.optimize(optimizeOptions('sgd', s)));
      const mom = finalLoss(await engine.optimize(optimizeOptions('momentum', s)));
      const ratio = Math.max(sgd, mom) / Math.min(sgd, mom);
      const correct = ratio < 2 ? 'tie' : sgd < mom ? 'sgd' : 'momentum';
      return {
        correct,
        observed: `After 100 steps the core reports loss ${formatSig(sgd)} for gradient descent and ${formatSig(mom)} for momentum (a factor of ${formatSig(ratio)}).`,
        explanation: 'Gradient descent’s learning rate is capped by the steep direction (it must stay under 2/κ = 0.04), so along the flat direction it keeps 0.97 of the remaining distance per step. Momentum’s velocity is a sum of past gradients: along the floor, where the pull is steady, it grows to about 1/(1 − μ) = 10 gradients, so the effective step there is about 10 × lr. Momentum does not cancel the swing across the valley (it rings, see the figure on damping), but per step every direction shrinks by |z| = √μ = 0.949, faster than 0.97.',
      };
    },
  }),

  defineQuestion<State>({
    id: 'diverge',
    prompt: 'Same bowl: the steepest curvature is λ_max = κ = 50. What does gradient descent do with lr = 0.045, just above 2/λ_max = 0.04?',
    options: [
      { id: 'faster', label: 'It converges faster than at lr 0.03: bigger steps, quicker progress' },
      { id: 'zigzag', label: 'It zig-zags more but still converges' },
      { id: 'diverges', label: 'It diverges: each step overshoots more than the last' },
    ],
    async run(_state, engine) {
      const s = presetSettings({ steps: 200 });
      const r = await engine.optimize(optimizeOptions('sgd', s, { lr: 0.045 }));
      const base = finalLoss(await engine.optimize(optimizeOptions('sgd', s)));
      const correct = r.divergence.diverged ? 'diverges' : finalLoss(r) < base ? 'faster' : 'zigzag';
      return {
        correct,
        observed: r.divergence.diverged
          ? `The core stopped the run: it diverged at step ${r.divergence.step}, after the loss had grown from ${formatSig(r.loss[0])} to ${formatSig(r.loss[r.loss.length - 1])}.`
          : `The run finished with loss ${formatSig(finalLoss(r))} (at lr 0.03: ${formatSig(base)}).`,
        explanation: 'Along the steep direction one gradient-descent step multiplies the distance to the minimum by (1 − lr·λ). With lr·λ = 0.045 × 50 = 2.25 that factor is −1.25: every step jumps to the other side of the valley, 25% further out than before, so the error grows geometrically. Below 2/λ_max the factor stays between −1 and 1 and the run converges, however ugly the zig-zag.',
      };
    },
  }),

  defineQuestion<State>({
    id: 'bias',
    prompt: 'Turn Adam’s bias correction off (β₁ = 0.9, β₂ = 0.999, lr 0.1). Compared with the corrected Adam, how long is its very first step?',
    options: [
      { id: 'smaller', label: 'Shorter: m starts at only 10% of the gradient' },
      { id: 'same', label: 'About the same' },
      { id: 'larger', label: 'Longer' },
    ],
    async run(_state, engine) {
      const s = presetSettings({ steps: 1 });
      const on = await engine.optimize(optimizeOptions('adam', { ...s, bias: true }));
      const off = await engine.optimize(optimizeOptions('adam', { ...s, bias: false }));
      const len = (r: typeof on) => Math.hypot(r.step[0], r.step[1]);
      const ratio = len(off) / len(on);
      const correct = ratio > 1.25 ? 'larger' : ratio < 0.8 ? 'smaller' : 'same';
      return {
        correct,
        observed: `First step: ${formatSig(len(on))} with correction, ${formatSig(len(off))} without, ${formatSig(ratio)} times as long.`,
        explanation: 'Both averages start at zero. After one step m = (1 − β₁) g = 0.1 g, but v = (1 − β₂) g² = 0.001 g², so √v = 0.032 |g|. The step m/√v is then 0.1/0.032 ≈ 3.2 times the corrected step, which divides m by 1 − β₁ and v by 1 − β₂ and moves exactly lr per coordinate. Without correction Adam’s first steps are too long, not too short. The excess does not simply fade: under a steady gradient the ratio (1 − β₁ᵗ)/√(1 − β₂ᵗ) first grows, to 6.6 at step 12 (m catches up in about ten steps, v in about a thousand), and is still 1.26 at step 1000.',
      };
    },
  }),

  defineQuestion<State>({
    id: 'rotation',
    prompt: 'Turn the κ = 50 bowl by 45°, so its valley runs diagonally; keep the preset learning rates (gradient descent 0.03, Adam 0.1). After 150 steps, which has the lower loss?',
    options: [
      { id: 'adam', label: 'Adam: adaptive steps always handle an ill-conditioned bowl' },
      { id: 'sgd', label: 'Gradient descent' },
      { id: 'same', label: 'About the same (within a factor of 2)' },
    ],
    async run(_state, engine) {
      const s = presetSettings({ angle: 45, steps: 150 });
      const sgd = finalLoss(await engine.optimize(optimizeOptions('sgd', s)));
      const adamRun = await engine.optimize(optimizeOptions('adam', s));
      const adam = finalLoss(adamRun);
      const ratio = Math.max(sgd, adam) / Math.min(sgd, adam);
      const k = Math.floor(adamRun.grad.length / 2) - 1;
      const at = (a: Float64Array | null, i: number) => (a ? formatSig(a[2 * k + i]) : '–');
      const where = k >= 0 ? ` At its last step Adam sits at (${at(adamRun.path, 0)}, ${at(adamRun.path, 1)}), on the valley floor x = y; its v̂ is (${at(adamRun.second, 0)}, ${at(adamRun.second, 1)}) and its gradient (${at(adamRun.grad, 0)}, ${at(adamRun.grad, 1)}).` : '';
      return {
        correct: ratio < 2 ? 'same' : sgd < adam ? 'sgd' : 'adam',
        observed: `At 45° the core reports loss ${formatSig(sgd)} for gradient descent and ${formatSig(adam)} for Adam after 150 steps.${where}`,
        explanation: 'Adam divides each coordinate by its own gradient scale. When the steep and flat directions are the x and y axes, that cancels each direction’s curvature. Turned by 45°, x and y each mix the steep and the flat direction. Adam quickly drops onto the valley floor, where the gradient across the valley is about zero, but both coordinates’ v̂ still carry the large gradients of those first steps across the valley: √v̂ is about 22 for both, while the gradient along the floor is about 0.3, so Adam creeps along the floor by about lr × 0.3/22 ≈ 0.0015 per step, and v̂ forgets over about 1/(1 − β₂) = 1000 steps. Gradient descent treats every direction alike, whatever the angle.',
      };
    },
  }),
];
