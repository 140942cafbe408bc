/**
 * "Copy as code" for contrastive training with InfoNCE (the core's contrastive session): run kind
 * 'info-nce' (PyTorch). The session draws its data, its augmented views, its batches and its
 * random negatives from the lab's seeded generator at every step, hundreds of thousands of
 * numbers; rather than ship them, the script carries that generator itself (xoshiro256** seeded
 * by splitmix64, integer arithmetic, and normals by the polar method with a logarithm made of
 * +, −, ×, ÷: core/include/losslab/data/random.hpp), which gives the same numbers bit for bit, and
 * draws in the core's order. The encoder, the loss (F.cross_entropy(A Bᵀ/τ, arange(N)) over the
 * candidates), Adam, the measures (Wang & Isola's alignment and uniformity) and the linear probe
 * are torch. Imported by a figure, it registers the kind.
 */
import { ident, MAKE_MODEL_PYTHON, optimizerCall, py, registerRunKind, type ExtraRun } from './code';
import type { OptimizerName, OptimizerParams } from 'loss-lab';

/** A contrastive run with every setting resolved (the core's defaults filled in). */
export interface InfoNceRun extends ExtraRun {
  kind: 'info-nce';
  classes: number;
  pool: number;
  eval: number;
  spread: number;
  augmentation: number;
  nuisance: number;
  hidden: number;
  dim: number;
  batch: number;
  /** negatives per anchor actually used (K ≤ batch − 1; 0 with positivesOnly) */
  negatives: number;
  hard: boolean;
  positivesOnly: boolean;
  temperature: number;
  display: number;
  optimizer: OptimizerName;
  params: OptimizerParams;
  probeSteps: number;
  seed: number;
  /** Steps to train; the measures are printed before training and after these steps. */
  steps: number;
  /** Steps (1-based) whose batch loss is printed as `loss at step <s>`. */
  lossAt: number[];
  /** The display pair whose softmax weight on its own positive is printed. */
  anchor: number;
}

/** The core's defaults for what a lesson leaves unset (contrastive.hpp). */
export const CONTRASTIVE_DEFAULTS = { classes: 4, pool: 256, eval: 200, spread: 0.35, augmentation: 0.3, nuisance: 2, hidden: 16, dim: 2, probeSteps: 150 } as const;

const RANDOM_PYTHON = `MASK64 = (1 << 64) - 1


class LabRandom:
    """The lab's seeded generator (core/include/losslab/data/random.hpp), the same numbers bit for
    bit: xoshiro256** seeded by splitmix64; uniforms in (0, 1) from 53 bits; integers below n
    without modulo bias; normals by Marsaglia's polar method, the log built from +, -, *, / only."""

    def __init__(self, seed):
        z, self.state, self.spare = seed & MASK64, [], None
        for _ in range(4):
            z = (z + 0x9E3779B97F4A7C15) & MASK64
            r = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
            r = ((r ^ (r >> 27)) * 0x94D049BB133111EB) & MASK64
            self.state.append(r ^ (r >> 31))

    def next(self):
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & MASK64
        s0, s1, s2, s3 = self.state
        result = (rotl((s1 * 5) & MASK64, 7) * 9) & MASK64
        t = (s1 << 17) & MASK64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        self.state = [s0, s1, s2, rotl(s3, 45)]
        return result

    def uniform(self):
        return (float(self.next() >> 11) + 0.5) * 2.0 ** -53

    def below(self, n):
        limit = MASK64 - MASK64 % n
        while True:
            v = self.next()
            if v < limit:
                return v % n

    def normal(self):
        if self.spare is not None:
            spare, self.spare = self.spare, None
            return spare
        while True:
            u, v = 2 * self.uniform() - 1, 2 * self.uniform() - 1
            s = u * u + v * v
            if 0 < s < 1:
                break
        factor = math.sqrt(-2 * portable_log(s) / s)
        self.spare = v * factor
        return u * factor


def portable_log(x):
    """log x as the lab computes it: x = m * 2^e, log m = 2 atanh((m - 1)/(m + 1)) by its series."""
    m, e = math.frexp(x)
    if m < 0.70710678118654752440:
        m, e = m * 2, e - 1
    s = (m - 1) / (m + 1)
    s2, term, total = s * s, s, 0.0
    for k in range(1, 40, 2):
        total += term / k
        term *= s2
    return e * 6.93147180369123816490e-01 + (2 * total + e * 1.90821492927058770002e-10)


def lab_initial_parameters(seed, sizes):
    """The lab's seeded start: per layer U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the weights (in x out,
    row-major) and then the biases, from one LabRandom(seed)."""
    g, theta = LabRandom(seed), []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1 / math.sqrt(fan_in)
        theta += [-bound + (bound - -bound) * g.uniform() for _ in range(fan_in * fan_out + fan_out)]
    return theta`;

