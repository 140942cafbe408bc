/**
 * "Predict, then run" questions. Each runs its experiment on the core with the lesson's preset
 * values (so the answer does not depend on where the sliders were left) and judges the learner's
 * prediction against what the core computed.
 */
import { defaults } from '../../state/params';
import { formatSig } from '../../ui/log-slider';
import { defineQuestion } from '../framework/lesson';
import { finalLoss, optimizeOptions, settingsFrom, type RaceSettings } from './options';
import { params, type State } from './params';

/** The race's starting configuration: the κ = 50 bowl with the preset learning rates. */
export function presetSettings(patch: Partial<RaceSettings> = {}): RaceSettings {
  return { ...settingsFrom(defaults(params)), ...patch };
}

export const questions = [
  defineQuestion<State>({
    id: 'momentum',
    prompt: 'On the κ = 50 bowl with the preset learning rates (SGD 0.03; momentum 0.01 with μ = 0.9), which has the lower loss after 100 steps?',
    options: [
      { id: 'sgd', label: 'Plain SGD: its learning rate is three times larger' },
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
        observed: `After 100 steps the core reports loss ${formatSig(sgd)} for SGD and ${formatSig(mom)} for momentum (a factor of ${formatSig(ratio)}).`,
        explanation: 'SGD’s learning rate is capped by the steep direction (it must stay under 2/κ = 0.04), so along the flat direction it creeps forward by 3% of the remaining distance per step. Momentum keeps a running sum of past gradients: the steep direction’s zig-zags cancel out in the sum while the flat direction’s steady pull adds up, so its effective step there is about lr/(1 − μ) = 10 × lr.',
      };
    },
  }),

  defineQuestion<State>({
    id: 'diverge',
    prompt: 'Same bowl: the steepest curvature is λ_max = κ = 50. What does plain SGD do with lr = 0.045, just above 2/λ_max = 0.04?',
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
        explanation: 'Along the steep direction one SGD step multiplies the distance to the minimum by (1 − lr·λ). With lr·λ = 0.045 × 50 = 2.25 that factor is −1.25: every step jumps to the other side of the valley, 25% further out than before, so the error grows geometrically. Below 2/λ_max the factor stays between −1 and 1 and the run converges, however ugly the zig-zag.',
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
        explanation: 'Both averages start at zero. After one step m = (1 − β₁) g = 0.1 g, but v = (1 − β₂) g² = 0.001 g², so √v = 0.032 |g|. The step m/√v is then 0.1/0.032 ≈ 3.2 times the corrected step, which divides m by 1 − β₁ and v by 1 − β₂ and moves exactly lr per coordinate. Without correction Adam’s first steps are too long, not too short; the error fades as β₂ᵗ shrinks, over roughly a thousand steps.',
      };
    },
  }),

  defineQuestion<State>({
    id: 'rotation',
    prompt: 'Turn the κ = 50 bowl by 45°, so its valley runs diagonally; keep the preset learning rates (SGD 0.03, Adam 0.1). After 150 steps, which has the lower loss?',
    options: [
      { id: 'adam', label: 'Adam: adaptive steps always handle an ill-conditioned bowl' },
      { id: 'sgd', label: 'Plain SGD' },
      { id: 'same', label: 'About the same (within a factor of 2)' },
    ],
    async run(_state, engine) {
      const s = presetSettings({ angle: 45, steps: 150 });
      const sgd = finalLoss(await engine.optimize(optimizeOptions('sgd', s)));
      const adam = finalLoss(await engine.optimize(optimizeOptions('adam', s)));
      const ratio = Math.max(sgd, adam) / Math.min(sgd, adam);
      return {
        correct: ratio < 2 ? 'same' : sgd < adam ? 'sgd' : 'adam',
        observed: `At 45° the core reports loss ${formatSig(sgd)} for SGD and ${formatSig(adam)} for Adam after 150 steps.`,
        explanation: 'Adam divides each coordinate by its own gradient scale. When the steep and flat directions are the x and y axes, that is exactly the right correction. Turned by 45°, both x and y mix the steep and the flat direction, so both get about the same scale and the correction no longer separates them; what is left is a fixed-size step that keeps hopping around the bottom. Plain SGD does not care about the angle at all: its path is simply rotated.',
      };
    },
  }),
];