const CONTRASTIVE_PYTHON = `def contrastive_samples(g, count, classes, spread, nuisance):
    """Sample i has class i mod K: its class centre (radius 1.5, angle 2 pi k/K) plus N(0, spread^2)
    noise, and a nuisance coordinate N(0, nuisance^2). The class is never shown to the loss."""
    x = []
    for i in range(count):
        angle = 2 * 3.14159265358979323846 * (i % classes) / classes
        x.append([1.5 * math.cos(angle) + spread * g.normal(), 1.5 * math.sin(angle) + spread * g.normal(), nuisance * g.normal()])
    return torch.tensor(x), torch.tensor([i % classes for i in range(count)])


def two_views(g, rows, augmentation, nuisance):
    """Two augmented views of each row: N(0, augmentation^2) added to the first two coordinates,
    the nuisance drawn afresh (all of view a, then all of view b, as the lab draws them)."""
    views = []
    for _ in range(2):
        views.append(torch.tensor([[r[0] + augmentation * g.normal(), r[1] + augmentation * g.normal(), nuisance * g.normal()]
                                   for r in rows.tolist()]))
    return views


def choose_negatives(g, n, k, similarities=None):
    """k negatives per anchor among the other n - 1: the k most similar (hard; ties to the lower
    index) when similarities are given, else the first k of a seeded partial shuffle."""
    chosen = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        if similarities is not None:
            row = similarities[i].tolist()
            others.sort(key=lambda j: (-row[j], j))
        else:
            for c in range(k):
                j = c + g.below(len(others) - c)
                others[c], others[j] = others[j], others[c]
        chosen.append(others[:k])
    return chosen


def embed(encoder, x):
    """The encoder's output scaled to unit length."""
    return torch.nn.functional.normalize(encoder(x), dim=1)


def info_nce(z, z_positive, negatives, temperature, positives_only=False):
    """One-directional InfoNCE (CLIP's one half): with every other positive as a negative it is
    F.cross_entropy(z @ z_positive.T / temperature, arange(N)); with fewer negatives the logits of
    the pairs that are not an anchor's candidates are -inf. Returns the loss and the softmax weights.
    Positives only: the positive term alone, mean (1 - s_ii) / temperature (its weight is 1)."""
    similarities = z @ z_positive.T
    n = len(z)
    if positives_only:
        return (1 - similarities.diagonal()).mean() / temperature, torch.eye(n)
    mask = torch.full((n, n), -math.inf)
    for i, row in enumerate(negatives):
        mask[i, [i] + list(row)] = 0.0
    logits = similarities / temperature + mask
    return torch.nn.functional.cross_entropy(logits, torch.arange(n)), torch.softmax(logits, dim=1)


def wilson_interval(p, n, z=1.959963984540054):
    """The 95% Wilson score interval of a proportion p out of n."""
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)`;

registerRunKind<InfoNceRun>('info-nce', {
  tolerance: 'training',
  defines: () => ({ make_model: MAKE_MODEL_PYTHON, lab_random: RANDOM_PYTHON, contrastive: CONTRASTIVE_PYTHON }),
  render(r) {
    const v = ident(r.label);
    const kd = Math.min(r.negatives, r.display - 1);
    if (r.negatives > r.batch - 1) throw new Error(`${r.label}: negatives (${r.negatives}) must be at most batch − 1`);
    if (r.anchor < 0 || r.anchor >= r.display) throw new Error(`${r.label}: the anchor must be one of the ${r.display} display pairs`);
    const stepsShown = r.lossAt.filter((s) => s >= 1 && s <= r.steps);
    const out = [
      `# ${r.label}: ${r.classes} latent classes, ${r.pool} training and ${r.eval} held-out samples; encoder 3 -> ${r.hidden} tanh -> ${r.dim};`,
      `# ${r.batch} pairs per step, ${r.positivesOnly ? 'no negatives (the positive term alone)' : `K = ${r.negatives} ${r.hard ? 'hardest' : 'random'} negatives per anchor`}, temperature ${r.temperature}, ${r.steps} steps of ${r.optimizer}.`,
      '# The data, views, batches and negatives come from the lab\'s generator in the lab\'s order:',
      '# the samples from seed * 7919 + 17, the fixed held-out views from seed * 31337 + 5, the training draws from seed * 104729 + 3.',
      `seed, classes, temperature, positives_only = ${r.seed}, ${r.classes}, ${py(r.temperature)}, ${r.positivesOnly ? 'True' : 'False'}`,
      `negatives_per_anchor, display, display_negatives_per_anchor = ${r.negatives}, ${r.display}, ${kd}`,
      'samples = LabRandom((seed * 7919 + 17) & MASK64)',
      `pool_x, pool_y = contrastive_samples(samples, ${r.pool}, classes, ${py(r.spread)}, ${py(r.nuisance)})`,
      `eval_x, eval_y = contrastive_samples(samples, ${r.eval}, classes, ${py(r.spread)}, ${py(r.nuisance)})`,
      'fixed = LabRandom((seed * 31337 + 5) & MASK64)',
      `eval_a, eval_b = two_views(fixed, eval_x, ${py(r.augmentation)}, ${py(r.nuisance)})`,
      'display_negatives = choose_negatives(fixed, display, display_negatives_per_anchor)',
      'draws = LabRandom((seed * 104729 + 3) & MASK64)',
      `sizes = [3, ${r.hidden}, ${r.dim}]`,
      'model = make_model(sizes, torch.nn.Tanh(), lab_initial_parameters(seed, sizes))',
      `optimizer = ${optimizerCall(r.optimizer, r.params)}`,
      '',
      '',
      'def measures(encoder):',
      '    """Alignment and uniformity of the held-out samples, the display batch\'s InfoNCE and softmax',
      '    weights, and a linear probe (softmax regression, Adam lr 0.1, from the lab\'s seed-0 start)',
      '    trained on the frozen embeddings of the training pool and scored on the held-out samples."""',
      '    with torch.no_grad():',
      '        z, z_a, z_b = embed(encoder, eval_x), embed(encoder, eval_a), embed(encoder, eval_b)',
      '        alignment = ((z_a - z_b) ** 2).sum(dim=1).mean().item()',
      '        uniformity = torch.log(torch.exp(-2 * torch.pdist(z) ** 2).mean()).item()',
      '        shown_a, shown_b = z_a[:display], z_b[:display]',
      '        hard_negatives = choose_negatives(None, display, display_negatives_per_anchor, shown_a @ shown_b.T)',
      `        display_loss, weights = info_nce(shown_a, shown_b, hard_negatives if ${r.hard ? 'True' : 'False'} else display_negatives, temperature, positives_only)`,
      '        frozen_pool = embed(encoder, pool_x)',
      `    probe = make_model([${r.dim}, classes], None, lab_initial_parameters(0, [${r.dim}, classes]))`,
      '    probe_optimizer = torch.optim.Adam(probe.parameters(), lr=0.1)',
      `    for _ in range(${r.probeSteps}):`,
      '        probe_optimizer.zero_grad()',
      '        torch.nn.functional.cross_entropy(probe(frozen_pool), pool_y).backward()',
      '        probe_optimizer.step()',
      '    with torch.no_grad():',
      '        accuracy = (probe(z).argmax(dim=1) == eval_y).double().mean().item()',
      '    low, high = wilson_interval(accuracy, len(eval_y))',
      `    return dict(alignment=alignment, uniformity=uniformity, display_loss=display_loss.item(), anchor_weight=weights[${r.anchor}, ${r.anchor}].item(),`,
      '                probe=accuracy, probe_low=low, probe_high=high)',
      '',
      '',
      'untrained = measures(model)',
      `${v}_losses = []`,
      `for step in range(${r.steps}):`,
      `    # A batch of ${r.batch} distinct samples: the first of a partial shuffle of the pool, then two views of each.`,
      '    order = list(range(len(pool_y)))',
      `    for c in range(${r.batch}):`,
      '        j = c + draws.below(len(order) - c)',
      '        order[c], order[j] = order[j], order[c]',
      `    view_a, view_b = two_views(draws, pool_x[order[:${r.batch}]], ${py(r.augmentation)}, ${py(r.nuisance)})`,
      r.hard && r.negatives > 0
        ? '    with torch.no_grad():  # hard negatives: chosen under the current encoder, then held fixed\n' +
          '        similarities = embed(model, view_a) @ embed(model, view_b).T\n' +
          `    negatives = choose_negatives(draws, ${r.batch}, negatives_per_anchor, similarities)`
        : `    negatives = choose_negatives(draws, ${r.batch}, negatives_per_anchor)`,
      '    # The gradient flows into both views.',
      '    loss, _ = info_nce(embed(model, view_a), embed(model, view_b), negatives, temperature, positives_only)',
      '    optimizer.zero_grad()',
      '    loss.backward()',
      '    optimizer.step()',
      `    ${v}_losses.append(loss.item())`,
      'trained = measures(model)',
      `print(f"${r.label}  ${stepsShown.map((s) => `loss at step ${s} = {${v}_losses[${s - 1}]:.12g}`).join('  ')}")`,
      `print(f"${r.label}  untrained alignment = {untrained['alignment']:.12g}  untrained uniformity = {untrained['uniformity']:.12g}  untrained probe accuracy = {untrained['probe']:.12g}  untrained display loss = {untrained['display_loss']:.12g}")`,
      `print(f"${r.label}  alignment = {trained['alignment']:.12g}  uniformity = {trained['uniformity']:.12g}  probe accuracy = {trained['probe']:.12g}  probe low = {trained['probe_low']:.12g}  probe high = {trained['probe_high']:.12g}")`,
      `print(f"${r.label}  display loss = {trained['display_loss']:.12g}  anchor positive weight = {trained['anchor_weight']:.12g}")`,
    ];
    return out;
  },
});
